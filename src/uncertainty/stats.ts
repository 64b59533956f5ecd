/**
 * Statistics of the outer sample: quantiles with distribution-free confidence intervals
 * (order statistics), and the Sobol indices with Jansen's estimators and a bootstrap.
 */
import { createStream } from '../engine/rng.ts';
import { clopperPearson95, incompleteBeta, quantileSorted } from '../montecarlo/stats.ts';

/** A quantile and its 95% confidence interval. */
export interface QuantileCi {
  readonly p: number;
  readonly value: number;
  readonly ci95: readonly [number, number];
}

/**
 * The p-quantile of `xs` (type 7) and its distribution-free 95% interval: the order
 * statistics x(l) and x(u) with P(l <= #{X < q_p} < u) >= 95% under Binomial(n, p)
 * (equal tails of 2.5%). Exact for independent draws; a Latin hypercube only narrows
 * the true spread, so the interval is conservative there.
 */
export function quantileCi(sorted: ArrayLike<number>, p: number): QuantileCi {
  const n = sorted.length;
  const value = quantileSorted(sorted, p);
  if (n === 0) return { p, value, ci95: [Number.NaN, Number.NaN] };
  // Binomial CDF via the incomplete beta: P(K <= k) = I_{1-p}(n - k, k + 1).
  const cdf = (k: number): number => (k < 0 ? 0 : k >= n ? 1 : incompleteBeta(1 - p, n - k, k + 1));
  let l = 0;
  while (l < n && cdf(l) < 0.025) l++;
  let u = n;
  while (u > 0 && cdf(u - 1) >= 0.975) u--;
  const lo = sorted[Math.max(0, l - 1)]!;
  const hi = sorted[Math.min(n - 1, u)]!;
  return { p, value, ci95: [Math.min(lo, value), Math.max(hi, value)] };
}

/** A share of the outer sample (e.g. sets where B beats A) with its Clopper–Pearson 95% interval. */
export interface Share {
  readonly share: number;
  readonly ci95: readonly [number, number];
}

/** The share of `flags` that are true. */
export function shareOf(flags: readonly boolean[]): Share {
  const k = flags.filter((f) => f).length;
  const n = flags.length;
  return { share: n === 0 ? 0 : k / n, ci95: clopperPearson95(k, n) };
}

/** First-order and total Sobol indices of one input, with bootstrap standard errors. */
export interface SobolIndex {
  readonly first: number;
  readonly firstSe: number;
  readonly total: number;
  readonly totalSe: number;
}

/**
 * Sobol indices from a pick-freeze evaluation: `fa[i] = f(A_i)`, `fb[i] = f(B_i)`,
 * `fab[k][i] = f(AB_k,i)`. First order: Saltelli et al. (2010), S_k = mean(fB (fABk - fA)) / V;
 * total: Jansen (1999), T_k = mean((fA - fABk)^2) / 2V; V the variance of fA and fB
 * pooled. Standard errors: `boot` bootstrap resamples of the rows (seeded).
 */
export function sobolIndices(
  fa: readonly number[],
  fb: readonly number[],
  fab: readonly (readonly number[])[],
  seed: number,
  boot = 200,
): SobolIndex[] {
  const n = fa.length;
  const point = (rows: ArrayLike<number>): { first: number[]; total: number[] } => {
    let s = 0;
    let s2 = 0;
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j]!;
      s += fa[i]! + fb[i]!;
      s2 += fa[i]! ** 2 + fb[i]! ** 2;
    }
    const m = s / (2 * rows.length);
    const v = s2 / (2 * rows.length) - m * m;
    const first: number[] = [];
    const total: number[] = [];
    for (const col of fab) {
      let f1 = 0;
      let t1 = 0;
      for (let j = 0; j < rows.length; j++) {
        const i = rows[j]!;
        f1 += fb[i]! * (col[i]! - fa[i]!);
        t1 += (fa[i]! - col[i]!) ** 2;
      }
      first.push(v > 0 ? f1 / rows.length / v : 0);
      total.push(v > 0 ? t1 / (2 * rows.length) / v : 0);
    }
    return { first, total };
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const est = point(all);
  const rng = createStream(seed, 0, 'uncertainty/bootstrap');
  const sums = fab.map(() => ({ f: 0, f2: 0, t: 0, t2: 0 }));
  const rows = new Int32Array(n);
  for (let b = 0; b < boot; b++) {
    for (let j = 0; j < n; j++) rows[j] = Math.floor(rng.next() * n);
    const e = point(rows);
    sums.forEach((s, k) => {
      s.f += e.first[k]!;
      s.f2 += e.first[k]! ** 2;
      s.t += e.total[k]!;
      s.t2 += e.total[k]! ** 2;
    });
  }
  const sd = (x: number, x2: number): number =>
    boot > 1 ? Math.sqrt(Math.max(0, (x2 - (x * x) / boot) / (boot - 1))) : 0;
  return fab.map((_, k) => ({
    first: est.first[k]!,
    firstSe: sd(sums[k]!.f, sums[k]!.f2),
    total: est.total[k]!,
    totalSe: sd(sums[k]!.t, sums[k]!.t2),
  }));
}

/** Quantile position of each value (for binning on an input): indices sorted by `xs`. */
export function order(xs: readonly number[]): number[] {
  return xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]! || i - j);
}
