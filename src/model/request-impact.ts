/**
 * docs/model.md: the request impact of a run for `explain --json` (`requestImpact`): maximal
 * stretches over which the shares of API requests that hang and that fail outright are
 * constant and not both zero. Shares are of all API requests, weighted by the load
 * balancer over its backends (the direct host with `none`):
 * - hungShare: requests that hang on a lost etcd member during a detection window
 *   (1/k of a ready apiserver's requests per member in its window);
 * - failedShare: requests that fail outright: those sent to a backend that is not ready
 *   (or none at all: the endpoint is down or a dependency blocks the API), plus the
 *   writes among the hung ones (API_WRITE_SHARE of them; the hung reads succeed late).
 * - During an etcd election with a quorum (docs/model.md, requestImpact during an election) every
 *   request reaching a running apiserver hangs (reads wait for the new leader, writes fail
 *   at etcd's request timeout), instead of failing because no apiserver is ready.
 * - A reachable member cut off from the leader's peer group (etcd-peer partition) counts
 *   as hung through the load balancer's hungShare (1/k per such member).
 * Capacity rejections (docs/scenario-format.md `load`) are not included. An observer: it reads the
 * model after each event and never changes it.
 */
import { API_WRITE_SHARE } from './apiservers.ts';
import type { Observer } from './observer.ts';
import type { ClusterView } from './view.ts';

/** One stretch of constant request impact; times in ms. */
export interface RequestImpactSegment {
  readonly fromMs: number;
  readonly toMs: number;
  readonly hungShare: number;
  readonly failedShare: number;
}

/** Records the request-impact stretches of one replication. */
export class RequestImpactRecorder implements Observer {
  readonly segments: RequestImpactSegment[] = [];
  private hung = 0;
  private failed = 0;
  private sinceMs = 0;

  onStart(view: ClusterView): void {
    this.sample(view);
  }

  afterEvent(view: ClusterView): void {
    this.sample(view);
  }

  onEnd(_view: ClusterView, untilMs: number): void {
    this.close(untilMs);
  }

  private sample(view: ClusterView): void {
    const blocked = view.apiBlocked > 0;
    let hung = blocked ? 0 : view.loadBalancer.hungShare();
    let failed = blocked ? 1 : 1 - view.loadBalancer.readyShare() + API_WRITE_SHARE * hung;
    if (!blocked && view.etcd.leader < 0 && view.etcd.electionPending()) {
      // docs/model.md, requestImpact during an election: requests reaching a running apiserver wait
      // for the new leader; the writes among them fail (etcd's request timeout), reads succeed.
      hung = electionWaitShare(view);
      failed = 1 - hung + API_WRITE_SHARE * hung;
    }
    if (hung === this.hung && failed === this.failed) return;
    this.close(view.nowMs);
    this.hung = hung;
    this.failed = failed;
    this.sinceMs = view.nowMs;
  }

  private close(nowMs: number): void {
    if (nowMs > this.sinceMs && (this.hung > 0 || this.failed > 0)) {
      this.segments.push({ fromMs: this.sinceMs, toMs: nowMs, hungShare: this.hung, failedShare: this.failed });
    }
    this.sinceMs = nowMs;
  }
}

/**
 * docs/model.md: during an election with a quorum, the share of requests that reach a running
 * apiserver (routed and reachable from the active LB instance; the direct host with `none`).
 * O(backends), only while an election is pending, in an observer (never the engine loop).
 */
function electionWaitShare(view: ClusterView): number {
  const lb = view.loadBalancer;
  const api = view.api;
  if (lb.kind === 'none') {
    const d = view.plan.directHost;
    return d >= 0 && api.running[d] === 1 ? 1 : 0;
  }
  if (lb.holder < 0) return 0;
  const backends = view.plan.procHosts.apiserver;
  const a = lb.activeHost;
  const all = lb.nRouted === 0;
  if (all && !lb.failOpen) return 0;
  let n = 0;
  let running = 0;
  for (const h of backends) {
    if (!all && lb.routed[h] === 0) continue;
    n++;
    if (api.running[h] === 1 && (a < 0 || view.group[a] === view.group[h])) running++;
  }
  return n === 0 ? 0 : running / n;
}
