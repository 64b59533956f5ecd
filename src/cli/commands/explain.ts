/**
 * `k8s-ha-sim explain SCENARIO [--seed N] [--replication R] [--until DURATION]
 * [--json FILE|-] [--html FILE] [--check-invariants]`: one seeded run, narrated event by
 * event. Replication R is the same year `run` simulated as its replication R, so the worst
 * year a report names can be replayed.
 */
import type { Command } from 'commander';
import { InvariantError } from '../../model/index.ts';
import { explainJson, formatExplainText, type ExplainRun } from '../../report/explain.ts';
import { shellCommand } from '../../report/safe-text.ts';
import { renderTimelineHtml } from '../../report/timeline-html.ts';
import { parseDurationMs } from '../../scenario/duration.ts';
import { explainScenario, explainTimeline } from '../../study/explain.ts';
import { terminalColumns } from '../columns.ts';
import { EXIT_BUG, InputError, type ExitSink } from '../errors.ts';
import { loadScenarioForCli } from '../load-scenario.ts';
import { collect, writeOutput, writeStdout, writeStderr } from '../output.ts';

/** Flags of `explain` as commander hands them over. */
export interface ExplainFlags {
  readonly seed?: string;
  /** `simulation.horizon` override, as `run --horizon` (so a printed replay command works). */
  readonly horizon?: string;
  readonly replication?: string;
  readonly until?: string;
  readonly json?: string;
  /** Write the run as an HTML timeline (Gantt chart and narrated events). */
  readonly html?: string;
  /** `worst`: focus on the run's longest outage (the API's on ties) with context. */
  readonly around?: string;
  /** Start of the focus window (with --until as its end). */
  readonly from?: string;
  readonly checkInvariants?: boolean;
  readonly set?: string[];
  readonly quiet?: boolean;
}

/**
 * Loads the scenario and runs one replication (default 0) once, with the narrator, the
 * timeline recorder (when `html` is set) and the invariant checker attached
 * (src/study/explain.ts).
 */
export function runExplain(file: string, opts: ExplainFlags = {}): ExplainRun {
  const scenario = loadScenarioForCli(
    file,
    {
      set: opts.set ?? [],
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}),
    },
    { quiet: opts.quiet ?? false },
  );
  const untilMs =
    opts.until === undefined ? scenario.simulation.horizonMs : parseDuration('--until', opts.until, false);
  const fromMs = opts.from === undefined ? null : parseDuration('--from', opts.from, true);
  if (fromMs !== null && fromMs >= untilMs)
    throw new InputError(
      `--from ${opts.from} must come ` + `before the end of the run (${opts.until ?? 'simulation.horizon'})`,
    );
  if (opts.around !== undefined && opts.around !== 'worst')
    throw new InputError(`--around ${JSON.stringify(opts.around)}: expected worst`);
  if (opts.around !== undefined && fromMs !== null)
    throw new InputError('--around and --from both choose the window: give one');
  return explainScenario(scenario, {
    replication: parseReplication(opts.replication),
    untilMs,
    ...(fromMs !== null ? { fromMs } : {}),
    aroundWorst: opts.around === 'worst',
    timeline: opts.html !== undefined,
    checkInvariants: opts.checkInvariants === true,
  });
}

function parseDuration(flag: string, text: string, zeroOk: boolean): number {
  const ms = parseDurationMs(text);
  if (ms === null || ms < 0 || (ms === 0 && !zeroOk))
    throw new InputError(`${flag} ` + `${JSON.stringify(text)}: expected a duration with a unit, e.g. 2h or 90s`);
  return ms;
}

/** The shell-quoted command replaying this explain run with invariant checks on. */
export function explainReplayCommand(file: string, opts: ExplainFlags): string {
  const words = ['explain', file];
  if (opts.seed !== undefined) words.push('--seed', opts.seed);
  if (opts.horizon !== undefined) words.push('--horizon', opts.horizon);
  for (const s of opts.set ?? []) words.push('--set', s);
  if (opts.replication !== undefined) words.push('--replication', opts.replication);
  if (opts.until !== undefined) words.push('--until', opts.until);
  return `k8s-ha-sim ${shellCommand([...words, '--check-invariants'])}`;
}

function parseReplication(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 1e7) {
    throw new InputError(`--replication ${JSON.stringify(text)}: expected a whole number from 0 to 10000000`);
  }
  return n;
}

/** Registers `explain`. */
export function register(program: Command, exit: ExitSink): void {
  program
    .command('explain')
    .description(
      "one seeded run (replication 0 unless --replication), narrated event by event, then each SLI's outages",
    )
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'random seed (overrides simulation.seed)')
    .option('--horizon <duration>', 'simulated time (overrides simulation.horizon, as in run), e.g. 30d')
    .option('--replication <r>', 'which replication to replay (as numbered by run; default 0)')
    .option('--until <duration>', 'stop the run here (default: simulation.horizon), e.g. 6h')
    .option('--around <what>', "focus on the run's worst outage with context: worst (text and --html)")
    .option('--from <duration>', 'focus window from here to --until (text and --html), e.g. 1h')
    .option('--json <file>', 'write { events, outages } as JSON (- = stdout, then no text)')
    .option(
      '--html <file>',
      'write the run as an HTML timeline: a Gantt chart of every component and the narrated events (- = stdout)',
    )
    .option('--check-invariants', 'check the model invariants after every event (exit 3 if one breaks)')
    .option('--set <path=value>', 'override a scenario key (repeatable)', collect)
    .option('--quiet', 'no warnings, and no narration on stdout (with --json FILE or --html FILE)')
    .action((file: string, opts: ExplainFlags) => {
      let run: ExplainRun;
      try {
        run = runExplain(file, opts);
      } catch (err) {
        if (!(err instanceof InvariantError)) throw err;
        writeStderr(`k8s-ha-sim: ${err.message} (a bug in the model; replay: ${explainReplayCommand(file, opts)})\n`);
        exit(EXIT_BUG);
        return;
      }
      if (opts.json !== undefined) writeOutput(opts.json, `${JSON.stringify(explainJson(run), null, 2)}\n`);
      if (opts.html !== undefined) writeOutput(opts.html, renderTimelineHtml(explainTimeline(run)));
      if (opts.json !== '-' && opts.html !== '-' && opts.quiet !== true)
        writeStdout(formatExplainText(run, terminalColumns()));
    });
}
