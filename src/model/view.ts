/**
 * Read-only views of one replication's state: what observers (narrator, timeline
 * recorder, invariant checker, a playground UI, a structural twin) and the actors read
 * of each other. Every field is a reading of live state: valid during an observer call,
 * not to be kept across events (copy what you need).
 *
 * Arrays are indexed by host number (`plan.hosts`) unless said otherwise; flags are 1/0.
 */
import type { TraceEntry } from '../engine/index.ts';
import type { HangKind, LoadBalancerKind, ProcessKind, Sli } from '../scenario/types.ts';
import type { LeaseKind } from './events.ts';
import type { Plan } from './plan.ts';

/** A read-only numeric array (typed arrays and plain arrays both fit). */
export type ReadonlyNumbers = ArrayLike<number>;

/** The etcd cluster as Raft sees it (etcd.ts). */
export interface EtcdView {
  /** Host of each voting member, in host order (member m runs on host members[m]). */
  readonly members: readonly number[];
  /** Quorum size (quorumOf(members.length)). */
  readonly q: number;
  /** Effectively-up members per partition group. */
  readonly upInGroup: ReadonlyNumbers;
  /** Per host: 1 when its member is up and past its start-up time (it counts for quorum). */
  readonly serving: ReadonlyNumbers;
  /** Leader member number, or -1. */
  readonly leader: number;
  /** A leader cut off in a minority that has not yet stepped down (member number), or -1. */
  readonly staleLeader: number;
  /** Current Raft term. */
  readonly term: number;
  /** Host of the leader, or -1. */
  leaderHost(): number;
  /** Partition group of the leader, or -1. */
  leaderGroup(): number;
  /** True while an election delay is running. */
  electionPending(): boolean;
  /** The partition group with at least q effectively-up members, or -1. */
  quorumGroup(): number;
}

/** Phase of an apiserver: 0 running, 1 in crash-loop back-off, 2 starting (not serving yet). */
export type ApiserverPhase = 0 | 1 | 2;

/** Every kube-apiserver's state (apiservers.ts). */
export interface ApiserverView {
  /** 1 when the process is up and not in crash-loop back-off (a TCP check passes). */
  readonly running: ReadonlyNumbers;
  /** 1 when ready (/readyz passes). */
  readonly ready: ReadonlyNumbers;
  /** Crash-loop phase (ApiserverPhase). */
  readonly phase: ReadonlyNumbers;
  /** `all` endpoints (docs/model.md): members whose connection is in a detection window; hung[h] / listed of h's requests hang. */
  readonly hung: ReadonlyNumbers;
  /** `all`, etcd-peer partition: reachable serving members outside the leader's peer group; cut[h] / listed of h's requests fail. */
  readonly cut: ReadonlyNumbers;
  /** Members an `all` apiserver lists (k). */
  readonly listed: number;
  /** True for `etcdEndpoints: local` (stacked, own member only). */
  readonly local: boolean;
}

/** The client endpoint (load-balancer.ts). */
export interface LoadBalancerView {
  readonly kind: LoadBalancerKind;
  /** What the health check currently sees (1 = passing). */
  readonly sig: ReadonlyNumbers;
  /** 1 while the backend is in rotation. */
  readonly routed: ReadonlyNumbers;
  /** 1 while the backend is ready and reachable from the active instance. */
  readonly ok: ReadonlyNumbers;
  /** Routed backends, and routed backends that are ready and reachable. */
  readonly nRouted: number;
  readonly nRoutedOk: number;
  /** Backends ready and reachable, routed or not (fail-open serves from these). */
  readonly nOk: number;
  /** With no backend routed, send to every backend (a cloud NLB fails open). */
  readonly failOpen: boolean;
  /**
   * The LB instance (index into plan.lbComps) that carries client traffic: the VIP holder
   * (keepalived), the single instance while it is up (haproxy, cloud); -1 while none does
   * and always -1 for `none` (no instance: clients use plan.directHost).
   */
  readonly holder: number;
  /** Host the active instance runs on; -1 when it reaches every group (cloud, none). */
  readonly activeHost: number;
  /** Per keepalived instance: 1 while it has returned and waits out its own master-down timer before preempting. */
  readonly preempting: ReadonlyNumbers;
  /** Is the API SLI up now? */
  apiUp(): boolean;
  /** The share of single-shot requests that succeed now (docs/spec.md §5 `requestSuccess`). */
  share(): number;
  /** The share of requests sent to a ready backend (hung ones included). */
  readyShare(): number;
  /** docs/model.md: the share of requests that hang on a ready backend's lost etcd connection. */
  hungShare(): number;
}

