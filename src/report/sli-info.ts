/** Titles and one-line meanings of each SLI, shared by every view. */
import type { SloKey } from '../scenario/types.ts';

/** Per SLI, and (docs/model.md) per request-weighted API SLI. */
export const SLI_INFO: Readonly<Record<SloKey, { readonly title: string; readonly meaning: string }>> = {
  etcd: { title: 'etcd', meaning: 'etcd has a leader: writes and linearizable reads work' },
  api: { title: 'API', meaning: 'a client through the endpoint reaches a ready kube-apiserver' },
  controllers: {
    title: 'controllers',
    meaning: 'a kube-controller-manager holds its lease and its own apiserver is ready',
  },
  scheduler: { title: 'scheduler', meaning: 'a kube-scheduler holds its lease and its own apiserver is ready' },
  requestSuccess: {
    title: 'API requests',
    meaning:
      'share of API requests that succeed ' +
      '(request-weighted: a partly degraded API counts in part; hung requests fail)',
  },
  badMinutes: {
    title: 'API bad minutes',
    meaning: 'provider-style SLA: a minute whose API error ' + 'share exceeds the bad-minute threshold is down',
  },
};
