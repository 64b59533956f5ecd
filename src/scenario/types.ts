/**
 * The resolved scenario: what the YAML loader produces and what every other module
 * (model, faults, montecarlo, analysis, report) consumes. Plain serializable data only
 * (it crosses worker-thread boundaries): no classes, Maps, Infinity or NaN.
 *
 * Everything is explicit here: defaults are filled in from docs/facts.md, counts are expanded
 * into a host list, durations are milliseconds, distributions are objects.
 */
import type { Distribution } from '../engine/distributions.ts';
import type { PartitionTraffic, ResolvedOperations } from './operations-types.ts';

export type { PartitionTraffic } from './operations-types.ts';

/** The service levels the simulator reports (docs/spec.md §5). */
export type Sli = 'etcd' | 'api' | 'controllers' | 'scheduler';
/** All SLIs in report order. */
export const SLIS: readonly Sli[] = ['etcd', 'api', 'controllers', 'scheduler'];

/**
 * docs/model.md: request-weighted API SLIs beside the binary `api`: `requestSuccess` (time
 * average of the share of requests that succeed) and `badMinutes` (provider-style: a
 * minute whose error share exceeds `badMinute` is down).
 */
export type ApiMetric = 'requestSuccess' | 'badMinutes';
export const API_METRICS: readonly ApiMetric[] = ['requestSuccess', 'badMinutes'];

/** What an SLO may name: an SLI or an API metric. */
export type SloKey = Sli | ApiMetric;
export const SLO_KEYS: readonly SloKey[] = [...SLIS, ...API_METRICS];

/** A process a host can run (`topology.hosts[].runs`). */
export type ProcessKind = 'etcd' | 'apiserver' | 'controller-manager' | 'scheduler' | 'load-balancer';
export const PROCESS_KINDS: readonly ProcessKind[] = [
  'etcd',
  'apiserver',
  'controller-manager',
  'scheduler',
  'load-balancer',
];

/** A key of `failures:` in the scenario file. */
/** Processes that can hang (docs/model.md: SIGSTOP semantics, `hang:` faults and hang rates). */
export type HangKind = 'etcd' | 'apiserver';
export const HANG_KINDS: readonly HangKind[] = ['etcd', 'apiserver'];

export type FailureClass =
  | 'zone'
  | 'host'
  | 'etcd'
  | 'apiserver'
  | 'controller-manager'
  | 'scheduler'
  | 'loadBalancer'
  | 'etcdHang'
  | 'apiserverHang';
export const FAILURE_CLASSES: readonly FailureClass[] = [
  'zone',
  'host',
  'etcd',
  'apiserver',
  'controller-manager',
  'scheduler',
  'loadBalancer',
  'etcdHang',
  'apiserverHang',
];

/** How a component alternates between up (time to failure) and down (time to repair). */
export interface ResolvedFailure {
  readonly ttf: Distribution;
  readonly ttr: Distribution;
}

/** One machine. Hosts are listed in priority order (keepalived VIP order, `none` target). */
export interface ResolvedHost {
  readonly name: string;
  readonly zone: string;
  /** Processes it runs, in PROCESS_KINDS order, no duplicates. */
  readonly runs: readonly ProcessKind[];
}

export interface ResolvedHealthCheck {
  /** `http` probes /healthz (sees etcd loss); `tcp` only sees the process. */
  readonly kind: 'http' | 'tcp';
  readonly intervalMs: number;
  readonly fall: number;
  readonly rise: number;
}

export type LoadBalancerKind = 'none' | 'haproxy' | 'keepalived' | 'cloud';

