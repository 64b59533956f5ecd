/**
 * Aggregation of replication chunks into per-SLI statistics (docs/spec.md §6, docs/statistics.md). Chunks
 * may arrive in any order; per-replication values are summed in replication order and
 * sketches are merged by integer counts, so the result is byte-identical whatever the
 * number of workers or the chunk size.
 *
 * Each replication r gives, per SLI, an estimate e_r of unavailability whose mean is the
 * reported value: the down fraction Y_r (crude), Y_r - X_r + exact (control variate, X_r
 * the structural twin's down fraction), or L_r Y_r (importance sampling, L_r the
 * likelihood ratio). CIs are Student's t over e_r — for the control variate that is the
 * residual (protocol delay) variance — widened to an exact binomial bound when no
 * replication had any event, so zero observed outages never give a CI of [1, 1].
 */
import { MINUTES_PER_YEAR, MS_PER } from '../engine/time.ts';
import { API_METRICS, SLIS, type ApiMetric, type Sli, type SloKey } from '../scenario/types.ts';
import { windowsPerReplication, type ChunkResult } from './chunk.ts';
import type { EstimatorKind, EstimatorPlan } from './estimator.ts';
import { SKETCH_BINS, sketchQuantile } from './sketch.ts';
import { clopperPearson95, meanCi95, sampleMean, sampleSd } from './stats.ts';

/** Replications with any event below which a CI is not trusted for a verdict. */
export const MIN_EVENT_REPLICATIONS = 10;

/** Risk of breaking the SLO in one window (docs/statistics.md), per SLI. */
export interface WindowRisk {
  readonly windowDays: number;
  /** Windows counted over all replications (full windows only). */
  readonly windows: number;
  /** The SLO target, or null when the SLI has none (then no breach figures). */
  readonly target: number | null;
  /** Share of windows whose availability is below the target. */
  readonly breachRisk: number | null;
  /** 95% CI: the wider of Student's t over replications and Clopper-Pearson over windows. */
  readonly breachRiskCi95: readonly [number, number] | null;
  /** Downtime per window, minutes (1% sketch quantiles, exact max); null under importance sampling. */
  readonly downtimeMinutes: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  } | null;
}

/** Statistics of one SLI over all replications of a scenario. */
export interface SliStats {
  /** Best estimate of availability (the estimator's). */
  readonly availability: number;
  /** Its 95% CI, clipped to [0, 1]; never [1, 1] unless the value is exact. */
  readonly ci95: readonly [number, number];
  readonly estimator: EstimatorKind;
  readonly estimatorReason: string;
  /** The plain replication mean beside another estimator (docs/spec.md §9); null under importance sampling. */
  readonly crude?: { readonly availability: number; readonly ci95: readonly [number, number] } | null;
  /** Variance of the crude per-run values over the estimator's (control variate only). */
  readonly varianceReduction: number | null;
  readonly downtimeMinutesPerYear: number;
  readonly downtimeMinutesPerYearCi95: readonly [number, number];
  /** CI half-width over the estimate of yearly downtime; null when the estimate is 0. */
  readonly relativeHalfWidth: number | null;
  /** Replications with a down time (crude, importance) or protocol delay (control variate). */
  readonly evidence: { readonly replicationsWithEvents: number; readonly sufficient: boolean };
  /** Control variate: structural downtime (exact) and protocol delay (estimated) per year. */
  readonly split: {
    readonly structureMinutesPerYear: number;
    readonly protocolMinutesPerYear: number;
    readonly protocolMinutesPerYearCi95: readonly [number, number];
  } | null;
  /** Outages over all replications (as simulated; under importance sampling, biased runs). */
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
   * Outage-length distribution (1% sketch): quantile `seconds[i]` at probability `p[i]`
   * (p = 0, 0.01, ..., 0.99, 0.995, 0.999, 1); null when there were none.
   */
  readonly outageCdf: { readonly p: readonly number[]; readonly seconds: readonly number[] } | null;
  /** The replication with the most down time (lowest index among ties); null when none had any. */
  readonly worstReplication: { readonly replication: number; readonly downtimeMinutes: number } | null;
  readonly window: WindowRisk;
}

