/**
 * What `run`, `check`, `sweep` and `merge` share: the simulation flags and their parsing,
 * the replay arguments, the report outputs and the run/check verdict (src/cli/commands/run.ts
 * registers the commands).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ReplicationFailure } from '../montecarlo/replication-failure.ts';
import { renderHtml } from '../report/html.ts';
import { renderJunit } from '../report/junit.ts';
import { allSlosMet, reportJson } from '../report/json.ts';
import { renderMarkdown } from '../report/markdown.ts';
import type { Report } from '../report/report-types.ts';
import { replayCommand } from '../report/safe-text.ts';
import { renderTerminal } from '../report/terminal.ts';
import { terminalColumns } from './columns.ts';
import { parseDurationMs } from '../scenario/duration.ts';
import { FAILURE_CLASSES, SLIS, type FailureClass, type Scenario, type Sli } from '../scenario/types.ts';
import { EXIT_BUG, EXIT_OK, EXIT_SLO_UNMET, InputError } from './errors.ts';
import { loadScenarioForCli, type CliOverrides } from './load-scenario.ts';
import { collect, parsePositiveInt, writeOutputSet, writeStderr, writeStdout } from './output.ts';
import { checkShardFlags, parseShard, runShard } from './shard.ts';
import { simulate, type SimulateOptions } from './simulate.ts';

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
  /** docs/model.md: `--bad-minute 5%`: the scenario's `badMinute` (a `--set badMinute=` in effect). */
  readonly badMinute?: string;
  readonly precision?: string;
  readonly precisionSli?: string;
  readonly maxReplications?: string;
  readonly checkInvariants?: boolean;
  readonly window?: string;
  readonly maxBreachRisk?: string;
  readonly importance?: string;
  readonly estimator?: string;
  readonly shard?: string;
  /** `--key FILE`: HMAC key of shard partials (sign with --shard, verify in merge). */
  readonly key?: string;
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
    .option(
      '--bad-minute <share>',
      'a minute with more than this share of failed API requests is a ' +
        "bad minute (the badMinutes SLI; default 5%, or the scenario's badMinute)",
    )
    .option(
      '--precision <target>',
      'add replications until the 95% CI half-width of yearly ' +
        'downtime is below this: a duration (0.5m) or relative (10%)',
    )
    .option('--precision-sli <sli>', 'the SLI --precision applies to', 'api')
    .option('--max-replications <n>', 'cap for --precision', '100000')
    .option('--window <duration>', 'SLO window for the breach risk and downtime per window, e.g. 30d or 1y', '30d')
    .option(
      '--max-breach-risk <share>',
      'check: fail when the 95% CI upper bound of the share of ' + 'windows below the SLO exceeds this, e.g. 5%',
    )
    .option(
      '--importance <classes>',
      'importance sampling: bias these failure classes, e.g. ' +
        'zone,host or zone=4 (exponential ttf only; see docs/statistics.md)',
    )
    .option(
      '--estimator <kind>',
      'auto (control variate where the exact structure applies) or crude (plain replication mean)',
      'auto',
    )
    .option('--check-invariants', 'run the model state checkers after every event (slow; a violation exits 3)')
    .option(
      '--shard <I/N>',
      'run only shard I of N (0-based; N alone takes I from ' +
        '$JOB_COMPLETION_INDEX) and write a partial result for `merge`',
    )
    .option(
      '--key <file>',
      'with --shard: sign the partial with HMAC-SHA256 using the key in FILE ' +
        '(or $K8S_HA_SIM_SHARD_KEY), for `merge --key`',
    );
}

/** Resolves the flags shared by run, check and sweep. */
export function simulateOptions(flags: RunFlags): SimulateOptions {
  let precisionMinutes: number | undefined;
  let precisionRelative: number | undefined;
  if (flags.precision !== undefined) {
    const rel = parseShare(flags.precision);
    if (flags.precision.trim().endsWith('%')) {
      if (rel === null || rel <= 0 || rel >= 1)
        throw new InputError(
          `--precision ` +
            `${JSON.stringify(flags.precision)}: expected a relative target between 0% and 100%, e.g. 10%`,
        );
      precisionRelative = rel;
    } else {
      const ms = parseDurationMs(flags.precision);
      if (ms === null || ms <= 0) {
        throw new InputError(
          `--precision ${JSON.stringify(flags.precision)}: expected a positive ` +
            `duration such as 30s, 0.5m or 2m, or a share such as 10%`,
        );
      }
      precisionMinutes = ms / 60_000;
    }
  }
  const windowMs = parseDurationMs(flags.window ?? '30d');
  if (windowMs === null || windowMs < 60_000)
    throw new InputError(
      `--window ` + `${JSON.stringify(flags.window)}: expected a duration of at least 1m, e.g. 30d or 1y`,
    );
  const estimator = flags.estimator ?? 'auto';
  if (estimator !== 'auto' && estimator !== 'crude')
    throw new InputError(`--estimator ` + `${JSON.stringify(estimator)}: expected auto or crude`);
  const maxBreachRisk = parseMaxBreachRisk(flags.maxBreachRisk);
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
    ...(precisionRelative !== undefined ? { precisionRelative } : {}),
    precisionSli: sli as Sli,
    windowMs,
    estimator,
    ...(maxBreachRisk !== undefined ? { maxBreachRisk } : {}),
    ...(maxReplications !== undefined ? { maxReplications } : {}),
    checkInvariants: flags.checkInvariants ?? false,
  };
}

