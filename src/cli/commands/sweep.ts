/**
 * `sweep SCENARIO --set PATH=V1,V2 ...`: the cartesian grid of variants of one scenario,
 * all run with the same seed (common random numbers), then the Pareto frontier of
 * machines against API downtime and the cheapest variant that meets every SLO with 95%
 * confidence. Variants the loader refuses are reported as skipped, with its message.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { renderJunit } from '../../report/junit.ts';
import { renderSweepHtml } from '../../report/sweep-html.ts';
import { renderSweepMarkdown, renderSweepTerminal, sweepJson } from '../../report/sweep-text.ts';
import type { SweepReport } from '../../sweep/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import { buildSweepReport, type PlannedVariant } from '../../sweep/build.ts';
import { parseCostWeights, scenarioCost, type CostWeights } from '../../sweep/cost.ts';
import { axisProblems, cartesian, variantName, type SweepAxis } from '../../sweep/grid.ts';
import { EXIT_BUG, EXIT_OK, InputError } from '../errors.ts';
import { loadScenarioForCli, parseSetFlag } from '../load-scenario.ts';
import { setExitCode } from '../main.ts';
import { writeOutputSet, writeStdout } from '../output.ts';
import { terminalColumns } from '../columns.ts';
import { checkShardFlags, parseShard, runShard, type SweepPlan } from '../shard.ts';
import type { Report } from '../../report/report-types.ts';
import { addSimulationOptions, cliOverrides, parseImportance, replayArgs, simulateOptions, simulateOrExplainFailure, type RunFlags } from './run.ts';

/** The flags of `sweep`: run's, plus `--cost`. */
export interface SweepFlags extends RunFlags {
  readonly cost?: string;
}

/** More variants than this is a typo, not a plan. */
export const MAX_VARIANTS = 256;

/** Loads every variant of the grid; invalid ones become skipped entries. */
export function planVariants(
  file: string,
  flags: RunFlags,
  axes: readonly SweepAxis[],
): { base: Scenario; planned: PlannedVariant[]; scenarios: Scenario[]; replays: string[][] } {
  const { set: _set, ...rest } = flags;
  const overrides = cliOverrides(rest);
  const base = loadScenarioForCli(file, overrides, { quiet: flags.quiet ?? false });
  const planned: PlannedVariant[] = [];
  const scenarios: Scenario[] = [];
  const replays: string[][] = [];
  for (const settings of cartesian(axes)) {
    const name = variantName(base.name, settings);
    try {
      const sets = settings.map((x) => `${x.path}=${x.value}`);
      const s = loadScenarioForCli(file, { ...overrides, set: sets }, { quiet: true });
      scenarios.push({ ...s, name });
      replays.push(replayArgs(file, s, { ...(flags.horizon !== undefined ? { horizon: flags.horizon } : {}) }, sets));
      planned.push({ status: 'ran', name, settings });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      planned.push({ status: 'skipped', name, settings, message: err.message });
    }
  }
  return { base, planned, scenarios, replays };
}

/** The grid axes from the --set flags. */
export function sweepAxes(sets: readonly string[] | undefined): SweepAxis[] {
  if (sets === undefined || sets.length === 0) {
    throw new InputError('sweep: give at least one --set PATH=V1,V2, e.g. --set topology.controlPlane.count=3,5');
  }
  const axes = sets.map(parseSetFlag);
  const problems = axisProblems(axes);
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  const n = axes.reduce((k, a) => k * a.values.length, 1);
  if (n > MAX_VARIANTS) throw new InputError(`sweep: the grid has ${n} variants, more than ${MAX_VARIANTS}; sweep fewer values at a time`);
  return axes;
}

