/**
 * `report.json` (SPEC §7, schemaVersion 1): the canonical result. Markdown, HTML and the
 * terminal table are views of this data. Plain JSON: numbers, strings, arrays, null.
 */
import type { CapacityReport } from '../analysis/capacity.ts';
import type { Comparison, SliStats } from '../montecarlo/aggregate.ts';
import type { LoadBalancerKind, Sli } from '../scenario/types.ts';

/** The verdict on one SLO: met when the lower bound of the 95% CI reaches the target. */
export interface SloVerdict {
  readonly target: number;
  readonly lowerBound: number;
  readonly availability: number;
  readonly met: boolean;
}

/** What a topology costs and looks like, for side-by-side tables and sweeps. */
export interface TopologySummary {
  readonly kind: 'stacked' | 'external' | 'custom';
  readonly zones: number;
  /** Every host (machine), including etcd and LB hosts. */
  readonly machines: number;
  readonly controlPlaneNodes: number;
  readonly etcdMembers: number;
  readonly loadBalancer: LoadBalancerKind;
  readonly healthCheck: 'http' | 'tcp' | null;
  readonly etcdEndpoints: 'local' | 'all';
}

/** One scenario's results. */
export interface ScenarioReport {
  readonly name: string;
  readonly description: string;
  readonly file: string;
  /** sha256 of the resolved scenario (everything but the file path), seed included. */
  readonly scenarioHash: string;
  readonly seed: number;
  readonly replications: number;
  readonly horizonHours: number;
  readonly timing: 'default' | 'custom' | 'ideal';
  readonly topology: TopologySummary;
  readonly slis: { readonly [S in Sli]: SliStats };
  /** Exact structural availability (ideal timing), or null when the analysis refused. */
  readonly analytic: { readonly [S in Sli]: number } | null;
  /**
   * Simulated yearly downtime split into what the structure explains (analytic) and what
   * protocol delays add (simulated minus analytic, may be negative by sampling noise).
   */
  readonly downtimeSplit: { readonly [S in Sli]: { readonly structureMinutes: number; readonly protocolMinutes: number } } | null;
  /** Components that alone take some SLI down (order-1 cut sets), sorted. */
  readonly spof: readonly string[];
  readonly spofBySli: { readonly [S in Sli]: readonly string[] } | null;
  readonly cutSets: { readonly [S in Sli]: readonly (readonly string[])[] } | null;
  readonly recommendation: string | null;
  readonly slo: { readonly [S in Sli]?: SloVerdict };
  /** Sequential stopping: whether the precision target was reached (null: not used). */
  readonly precisionReached: boolean | null;
  readonly events: number;
  /** Issue 16: API capacity headroom at peak; only when the scenario has a `load`. */
  readonly capacity?: CapacityReport;
  /** Issue 16: the mean share of offered requests served (429s and failed backends count against it); only with a `load`. */
  readonly requestSuccess?: number;
  /**
   * The `k8s-ha-sim` arguments that replay any replication of this run: `explain`, the
   * file, `--seed` and every flag of the run that changed the scenario (`--horizon`,
   * `--set`, a sweep variant's settings). Add `--replication R`.
   */
  readonly replay: readonly string[];
  /** The shell-quoted command replaying the API's worst replication, or null when none had downtime. */
  readonly replayCommand: string | null;
  readonly wallSeconds: number;
  readonly eventsPerSecond: number;
}

/** The whole report. */
export interface Report {
  readonly schemaVersion: 1;
  readonly generator: string;
  readonly scenarios: readonly ScenarioReport[];
  /** Each scenario against the first: difference = availability(b) - availability(a). */
  readonly comparisons: readonly Comparison[];
}

/** Fields that may differ between two runs with identical inputs. */
export const WALL_CLOCK_FIELDS = ['wallSeconds', 'eventsPerSecond'] as const;
