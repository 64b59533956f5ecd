/** The control-plane model: public surface. */
export { runReplication, createCluster, type RunOptions } from './run.ts';
export { checkInvariants, InvariantError } from './invariants.ts';
export { quorumOf, INITIAL_TERM } from './etcd.ts';
export { residualRetryMs, RETRY_JITTER } from './leader-election.ts';
export { BACKOFF_RESET_MS } from './apiservers.ts';
export { Cluster } from './cluster.ts';
export { planOf, type Plan } from './plan.ts';
export type { ModelEvent, LeaseKind } from './events.ts';
export type { ReplicationResult, SliTimeline } from './result.ts';