export interface ResolvedLoadBalancer {
  readonly kind: LoadBalancerKind;
  /**
   * Component ids of the LB instances, in VIP priority order: `['lb/lb-1']` (haproxy),
   * `['lb/cp-1', 'lb/cp-2', ...]` (keepalived: one per host running `load-balancer`),
   * `['lb/cloud']` (cloud), `[]` (none).
   */
  readonly instances: readonly string[];
  /** Host of each instance (same order), or null for `lb/cloud`. */
  readonly instanceHosts: readonly (string | null)[];
  /** `none` only: the host whose apiserver clients use directly (first apiserver host). */
  readonly directHost: string | null;
  /** null for `none`. */
  readonly healthCheck: ResolvedHealthCheck | null;
  /** docs/scenario-format.md: with every backend out of rotation, requests go to all of them (AWS NLB). Absent = false. */
  readonly failOpen?: boolean;
}

export interface ResolvedTopology {
  /** `custom` when the file lists `topology.hosts` explicitly without a preset kind. */
  readonly kind: 'stacked' | 'external' | 'custom';
  /** Zone names in order. */
  readonly zones: readonly string[];
  /** Every host in order: control-plane hosts, then etcd hosts (external), then lb-1 (haproxy). */
  readonly hosts: readonly ResolvedHost[];
  readonly apiserver: { readonly etcdEndpoints: 'local' | 'all' };
  readonly loadBalancer: ResolvedLoadBalancer;
}

/** Protocol delays, all in ms (docs/facts.md defaults; `timing: ideal` sets every one to 0). */
export interface ResolvedTiming {
  /** True for `timing: ideal`: every delay below is 0 and restartOnEtcdLoss is false. */
  readonly ideal: boolean;
  readonly etcd: {
    readonly electionTimeoutMs: number;
    /** --heartbeat-interval: the Raft tick (facts §1). */
    readonly heartbeatIntervalMs: number;
    /** Pre-vote + vote + the new leader's first commit, after the winning timeout fires. */
    readonly voteRoundMs: number;
    /** A restarted member's start-up / catch-up time before it serves. */
    readonly startupMs: number;
    /** docs/model.md: --pre-vote (true from etcd 3.5; false: a rejoining member disrupts the leader). */
    readonly preVote: boolean;
  };
  readonly apiserver: {
    /** docs/model.md: no effect (the `all` client round-robins; nothing fails over); kept so old files parse. */
    readonly etcdFailoverDelayMs: number;
    /** `all` endpoints: the etcd client's gRPC keepalive time (an idle or hung connection is pinged after it). */
    readonly etcdKeepaliveTimeMs: number;
    /** `all` endpoints: the gRPC keepalive timeout, also its TCP_USER_TIMEOUT: a black-holed member's requests hang this long. */
    readonly etcdKeepaliveTimeoutMs: number;
    /**
     * docs/model.md, readiness flapping: how the health checks' etcd requests meet a member cut off
     * from quorum: `round-robin` (measured: a check client of its own fails every k-th check, so
     * fewer than `fall` cut members never take the backend out) or `independent` (each check
     * fails with p = cut/k, as when many callers share the client).
     */
    readonly etcdCheckFailures: 'round-robin' | 'independent';
    /** A started apiserver's time before it serves (TCP and /readyz). */
    readonly startupMs: number;
    /** After a (re)start, the startup probe's budget before the kubelet kills an apiserver without etcd. */
    readonly startupProbeMs: number;
    readonly restartOnEtcdLoss: boolean;
    readonly livenessDelayMs: number;
    readonly backoffInitialMs: number;
    readonly backoffMaxMs: number;
  };
  readonly loadBalancer: {
    /** keepalived master-down interval (3 x advert_int + skew): a backup claims the VIP this long after the last advert it heard. */
    readonly vipFailoverMs: number;
    /** keepalived advert_int: the holder's last advert before a fault is sent up to this long before it. */
    readonly advertIntervalMs: number;
    /** Clients reach every partition group (an isolated backup's claim wins); false: clients sit with the majority of the instances. */
    readonly splitBrain: boolean;
  };
  readonly leaderElection: {
    readonly leaseDurationMs: number;
    readonly renewDeadlineMs: number;
    readonly retryPeriodMs: number;
  };
}

