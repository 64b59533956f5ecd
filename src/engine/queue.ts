/**
 * The future event list: a binary heap (fastpriorityqueue) of entries ordered by
 * (timeMs, priority, insertion sequence). Priority and sequence are packed into one
 * number, `order = priority * 2^44 + seq`, so the comparator does two numeric
 * comparisons per call at most: this is the hottest function of the simulator.
 *
 * Cancellation is lazy: a cancelled entry stays in the heap, flagged, and is dropped when
 * it reaches the top.
 */
import FastPriorityQueue from 'fastpriorityqueue';
import type { SimTimeMs } from './time.ts';

/** Priorities are small non-negative integers; lower runs first at equal times. */
export const MAX_PRIORITY = 511;
const SEQ_SPAN = 2 ** 44;

/** A scheduled event. Returned by `schedule` as the handle to cancel it. */
export interface Timer<E> {
  readonly timeMs: SimTimeMs;
  /** priority * 2^44 + insertion sequence. */
  readonly order: number;
  readonly payload: E;
  /** False once cancelled or delivered. */
  live: boolean;
}

/** The concrete timer record: a class so every entry shares one hidden class. */
class Entry<E> implements Timer<E> {
  timeMs: SimTimeMs;
  order: number;
  payload: E;
  live: boolean;
  constructor(timeMs: SimTimeMs, order: number, payload: E) {
    this.timeMs = timeMs;
    this.order = order;
    this.payload = payload;
    this.live = true;
  }
}

function before<E>(a: Timer<E>, b: Timer<E>): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.order < b.order);
}

/** A min-queue of timers in (time, priority, seq) order with lazy cancellation. */
export class EventQueue<E> {
  private readonly heap = new FastPriorityQueue<Timer<E>>(before);
  private seq = 0;
  private liveCount = 0;

  /** Live (not cancelled, not yet delivered) entries. */
  get size(): number {
    return this.liveCount;
  }

  /**
   * Adds an entry at `timeMs` (finite, >= 0) with `priority` (an integer in
   * [0, MAX_PRIORITY]; callers outside the engine go through `Simulation`, which checks it).
   */
  push(timeMs: SimTimeMs, priority: number, payload: E): Timer<E> {
    if (!(timeMs >= 0 && timeMs < Infinity)) {
      throw new Error(`event time must be a finite number >= 0, got ${timeMs}`);
    }
    const t = new Entry(timeMs, priority * SEQ_SPAN + this.seq++, payload);
    this.heap.add(t);
    this.liveCount++;
    return t;
  }

  /** Cancels `t`; returns false if it was already cancelled or delivered. */
  cancel(t: Timer<E>): boolean {
    if (!t.live) return false;
    t.live = false;
    this.liveCount--;
    return true;
  }

  /** The earliest live entry without removing it, or undefined. */
  peek(): Timer<E> | undefined {
    const heap = this.heap;
    let top = heap.peek();
    while (top !== undefined && !top.live) {
      heap.poll();
      top = heap.peek();
    }
    return top;
  }

  /** Removes and returns the earliest live entry, or undefined when empty. */
  pop(): Timer<E> | undefined {
    const heap = this.heap;
    let top = heap.poll();
    while (top !== undefined && !top.live) top = heap.poll();
    if (top !== undefined) {
      top.live = false;
      this.liveCount--;
    }
    return top;
  }

  /**
   * Removes and returns the earliest live entry if its time is <= `untilMs`, else
   * undefined (leaving it queued). The engine's run loop calls only this.
   */
  popUntil(untilMs: SimTimeMs): Timer<E> | undefined {
    const heap = this.heap;
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return undefined;
      if (!top.live) {
        heap.poll();
        continue;
      }
      if (top.timeMs > untilMs) return undefined;
      heap.poll();
      top.live = false;
      this.liveCount--;
      return top;
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.heap.heapify([]);
    this.liveCount = 0;
  }
}
