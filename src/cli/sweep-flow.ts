/**
 * `sweep` and the merge of a sharded sweep: the grid from --set flags, the variants loaded by
 * the CLI's loader (src/study/sweep.ts plans them), the run and the sweep report's outputs
 * (src/cli/commands/sweep.ts registers the command).
 */
import { join } from 'node:path';
import { renderJunit } from '../report/junit.ts';
import { renderSweepHtml } from '../report/sweep-html.ts';
import { renderSweepMarkdown, renderSweepTerminal, sweepJson } from '../report/sweep-text.ts';
import type { SweepReport } from '../sweep/types.ts';
import type { Scenario } from '../scenario/types.ts';
import type { SweepAxis } from '../sweep/grid.ts';
import {
  checkSweepAxes,
  costWeights,
  planVariants as planStudyVariants,
  sweepReportOf,
  type PlannedSweep,
  type SweepPlan,
} from '../study/sweep.ts';
import { EXIT_BUG, EXIT_OK, InputError } from './errors.ts';
import { loadScenarioForCli, parseSetFlag } from './load-scenario.ts';
import { writeOutputSet, writeStdout } from './output.ts';
import { terminalColumns } from './columns.ts';
import { checkShardFlags, parseShard, runShard } from './shard.ts';
import type { Report } from '../report/report-types.ts';
import {
  cliOverrides,
  parseImportance,
  replayArgs,
  simulateOptions,
  simulateOrExplainFailure,
  type RunFlags,
} from './run-flow.ts';

/** The flags of `sweep`: run's, plus `--cost`. */
export interface SweepFlags extends RunFlags {
  readonly cost?: string;
}

/** Loads every variant of the grid of `file` (src/study/sweep.ts with the CLI's loader); invalid ones become skipped entries. */
export function planVariants(
  file: string,
  flags: RunFlags,
  axes: readonly SweepAxis[],
): PlannedSweep & { base: Scenario } {
  const { set: _set, ...rest } = flags;
  const overrides = cliOverrides(rest);
  const base = loadScenarioForCli(file, overrides, { quiet: flags.quiet ?? false });
  const horizon = flags.horizon !== undefined ? { horizon: flags.horizon } : {};
  const plan = planStudyVariants(
    base,
    axes,
    (sets) => loadScenarioForCli(file, { ...overrides, set: [...sets] }, { quiet: true }),
    (s, sets) => replayArgs(file, s, horizon, [...sets]),
  );
  return { base, ...plan };
}

/** The grid axes from the --set flags. */
export function sweepAxes(sets: readonly string[] | undefined): SweepAxis[] {
  if (sets === undefined || sets.length === 0) {
    throw new InputError('sweep: give at least one --set PATH=V1,V2, e.g. --set topology.controlPlane.count=3,5');
  }
  return checkSweepAxes(sets.map(parseSetFlag));
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
    throw new InputError(
      `sweep: no variant is a valid ` +
        `scenario:\n${planned.map((p) => (p.status === 'skipped' ? `${p.name}: ${p.message}` : '')).join('\n')}`,
    );
  }
  const options =
    flags.importance === undefined
      ? resolved
      : { ...resolved, importance: parseImportance(flags.importance, scenarios) };
  const weights = costWeights(flags.cost);
  const plan: SweepPlan = { base: { name: base.name, file: base.file }, axes, planned, weights };
  if (flags.shard !== undefined) {
    const shard = parseShard(flags.shard);
    checkShardFlags(flags, options);
    const file = await runShard('sweep', scenarios, shard, options, flags, { replays, sweep: plan });
    if (!(flags.quiet ?? false) && file !== '-')
      writeStdout(
        `wrote ${file} (shard ` + `${shard.index}/${shard.count}; merge every shard with k8s-ha-sim merge)\n`,
      );
    return EXIT_OK;
  }
  const report = await simulateOrExplainFailure(scenarios, options, replays);
  if (report === null) return EXIT_BUG;
  return finishSweep(plan, scenarios, report, flags);
}

/** Builds, writes and prints the sweep report of a finished run (or merged shards); returns the exit code. */
export function finishSweep(plan: SweepPlan, scenarios: readonly Scenario[], report: Report, flags: RunFlags): number {
  const sw = sweepReportOf(plan, scenarios, report);
  const written = writeSweepOutputs(sw, flags);
  const quiet = flags.quiet ?? false;
  if (!quiet && ![flags.json, flags.md, flags.html, flags.junit].includes('-')) {
    writeStdout(renderSweepTerminal(sw, terminalColumns()));
    for (const f of written) writeStdout(`wrote ${f}\n`);
  }
  return EXIT_OK;
}
