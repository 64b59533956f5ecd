/**
 * SLI timelines (SPEC §5): each SLI is up or down at every instant; an outage is a
 * maximal down interval. Zero-length outages (down and up again at the same instant,
 * e.g. under `timing: ideal`) are dropped. Also integrates the API's request success share.
 */
import { SLIS, type Sli } from '../scenario/types.ts';
import type { ResolvedLoad } from '../scenario/types.ts';
import { RequestLoad } from './request-load.ts';
import type { SliTimeline } from './result.ts';

/** Up/down state and outage lists of the four SLIs, indexed in SLIS order. */
export class SliTracker {
  /** Current state per SLI (SLIS order). */
  readonly up: boolean[] = [true, true, true, true];
  private readonly downSince: number[] = [0, 0, 0, 0];
  private readonly downMs: number[] = [0, 0, 0, 0];
  private readonly outages: number[][] = [[], [], [], []];
  private share = 1;
  private shareSince = 0;
  private successMs = 0;
  /** Issue 16: backends the load is spread over, and the load (null: capacity never binds). */
  private spread = 1;
  private readonly load: RequestLoad | null;

  constructor(load: ResolvedLoad | null = null) {
    this.load = load === null ? null : new RequestLoad(load);
  }

  /** Sets SLI i's state at `nowMs`; returns 1 << i when it changed, else 0. */
  set(i: number, nowMs: number, up: boolean): number {
    if (this.up[i] === up) return 0;
    this.up[i] = up;
    const list = this.outages[i]!;
    if (!up) {
      this.downSince[i] = nowMs;
      return 1 << i;
    }
    const from = this.downSince[i]!;
    if (nowMs > from) {
      list.push(from, nowMs);
      this.downMs[i]! += nowMs - from;
    }
    return 1 << i;
  }

  /**
   * Sets the API request success share at `nowMs`: the fraction of requests routed to a
   * ready backend, and (with a load) the number of backends they are spread over.
   */
  setShare(nowMs: number, share: number, spread = 1): void {
    if (share === this.share && (this.load === null || spread === this.spread)) return;
    this.successMs += this.servedSince(nowMs);
    this.share = share;
    this.spread = spread;
    this.shareSince = nowMs;
  }

  private servedSince(nowMs: number): number {
    if (this.load === null) return this.share * (nowMs - this.shareSince);
    return this.load.served(this.shareSince, nowMs, this.share, this.spread);
  }

  /** Closes open outages at `endMs` and returns the timelines. */
  finish(endMs: number): { slis: { [S in Sli]: SliTimeline }; apiRequestSuccessMs: number } {
    const slis = {} as { [S in Sli]: SliTimeline };
    SLIS.forEach((name, i) => {
      const list = this.outages[i]!.slice();
      let down = this.downMs[i]!;
      if (!this.up[i] && endMs > this.downSince[i]!) {
        list.push(this.downSince[i]!, endMs);
        down += endMs - this.downSince[i]!;
      }
      slis[name] = { downMs: down, outages: list };
    });
    return { slis, apiRequestSuccessMs: this.successMs + this.servedSince(endMs) };
  }
}
