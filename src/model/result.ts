/**
 * What one replication of the model produces: the SLI timelines the Monte Carlo layer
 * aggregates. Plain data (crosses worker-thread boundaries).
 */
import type { Sli } from '../scenario/types.ts';

/** One SLI over one replication. */
export interface SliTimeline {
  /** Total down time in [0, horizonMs]. */
  readonly downMs: number;
  /**
   * Maximal down intervals as a flat list `[from0, to0, from1, to1, ...]` in ms, in time
   * order; an outage still open at the horizon ends at the horizon.
   */
  readonly outages: readonly number[];
}

/** The result of one replication (docs/spec.md §6). */
export interface ReplicationResult {
  readonly replication: number;
  readonly horizonMs: number;
  /** Events the engine delivered. */
  readonly events: number;
  readonly slis: { readonly [S in Sli]: SliTimeline };
  /**
   * Integral over the run of the API's request success share (routed and ready backends
   * / routed backends; 0 while the endpoint is down), in ms. Divided by horizonMs it is
   * the run's `requestSuccess`.
   */
  readonly apiRequestSuccessMs: number;
  /** docs/model.md: bad minutes (API error share above the scenario's `badMinute`), in ms of the run. */
  readonly apiBadMinutesMs: number;
  /** Importance sampling: likelihood ratio of this run's path (1 without bias). */
  readonly likelihoodRatio: number;
}
