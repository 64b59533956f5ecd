/**
 * `k8s-ha-sim explain SCENARIO [--seed N] [--replication R] [--until DURATION]
 * [--json FILE|-] [--html FILE] [--check-invariants]`: one seeded run, narrated event by
 * event. Replication R is the same year `run` simulated as its replication R, so the worst
 * year a report names can be replayed.
 */
import type { Command } from 'commander';
import type { TraceEntry, TraceSink } from '../../engine/index.ts';
import { InvariantChecker, InvariantError, Narrator, openReplication, RequestImpactRecorder, type Observer } from '../../model/index.ts';
import { explainJson, formatExplainText, type ExplainRun } from '../../report/explain.ts';
import { shellCommand } from '../../report/safe-text.ts';
import { renderTimelineHtml } from '../../report/timeline-html.ts';
import { focusWindow, windowTimeline, withCrashLoopsSummarised, type TimeWindow } from '../../report/timeline-window.ts';
import { SLIS } from '../../scenario/types.ts';
import { recordTimeline, type Timeline } from '../../timeline/index.ts';
import { parseDurationMs } from '../../scenario/duration.ts';
import { TimelineRecorder } from '../../timeline/index.ts';
import { terminalColumns } from '../columns.ts';
import { EXIT_BUG, InputError } from '../errors.ts';
import { loadScenarioForCli } from '../load-scenario.ts';
import { setExitCode } from '../main.ts';
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

/** Most hosts `explain --html` draws (issue 22: memory grows with the lanes; 1,000 hosts took 4.2 GB). */
export const MAX_HTML_HOSTS = 100;

/**
 * Loads the scenario and runs one replication (default 0) once, with the narrator, the
 * timeline recorder (when `html` is set) and the invariant checker attached.
 */
export function runExplain(file: string, opts: ExplainFlags = {}): ExplainRun {
  const scenario = loadScenarioForCli(
    file,
    { set: opts.set ?? [], ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}) },
    { quiet: opts.quiet ?? false },
  );
  if (opts.html !== undefined && scenario.topology.hosts.length > MAX_HTML_HOSTS) {
    throw new InputError(
      `--html: the timeline draws a lane for every component of every host, at most ${MAX_HTML_HOSTS} hosts; this scenario has ${scenario.topology.hosts.length} (1,000 took 4.2 GB). Use --json, or a smaller topology (--set)`,
    );
  }
  const untilMs = opts.until === undefined ? scenario.simulation.horizonMs : parseDuration('--until', opts.until, false);
  const fromMs = opts.from === undefined ? null : parseDuration('--from', opts.from, true);
  if (fromMs !== null && fromMs >= untilMs) throw new InputError(`--from ${opts.from} must come before the end of the run (${opts.until ?? 'simulation.horizon'})`);
  if (opts.around !== undefined && opts.around !== 'worst') throw new InputError(`--around ${JSON.stringify(opts.around)}: expected worst`);
  if (opts.around !== undefined && fromMs !== null) throw new InputError('--around and --from both choose the window: give one');
  const replication = parseReplication(opts.replication);
  const trace = new CappedTrace(MAX_EXPLAIN_EVENTS);
  // One run: the narrator, the timeline recorder (for --html) and the invariant checker
  // watch the same replication. The recorder keeps up to DRAW_WHOLE_EVENTS events, which
  // is the whole run whenever explainTimeline draws it whole.
  const recorder = opts.html !== undefined ? new TimelineRecorder({ maxEvents: DRAW_WHOLE_EVENTS + 1 }) : null;
  const impact = new RequestImpactRecorder();
  const observers: Observer[] = [new Narrator(trace), impact];
  if (recorder !== null) observers.push(recorder);
  if (opts.checkInvariants === true) observers.push(new InvariantChecker());
  const rep = openReplication(scenario, replication, { observers });
  rep.runUntil(untilMs);
  const result = rep.finish();
  const timeline = recorder === null ? null : recorder.timeline(trace.entries);
  const run: ExplainRun = { scenario, seed: scenario.simulation.seed, replication, untilMs, entries: trace.entries, omittedEvents: trace.omitted, result, timeline, requestImpact: impact.segments };
  const window = fromMs !== null ? { fromMs, toMs: untilMs } : opts.around === 'worst' ? worstWindow(run) : null;
  return window === null ? run : { ...run, window };
}

