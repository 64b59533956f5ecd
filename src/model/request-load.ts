/**
 * docs/scenario-format.md: the API load the load balancer spreads (facts §9). Requests arrive at L(t)
 * per second (the peak times the hour's daily factor), spread evenly over the `spread`
 * backends in rotation; a ready backend serves up to C per second and rejects the rest
 * (429), a backend that is not ready fails its share. So the served rate is
 * share x min(L(t), C x spread), where share is the fraction of backends in rotation
 * that are ready (LoadBalancer.share()). The integral is kept in closed form per
 * (hour, spread) with prefix sums, so an interval between two events costs O(1).
 */
import { MS_PER } from '../engine/time.ts';
import type { ResolvedLoad } from '../scenario/types.ts';

const HOURS = 24;

/** Served-request integrals for one replication. */
export class RequestLoad {
  private readonly rates: Float64Array;
  private readonly meanRate: number;
  private readonly capacity: number;
  /** Per spread: prefix[h] = served request-ms of hours 0..h-1 of a day at full share. */
  private readonly prefix: (Float64Array | undefined)[] = [];

  constructor(load: ResolvedLoad) {
    this.rates = new Float64Array(HOURS).fill(load.peakPerS);
    if (load.daily !== null) load.daily.forEach((f, h) => (this.rates[h] = f * load.peakPerS));
    let sum = 0;
    for (const r of this.rates) sum += r;
    this.meanRate = sum / HOURS;
    this.capacity = load.capacityPerS;
  }

  /** Offered requests per second at `tMs`. */
  offeredAt(tMs: number): number {
    return this.rates[Math.floor(tMs / MS_PER.h) % HOURS]!;
  }

  /**
   * Served requests over [aMs, bMs] with `share` and `spread` constant, divided by the
   * mean offered rate: summed over whole days and divided by the horizon, it is the share
   * of offered requests that succeed.
   */
  served(aMs: number, bMs: number, share: number, spread: number): number {
    if (share === 0 || bMs <= aMs || this.meanRate === 0) return 0;
    const p = this.prefixFor(spread);
    return (share * (this.cumulative(bMs, p, spread) - this.cumulative(aMs, p, spread))) / this.meanRate;
  }

  private cumulative(tMs: number, p: Float64Array, spread: number): number {
    const day = Math.floor(tMs / MS_PER.d);
    const inDay = tMs - day * MS_PER.d;
    const h = Math.floor(inDay / MS_PER.h);
    const k = this.capacity * spread;
    return day * p[HOURS]! + p[h]! + Math.min(this.rates[h]!, k) * (inDay - h * MS_PER.h);
  }

  private prefixFor(spread: number): Float64Array {
    let p = this.prefix[spread];
    if (p === undefined) {
      p = new Float64Array(HOURS + 1);
      const k = this.capacity * spread;
      for (let h = 0; h < HOURS; h++) p[h + 1] = p[h]! + Math.min(this.rates[h]!, k) * MS_PER.h;
      this.prefix[spread] = p;
    }
    return p;
  }
}
