/** The control-plane model: public surface. */
export {
  openReplication,
  runReplication,
  createCluster,
  type InjectAction,
  type OpenOptions,
  type Replication,
  type RunOptions,
} from './replication.ts';
export { checkInvariants, InvariantChecker, InvariantError } from './invariants.ts';
export { Narrator } from './narrator.ts';
export { RequestImpactRecorder, type RequestImpactSegment } from './request-impact.ts';
export type { Change, ChangeKind, Observer } from './observer.ts';
export type {
  ApiserverView,
  ClusterView,
  EtcdView,
  LeaseRole,
  LeaseView,
  LoadBalancerView,
  ReadonlyNumbers,
  SliView,
} from './view.ts';
export type { ActorCtx } from './actor-ctx.ts';
export { INITIAL_TERM } from './etcd.ts';
export {
  advancedCampaignMs,
  cyclingCampaignMs,
  followerElectionDelay,
  type ElectionClock,
  type ElectionDraw,
} from './etcd.ts';
export { quorumOf } from '../scenario/quorum.ts';
export { residualRetryMs, RETRY_JITTER } from './leader-election.ts';
export { BACKOFF_RESET_MS } from './apiservers.ts';
export { Cluster } from './cluster.ts';
export { planOf, type Plan } from './plan.ts';
export type { ModelEvent, LeaseKind } from './events.ts';
export type { ReplicationResult, SliTimeline } from './result.ts';
