/**
 * Aggregation of replication chunks into per-SLI statistics (SPEC §6). Chunks may arrive
 * in any order; they are assembled in replication order before anything is summed, so
 * the result is byte-identical whatever the number of workers or the chunk size.
 */
import { MINUTES_PER_YEAR, MS_PER } from '../engine/time.ts';
import { SLIS, type Sli } from '../scenario/types.ts';
import type { ChunkResult } from './chunk.ts';
import { meanCi95, quantileSorted, sampleMean } from './stats.ts';

/** Statistics of one SLI over all replications of a scenario. */
export interface SliStats {
  /** Mean over replications of the up-time fraction. */
  readonly availability: number;
  /** 95% CI of availability (Student's t), clipped to [0, 1]; [0, 1] with one replication. */
  readonly ci95: readonly [number, number];
  readonly downtimeMinutesPerYear: number;
  /** 95% CI of downtime minutes per year. */
  readonly downtimeMinutesPerYearCi95: readonly [number, number];
  /** Outages over all replications. */
  readonly outages: number;
  readonly outagesPerYear: number;
  /** Over all outages; null when there were none. */
  readonly meanOutageSeconds: number | null;
  readonly p50OutageSeconds: number | null;
  readonly p99OutageSeconds: number | null;
  readonly longestOutageSeconds: number | null;
  /** `api` only: time-average share of single-shot requests that succeed. */
  readonly requestSuccess?: number;
  /**
   * Outage-length distribution over all outages: quantile `seconds[i]` at probability
   * `p[i]` (p = 0, 0.01, ..., 0.99, 0.995, 0.999, 1); null when there were none.
   */
  readonly outageCdf: { readonly p: readonly number[]; readonly seconds: readonly number[] } | null;
  /**
   * The replication with the most down time (the lowest index among ties), to replay with
   * `explain --replication N`; null when no replication had any.
   */
  readonly worstReplication: { readonly replication: number; readonly downtimeMinutes: number } | null;
}

/** Probabilities at which the outage-length distribution is reported. */
export const OUTAGE_CDF_P: readonly number[] = [...Array.from({ length: 100 }, (_, i) => i / 100), 0.995, 0.999, 1];

/** Everything aggregated for one scenario. */
export interface ScenarioStats {
  readonly replications: number;
  readonly slis: { readonly [S in Sli]: SliStats };
  /** Per-replication availability per SLI, in replication order (for paired comparisons). */
  readonly availabilityByReplication: { readonly [S in Sli]: Float64Array };
  /** Events delivered over all replications. */
  readonly events: number;
}

/** Collects chunks of one scenario; `stats()` can be called after any batch. */
export class ScenarioAccumulator {
  private readonly chunks = new Map<number, ChunkResult>();
  readonly horizonMs: number;

  constructor(horizonMs: number) {
    this.horizonMs = horizonMs;
  }

  /** Adds a chunk (replications [from, to)). */
  add(chunk: ChunkResult): void {
    if (this.chunks.has(chunk.from)) throw new Error(`chunk starting at replication ${chunk.from} added twice`);
    this.chunks.set(chunk.from, chunk);
  }

  /** Chunks in replication order, checked to be contiguous from 0. */
  private ordered(): ChunkResult[] {
    const list = [...this.chunks.values()].sort((a, b) => a.from - b.from);
    let expect = 0;
    for (const c of list) {
      if (c.from !== expect) throw new Error(`replications ${expect}..${c.from - 1} are missing`);
      expect = c.to;
    }
    return list;
  }

  /** Replications collected so far. */
  get replications(): number {
    let n = 0;
    for (const c of this.chunks.values()) n += c.to - c.from;
    return n;
  }

