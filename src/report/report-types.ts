/**
 * `report.json` (docs/spec.md §7, schemaVersion 1): the canonical result. Markdown, HTML and the
 * terminal table are views of this data. Plain JSON: numbers, strings, arrays, null.
 */
import type { CapacityReport } from '../analysis/capacity.ts';
import type { Comparison, MetricStats, SliStats } from '../montecarlo/aggregate.ts';
import type { ApiMetric, LoadBalancerKind, Sli, SloKey } from '../scenario/types.ts';

/**
 * How an SLO fared: `met` when the lower bound of the 95% CI reaches the target on
 * enough evidence; `insufficient-evidence` when it would be met but the CI rests on fewer
 * than 10 replications with any event (or none: then the bound is the exact binomial
 * one); `not-met` otherwise.
 */
export type SloStatus = 'met' | 'not-met' | 'insufficient-evidence';

/** The verdict on one SLO (docs/statistics.md: "mean met" and "breach risk" side by side). */
export interface SloVerdict {
  readonly target: number;
  readonly lowerBound: number;
  readonly availability: number;
  /** The long-run mean verdict. */
  readonly status: SloStatus;
  /** Share of SLO windows whose availability is below the target (null: no full window). */
  readonly breachRisk: number | null;
  readonly breachRiskCi95: readonly [number, number] | null;
  readonly windowDays: number;
  /** `check --max-breach-risk`: the limit, and whether the CI's upper bound stays within it. */
  readonly maxBreachRisk: number | null;
  readonly breachRiskOk: boolean | null;
  /** The gate: status met and (when a limit is set) breach risk within it. */
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
  /**
   * docs/model.md: the request-weighted API SLIs beside the binary `api`: `requestSuccess`
   * (share of requests that succeed) and `badMinutes` (share of minutes whose error share
   * stays within the scenario's `badMinute`), each with its CI and estimator.
   */
  readonly apiRequestSlis?: { readonly [M in ApiMetric]: MetricStats };
  /** Exact structural availability (ideal timing), or null when the analysis refused. */
  readonly analytic: { readonly [S in Sli]: number } | null;
  /**
   * Simulated yearly downtime split into what the structure explains (analytic) and what
   * protocol delays add (simulated minus analytic, may be negative by sampling noise).
   */
  readonly downtimeSplit:
    | {
        readonly [S in Sli]: {
          readonly structureMinutes: number;
          readonly protocolMinutes: number;
          /** Control variate: the protocol delay's 95% CI (the structure part is exact); else null. */
          readonly protocolMinutesCi95: readonly [number, number] | null;
        };
      }
    | null;
  /** Components that alone take some SLI down (order-1 cut sets), sorted. */
  readonly spof: readonly string[];
  readonly spofBySli: { readonly [S in Sli]: readonly string[] } | null;
  readonly cutSets: { readonly [S in Sli]: readonly (readonly string[])[] } | null;
  readonly recommendation: string | null;
  readonly slo: { readonly [K in SloKey]?: SloVerdict };
  /** Sequential stopping: whether the precision target was reached (null: not used). */
  readonly precisionReached: boolean | null;
  readonly events: number;
  /** docs/scenario-format.md: API capacity headroom at peak; only when the scenario has a `load`. */
  readonly capacity?: CapacityReport;
  /** docs/scenario-format.md: the mean share of offered requests served (429s and failed backends count against it); only with a `load`. */
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
  /** Each scenario from the third on against the one before it (same pairing). */
  readonly adjacentComparisons: readonly Comparison[];
}

/** Fields that may differ between two runs with identical inputs. */
export const WALL_CLOCK_FIELDS = ['wallSeconds', 'eventsPerSecond'] as const;