/**
 * docs/model.md: a request-weighted API SLI (`requestSuccess`, `badMinutes`): availability =
 * 1 - mean loss share, by the API's estimator (the control variate subtracts the API's
 * structural twin, whose exact mean is known: unbiased for any per-run loss, and the
 * twin's outages are exactly the runs' full-loss stretches).
 */
export interface MetricStats {
  readonly availability: number;
  readonly ci95: readonly [number, number];
  readonly estimator: EstimatorKind;
  /** The plain replication mean beside another estimator; null under importance sampling. */
  readonly crude?: { readonly availability: number; readonly ci95: readonly [number, number] } | null;
  /** Lost minutes per year (requests: request-weighted minutes; bad minutes: minutes). */
  readonly downtimeMinutesPerYear: number;
  readonly downtimeMinutesPerYearCi95: readonly [number, number];
  readonly evidence: { readonly replicationsWithEvents: number; readonly sufficient: boolean };
  /** `badMinutes`: the error share above which a minute is bad. */
  readonly badMinute?: number;
}

/** Probabilities at which the outage-length distribution is reported. */
export const OUTAGE_CDF_P: readonly number[] = [...Array.from({ length: 100 }, (_, i) => i / 100), 0.995, 0.999, 1];

/** Everything aggregated for one scenario. */
export interface ScenarioStats {
  readonly replications: number;
  readonly estimator: EstimatorPlan;
  readonly slis: { readonly [S in Sli]: SliStats };
  /** Per-replication crude availability per SLI, in replication order. */
  readonly availabilityByReplication: { readonly [S in Sli]: Float64Array };
  /** Per-replication estimate of unavailability per SLI (its mean is the estimate), for paired comparisons. */
  readonly estimateByReplication: { readonly [S in Sli]: Float64Array };
  /** docs/model.md: the request-weighted API SLIs, and their per-replication estimates. */
  readonly metrics: { readonly [M in ApiMetric]: MetricStats };
  readonly metricEstimateByReplication: { readonly [M in ApiMetric]: Float64Array };
  /** Events delivered over all replications. */
  readonly events: number;
}

/** What the accumulator needs to know about the scenario. */
export interface AccumulatorConfig {
  readonly horizonMs: number;
  /** @default DEFAULT_WINDOW_MS of chunk.ts */
  readonly windowMs: number;
  readonly slo: { readonly [K in SloKey]?: number };
  readonly estimator: EstimatorPlan;
  /** docs/model.md: the scenario's bad-minute threshold (reported beside `badMinutes`). */
  readonly badMinute?: number;
}

type PerReplication = Omit<ChunkResult, 'windowDownSketch' | 'outageSketch' | 'outageMaxMs' | 'windowDownMaxMs'>;

const K = SLIS.length;

/** Collects chunks of one scenario; `stats()` can be called after any batch. */
export class ScenarioAccumulator {
  private readonly chunks = new Map<number, PerReplication>();
  private readonly outageSketch = new Float64Array(K * SKETCH_BINS);
  private readonly windowSketch = new Float64Array(K * SKETCH_BINS);
  private readonly outageMaxMs = new Float64Array(K);
  private readonly windowMaxMs = new Float64Array(K);
  readonly config: AccumulatorConfig;

  constructor(config: AccumulatorConfig) {
    this.config = config;
  }

  /** The horizon of every replication (ms). */
  get horizonMs(): number {
    return this.config.horizonMs;
  }