/** Writes every requested output of a sweep report. */
export function writeSweepOutputs(sw: SweepReport, flags: RunFlags): string[] {
  const targets: [string | undefined, () => string][] = [
    [flags.json, () => sweepJson(sw)],
    [flags.md, () => renderSweepMarkdown(sw)],
    [flags.html, () => renderSweepHtml(sw)],
    [flags.junit, () => renderJunit(sw.report)],
  ];
  if (flags.out !== undefined) {
    targets.push([join(flags.out, 'report.json'), () => sweepJson(sw)]);
    targets.push([join(flags.out, 'report.md'), () => renderSweepMarkdown(sw)]);
    targets.push([join(flags.out, 'report.html'), () => renderSweepHtml(sw)]);
  }
  const written: string[] = [];
  if (flags.out === '') throw new InputError('--out "": expected a folder name');
  // One set: every file of the report is replaced, or none (writeOutputSet).
  const set = targets.flatMap(([file, render]) => (file === undefined ? [] : [{ file, text: render() }]));
  writeOutputSet(set);
  for (const { file } of set) if (file !== '-') written.push(file);
  return written;
}

/** Runs a sweep; returns the exit code (0: a sweep reports, it does not gate). */
export async function runSweep(file: string, flags: SweepFlags): Promise<number> {
  const axes = sweepAxes(flags.set);
  const resolved = simulateOptions(flags);
  const { base, planned, scenarios, replays } = planVariants(file, flags, axes);
  if (scenarios.length === 0) {
    throw new InputError(`sweep: no variant is a valid scenario:\n${planned.map((p) => (p.status === 'skipped' ? `${p.name}: ${p.message}` : '')).join('\n')}`);
  }
  const options = flags.importance === undefined ? resolved : { ...resolved, importance: parseImportance(flags.importance, scenarios) };
  const weights = costWeights(flags.cost);
  const plan: SweepPlan = { base: { name: base.name, file: base.file }, axes, planned, weights };
  if (flags.shard !== undefined) {
    const shard = parseShard(flags.shard);
    checkShardFlags(flags, options);
    const file = await runShard('sweep', scenarios, shard, options, flags, { replays, sweep: plan });
    if (!(flags.quiet ?? false) && file !== '-') writeStdout(`wrote ${file} (shard ${shard.index}/${shard.count}; merge every shard with k8s-ha-sim merge)\n`);
    return EXIT_OK;
  }
  const report = await simulateOrExplainFailure(scenarios, options, replays);
  if (report === null) return EXIT_BUG;
  return finishSweep(plan, scenarios, report, flags);
}

/** Builds, writes and prints the sweep report of a finished run (or merged shards); returns the exit code. */
export function finishSweep(plan: SweepPlan, scenarios: readonly Scenario[], report: Report, flags: RunFlags): number {
  const weights = plan.weights;
  const costs = weights === null ? null : { weights, byScenario: scenarios.map((s) => scenarioCost(s, weights)) };
  const sw = buildSweepReport(plan.base, plan.axes, plan.planned, report, costs);
  const written = writeSweepOutputs(sw, flags);
  const quiet = flags.quiet ?? false;
  if (!quiet && ![flags.json, flags.md, flags.html, flags.junit].includes('-')) {
    writeStdout(renderSweepTerminal(sw, terminalColumns()));
    for (const f of written) writeStdout(`wrote ${f}\n`);
  }
  return EXIT_OK;
}

/** `--cost host=1,etcd=0.5,lb=0.2`, or null without the flag. */
function costWeights(text: string | undefined): CostWeights | null {
  if (text === undefined) return null;
  const w = parseCostWeights(text);
  if (typeof w === 'string') throw new InputError(w);
  return w;
}

/** Registers `sweep`. */
export function register(program: Command): void {
  addSimulationOptions(
    program
      .command('sweep')
      .description('capacity planning: run every combination of --set PATH=V1,V2 values (common random numbers), name the cheapest variant meeting the SLO')
      .argument('<scenario>', 'scenario YAML file')
      .option('--cost <weights>', 'machine cost weights, e.g. host=1,etcd=0.5,lb=0.2: "cheapest" means least cost (default: machine count)'),
  ).action(async (file: string, flags: SweepFlags) => setExitCode(await runSweep(file, flags)));
}
