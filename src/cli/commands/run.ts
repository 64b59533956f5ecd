/**
 * `run` and `check`: Monte Carlo over one or more scenarios (several = a comparison with
 * common random numbers), a table on stdout, report.json / report.md / report.html.
 * `check` then exits 1 when an SLO's 95% CI lower bound is below its target.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ReplicationFailure } from '../../montecarlo/replication-failure.ts';
import { renderHtml } from '../../report/html.ts';
import { renderJunit } from '../../report/junit.ts';
import { allSlosMet, reportJson } from '../../report/json.ts';
import { renderMarkdown } from '../../report/markdown.ts';
import type { Report } from '../../report/report-types.ts';
import { replayCommand } from '../../report/safe-text.ts';
import { renderTerminal } from '../../report/terminal.ts';
import { parseDurationMs } from '../../scenario/duration.ts';
import { SLIS, type Scenario, type Sli } from '../../scenario/types.ts';
import { EXIT_BUG, EXIT_OK, EXIT_SLO_UNMET, InputError } from '../errors.ts';
import { loadScenarioForCli, type CliOverrides } from '../load-scenario.ts';
import { setExitCode } from '../main.ts';
import { collect, parsePositiveInt, writeOutput, writeStderr, writeStdout } from '../output.ts';
import { checkShardFlags, parseShard, runShard } from '../shard.ts';
import { simulate, type SimulateOptions } from '../simulate.ts';

/** Flags of `run` / `check` as commander hands them over. */
export interface RunFlags {
  readonly seed?: string;
  readonly replications?: string;
  readonly horizon?: string;
  readonly workers?: string;
  readonly out?: string;
  readonly json?: string;
  readonly md?: string;
  readonly html?: string;
  readonly junit?: string;
  readonly progress?: boolean;
  readonly quiet?: boolean;
  readonly slo?: string[];
  readonly set?: string[];
  readonly precision?: string;
  readonly precisionSli?: string;
  readonly maxReplications?: string;
  readonly checkInvariants?: boolean;
  readonly shard?: string;
}

/** The common simulation flags (shared with `sweep`). */
export function addSimulationOptions(cmd: Command): Command {
  return cmd
    .option('--seed <n>', 'master seed (overrides simulation.seed)')
    .option('--replications <n>', 'replications per scenario (overrides simulation.replications)')
    .option('--horizon <duration>', 'simulated time per replication, e.g. 1y (overrides simulation.horizon)')
    .option('--workers <n>', 'worker threads (default and maximum: available cores); results do not depend on it')
    .option('--out <dir>', 'write report.json, report.md and report.html into DIR')
    .option('--json <file>', 'write report.json here (- = stdout)')
    .option('--md <file>', 'write the Markdown report here (- = stdout)')
    .option('--html <file>', 'write the HTML report here (- = stdout)')
    .option('--junit <file>', 'write JUnit XML here, one test case per SLO per scenario (- = stdout)')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .option('--no-progress', 'never show progress')
    .option('--quiet', 'print nothing on stdout but requested outputs; no warnings, no progress')
    .option('--slo <sli=target>', 'SLO, e.g. api=99.95% (repeatable; overrides the scenario slo)', collect)
    .option('--set <path=value>', 'override a scenario key, e.g. topology.zones=3 (repeatable)', collect)
    .option('--precision <duration>', 'add replications until the 95% CI half-width of yearly downtime is below this, e.g. 0.5m')
    .option('--precision-sli <sli>', 'the SLI --precision applies to', 'api')
    .option('--max-replications <n>', 'cap for --precision', '100000')
    .option('--check-invariants', 'run the model state checkers after every event (slow; a violation exits 3)')
    .option('--shard <I/N>', 'run only shard I of N (0-based; N alone takes I from $JOB_COMPLETION_INDEX) and write a partial result for `merge`');
}

/** Resolves the flags shared by run, check and sweep. */
export function simulateOptions(flags: RunFlags): SimulateOptions {
  let precisionMinutes: number | undefined;
  if (flags.precision !== undefined) {
    const ms = parseDurationMs(flags.precision);
    if (ms === null || ms <= 0) {
      throw new InputError(`--precision ${JSON.stringify(flags.precision)}: expected a positive duration such as 30s, 0.5m or 2m`);
    }
    precisionMinutes = ms / 60_000;
  }
  const sli = flags.precisionSli ?? 'api';
  if (!(SLIS as readonly string[]).includes(sli)) {
    throw new InputError(`--precision-sli ${JSON.stringify(sli)}: expected one of ${SLIS.join(', ')}`);
  }
  const workers = parsePositiveInt('--workers', flags.workers, 256);
  const maxReplications = parsePositiveInt('--max-replications', flags.maxReplications, 1e7);
  return {
    ...(workers !== undefined ? { workers } : {}),
    ...(flags.progress !== undefined ? { progress: flags.progress } : {}),
    quiet: flags.quiet ?? false,
    ...(precisionMinutes !== undefined ? { precisionMinutes } : {}),
    precisionSli: sli as Sli,
    ...(maxReplications !== undefined ? { maxReplications } : {}),
    checkInvariants: flags.checkInvariants ?? false,
  };
}

/** The scenario overrides given by flags. */
export function cliOverrides(flags: RunFlags): CliOverrides {
  return {
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.replications !== undefined ? { replications: flags.replications } : {}),
    ...(flags.horizon !== undefined ? { horizon: flags.horizon } : {}),
    ...(flags.slo !== undefined ? { slo: flags.slo } : {}),
    ...(flags.set !== undefined ? { set: flags.set } : {}),
  };
}