/** `--max-breach-risk 5%` -> 0.05 (undefined without the flag); exit 2 on anything but a share in [0, 1]. */
export function parseMaxBreachRisk(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = parseShare(text);
  if (m === null || m < 0 || m > 1)
    throw new InputError(`--max-breach-risk ${JSON.stringify(text)}: expected a share such as 5%`);
  return m;
}

/** "5%" -> 0.05, "0.05" -> 0.05; null when not a number. */
export function parseShare(text: string): number | null {
  const t = text.trim();
  const pct = t.endsWith('%');
  const body = pct ? t.slice(0, -1).trim() : t;
  if (!/^[0-9]*\.?[0-9]+(e-?[0-9]+)?$/i.test(body)) return null;
  const x = Number(body);
  return Number.isFinite(x) ? (pct ? x / 100 : x) : null;
}

/** The scenario overrides given by flags. */
export function cliOverrides(flags: RunFlags): CliOverrides {
  return {
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.replications !== undefined ? { replications: flags.replications } : {}),
    ...(flags.horizon !== undefined ? { horizon: flags.horizon } : {}),
    ...(flags.slo !== undefined ? { slo: flags.slo } : {}),
    ...(flags.set !== undefined || flags.badMinute !== undefined ? { set: setsOf(flags) } : {}),
  };
}

/** `--set` values, then `--bad-minute` as the `badMinute` key it sets (docs/model.md). */
function setsOf(flags: Pick<RunFlags, 'set' | 'badMinute'>): string[] {
  return [...(flags.set ?? []), ...(flags.badMinute !== undefined ? [`badMinute=${flags.badMinute}`] : [])];
}

/**
 * The `explain` arguments that rebuild `scenario` exactly as this run loaded it: the file,
 * the resolved seed, and every flag that changes the scenario (`--horizon`, each `--set`
 * in order, then `extraSets`, a sweep variant's settings). `--replications` and `--slo`
 * change no replication, so they are left out. A new scenario-changing flag must be added
 * here: test/cli/replay-exact.test.ts runs the printed command and compares downtimes.
 */
export function replayArgs(
  file: string,
  scenario: Scenario,
  flags: Pick<RunFlags, 'horizon' | 'set' | 'badMinute'>,
  extraSets: readonly string[] = [],
): string[] {
  const args = ['explain', file, '--seed', String(scenario.simulation.seed)];
  if (flags.horizon !== undefined) args.push('--horizon', flags.horizon);
  for (const s of [...setsOf(flags), ...extraSets]) args.push('--set', s);
  return args;
}

/** Writes every requested output of a report. */
export function writeReportOutputs(
  report: Report,
  flags: Pick<RunFlags, 'out' | 'json' | 'md' | 'html' | 'junit'>,
): string[] {
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
  if (flags.out === '') throw new InputError('--out "": expected a folder name');
  // One set: every file of the report is replaced, or none (writeOutputSet).
  const set = targets.flatMap(([file, render]) => (file === undefined ? [] : [{ file, text: render() }]));
  writeOutputSet(set);
  for (const { file } of set) if (file !== '-') written.push(file);
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
    writeStderr(
      `k8s-ha-sim: ${err.message}\n(a bug in the model; replay: ` +
        `${replayCommand(replay, err.data.replication, ['--check-invariants'])})\n`,
    );
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
    throw new InputError(
      'check: no SLO to check: add `slo: { api: "99.95%" }` to the scenario or pass --slo api=99.95%',
    );
  }
  const importance = flags.importance === undefined ? undefined : parseImportance(flags.importance, scenarios);
  const replays = files.map((f, i) => replayArgs(f, scenarios[i]!, flags));
  if (flags.shard !== undefined) {
    const shard = parseShard(flags.shard);
    checkShardFlags(flags, options);
    const file = await runShard(
      mode,
      scenarios,
      shard,
      importance === undefined ? options : { ...options, importance },
      flags,
      { replays, sweep: null },
    );
    if (!quiet && file !== '-')
      writeStdout(
        `wrote ${file} (shard ${shard.index}/${shard.count}; ` + `merge every shard with k8s-ha-sim merge)\n`,
      );
    return EXIT_OK;
  }
  const report = await simulateOrExplainFailure(
    scenarios,
    importance === undefined ? options : { ...options, importance },
    replays,
  );
  if (report === null) return EXIT_BUG;
  return finishRunOrCheck(report, flags, mode);
}

