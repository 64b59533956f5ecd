/**
 * The resolved `operations:` block (docs/scenario-format.md): plain data, times in ms, distributions as
 * objects. Every process is null when the scenario (or its profile) does not have it.
 */
import type { Distribution } from '../engine/distributions.ts';

/** What a partition cuts (docs/model.md): all traffic between its groups, or only etcd peer traffic (port 2380). */
export type PartitionTraffic = 'all' | 'etcd-peer';

/** A failure/repair pair (region, dependencies). */
export interface OperationFailure {
  readonly ttf: Distribution;
  readonly ttr: Distribution;
}

/** Periodic control-plane upgrades. */
export interface ResolvedUpgrades {
  /** A cycle is due every this long. */
  readonly everyMs: number;
  /** Each cycle starts at a uniform time in [due, due + window). */
  readonly windowMs: number;
  /** Due time of the first cycle; null = a uniform phase in [0, every) (steady state). */
  readonly firstAtMs: number | null;
  /** Host names in upgrade order. */
  readonly hosts: readonly string[];
  readonly perHostMs: number;
  readonly gapMs: number;
  readonly policy: 'in-place' | 'surge';
  readonly healthGate: boolean;
  readonly gateRetryMs: number;
  /** Chance one host's upgrade fails (0 = never). */
  readonly failureProbability: number;
  /** Time to repair / roll back a failed host. */
  readonly repair: Distribution;
}

/** Bad changes (config pushes). */
export interface ResolvedChanges {
  /** Mean time between bad changes (exponential); null = only the scripted ones. */
  readonly everyMs: number | null;
  /** Scripted bad changes, sorted. */
  readonly atMs: readonly number[];
  readonly rollout: 'all-at-once' | 'health-gated';
  readonly component: 'apiserver' | 'etcd' | 'load-balancer';
  readonly detect: Distribution;
  readonly rollback: Distribution;
}

/** kubeadm leaf certificates. */
export interface ResolvedCertificates {
  readonly validityMs: number;
  readonly renewal: 'upgrades' | 'none';
  /** Age at the start; null = the steady-state default (see docs/scenario-format.md). */
  readonly ageMs: number | null;
  readonly manualRenewal: Distribution;
}

/** etcd space quota (NOSPACE alarm). */
export interface ResolvedEtcdSpace {
  /** Time to grow to the quota after a recovery; null = only the scripted alarms. */
  readonly fill: Distribution | null;
  readonly atMs: readonly number[];
  readonly recovery: Distribution;
}

/** Slow-disk episodes (leader churn). */
export interface ResolvedSlowDisk {
  readonly everyMs: number | null;
  readonly atMs: readonly number[];
  readonly duration: Distribution;
  readonly electionsEveryMs: number;
}

/** Periodic defragmentation, one member at a time. */
export interface ResolvedDefrag {
  readonly everyMs: number;
  readonly firstAtMs: number | null;
  readonly perMemberMs: number;
  readonly gapMs: number;
}

/** Random partitions isolating one zone or host. */
export interface ResolvedPartitions {
  readonly everyMs: number;
  readonly duration: Distribution;
  readonly scope: 'zone' | 'host';
  /** docs/model.md: `etcd-peer` cuts only etcd peer traffic. */
  readonly traffic: PartitionTraffic;
}

/** A cloud dependency in front of the API (DNS, IAM, ...). */
export interface ResolvedDependency {
  readonly name: string;
  readonly failure: OperationFailure;
}

/** Every operational process of a scenario. */
export interface ResolvedOperations {
  /** The bundled profile it started from, or null. */
  readonly profile: string | null;
  readonly upgrades: ResolvedUpgrades | null;
  readonly changes: ResolvedChanges | null;
  readonly certificates: ResolvedCertificates | null;
  readonly etcdSpace: ResolvedEtcdSpace | null;
  readonly slowDisk: ResolvedSlowDisk | null;
  readonly defrag: ResolvedDefrag | null;
  readonly region: OperationFailure | null;
  /** Sorted by name. */
  readonly dependencies: readonly ResolvedDependency[];
  readonly partitions: ResolvedPartitions | null;
}