  /** Adds a chunk (replications [from, to)); its sketches are merged and dropped. */
  add(chunk: ChunkResult): void {
    if (this.chunks.has(chunk.from)) throw new Error(`chunk starting at replication ${chunk.from} added twice`);
    const { windowDownSketch, outageSketch, outageMaxMs, windowDownMaxMs, ...rest } = chunk;
    for (let i = 0; i < outageSketch.length; i++) {
      this.outageSketch[i]! += outageSketch[i]!;
      this.windowSketch[i]! += windowDownSketch[i]!;
    }
    for (let s = 0; s < K; s++) {
      this.outageMaxMs[s] = Math.max(this.outageMaxMs[s]!, outageMaxMs[s]!);
      this.windowMaxMs[s] = Math.max(this.windowMaxMs[s]!, windowDownMaxMs[s]!);
    }
    this.chunks.set(chunk.from, rest);
  }

  /** Chunks in replication order, checked to be contiguous from 0. */
  private ordered(): PerReplication[] {
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
    const flat = flatten(chunks, R);
    const byRep = {} as Record<Sli, Float64Array>;
    const est = {} as Record<Sli, Float64Array>;
    const slis = {} as Record<Sli, SliStats>;
    SLIS.forEach((sli, s) => {
      const col = columnOf(flat, s, R, this.config);
      byRep[sli] = col.availability;
      est[sli] = col.estimate;
      slis[sli] = this.sliStats(sli, s, col, flat, R);
    });
    let events = 0;
    for (let i = 0; i < R; i++) events += flat.events[i]!;
    const metrics = {} as Record<ApiMetric, MetricStats>;
    const metricEst = {} as Record<ApiMetric, Float64Array>;
    for (const m of API_METRICS) {
      const r = this.metricStats(m, flat, R);
      metrics[m] = r.stats;
      metricEst[m] = r.estimate;
    }
    return {
      replications: R,
      estimator: this.config.estimator,
      slis,
      availabilityByReplication: byRep,
      estimateByReplication: est,
      metrics,
      metricEstimateByReplication: metricEst,
      events,
    };
  }

  /** docs/model.md: one request-weighted API SLI (see MetricStats). */
  private metricStats(m: ApiMetric, flat: Flat, R: number): { stats: MetricStats; estimate: Float64Array } {
    const plan = this.config.estimator;
    const h = this.config.horizonMs;
    const a = SLIS.indexOf('api');
    const u = plan.exactUnavailability?.api ?? 0;
    const crude = new Float64Array(R);
    const estimate = new Float64Array(R);
    let events = 0;
    let lossy = 0;
    for (let r = 0; r < R; r++) {
      const y = m === 'requestSuccess' ? 1 - flat.requestSuccess[r]! / h : flat.badMinutes[r]! / h;
      crude[r] = y;
      if (y > 0) lossy++;
      if (plan.kind === 'control-variate') {
        const d = y - flat.twinDownMs[r * K + a]! / h;
        estimate[r] = d + u;
        if (d !== 0) events++;
      } else {
        estimate[r] = plan.kind === 'importance' ? flat.lr[r]! * y : y;
        if (y > 0) events++;
      }
    }
    // Never exact: partial loss is not in the structure even under ideal timing.
    const main = estimateCi(estimate, events, false, plan.transientBias * u);
    const crudeCi = estimateCi(crude, lossy, false, 0);
    const avail = (ci: Interval): { availability: number; ci95: readonly [number, number] } => ({
      availability: 1 - ci.mean,
      ci95: [clip(1 - ci.hi), clip(1 - ci.lo)],
    });
    const best = avail(main);
    const stats: MetricStats = {
      ...best,
      estimator: plan.kind,
      ...(plan.kind === 'crude' ? {} : { crude: plan.kind === 'importance' ? null : avail(crudeCi) }),
      downtimeMinutesPerYear: (1 - best.availability) * MINUTES_PER_YEAR,
      downtimeMinutesPerYearCi95: [(1 - best.ci95[1]) * MINUTES_PER_YEAR, (1 - best.ci95[0]) * MINUTES_PER_YEAR],
      evidence: { replicationsWithEvents: events, sufficient: events >= MIN_EVENT_REPLICATIONS },
      ...(m === 'badMinutes' ? { badMinute: this.config.badMinute ?? 0.05 } : {}),
    };
    return { stats, estimate };
  }