/** Writes a run's report outputs and the terminal table; `check` then gates. Returns the exit code. */
export function finishRunOrCheck(report: Report, flags: RunFlags, mode: 'run' | 'check'): number {
  const quiet = flags.quiet ?? false;
  const written = writeReportOutputs(report, flags);
  const toStdout = [flags.json, flags.md, flags.html, flags.junit].includes('-');
  if (!quiet && !toStdout) {
    writeStdout(renderTerminal(report, terminalColumns()));
    for (const f of written) writeStdout(`wrote ${f}\n`);
  }
  if (mode === 'run') return EXIT_OK;
  const met = allSlosMet(report);
  // Quiet or with a report on stdout, the verdict still shows: one line on stderr.
  if (!quiet && !toStdout) writeStdout(`${checkSummary(report)}\n`);
  else writeStderr(`${checkSummary(report)}\n`);
  return met ? EXIT_OK : EXIT_SLO_UNMET;
}

/**
 * `check`'s last line. Insufficient evidence is a failure (exit 1) with its own words:
 * the run cannot confirm the SLO, so a gate must not pass (docs/commands.md, exit codes).
 */
export function checkSummary(report: Report): string {
  const verdicts = report.scenarios.flatMap((s) => Object.values(s.slo).filter((v) => v !== undefined));
  if (verdicts.every((v) => v.met)) {
    const risk = verdicts.some((v) => v.maxBreachRisk !== null) ? ' and every breach risk is within its limit' : '';
    return `check: every SLO is met with 95% confidence${risk}`;
  }
  if (verdicts.some((v) => v.status === 'not-met')) return 'check: SLO NOT MET with 95% confidence';
  if (verdicts.some((v) => v.status === 'insufficient-evidence')) {
    return (
      'check: INSUFFICIENT EVIDENCE: too few replications with any outage to confirm an SLO; ' +
      'add --replications, a longer --horizon or --precision 10%'
    );
  }
  return 'check: BREACH RISK over the limit (--max-breach-risk)';
}

/**
 * `--importance zone,host` or `zone=4,host=2`: bias factors per failure class. Without a
 * factor, b = mean time to failure / horizon (at least 1): about one biased failure per
 * component per run.
 */
export function parseImportance(text: string, scenarios: readonly Scenario[]): { [C in FailureClass]?: number } {
  const out: { [C in FailureClass]?: number } = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [name, factorText] = part.split('=') as [string, string | undefined];
    if (!(FAILURE_CLASSES as readonly string[]).includes(name)) {
      throw new InputError(
        `--importance ${JSON.stringify(name)}: expected failure classes among ${FAILURE_CLASSES.join(', ')}`,
      );
    }
    const cls = name as FailureClass;
    // Hangs run on their own failure process (model/cluster.ts hangFailures), which takes no bias yet.
    if (cls === 'etcdHang' || cls === 'apiserverHang') {
      throw new InputError(
        `--importance ${cls}: importance sampling of hangs is not supported ` +
          `(only down failures are biased); leave ${cls} out of --importance`,
      );
    }
    for (const s of scenarios) {
      const f = s.failures[cls];
      if (f !== undefined && f.ttf.kind !== 'exponential') {
        throw new InputError(
          `--importance ${cls}: ${s.file} gives ${cls} a ${f.ttf.kind} time to ` +
            `failure; importance sampling needs an exponential one (mttf)`,
        );
      }
    }
    let factor: number;
    if (factorText === undefined) {
      const f = scenarios[0]?.failures[cls];
      factor =
        f === undefined || f.ttf.kind !== 'exponential'
          ? 1
          : Math.max(1, f.ttf.meanMs / scenarios[0]!.simulation.horizonMs);
    } else {
      factor = Number(factorText);
      if (!Number.isFinite(factor) || factor < 1 || factor > 1e6)
        throw new InputError(`--importance ${part}: ` + `expected a factor between 1 and 1e6`);
    }
    out[cls] = factor;
  }
  return out;
}
