/**
 * One narrated run as a library (`explain`): one replication with the narrator, the
 * request-impact recorder, the timeline recorder (when a timeline is wanted) and the
 * invariant checker attached as observers; the worst-outage window; the timeline drawn.
 */
import type { TraceEntry, TraceSink } from '../engine/index.ts';
import { InvariantChecker, Narrator, openReplication, RequestImpactRecorder, type Observer } from '../model/index.ts';
import type { ExplainRun } from '../report/explain.ts';
import { focusWindow, windowTimeline, withCrashLoopsSummarised, type TimeWindow } from '../report/timeline-window.ts';
import { SLIS, type Scenario } from '../scenario/types.ts';
import { recordTimeline, TimelineRecorder, type Timeline } from '../timeline/index.ts';
import { InputError } from './errors.ts';

/** Most hosts an explain timeline draws (docs/robustness.md: memory grows with the lanes; 1,000 hosts took 4.2 GB). */
export const MAX_HTML_HOSTS = 100;

/** What to explain; all optional. */
export interface ExplainOptions {
  /** The replication to replay (as numbered by `run`). @default 0 */
  readonly replication?: number;
  /** End of the run (ms). @default simulation.horizon */
  readonly untilMs?: number;
  /** Start of the focus window (ms), with `untilMs` as its end. */
  readonly fromMs?: number;
  /** Focus on the run's longest outage with context. */
  readonly aroundWorst?: boolean;
  /** Record the timeline lanes (for the HTML view). @default false */
  readonly timeline?: boolean;
  /** Run the invariant checker after every event (a broken one throws InvariantError). @default false */
  readonly checkInvariants?: boolean;
}

/**
 * Runs one replication of `scenario` once, with the narrator, the request-impact recorder,
 * the timeline recorder (when `timeline`) and the invariant checker attached.
 */
export function explainScenario(scenario: Scenario, o: ExplainOptions = {}): ExplainRun {
  if (o.timeline === true && scenario.topology.hosts.length > MAX_HTML_HOSTS) {
    throw new InputError(
      `--html: the timeline draws a lane for every component of every host, at most ` +
        `${MAX_HTML_HOSTS} hosts; this scenario has ${scenario.topology.hosts.length} (1,000 took 4.2 GB). ` +
        `Use --json, or a smaller topology (--set)`,
    );
  }
  const untilMs = o.untilMs ?? scenario.simulation.horizonMs;
  const replication = o.replication ?? 0;
  const trace = new CappedTrace(MAX_EXPLAIN_EVENTS);
  // One run: the narrator, the timeline recorder (for --html) and the invariant checker
  // watch the same replication. The recorder keeps up to DRAW_WHOLE_EVENTS events, which
  // is the whole run whenever explainTimeline draws it whole.
  const recorder = o.timeline === true ? new TimelineRecorder({ maxEvents: DRAW_WHOLE_EVENTS + 1 }) : null;
  const impact = new RequestImpactRecorder();
  const observers: Observer[] = [new Narrator(trace), impact];
  if (recorder !== null) observers.push(recorder);
  if (o.checkInvariants === true) observers.push(new InvariantChecker());
  const rep = openReplication(scenario, replication, { observers });
  rep.runUntil(untilMs);
  const result = rep.finish();
  const timeline = recorder === null ? null : recorder.timeline(trace.entries);
  const run: ExplainRun = {
    scenario,
    seed: scenario.simulation.seed,
    replication,
    untilMs,
    entries: trace.entries,
    omittedEvents: trace.omitted,
    result,
    timeline,
    requestImpact: impact.segments,
  };
  const window =
    o.fromMs !== undefined ? { fromMs: o.fromMs, toMs: untilMs } : o.aroundWorst === true ? worstWindow(run) : null;
  return window === null ? run : { ...run, window };
}

/** The longest outage of the run (the API's first on ties) with context; null if none. */
export function worstWindow(run: ExplainRun): TimeWindow | null {
  let best: TimeWindow | null = null;
  for (const sli of ['api', ...SLIS.filter((s) => s !== 'api')] as const) {
    const xs = run.result.slis[sli].outages;
    for (let i = 0; i < xs.length; i += 2)
      if (best === null || xs[i + 1]! - xs[i]! > best.toMs - best.fromMs) best = { fromMs: xs[i]!, toMs: xs[i + 1]! };
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
  const recorded =
    whole && run.timeline !== null
      ? run.timeline
      : recordTimeline(run.scenario, {
          untilMs,
          replication: run.replication,
          maxEvents: whole || focus !== null ? Infinity : 2000,
        });
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
