/**
 * `npm start` as a library: the bundled comparison of topologies. The baseline scenarios
 * of scenarios/ and their operational variants (scenarios/operations/) run side by side
 * with common random numbers, 1,000 one-year replications each; then (docs/model.md) each
 * stacked/external pair with the same etcd size runs again on its own, so the paired
 * difference on the three API SLIs (`api`, `requestSuccess`, `badMinutes`) and its 95% CI
 * come out directly (src/report/stacked-vs-external.ts renders them). Reading the files
 * is the caller's: `load` is injected.
 */
import type { Report } from '../report/report-types.ts';
import type { Scenario } from '../scenario/types.ts';
import { simulate, type RunStudyHooks, type RunStudyOptions } from './simulate.ts';

/** The bundled baseline scenarios, in report order (the first is the comparison baseline). */
export const BUNDLED_COMPARISON: readonly string[] = [
  'scenarios/single-node.yaml',
  'scenarios/two-control-plane.yaml',
  'scenarios/no-lb.yaml',
  'scenarios/haproxy-single.yaml',
  'scenarios/stacked-3-one-zone.yaml',
  'scenarios/stacked-3-two-zones.yaml',
  'scenarios/stacked-3.yaml',
  'scenarios/stacked-5.yaml',
  'scenarios/external-3x3.yaml',
  'scenarios/external-5x5.yaml',
];

/**
 * The operational variants (scenarios/operations/<name>.yaml: the same topology and
 * failures plus the self-managed profile), one per baseline, in the same order.
 */
export const OPERATIONAL_COMPARISON: readonly string[] = BUNDLED_COMPARISON.map((f) =>
  f.replace('scenarios/', 'scenarios/operations/'),
);

/** docs/model.md: the "stacked or external?" pairs compared on the three API SLIs (same etcd size, common random numbers). */
export const STACKED_VS_EXTERNAL: readonly (readonly [string, string])[] = [
  ['scenarios/stacked-3.yaml', 'scenarios/external-3x3.yaml'],
  ['scenarios/stacked-5.yaml', 'scenarios/external-5x5.yaml'],
];

/** Replications per scenario of the comparison (each one simulated year). */
export const COMPARISON_REPLICATIONS = 1000;

/**
 * Loads one of the comparison's files (a path relative to the package root) with
 * `replications` as its replication count; the CLI reads the file and prints warnings.
 */
export type ComparisonLoader = (file: string, replications: number) => Scenario;

/** The whole comparison: the side-by-side report and one report per stacked/external pair. */
export interface TopologyComparison {
  /** Every baseline then every operational variant, in BUNDLED_COMPARISON order. */
  readonly report: Report;
  /** One report per STACKED_VS_EXTERNAL pair: its comparisons are the second scenario against the first. */
  readonly pairs: readonly Report[];
}

/** The replay arguments of a comparison scenario: `explain FILE --seed N`. */
function replayOf(file: string, s: Scenario): string[] {
  return ['explain', file, '--seed', String(s.simulation.seed)];
}

/**
 * Runs each stacked/external pair on its own (the same replications: common random
 * numbers), one report per pair in STACKED_VS_EXTERNAL order.
 */
export async function compareStackedVsExternal(
  load: ComparisonLoader,
  options: RunStudyOptions = {},
  hooks: RunStudyHooks = {},
  pairs: readonly (readonly [string, string])[] = STACKED_VS_EXTERNAL,
  replications: number = COMPARISON_REPLICATIONS,
): Promise<Report[]> {
  const reports: Report[] = [];
  for (const files of pairs) {
    const scenarios = files.map((f) => load(f, replications));
    reports.push(
      await simulate(
        scenarios,
        options,
        files.map((f, i) => replayOf(f, scenarios[i]!)),
        hooks,
      ),
    );
  }
  return reports;
}

/** `npm start`'s runs: the bundled and operational scenarios side by side, then the stacked/external pairs. */
export async function compareTopologies(
  load: ComparisonLoader,
  options: RunStudyOptions = {},
  hooks: RunStudyHooks = {},
  replications: number = COMPARISON_REPLICATIONS,
): Promise<TopologyComparison> {
  const files = [...BUNDLED_COMPARISON, ...OPERATIONAL_COMPARISON];
  const scenarios = files.map((f) => load(f, replications));
  const report = await simulate(
    scenarios,
    options,
    files.map((f, i) => replayOf(f, scenarios[i]!)),
    hooks,
  );
  const pairs = await compareStackedVsExternal(load, options, hooks, STACKED_VS_EXTERNAL, replications);
  return { report, pairs };
}
