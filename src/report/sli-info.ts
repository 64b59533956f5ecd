/** Titles and one-line meanings of each SLI, shared by every view. */
import type { Sli } from '../scenario/types.ts';

export const SLI_INFO: Readonly<Record<Sli, { readonly title: string; readonly meaning: string }>> = {
  etcd: { title: 'etcd', meaning: 'etcd has a leader: writes and linearizable reads work' },
  api: { title: 'API', meaning: 'a client through the endpoint reaches a ready kube-apiserver' },
  controllers: {
    title: 'controllers',
    meaning: 'a kube-controller-manager holds its lease and its own apiserver is ready',
  },
  scheduler: { title: 'scheduler', meaning: 'a kube-scheduler holds its lease and its own apiserver is ready' },
};