function parseDuration(flag: string, text: string, zeroOk: boolean): number {
  const ms = parseDurationMs(text);
  if (ms === null || ms < 0 || (ms === 0 && !zeroOk)) throw new InputError(`${flag} ${JSON.stringify(text)}: expected a duration with a unit, e.g. 2h or 90s`);
  return ms;
}

/** The longest outage of the run (the API's first on ties) with context; null if none. */
export function worstWindow(run: ExplainRun): TimeWindow | null {
  let best: TimeWindow | null = null;
  for (const sli of ['api', ...SLIS.filter((s) => s !== 'api')] as const) {
    const xs = run.result.slis[sli].outages;
    for (let i = 0; i < xs.length; i += 2) if (best === null || xs[i + 1]! - xs[i]! > best.toMs - best.fromMs) best = { fromMs: xs[i]!, toMs: xs[i + 1]! };
  }
  return best === null ? null : focusWindow(best, run.untilMs);
}

/** Runs with this many engine events or fewer are drawn whole; longer ones up to the focus. */
const DRAW_WHOLE_EVENTS = 20_000;

/**
 * The timeline `explain --html` draws: never cut inside the window (or, without one,
 * inside the worst outage), crash loops summarised, clipped to the window when asked.
 */
export function explainTimeline(run: ExplainRun): Timeline {
  const focus = run.window ?? worstWindow(run);
  const whole = run.result.events <= DRAW_WHOLE_EVENTS;
  const untilMs = whole || focus === null ? run.untilMs : focus.toMs;
  // The run's own recording when it is drawn whole; a run too long for that is recorded
  // again up to its focus (the only case that simulates the replication twice).
  const recorded = whole && run.timeline !== null ? run.timeline : recordTimeline(run.scenario, { untilMs, replication: run.replication, maxEvents: whole || focus !== null ? Infinity : 2000 });
  const t = withCrashLoopsSummarised(recorded);
  return run.window === undefined ? t : windowTimeline(t, run.window);
}

/**
 * Most narrated events `explain` keeps. A valid one-day scenario with every class at
 * `mttf: 1s` narrates millions of events; their JSON passed V8's longest string
 * (RangeError). Past the cap the run goes on (outages and downtime stay exact) and the
 * views say how many events they leave out; `--until` narrows the window.
 */
export const MAX_EXPLAIN_EVENTS = 100_000;

/** A trace sink that keeps the first `limit` entries and counts the rest. */
export class CappedTrace implements TraceSink {
  readonly entries: TraceEntry[] = [];
  omitted = 0;
  constructor(private readonly limit: number) {}
  record(entry: TraceEntry): void {
    if (this.entries.length < this.limit) this.entries.push(entry);
    else this.omitted++;
  }
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
export function register(program: Command): void {
  program
    .command('explain')
    .description('one seeded run (replication 0 unless --replication), narrated event by event, then each SLI\'s outages')
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'random seed (overrides simulation.seed)')
    .option('--horizon <duration>', 'simulated time (overrides simulation.horizon, as in run), e.g. 30d')
    .option('--replication <r>', 'which replication to replay (as numbered by run; default 0)')
    .option('--until <duration>', 'stop the run here (default: simulation.horizon), e.g. 6h')
    .option('--around <what>', 'focus on the run\'s worst outage with context: worst (text and --html)')
    .option('--from <duration>', 'focus window from here to --until (text and --html), e.g. 1h')
    .option('--json <file>', 'write { events, outages } as JSON (- = stdout, then no text)')
    .option('--html <file>', 'write the run as an HTML timeline: a Gantt chart of every component and the narrated events (- = stdout)')
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
        setExitCode(EXIT_BUG);
        return;
      }
      if (opts.json !== undefined) writeOutput(opts.json, `${JSON.stringify(explainJson(run), null, 2)}\n`);
      if (opts.html !== undefined) writeOutput(opts.html, renderTimelineHtml(explainTimeline(run)));
      if (opts.json !== '-' && opts.html !== '-' && opts.quiet !== true) writeStdout(formatExplainText(run, terminalColumns()));
    });
}
