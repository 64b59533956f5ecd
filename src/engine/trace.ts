/**
 * Trace lines: what happened, when, in plain words. The engine only carries the sink;
 * the model decides what to say. Tracing is off (null sink) in Monte Carlo runs so no
 * string is built in the hot loop.
 */
import type { SimTimeMs } from './time.ts';

/** One narrated event (SPEC §7 `explain --json`: t is seconds there, ms here). */
export interface TraceEntry {
  readonly timeMs: SimTimeMs;
  /** Machine-readable kind, e.g. `host-down`, `etcd-leader-elected`, `sli-down`. */
  readonly kind: string;
  /** Component id the event concerns (`host/cp-1`, `etcd`, `sli/api`), or ''. */
  readonly target: string;
  /** Plain words for people. */
  readonly text: string;
}

/** Receives trace entries in time order. */
export interface TraceSink {
  record(entry: TraceEntry): void;
}

/** A sink that keeps every entry in memory. */
export class ArrayTrace implements TraceSink {
  readonly entries: TraceEntry[] = [];
  record(entry: TraceEntry): void {
    this.entries.push(entry);
  }
}

/** `t=1h00m01.412s`: hours, minutes and seconds with milliseconds; days shown as `2d03h...`. */
export function formatSimTime(ms: SimTimeMs): string {
  const totalMs = Math.round(ms);
  const msPart = totalMs % 1000;
  const totalS = (totalMs - msPart) / 1000;
  const s = totalS % 60;
  const totalM = (totalS - s) / 60;
  const m = totalM % 60;
  const totalH = (totalM - m) / 60;
  const h = totalH % 24;
  const d = (totalH - h) / 24;
  const sec = `${String(s).padStart(2, '0')}.${String(msPart).padStart(3, '0')}s`;
  const min = `${String(m).padStart(2, '0')}m`;
  if (d > 0) return `${d}d${String(h).padStart(2, '0')}h${min}${sec}`;
  return `${h}h${min}${sec}`;
}
