/**
 * The narrator: an observer that collects the narration line of every event (`explain`
 * text and JSON). Attaching it turns narration on; without it no string is built.
 */
import type { TraceEntry, TraceSink } from '../engine/index.ts';
import type { Observer } from './observer.ts';
import type { ClusterView } from './view.ts';

/** Collects narration lines, in time order, into `entries`, or only into `sink` when one is given. */
export class Narrator implements Observer {
  readonly narrates = true;
  readonly entries: TraceEntry[] = [];
  private readonly sink: TraceSink | null;

  /** @param sink receives every line instead of `entries` (e.g. a capped trace) */
  constructor(sink: TraceSink | null = null) {
    this.sink = sink;
  }

  /** Keeps the event's line, if it had one. */
  afterEvent(view: ClusterView): void {
    const line = view.narration;
    if (line === null) return;
    if (this.sink !== null) this.sink.record(line);
    else this.entries.push(line);
  }
}
