/**
 * The discrete-event kernel: a clock, the event queue and one handler. It knows nothing
 * about Kubernetes. Events carry an opaque payload; the handler (the model's dispatcher)
 * decides what each means, as etcd-io/raft takes every input through `Step(msg)`.
 *
 * Time never goes backwards: an event is delivered at its time, and the clock then reads
 * that time. Equal times are delivered by priority, then in insertion order.
 */
import { EventQueue, MAX_PRIORITY, type Timer } from './queue.ts';
import type { SimTimeMs } from './time.ts';

export type { Timer } from './queue.ts';

/** Called for each delivered event, with the clock already at the event's time. */
export type Handler<E> = (payload: E, sim: Simulation<E>) => void;

/** Priority of events scheduled without one. */
export const DEFAULT_PRIORITY = 100;
const SEQ_SPAN = 2 ** 44;

/** A discrete-event simulation over payloads of type E. */
export class Simulation<E> {
  private readonly queue = new EventQueue<E>();
  private handler: Handler<E>;
  private stopped = false;
  /** Current simulated time. */
  nowMs: SimTimeMs = 0;
  /** Events delivered so far. */
  events = 0;

  constructor(handler: Handler<E>) {
    this.handler = handler;
  }

  /** Replaces the handler (lets actors be built after the simulation they schedule on). */
  setHandler(handler: Handler<E>): void {
    this.handler = handler;
  }

  /** Events scheduled and not yet delivered or cancelled. */
  get pending(): number {
    return this.queue.size;
  }

  /** Schedules `payload` `delayMs` (>= 0) from now. */
  schedule(delayMs: number, payload: E, priority: number = DEFAULT_PRIORITY): Timer<E> {
    if (!(delayMs >= 0)) throw new Error(`delay must be >= 0 ms, got ${delayMs}`);
    if (priority !== DEFAULT_PRIORITY) checkPriority(priority);
    return this.queue.push(this.nowMs + delayMs, priority, payload);
  }

  /** Schedules `payload` at absolute time `timeMs` (>= now). */
  scheduleAt(timeMs: SimTimeMs, payload: E, priority: number = DEFAULT_PRIORITY): Timer<E> {
    if (!(timeMs >= this.nowMs)) {
      throw new Error(`cannot schedule in the past: ${timeMs} ms < now ${this.nowMs} ms`);
    }
    if (priority !== DEFAULT_PRIORITY) checkPriority(priority);
    return this.queue.push(timeMs, priority, payload);
  }

  /** Cancels a scheduled event; false if it was already delivered or cancelled. */
  cancel(timer: Timer<E>): boolean {
    return this.queue.cancel(timer);
  }

  /**
   * Moves a scheduled (or already delivered) event to `delayMs` from now, keeping its
   * payload and priority; it sorts after events already scheduled for the same time.
   */
  reschedule(timer: Timer<E>, delayMs: number): Timer<E> {
    this.queue.cancel(timer);
    return this.schedule(delayMs, timer.payload, Math.floor(timer.order / SEQ_SPAN));
  }

  /** Makes `run` return after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  /** Delivers the next event if its time is <= `untilMs`; false when there is none. */
  step(untilMs: SimTimeMs = Number.MAX_VALUE): boolean {
    const t = this.queue.popUntil(untilMs);
    if (t === undefined) return false;
    this.nowMs = t.timeMs;
    this.events++;
    this.handler(t.payload, this);
    return true;
  }

  /**
   * Delivers every event with time <= `untilMs` in order, then sets the clock to
   * `untilMs` (unless stopped early). `afterEach`, if given, runs after every event
   * (invariant checkers). The handler is read once: `setHandler` during a run takes effect
   * at the next `run`. Returns the number of events delivered.
   */
  run(untilMs: SimTimeMs, afterEach?: (sim: Simulation<E>) => void): number {
    const queue = this.queue;
    const handler = this.handler;
    const start = this.events;
    this.stopped = false;
    for (;;) {
      const t = queue.popUntil(untilMs);
      if (t === undefined) break;
      this.nowMs = t.timeMs;
      this.events++;
      handler(t.payload, this);
      if (afterEach !== undefined) afterEach(this);
      if (this.stopped) return this.events - start;
    }
    if (untilMs > this.nowMs) this.nowMs = untilMs;
    return this.events - start;
  }
}

function checkPriority(priority: number): void {
  if (!(priority >= 0 && priority <= MAX_PRIORITY) || Math.floor(priority) !== priority) {
    throw new Error(`event priority must be an integer in [0, ${MAX_PRIORITY}], got ${priority}`);
  }
}