  private sliStats(sli: Sli, s: number, col: Column, flat: Flat, R: number): SliStats {
    const plan = this.config.estimator;
    const horizonMs = this.config.horizonMs;
    const years = (R * horizonMs) / MS_PER.y;
    const u = plan.exactUnavailability?.[sli] ?? 0;
    const main = estimateCi(col.estimate, col.eventReplications, plan.exact, plan.transientBias * u);
    const crudeCi = estimateCi(col.crude, col.downReplications, false, 0);
    const avail = (ci: Interval): { availability: number; ci95: readonly [number, number] } => ({
      availability: 1 - ci.mean,
      ci95: [clip(1 - ci.hi), clip(1 - ci.lo)],
    });
    const best = avail(main);
    const downCi: readonly [number, number] = [
      (1 - best.ci95[1]) * MINUTES_PER_YEAR,
      (1 - best.ci95[0]) * MINUTES_PER_YEAR,
    ];
    const downtime = (1 - best.availability) * MINUTES_PER_YEAR;
    const sdCrude = sampleSd(col.crude);
    const sdMain = sampleSd(col.estimate);
    const outages = col.weightedOutages;
    const totalDown = col.weightedDownMs;
    const o = s * SKETCH_BINS;
    const sketchOk = plan.kind !== 'importance' && col.outages > 0;
    const q = (p: number): number => sketchQuantile(this.outageSketch, o, p, this.outageMaxMs[s]!) / 1000;
    const stats: SliStats = {
      ...best,
      estimator: plan.kind,
      estimatorReason: plan.reason,
      ...(plan.kind === 'crude' ? {} : { crude: plan.kind === 'importance' ? null : avail(crudeCi) }),
      varianceReduction: plan.kind === 'control-variate' && sdMain > 0 ? (sdCrude / sdMain) ** 2 : null,
      downtimeMinutesPerYear: downtime,
      downtimeMinutesPerYearCi95: downCi,
      relativeHalfWidth: downtime > 0 ? (downCi[1] - downCi[0]) / 2 / downtime : null,
      evidence: {
        replicationsWithEvents: col.eventReplications,
        sufficient: plan.exact || col.eventReplications >= MIN_EVENT_REPLICATIONS,
      },
      split: splitOf(plan, s, main),
      outages: col.outages,
      outagesPerYear: years > 0 ? outages / years : 0,
      meanOutageSeconds: outages > 0 ? totalDown / outages / 1000 : null,
      p50OutageSeconds: sketchOk ? q(0.5) : null,
      p99OutageSeconds: sketchOk ? q(0.99) : null,
      longestOutageSeconds: col.outages > 0 ? this.outageMaxMs[s]! / 1000 : null,
      outageCdf: sketchOk ? { p: OUTAGE_CDF_P, seconds: OUTAGE_CDF_P.map(q) } : null,
      worstReplication: worst(col.availability, horizonMs),
      window: this.windowRisk(sli, s, flat, R),
    };
    if (sli !== 'api') return stats;
    return { ...stats, requestSuccess: sampleMean(flat.requestSuccess) / horizonMs };
  }