/**
 * The lease's role state (leader-election.ts), one discriminant:
 * - `renewing`: a holder that is up with a ready apiserver renews it;
 * - `stalled`: the holder cannot renew (its apiserver not ready) and steps down after renewDeadline;
 * - `vacant`: no one leads, but the last renewal has not expired yet;
 * - `expired`: free: the first eligible candidate to attempt takes it.
 */
export type LeaseRole = 'renewing' | 'stalled' | 'vacant' | 'expired';

/** One leader-elected controller's lease. */
export interface LeaseView {
  readonly kind: LeaseKind;
  readonly role: LeaseRole;
  /** Host of the holder (renewing or stalled), else -1. */
  readonly holder: number;
  /** role === 'renewing' (the SLI). */
  readonly renewing: boolean;
  /** role === 'expired'. */
  readonly expired: boolean;
  /** Time of the holder's last renewal (meaningful while not renewing). */
  readonly lastRenewMs: number;
  /** 1 when the instance is up and its own apiserver ready. */
  readonly eligible: ReadonlyNumbers;
  readonly nEligible: number;
}

/** The four SLIs' current states, by name. */
export interface SliView {
  /** Is SLI `sli` up now? */
  isUp(sli: Sli): boolean;
}

/** Everything an observer may read of one replication. */
export interface ClusterView {
  /** Static tables: names of zones, hosts and components; what runs where. */
  readonly plan: Plan;
  /** Which replication this is (its streams are seeded from (seed, replication)). */
  readonly replication: number;
  /** Current simulated time (ms). */
  readonly nowMs: number;
  /** Events scheduled and not yet delivered. */
  readonly pendingEvents: number;
  /** Down causes per component (component number); 0 = the component itself is up. */
  readonly causes: ReadonlyNumbers;
  /** 1 when the host and its zone are up. */
  readonly hostUp: ReadonlyNumbers;
  /** Per process kind: 1 when the process is effectively up (its host, zone and itself). */
  readonly procUp: Readonly<Record<ProcessKind, ReadonlyNumbers>>;
  /** Hang causes per component (docs/model.md). */
  readonly hangs: ReadonlyNumbers;
  /** Per host: 1 while the etcd / apiserver process hangs (SIGSTOP: host and process up, nothing answers; procUp is 0). */
  readonly hung: Readonly<Record<HangKind, ReadonlyNumbers>>;
  /** Partition group of each host (0 = named in no group; all 0 when healed). */
  readonly group: ReadonlyNumbers;
  /** Number of partition groups, group 0 included. */
  readonly groupCount: number;
  /** etcd peer-traffic group of each host (equals `group` unless a partition cuts only etcd peer traffic). */
  readonly peerGroup: ReadonlyNumbers;
  /** Number of peer groups, group 0 included. */
  readonly peerGroupCount: number;
  /** True while the partition cuts only etcd peer traffic. */
  readonly peerOnly: boolean;
  readonly partitioned: boolean;
  /** Cluster-wide write blocks (NOSPACE alarms) and blocks in front of the API (dependencies). */
  readonly writesBlocked: number;
  readonly apiBlocked: number;
  readonly etcd: EtcdView;
  readonly api: ApiserverView;
  readonly loadBalancer: LoadBalancerView;
  readonly cm: LeaseView;
  readonly sched: LeaseView;
  /** The lease of `kind`. */
  lease(kind: LeaseKind): LeaseView;
  readonly sli: SliView;
  /**
   * The narration line of the event just handled, or null (nothing to say, or no
   * observer narrates). Valid in `afterEvent`.
   */
  readonly narration: TraceEntry | null;
  /** Plain words for component `comp` (`host cp-1`, `etcd on cp-2`). */
  label(comp: number): string;
}
