/**
 * Sweeps as a library: the cartesian grid of variants of one scenario, each loaded by a
 * function the caller injects (the study reads no files), then the sweep report of a
 * finished run. Variants the loader refuses (InputError) are planned as skipped, with
 * its message.
 */
import type { Report } from '../report/report-types.ts';
import type { Scenario } from '../scenario/types.ts';
import { buildSweepReport, type PlannedVariant } from '../sweep/build.ts';
import { parseCostWeights, scenarioCost, type CostWeights } from '../sweep/cost.ts';
import { axisProblems, cartesian, variantName, type SweepAxis } from '../sweep/grid.ts';
import type { SweepReport } from '../sweep/types.ts';
import { InputError } from './errors.ts';

/** More variants than this is a typo, not a plan. */
export const MAX_VARIANTS = 256;

/** A sweep's plan, carried in shards so the merge can rebuild the sweep report. */
export interface SweepPlan {
  readonly base: { readonly name: string; readonly file: string };
  readonly axes: readonly SweepAxis[];
  readonly planned: readonly PlannedVariant[];
  /** `--cost` weights (null without), so the merge prices the variants the same way. */
  readonly weights: CostWeights | null;
}

/** The variants of a grid: what was planned, and the scenarios and replays of those that load. */
export interface PlannedSweep {
  readonly planned: PlannedVariant[];
  readonly scenarios: Scenario[];
  readonly replays: string[][];
}

/** Loads one variant from its `PATH=VALUE` settings; throws InputError when it is not a valid scenario. */
export type VariantLoader = (sets: readonly string[]) => Scenario;

/**
 * Loads every variant of the grid of `base` with `load`; invalid ones become skipped
 * entries. `replayOf` gives a variant's replay command arguments.
 */
export function planVariants(
  base: Scenario,
  axes: readonly SweepAxis[],
  load: VariantLoader,
  replayOf: (s: Scenario, sets: readonly string[]) => string[],
): PlannedSweep {
  const planned: PlannedVariant[] = [];
  const scenarios: Scenario[] = [];
  const replays: string[][] = [];
  for (const settings of cartesian(axes)) {
    const name = variantName(base.name, settings);
    try {
      const sets = settings.map((x) => `${x.path}=${x.value}`);
      const s = load(sets);
      scenarios.push({ ...s, name });
      replays.push(replayOf(s, sets));
      planned.push({ status: 'ran', name, settings });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      planned.push({ status: 'skipped', name, settings, message: err.message });
    }
  }
  return { planned, scenarios, replays };
}

/** Checks the grid axes (values, duplicates, size); throws InputError listing the problems. */
export function checkSweepAxes(axes: SweepAxis[]): SweepAxis[] {
  const problems = axisProblems(axes);
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  const n = axes.reduce((k, a) => k * a.values.length, 1);
  if (n > MAX_VARIANTS)
    throw new InputError(`sweep: the grid has ${n} variants, more than ${MAX_VARIANTS}; sweep fewer values at a time`);
  return axes;
}

/** `--cost host=1,etcd=0.5,lb=0.2`, or null without it; throws InputError on bad weights. */
export function costWeights(text: string | undefined): CostWeights | null {
  if (text === undefined) return null;
  const w = parseCostWeights(text);
  if (typeof w === 'string') throw new InputError(w);
  return w;
}

/** The sweep report of a finished run (or merged shards) of `plan`'s variants. */
export function sweepReportOf(plan: SweepPlan, scenarios: readonly Scenario[], report: Report): SweepReport {
  const weights = plan.weights;
  const costs = weights === null ? null : { weights, byScenario: scenarios.map((s) => scenarioCost(s, weights)) };
  return buildSweepReport(plan.base, plan.axes, plan.planned, report, costs);
}
