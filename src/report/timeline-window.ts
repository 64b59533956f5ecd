/**
 * Timelines that focus: pure functions over a recorded Timeline (whatever recorded it).
 * `worstOutage` finds the outage a teacher wants to look at, `focusWindow` puts context
 * around it, `windowTimeline` keeps only a window of the run (segments clipped, events
 * and outages inside), and `summariseCrashLoops` folds an apiserver's repeated crash-loop
 * restarts into one narrated entry, so a long etcd outage is not a wall of markers.
 */
import type { TraceEntry } from '../engine/trace.ts';
import { SLIS, type Sli } from '../scenario/types.ts';
import { SIM } from './charts/gantt-time.ts';
import type { Timeline } from '../timeline/types.ts';

/** A stretch of simulated time [fromMs, toMs] in ms. */
export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Context around an outage: its own length on each side, at least a minute, at most a day. */
export const MIN_CONTEXT_MS = 60_000;
export const MAX_CONTEXT_MS = 86_400_000;

/**
 * The longest outage of `sli` (ties: the earliest), or of any SLI when `sli` is omitted
 * (API first on ties); null when the run had none.
 */
export function worstOutage(t: Timeline, sli?: Sli): (TimeWindow & { readonly sli: Sli }) | null {
  let best: (TimeWindow & { sli: Sli }) | null = null;
  const order: readonly Sli[] = sli !== undefined ? [sli] : ['api', ...SLIS.filter((s) => s !== 'api')];
  for (const s of order) {
    for (const o of t.outages[s]) {
      if (best === null || o.toMs - o.fromMs > best.toMs - best.fromMs)
        best = { fromMs: o.fromMs, toMs: o.toMs, sli: s };
    }
  }
  return best;
}

/** `w` widened by context on both sides (its own length, within the bounds), inside [0, untilMs]. */
export function focusWindow(w: TimeWindow, untilMs: number, startMs = 0): TimeWindow {
  const ctx = Math.min(MAX_CONTEXT_MS, Math.max(MIN_CONTEXT_MS, w.toMs - w.fromMs));
  return { fromMs: Math.max(startMs, w.fromMs - ctx), toMs: Math.min(untilMs, w.toMs + ctx) };
}

/**
 * The part of `t` inside `w`: segments clipped to it (every lane keeps at least the
 * segment covering the window's start), events and outages inside it.
 */
export function windowTimeline(t: Timeline, w: TimeWindow): Timeline {
  const from = Math.max(t.fromMs ?? 0, w.fromMs);
  const to = Math.min(t.untilMs, w.toMs);
  if (!(to > from))
    throw new Error(
      `empty window ${SIM.long(w.fromMs)} to ${SIM.long(w.toMs)} of a run drawn to ${SIM.long(t.untilMs)}`,
    );
  const clip = <T extends TimeWindow>(xs: readonly T[]): T[] =>
    xs
      .filter((x) => x.toMs > from && x.fromMs < to)
      .map((x) => ({ ...x, fromMs: Math.max(x.fromMs, from), toMs: Math.min(x.toMs, to) }));
  const outages = Object.fromEntries(SLIS.map((s) => [s, clip(t.outages[s])])) as unknown as Timeline['outages'];
  return {
    ...t,
    fromMs: from,
    untilMs: to,
    truncated: t.truncated && to >= t.untilMs,
    lanes: t.lanes.map((l) => ({ ...l, segments: clip(l.segments) })),
    events: t.events.filter((e) => e.timeMs >= from && e.timeMs <= to),
    outages,
  };
}

const LOOP_RESTART =
  /^kubelet kills apiserver on (\S+) \((?:liveness|startup probe) failed: no etcd\); (?:first restart at once|crash-loop back-off \S+)$/;
const LOOP_START =
  /^kubelet starts apiserver on (\S+) again: (?:starting \(ready after \S+ at the earliest\)|etcd still unreachable)$/;
const LOOP_STARTED = /^apiserver on (\S+) has started: etcd unreachable$/;

/** The apiserver an entry is a plain crash-loop step of (no SLI change on it), else null. */
function loopStep(e: TraceEntry): string | null {
  const re =
    e.kind === 'apiserver-restart'
      ? LOOP_RESTART
      : e.kind === 'apiserver-start'
        ? LOOP_START
        : e.kind === 'apiserver-started'
          ? LOOP_STARTED
          : null;
  const m = re === null ? null : re.exec(e.text);
  return m === null ? null : m[1]!;
}

/**
 * Folds each apiserver's crash loop into its first restart: later plain restarts and
 * failed starts of the same apiserver (those that change no SLI) are dropped and counted
 * in the first entry's text ("… then 7 more restarts until t=…"). A loop ends at any
 * other entry about that apiserver (it starts ready, is stopped, …).
 */
export function summariseCrashLoops(events: readonly TraceEntry[]): TraceEntry[] {
  const out: TraceEntry[] = [];
  const open = new Map<string, { at: number; restarts: number; lastMs: number }>();
  const close = (name: string): void => {
    const o = open.get(name);
    open.delete(name);
    if (o === undefined || o.restarts === 0) return;
    const e = out[o.at]!;
    out[o.at] = {
      ...e,
      text:
        `${e.text} (crash loop: ${o.restarts} more ` +
        `restart${o.restarts === 1 ? '' : 's'} until ${SIM.long(o.lastMs)}, summarised)`,
    };
  };
  for (const e of events) {
    const name = loopStep(e);
    const o = name === null ? undefined : open.get(name);
    if (name !== null && o !== undefined) {
      if (e.kind === 'apiserver-restart') o.restarts++;
      o.lastMs = e.timeMs;
      continue;
    }
    const about = /^apiserver\/(.+)$/.exec(e.target)?.[1];
    if (about !== undefined) close(about);
    out.push(e);
    if (e.kind === 'apiserver-restart' && about !== undefined)
      open.set(about, { at: out.length - 1, restarts: 0, lastMs: e.timeMs });
  }
  for (const name of [...open.keys()]) close(name);
  return out;
}

/** `t` with its crash loops summarised (`summariseCrashLoops` on its events). */
export function withCrashLoopsSummarised(t: Timeline): Timeline {
  return { ...t, events: summariseCrashLoops(t.events) };
}