  private windowRisk(sli: Sli, s: number, flat: Flat, R: number): WindowRisk {
    const { horizonMs, windowMs } = this.config;
    const perRep = windowsPerReplication(horizonMs, windowMs);
    const windows = perRep * R;
    const target = this.config.slo[sli] ?? null;
    const o = s * SKETCH_BINS;
    const min = (p: number): number => sketchQuantile(this.windowSketch, o, p, this.windowMaxMs[s]!) / 60_000;
    const downtimeMinutes =
      windows === 0 || this.config.estimator.kind === 'importance'
        ? null
        : { p50: min(0.5), p90: min(0.9), p99: min(0.99), max: this.windowMaxMs[s]! / 60_000 };
    const base = { windowDays: windowMs / MS_PER.d, windows, target, downtimeMinutes };
    if (target === null || windows === 0) return { ...base, breachRisk: null, breachRiskCi95: null };
    const share = new Float64Array(R);
    let breaches = 0;
    for (let r = 0; r < R; r++) {
      const b = flat.breaches[r * K + s]!;
      breaches += b;
      share[r] = (flat.lr[r]! * b) / perRep;
    }
    const t = meanCi95(share);
    const cp = clopperPearson95(breaches, windows);
    const hw = t.halfWidth ?? 1;
    const weighted = this.config.estimator.kind === 'importance';
    const lo = weighted ? t.mean - hw : Math.min(t.mean - hw, cp[0]);
    const hi = weighted ? t.mean + hw : Math.max(t.mean + hw, cp[1]);
    return { ...base, breachRisk: t.mean, breachRiskCi95: [clip(lo), clip(hi)] };
  }
}