/**
 * The `explain` arguments that rebuild `scenario` exactly as this run loaded it: the file,
 * the resolved seed, and every flag that changes the scenario (`--horizon`, each `--set`
 * in order, then `extraSets`, a sweep variant's settings). `--replications` and `--slo`
 * change no replication, so they are left out. A new scenario-changing flag must be added
 * here: test/cli/replay-exact.test.ts runs the printed command and compares downtimes.
 */
export function replayArgs(file: string, scenario: Scenario, flags: Pick<RunFlags, 'horizon' | 'set'>, extraSets: readonly string[] = []): string[] {
  const args = ['explain', file, '--seed', String(scenario.simulation.seed)];
  if (flags.horizon !== undefined) args.push('--horizon', flags.horizon);
  for (const s of [...(flags.set ?? []), ...extraSets]) args.push('--set', s);
  return args;
}

/** Writes every requested output of a report. */
export function writeReportOutputs(report: Report, flags: Pick<RunFlags, 'out' | 'json' | 'md' | 'html' | 'junit'>): string[] {
  const written: string[] = [];
  const targets: [string | undefined, () => string][] = [
    [flags.json, () => reportJson(report)],
    [flags.md, () => renderMarkdown(report)],
    [flags.html, () => renderHtml(report)],
    [flags.junit, () => renderJunit(report)],
  ];
  if (flags.out !== undefined) {
    targets.push([join(flags.out, 'report.json'), () => reportJson(report)]);
    targets.push([join(flags.out, 'report.md'), () => renderMarkdown(report)]);
    targets.push([join(flags.out, 'report.html'), () => renderHtml(report)]);
  }
  for (const [file, render] of targets) {
    if (file === undefined) continue;
    writeOutput(file, render());
    if (file !== '-') written.push(file);
  }
  return written;
}

/**
 * Runs the Monte Carlo; a broken model invariant (a bug, only seen under
 * `--check-invariants`) is printed with its scenario, seed, replication and simulated
 * time and the command that replays it, and null is returned (exit 3).
 */
export async function simulateOrExplainFailure(
  scenarios: readonly Scenario[],
  options: SimulateOptions,
  replays: readonly (readonly string[])[],
): Promise<Report | null> {
  try {
    return await simulate(scenarios, options, replays);
  } catch (err) {
    if (!(err instanceof ReplicationFailure)) throw err;
    const replay = replays[err.data.scenarioIndex] ?? ['explain', err.data.file, '--seed', String(err.data.seed)];
    writeStderr(`k8s-ha-sim: ${err.message}\n(a bug in the model; replay: ${replayCommand(replay, err.data.replication, ['--check-invariants'])})\n`);
    return null;
  }
}

/** `run` (mode 'run') or `check` (mode 'check'): returns the exit code. */
export async function runOrCheck(files: readonly string[], flags: RunFlags, mode: 'run' | 'check'): Promise<number> {
  const overrides = cliOverrides(flags);
  const quiet = flags.quiet ?? false;
  const scenarios = files.map((f) => loadScenarioForCli(f, overrides, { quiet }));
  const options = simulateOptions(flags);
  if (mode === 'check' && scenarios.every((s) => Object.keys(s.slo).length === 0)) {
    throw new InputError('check: no SLO to check: add `slo: { api: "99.95%" }` to the scenario or pass --slo api=99.95%');
  }
  const replays = files.map((f, i) => replayArgs(f, scenarios[i]!, flags));
  if (flags.shard !== undefined) {
    const shard = parseShard(flags.shard);
    checkShardFlags(flags, options);
    const file = await runShard(mode, scenarios, shard, options, flags, { replays, sweep: null });
    if (!quiet && file !== '-') writeStdout(`wrote ${file} (shard ${shard.index}/${shard.count}; merge every shard with k8s-ha-sim merge)\n`);
    return EXIT_OK;
  }
  const report = await simulateOrExplainFailure(scenarios, options, replays);
  if (report === null) return EXIT_BUG;
  return finishRunOrCheck(report, flags, mode);
}

/** Writes a run's report outputs and the terminal table; `check` then gates. Returns the exit code. */
export function finishRunOrCheck(report: Report, flags: RunFlags, mode: 'run' | 'check'): number {
  const quiet = flags.quiet ?? false;
  const written = writeReportOutputs(report, flags);
  const toStdout = [flags.json, flags.md, flags.html, flags.junit].includes('-');
  if (!quiet && !toStdout) {
    writeStdout(renderTerminal(report));
    for (const f of written) writeStdout(`wrote ${f}\n`);
  }
  if (mode === 'run') return EXIT_OK;
  const met = allSlosMet(report);
  if (!quiet && !toStdout) writeStdout(met ? 'check: every SLO is met with 95% confidence\n' : 'check: SLO NOT MET with 95% confidence\n');
  return met ? EXIT_OK : EXIT_SLO_UNMET;
}

/** Registers `run` and `check`. */
export function register(program: Command): void {
  addSimulationOptions(
    program
      .command('run')
      .description('Monte Carlo availability of one or more scenarios (several = a side-by-side comparison)')
      .argument('<scenario...>', 'scenario YAML files'),
  ).action(async (files: string[], flags: RunFlags) => setExitCode(await runOrCheck(files, flags, 'run')));
  addSimulationOptions(
    program
      .command('check')
      .description('like run, then exit 1 if an SLO is not met with 95% confidence (CI lower bound below target)')
      .argument('<scenario...>', 'scenario YAML files'),
  ).action(async (files: string[], flags: RunFlags) => setExitCode(await runOrCheck(files, flags, 'check')));
}