/**
 * A fault target is a component id (docs/spec.md §4): `zone/a`, `host/cp-1`, `etcd/cp-1`,
 * `apiserver/cp-2`, `controller-manager/cp-3`, `scheduler/cp-1`, `lb/lb-1`, `lb/cp-2`,
 * `lb/cloud`, or a selector resolved when the fault fires: `host/@etcd-leader`,
 * `host/@controller-manager-leader`, `host/@scheduler-leader`, `etcd/@leader`.
 */
export type ComponentId = string;

/** Scripted faults, sorted by `atMs` (stable: file order for equal times). */
export type ResolvedFault =
  | {
      readonly kind: 'down';
      readonly atMs: number;
      readonly target: ComponentId;
      /** null: down until a matching `up` fault (or the horizon). */
      readonly forMs: number | null;
      /** Position of the fault in the file's `faults` list. */
      readonly index: number;
      /** docs/model.md (`hang:`): the process hangs (SIGSTOP) instead of stopping. */
      readonly hang?: boolean;
    }
  | { readonly kind: 'up'; readonly atMs: number; readonly target: ComponentId; readonly index: number }
  | {
      readonly kind: 'partition';
      readonly atMs: number;
      /** Each group as host names (zones expanded), sorted; groups disjoint. */
      readonly groups: readonly (readonly string[])[];
      /** The groups as written (`zone/a`, `host/cp-1`), for narration. */
      readonly groupLabels: readonly (readonly string[])[];
      /** docs/model.md: `etcd-peer` cuts only etcd peer traffic (port 2380). */
      readonly traffic: PartitionTraffic;
      /** null: until a `heal` fault or another partition replaces it. */
      readonly forMs: number | null;
      readonly index: number;
    }
  | { readonly kind: 'heal'; readonly atMs: number; readonly index: number }
  | {
      readonly kind: 'rolling-upgrade';
      readonly atMs: number;
      /** Host names, upgraded in this order. */
      readonly hosts: readonly string[];
      readonly perHostMs: number;
      readonly gapMs: number;
      readonly index: number;
    };

export type FaultKind = ResolvedFault['kind'];

export interface ResolvedSimulation {
  readonly horizonMs: number;
  readonly replications: number;
  readonly seed: number;
}

/** docs/scenario-format.md: offered API load and per-apiserver capacity (requests per second). */
export interface ResolvedLoad {
  /** Offered load at the busiest hour. */
  readonly peakPerS: number;
  /** 24 hourly factors of the peak, from the start of each simulated day; null = flat at the peak. */
  readonly daily: readonly number[] | null;
  readonly capacityPerS: number;
  /** How the capacity was obtained, for reports. */
  readonly capacitySource: string;
  /** The optional overload cascade (model/overload-cascade.ts); absent = overload never fails an apiserver. */
  readonly cascade?: ResolvedCascade;
}

/** docs/scenario-format.md: an apiserver serving past its capacity fails with a probability. */
export interface ResolvedCascade {
  /** Chance of failing, drawn once per apiserver per overload episode. */
  readonly probability: number;
  /** Time the failed apiserver stays down before it restarts. */
  readonly restart: Distribution;
}

/** A validated, fully resolved scenario. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Path the scenario was read from, as given (or `<inline>`). */
  readonly file: string;
  readonly topology: ResolvedTopology;
  /** Random failure/repair processes per component class; a missing class never fails. */
  readonly failures: { readonly [C in FailureClass]?: ResolvedFailure };
  readonly timing: ResolvedTiming;
  readonly faults: readonly ResolvedFault[];
  readonly simulation: ResolvedSimulation;
  /** Availability targets in [0, 1], per SLI and per request-weighted API SLI (docs/model.md). */
  readonly slo: { readonly [K in SloKey]?: number };
  /** docs/model.md: error share above which a minute is a bad minute (`badMinute`; absent: 5%). */
  readonly badMinute?: number;
  /** docs/scenario-format.md: API load; absent = requests never exceed capacity. */
  readonly load?: ResolvedLoad;
  /** Operational processes (`operations:`); absent = hardware, process and zone failures only. */
  readonly operations?: ResolvedOperations;
}
