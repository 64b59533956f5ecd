/**
 * Statistics for replication results: Student's t quantiles (exact, through the
 * regularized incomplete beta function), sample mean and standard deviation, and
 * confidence intervals.
 */
import { logGamma } from '../engine/distributions.ts';
import { bisect } from '../engine/bisect.ts';

/** Mean of `xs` (0 for an empty list). Summed in index order, so results are reproducible. */
export function sampleMean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return xs.length === 0 ? 0 : s / xs.length;
}

/** Sample standard deviation (n - 1 denominator); 0 for fewer than two values. */
export function sampleSd(xs: ArrayLike<number>, mean = sampleMean(xs)): number {
  if (xs.length < 2) return 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i]! - mean;
    s += d * d;
  }
  return Math.sqrt(s / (xs.length - 1));
}

/** Continued fraction for the incomplete beta function (Numerical Recipes betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (bt * betaContinuedFraction(a, b, x)) / a;
  return 1 - (bt * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** CDF of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (bisection to 1e-12). */
export function studentTQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  return bisect((t) => studentTCdf(t, df), p, 0, hi, 1e-12, true);
}

/** A two-sided 95% confidence interval of a mean. */
export interface MeanCi {
  readonly mean: number;
  /** Half-width of the 95% interval; Infinity-free: with fewer than 2 values it is null. */
  readonly halfWidth: number | null;
}

/** Mean and 95% half-width (Student's t over `xs`, which are independent replications). */
export function meanCi95(xs: ArrayLike<number>): MeanCi {
  const m = sampleMean(xs);
  if (xs.length < 2) return { mean: m, halfWidth: null };
  const t = studentTQuantile(0.975, xs.length - 1);
  return { mean: m, halfWidth: (t * sampleSd(xs, m)) / Math.sqrt(xs.length) };
}

/**
 * The p-quantile of ascending `sorted` values by linear interpolation between order
 * statistics (Hyndman & Fan type 7, as R's default and d3.quantileSorted); NaN when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (p <= 0 || n === 1) return sorted[0]!;
  if (p >= 1) return sorted[n - 1]!;
  const i = (n - 1) * p;
  const i0 = Math.floor(i);
  const v0 = sorted[i0]!;
  return v0 + (sorted[i0 + 1]! - v0) * (i - i0);
}

/** The x with I_x(a, b) = p (bisection on the regularized incomplete beta). */
function betaQuantile(p: number, a: number, b: number): number {
  return bisect((x) => incompleteBeta(x, a, b), p, 0, 1, 1e-15, false);
}

/**
 * Exact (Clopper-Pearson) two-sided 95% interval of a proportion from `k` successes in
 * `n` trials: never of zero width, honest with no or few events (for k = 0 the upper
 * bound is 1 - 0.025^(1/n), about 3.7 / n: the "rule of three" at 97.5%).
 */
export function clopperPearson95(k: number, n: number): readonly [number, number] {
  if (n <= 0) return [0, 1];
  const lo = k === 0 ? 0 : betaQuantile(0.025, k, n - k + 1);
  const hi = k === n ? 1 : betaQuantile(0.975, k + 1, n - k);
  return [lo, hi];
}
