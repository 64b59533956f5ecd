/**
 * A deterministic quantile sketch for durations (outage lengths, downtime per window):
 * a fixed log-spaced histogram. Bin 0 holds zeros; bin i >= 1 holds [γ^(i-1), γ^i) ms
 * with γ = 1.02, so a quantile read from it is within 1% of an order statistic. Counts
 * are integers, so merging sketches is exact and order-free: the result never depends on
 * the worker count or the chunk size (unlike floating-point sums). Memory is fixed
 * (SKETCH_BINS numbers per SLI) instead of one number per outage (docs/robustness.md).
 */

/** Growth factor of the bins: quantiles have at most (γ - 1) / 2 = 1% relative error. */
export const SKETCH_GAMMA = 1.02;
const LOG_GAMMA = Math.log(SKETCH_GAMMA);
/** Bins per sketch: zero, then 1 ms ... about 10^4 years. */
export const SKETCH_BINS = 1700;

/** The bin of a duration in ms. */
export function sketchBin(ms: number): number {
  if (!(ms >= 1)) return ms > 0 ? 1 : 0;
  return Math.min(SKETCH_BINS - 1, 1 + Math.floor(Math.log(ms) / LOG_GAMMA));
}

/** Adds `ms` to the sketch stored at `hist[offset .. offset + SKETCH_BINS)`. */
export function sketchAdd(hist: Float64Array, offset: number, ms: number): void {
  hist[offset + sketchBin(ms)]! += 1;
}

/**
 * The p-quantile of the sketch at `offset` (nearest rank, bin's geometric midpoint,
 * clamped to the exact maximum `maxMs`); NaN when empty.
 */
export function sketchQuantile(hist: Float64Array, offset: number, p: number, maxMs: number): number {
  let n = 0;
  for (let i = 0; i < SKETCH_BINS; i++) n += hist[offset + i]!;
  if (n === 0) return Number.NaN;
  if (p >= 1) return maxMs;
  const rank = Math.max(1, Math.ceil(p * n));
  let c = 0;
  for (let i = 0; i < SKETCH_BINS; i++) {
    c += hist[offset + i]!;
    if (c >= rank) return i === 0 ? 0 : Math.min(maxMs, Math.exp((i - 0.5) * LOG_GAMMA));
  }
  return maxMs;
}