/** Mean and 95% bounds of an estimate of unavailability. */
interface Interval {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Student's t over the per-replication values; when no replication had an event (and the
 * value is not exact) the upper bound is at least the exact binomial bound on "a run has
 * an event" times the largest possible down fraction, 1: honest, if loose. `lowSlack`
 * widens the lower side (the control variate's transient allowance).
 */
function estimateCi(xs: Float64Array, eventReplications: number, exact: boolean, lowSlack: number): Interval {
  const ci = meanCi95(xs);
  const hw = ci.halfWidth ?? Number.POSITIVE_INFINITY;
  let lo = ci.mean - hw;
  let hi = ci.mean + hw;
  if (!exact && eventReplications === 0) hi = Math.max(hi, ci.mean + clopperPearson95(0, xs.length)[1]);
  if (exact) lo = hi = ci.mean;
  return { mean: ci.mean, lo: lo - lowSlack, hi };
}

function splitOf(plan: EstimatorPlan, s: number, main: Interval): SliStats['split'] {
  if (plan.exactUnavailability === null) return null;
  const u = plan.exactUnavailability[SLIS[s]!];
  const m = MINUTES_PER_YEAR;
  return {
    structureMinutesPerYear: u * m,
    protocolMinutesPerYear: (main.mean - u) * m,
    protocolMinutesPerYearCi95: [(Math.max(main.lo, 0) - u) * m, (Math.min(main.hi, 1) - u) * m],
  };
}

function clip(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Per-replication arrays of every chunk, concatenated in replication order. */
interface Flat {
  readonly downMs: Float64Array;
  readonly outageCounts: Int32Array;
  readonly twinDownMs: Float64Array;
  readonly lr: Float64Array;
  readonly breaches: Int32Array;
  readonly requestSuccess: Float64Array;
  readonly badMinutes: Float64Array;
  readonly events: Float64Array;
}

function flatten(chunks: readonly PerReplication[], R: number): Flat {
  const f: Flat = {
    downMs: new Float64Array(R * K),
    outageCounts: new Int32Array(R * K),
    twinDownMs: new Float64Array(R * K),
    lr: new Float64Array(R),
    breaches: new Int32Array(R * K),
    requestSuccess: new Float64Array(R),
    badMinutes: new Float64Array(R),
    events: new Float64Array(R),
  };
  let row = 0;
  for (const c of chunks) {
    f.downMs.set(c.downMs, row * K);
    f.outageCounts.set(c.outageCounts, row * K);
    f.twinDownMs.set(c.twinDownMs, row * K);
    f.breaches.set(c.windowBreaches, row * K);
    f.lr.set(c.likelihoodRatio, row);
    f.requestSuccess.set(c.requestSuccessMs, row);
    f.badMinutes.set(c.badMinutesMs, row);
    f.events.set(c.events, row);
    row += c.to - c.from;
  }
  return f;
}

/** One SLI's per-replication values. */
interface Column {
  readonly availability: Float64Array;
  readonly crude: Float64Array;
  readonly estimate: Float64Array;
  readonly outages: number;
  readonly weightedOutages: number;
  readonly weightedDownMs: number;
  /** Replications with down time. */
  readonly downReplications: number;
  /** Replications whose estimate term is not zero (protocol delay for the control variate). */
  readonly eventReplications: number;
}

function columnOf(f: Flat, s: number, R: number, config: AccumulatorConfig): Column {
  const plan = config.estimator;
  const h = config.horizonMs;
  const u = plan.exactUnavailability === null ? 0 : plan.exactUnavailability[SLIS[s]!];
  const availability = new Float64Array(R);
  const crude = new Float64Array(R);
  const estimate = new Float64Array(R);
  let outages = 0;
  let weightedOutages = 0;
  let weightedDownMs = 0;
  let downReplications = 0;
  let eventReplications = 0;
  for (let r = 0; r < R; r++) {
    const i = r * K + s;
    const y = f.downMs[i]! / h;
    const l = f.lr[r]!;
    availability[r] = 1 - y;
    crude[r] = y;
    if (y > 0) downReplications++;
    outages += f.outageCounts[i]!;
    weightedOutages += l * f.outageCounts[i]!;
    weightedDownMs += l * f.downMs[i]!;
    if (plan.kind === 'control-variate') {
      const d = (f.downMs[i]! - f.twinDownMs[i]!) / h;
      estimate[r] = d + u;
      if (d !== 0) eventReplications++;
    } else {
      estimate[r] = plan.kind === 'importance' ? l * y : y;
      if (y > 0) eventReplications++;
    }
  }
  return {
    availability,
    crude,
    estimate,
    outages,
    weightedOutages,
    weightedDownMs,
    downReplications,
    eventReplications,
  };
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
  /** The SLI, or (docs/model.md) the request-weighted API SLI compared. */
  readonly sli: SloKey;
  /** Mean over paired replications of availability(b) - availability(a), each by its estimator. */
  readonly difference: number;
  readonly ci95: readonly [number, number];
  /** Downtime minutes per year saved by b relative to a (positive: b is better). */
  readonly downtimeMinutesPerYearSaved: number;
  readonly downtimeMinutesPerYearSavedCi95: readonly [number, number];
  readonly pairedReplications: number;
  /** The estimators of a and b. */
  readonly estimators: readonly [EstimatorKind, EstimatorKind];
}

/** Compares `b` against `a` on every SLI, then on the request-weighted API SLIs, pairing replication r with replication r. */
export function compare(aName: string, a: ScenarioStats, bName: string, b: ScenarioStats): Comparison[] {
  const n = Math.min(a.replications, b.replications);
  const keys: SloKey[] = [...SLIS, ...API_METRICS];
  const of = (st: ScenarioStats, k: SloKey): Float64Array =>
    (SLIS as readonly string[]).includes(k)
      ? st.estimateByReplication[k as Sli]
      : st.metricEstimateByReplication[k as ApiMetric];
  return keys.map((sli) => {
    const xa = of(a, sli);
    const xb = of(b, sli);
    const diff = new Float64Array(n);
    for (let r = 0; r < n; r++) diff[r] = xa[r]! - xb[r]!;
    const ci = meanCi95(diff);
    const hw = ci.halfWidth;
    const lo = hw === null ? -1 : ci.mean - hw;
    const hi = hw === null ? 1 : ci.mean + hw;
    return {
      a: aName,
      b: bName,
      sli,
      difference: ci.mean,
      ci95: [lo, hi],
      downtimeMinutesPerYearSaved: ci.mean * MINUTES_PER_YEAR,
      downtimeMinutesPerYearSavedCi95: [lo * MINUTES_PER_YEAR, hi * MINUTES_PER_YEAR],
      pairedReplications: n,
      estimators: [a.estimator.kind, b.estimator.kind],
    };
  });
}
