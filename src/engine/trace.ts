/**
 * Trace lines: what happened, when, in plain words. The engine only carries the sink;
 * the model decides what to say. Tracing is off (null sink) in Monte Carlo runs so no
 * string is built in the hot loop.
 */
import type { SimTimeMs } from './time.ts';

/** One narrated event (docs/spec.md §7 `explain --json`: t is seconds there, ms here). */
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
