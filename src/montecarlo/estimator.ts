/**
 * Which estimator a scenario's availability uses (docs/statistics.md, docs/statistics.md):
 *
 * - `control-variate`: simulated down time minus the structural twin's down time, plus
 *   the exact structural unavailability (coefficient 1: exactly unbiased, and the
 *   difference is the protocol delay, so the downtime split falls out of it). Used when
 *   the exact value applies to the run: `analyze` accepts the topology, there are no
 *   scripted faults and no operations but the protocol-only slow disks and random
 *   partitions (`structuralOperations`),
 *   every time to failure is exponential and the horizon is long against the repairs
 *   (the exact value is a steady state; from an all-up start the expected structural
 *   downtime over a horizon T falls short of it by about E[R²] / (2 E[R] T) relatively,
 *   which must stay below 1e-3).
 * - `importance`: failure biasing asked for with `--importance`; the mean of likelihood
 *   ratio x down fraction.
 * - `crude`: the plain replication mean otherwise; `reason` says why.
 */
import { analyzeScenario, type AnalysisResult, type ExactAnalysis } from '../analysis/exact.ts';
import { mean, variance } from '../engine/distributions.ts';
import { FAILURE_CLASSES, type FailureClass, type Scenario, type Sli } from '../scenario/types.ts';

/** The estimator of every SLI of a scenario. */
export type EstimatorKind = 'crude' | 'control-variate' | 'importance';

/** The chosen estimator, with the exact structural values it needs. */
export interface EstimatorPlan {
  readonly kind: EstimatorKind;
  /** Why this estimator (one sentence, for reports). */
  readonly reason: string;
  /** Exact structural unavailability per SLI (control-variate only), else null. */
  readonly exactUnavailability: { readonly [S in Sli]: number } | null;
  /** True when the estimate is exact up to the transient (control variate under `timing: ideal`). */
  readonly exact: boolean;
  /**
   * Control variate: relative bound on how far below the steady-state structural value
   * the expected structural downtime over the horizon can be (`transientBias`); the CI's
   * lower side is widened by it, so it stays honest about the all-up start. 0 otherwise.
   */
  readonly transientBias: number;
}

/** Largest accepted relative transient bias of the steady-state value over the horizon. */
export const MAX_TRANSIENT_BIAS = 1e-3;

/**
 * Relative shortfall of the expected structural downtime over `horizonMs` from an all-up
 * start against the steady state, bounded by max over classes of E[R²] / (2 E[R] T).
 */
export function transientBias(scenario: Scenario): number {
  let worst = 0;
  for (const cls of FAILURE_CLASSES) {
    const f = scenario.failures[cls];
    if (f === undefined) continue;
    const m = mean(f.ttr);
    if (!(m > 0)) continue;
    worst = Math.max(worst, (variance(f.ttr) + m * m) / (2 * m * scenario.simulation.horizonMs));
  }
  return worst;
}

/**
 * The operational processes of `scenario` that keep the control variate off, in a fixed
 * order. The CV needs E[twin] = exact value. Slow disks and random partitions are
 * protocol-only: they change no component's own state and are not in the structure, so
 * twin and exact value ignore both alike and their cost lands in the protocol part of the
 * split. Every other process breaks the equality: dependencies and etcd NOSPACE act
 * without a component down (the twin misses them, the exact value counts them); in-place
 * upgrades, health-gated changes, defragmentation and certificates enter the exact value
 * through approximations (analysis/operations.ts); all-at-once changes and regional
 * outages are renewal processes whose steady state a finite run from all-up need not
 * reach (no transient bound for them).
 */
export function structuralOperations(scenario: Scenario): string[] {
  const o = scenario.operations;
  if (o === undefined) return [];
  const out: string[] = [];
  if (o.upgrades !== null) out.push('upgrades');
  if (o.changes !== null) out.push('changes');
  if (o.certificates !== null) out.push('certificates');
  if (o.etcdSpace !== null) out.push('etcdSpace');
  if (o.defrag !== null) out.push('defrag');
  if (o.region !== null) out.push('region');
  if (o.dependencies.length > 0) out.push('dependencies');
  return out;
}

/**
 * Picks the estimator for `scenario` (with `importance` biasing when given). `analysis` is
 * the scenario's exact analysis when the caller already has it (src/study analyses each
 * scenario once for the estimator and the report); without it, it is computed here.
 */
export function chooseEstimator(
  scenario: Scenario,
  importance?: { readonly [C in FailureClass]?: number },
  mode: 'auto' | 'crude' = 'auto',
  analysis?: AnalysisResult<ExactAnalysis>,
): EstimatorPlan {
  if (importance !== undefined && Object.values(importance).some((b) => b !== undefined && b !== 1)) {
    const what = Object.entries(importance)
      .map(([c, b]) => `${c} x${b}`)
      .join(', ');
    return {
      kind: 'importance',
      reason: `importance sampling (failure biasing ${what}), weighted ` + `by each run's likelihood ratio`,
      exactUnavailability: null,
      exact: false,
      transientBias: 0,
    };
  }
  const crude = (why: string): EstimatorPlan => ({
    kind: 'crude',
    reason: `plain replication mean: ` + `${why}`,
    exactUnavailability: null,
    exact: false,
    transientBias: 0,
  });
  if (mode === 'crude') return crude('asked for (--estimator crude)');
  if (scenario.faults.length > 0) return crude('scripted faults are outside the exact structural analysis');
  const ops = structuralOperations(scenario);
  if (ops.length > 0) {
    return crude(
      `operations ${ops.join(', ')}: their exact structural value is an approximation or a steady state of scheduled processes, ` +
        "or the model applies them without a component down (the structural twin cannot see them), so the twin's mean need not equal it",
    );
  }
  const nonExp = FAILURE_CLASSES.filter(
    (c) => scenario.failures[c] !== undefined && scenario.failures[c]!.ttf.kind !== 'exponential',
  );
  if (nonExp.length > 0)
    return crude(`the time to failure of ${nonExp.join(', ')} is not exponential (the exact value is a steady state)`);
  const bias = transientBias(scenario);
  if (bias > MAX_TRANSIENT_BIAS) {
    return crude(
      `the horizon is too short against the repair times for the steady-state value ` +
        `(transient ${bias.toExponential(1)} > ${MAX_TRANSIENT_BIAS})`,
    );
  }
  const a = analysis ?? analyzeScenario(scenario);
  if (!a.ok) return crude(`no exact structural value (${a.errors.join('; ')})`);
  const u = a.value.unavailability;
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  const exactUnavailability = {
    etcd: clamp(u.etcd),
    api: clamp(u.api),
    controllers: clamp(u.controllers),
    scheduler: clamp(u.scheduler),
  };
  return {
    kind: 'control-variate',
    reason: 'control variate: simulated minus structural-twin downtime per run, plus the exact structural value',
    exactUnavailability,
    exact: scenario.timing.ideal,
    transientBias: bias,
  };
}