  /** Statistics over every replication collected so far. */
  stats(): ScenarioStats {
    const chunks = this.ordered();
    const R = chunks.reduce((n, c) => n + (c.to - c.from), 0);
    const k = SLIS.length;
    const horizonYears = this.horizonMs / MS_PER.y;
    const byRep = {} as Record<Sli, Float64Array>;
    const slis = {} as Record<Sli, SliStats>;
    let events = 0;
    const reqSucc = new Float64Array(R);
    let row = 0;
    for (const c of chunks) {
      for (let i = 0; i < c.to - c.from; i++) {
        reqSucc[row + i] = c.requestSuccessMs[i]! / this.horizonMs;
        events += c.events[i]!;
      }
      row += c.to - c.from;
    }
    SLIS.forEach((sli, s) => {
      const avail = new Float64Array(R);
      let outages = 0;
      let r = 0;
      for (const c of chunks) {
        for (let i = 0; i < c.to - c.from; i++) {
          avail[r++] = 1 - c.downMs[i * k + s]! / this.horizonMs;
          outages += c.outageCounts[i * k + s]!;
        }
      }
      // All outage lengths in one typed array: its sort is numeric and native (fast).
      const durations = new Float64Array(chunks.reduce((n, c) => n + c.outageMs[s]!.length, 0));
      let at = 0;
      for (const c of chunks) {
        durations.set(c.outageMs[s]!, at);
        at += c.outageMs[s]!.length;
      }
      byRep[sli] = avail;
      slis[sli] = sliStats(avail, outages, durations, R * horizonYears, sli === 'api' ? reqSucc : null, this.horizonMs);
    });
    return { replications: R, slis, availabilityByReplication: byRep, events };
  }
}

function sliStats(
  avail: Float64Array,
  outages: number,
  durationsMs: Float64Array,
  totalYears: number,
  requestSuccess: Float64Array | null,
  horizonMs: number,
): SliStats {
  const ci = meanCi95(avail);
  const a = ci.mean;
  const lo = ci.halfWidth === null ? 0 : Math.max(0, a - ci.halfWidth);
  const hi = ci.halfWidth === null ? 1 : Math.min(1, a + ci.halfWidth);
  durationsMs.sort();
  const n = durationsMs.length;
  let total = 0;
  for (const d of durationsMs) total += d;
  const sec = (x: number | undefined): number | null => (x === undefined ? null : x / 1000);
  const stats: SliStats = {
    availability: a,
    ci95: [lo, hi],
    downtimeMinutesPerYear: (1 - a) * MINUTES_PER_YEAR,
    downtimeMinutesPerYearCi95: [(1 - hi) * MINUTES_PER_YEAR, (1 - lo) * MINUTES_PER_YEAR],
    outages,
    outagesPerYear: totalYears > 0 ? outages / totalYears : 0,
    meanOutageSeconds: n === 0 ? null : total / n / 1000,
    p50OutageSeconds: n === 0 ? null : sec(quantileSorted(durationsMs, 0.5)),
    p99OutageSeconds: n === 0 ? null : sec(quantileSorted(durationsMs, 0.99)),
    longestOutageSeconds: n === 0 ? null : sec(durationsMs[n - 1]),
    outageCdf: n === 0 ? null : { p: OUTAGE_CDF_P, seconds: OUTAGE_CDF_P.map((p) => quantileSorted(durationsMs, p) / 1000) },
    worstReplication: worst(avail, horizonMs),
  };
  if (requestSuccess === null) return stats;
  return { ...stats, requestSuccess: sampleMean(requestSuccess) };
}

function worst(avail: Float64Array, horizonMs: number): SliStats['worstReplication'] {
  let r = -1;
  for (let i = 0; i < avail.length; i++) if (avail[i]! < 1 && (r < 0 || avail[i]! < avail[r]!)) r = i;
  return r < 0 ? null : { replication: r, downtimeMinutes: ((1 - avail[r]!) * horizonMs) / 60_000 };
}

/** A paired (common random numbers) difference of one SLI between two scenarios. */
export interface Comparison {
  readonly a: string;
  readonly b: string;
  readonly sli: Sli;
  /** Mean over paired replications of availability(b) - availability(a). */
  readonly difference: number;
  readonly ci95: readonly [number, number];
  /** Downtime minutes per year saved by b relative to a (positive: b is better). */
  readonly downtimeMinutesPerYearSaved: number;
  readonly pairedReplications: number;
}

/** Compares `b` against `a` on every SLI, pairing replication r with replication r. */
export function compare(aName: string, a: ScenarioStats, bName: string, b: ScenarioStats): Comparison[] {
  const n = Math.min(a.replications, b.replications);
  return SLIS.map((sli) => {
    const xa = a.availabilityByReplication[sli];
    const xb = b.availabilityByReplication[sli];
    const diff = new Float64Array(n);
    for (let r = 0; r < n; r++) diff[r] = xb[r]! - xa[r]!;
    const ci = meanCi95(diff);
    const hw = ci.halfWidth;
    return {
      a: aName,
      b: bName,
      sli,
      difference: ci.mean,
      ci95: hw === null ? [-1, 1] : [ci.mean - hw, ci.mean + hw],
      downtimeMinutesPerYearSaved: ci.mean * MINUTES_PER_YEAR,
      pairedReplications: n,
    };
  });
}
