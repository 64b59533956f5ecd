/**
 * SLI timelines (docs/spec.md §5): each SLI is up or down at every instant; an outage is a
 * maximal down interval. Zero-length outages (down and up again at the same instant,
 * e.g. under `timing: ideal`) are dropped. Also integrates the API's request success share.
 */
import { SLIS, type Sli } from '../scenario/types.ts';
import type { ResolvedLoad } from '../scenario/types.ts';
import { RequestLoad } from './request-load.ts';
import type { SliTimeline } from './result.ts';
import type { SliView } from './view.ts';

const MINUTE_MS = 60_000;

/** docs/model.md: a minute with more than this share of failed API requests is a bad minute (GKE/EKS-style SLA accounting). */
export const DEFAULT_BAD_MINUTE = 0.05;

/** The change bit of each SLI (1 << its SLIS index): what `SliTracker.set` returns on a change. */
export const SLI_BIT: Readonly<Record<Sli, number>> = { etcd: 1, api: 2, controllers: 4, scheduler: 8 };

/** Position of each SLI in the tracker's arrays (SLIS order). */
const SLI_INDEX: Readonly<Record<Sli, number>> = { etcd: 0, api: 1, controllers: 2, scheduler: 3 };

/** Up/down state and outage lists of the four SLIs, read and set by name. */
export class SliTracker implements SliView {
  /** Current state per SLI (SLIS order). */
  private readonly up: boolean[] = [true, true, true, true];
  private readonly downSince: number[] = [0, 0, 0, 0];
  private readonly downMs: number[] = [0, 0, 0, 0];
  private readonly outages: number[][] = [[], [], [], []];
  private share = 1;
  private shareSince = 0;
  private successMs = 0;
  /** docs/model.md: error share above which a minute is bad, and the bad-minute count (see `advanceBad`). */
  private readonly badThreshold: number;
  private badMinutes = 0;
  /** Error-ms accumulated in the current minute, and that minute's index. */
  private minuteErrMs = 0;
  private minute = 0;
  /** docs/scenario-format.md: backends the load is spread over, and the load (null: capacity never binds). */
  private spread = 1;
  private readonly load: RequestLoad | null;

  /** @param badMinute error share above which a minute counts as down (docs/model.md; 5% by default) */
  constructor(load: ResolvedLoad | null = null, badMinute = DEFAULT_BAD_MINUTE) {
    this.load = load === null ? null : new RequestLoad(load);
    this.badThreshold = badMinute;
  }

  /** Is SLI `sli` up now? */
  isUp(sli: Sli): boolean {
    return this.up[SLI_INDEX[sli]]!;
  }

  /** Sets SLI `sli`'s state at `nowMs`; returns SLI_BIT[sli] when it changed, else 0. */
  set(sli: Sli, nowMs: number, up: boolean): number {
    const i = SLI_INDEX[sli];
    if (this.up[i] === up) return 0;
    this.up[i] = up;
    const list = this.outages[i]!;
    if (!up) {
      this.downSince[i] = nowMs;
      return SLI_BIT[sli];
    }
    const from = this.downSince[i]!;
    if (nowMs > from) {
      list.push(from, nowMs);
      this.downMs[i]! += nowMs - from;
    }
    return SLI_BIT[sli];
  }

  /**
   * Sets the API request success share at `nowMs`: the fraction of requests routed to a
   * ready backend, and (with a load) the number of backends they are spread over.
   */
  setShare(nowMs: number, share: number, spread = 1): void {
    if (share === this.share && (this.load === null || spread === this.spread)) return;
    this.advanceBad(nowMs);
    this.successMs += this.servedSince(nowMs);
    this.share = share;
    this.spread = spread;
    this.shareSince = nowMs;
  }

  /**
   * docs/model.md: the bad minutes up to `nowMs` from the piecewise-constant error share
   * 1 - share since the last change, exactly: minutes are aligned at t = 0; a minute is
   * bad when its mean error share exceeds the threshold. O(1) per change: the whole
   * minutes inside one constant stretch are all bad or all good.
   */
  private advanceBad(nowMs: number): void {
    const e = 1 - this.share;
    let t = this.shareSince;
    if (nowMs <= t) return;
    const m = MINUTE_MS;
    const end = (this.minute + 1) * m;
    if (nowMs < end) {
      this.minuteErrMs += e * (nowMs - t);
      return;
    }
    // close the current minute
    this.minuteErrMs += e * (end - t);
    if (this.minuteErrMs > this.badThreshold * m) this.badMinutes++;
    t = end;
    const whole = Math.floor((nowMs - t) / m);
    if (whole > 0 && e > this.badThreshold) this.badMinutes += whole;
    this.minute = Math.floor(t / m) + whole;
    t = this.minute * m;
    this.minuteErrMs = e * (nowMs - t);
  }

  private servedSince(nowMs: number): number {
    if (this.load === null) return this.share * (nowMs - this.shareSince);
    return this.load.served(this.shareSince, nowMs, this.share, this.spread);
  }

  /** Closes open outages at `endMs` and returns the timelines. */
  finish(endMs: number): { slis: { [S in Sli]: SliTimeline }; apiRequestSuccessMs: number; apiBadMinutesMs: number } {
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
    this.advanceBad(endMs);
    // A trailing partial minute counts by its length when bad.
    const partial = endMs - this.minute * MINUTE_MS;
    const lastBad = partial > 0 && this.minuteErrMs > this.badThreshold * partial ? partial : 0;
    return {
      slis,
      apiRequestSuccessMs: this.successMs + this.servedSince(endMs),
      apiBadMinutesMs: this.badMinutes * MINUTE_MS + lastBad,
    };
  }
}
