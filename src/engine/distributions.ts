/**
 * Probability distributions of durations (time to failure, time to repair, delays), as
 * plain data, with exact samplers (inverse transform) and exact moments.
 * All durations are milliseconds.
 */
import type { RandomStream } from './rng.ts';
import { assertNever } from './assert-never.ts';

/** A duration distribution (docs/spec.md §4); every duration field is in ms. */
export type Distribution =
  | { readonly kind: 'exponential'; readonly meanMs: number }
  | { readonly kind: 'weibull'; readonly shape: number; readonly scaleMs: number }
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly sigma: number }
  | { readonly kind: 'fixed'; readonly valueMs: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number };

export type DistributionKind = Distribution['kind'];

/**
 * Draws one value from `d` (inverse transform). Convenience for one-off draws: it compiles
 * a sampler per call, so hot loops use `compileSampler` once instead.
 */
export function sample(d: Distribution, rng: RandomStream): number {
  return compileSampler(d)(rng);
}

/**
 * A sampler specialised for one distribution: the switch is resolved once, so the hot
 * loop pays a single indirect call per draw.
 */
export type Sampler = (rng: RandomStream) => number;

/**
 * The longest duration a sampler returns, 10^16 ms (about 317,000 years, beyond any
 * horizon a scenario may ask for): a draw past every horizon means "not in this run"
 * whatever its value, and capping keeps it finite. Without the cap a heavy tail
 * (`weibull { shape: 0.0001 }` raises -ln U to the power 10,000) draws Infinity, and
 * `now + Infinity` is not a time.
 */
export const MAX_DRAW_MS = 1e16;

/** Compiles `d` into a Sampler equivalent to `sample(d, rng)`. */
export function compileSampler(d: Distribution): Sampler {
  switch (d.kind) {
    case 'exponential': {
      const m = d.meanMs;
      return (rng) => -m * Math.log(1 - rng.next());
    }
    case 'weibull': {
      const s = d.scaleMs;
      const inv = 1 / d.shape;
      return (rng) => Math.min(MAX_DRAW_MS, s * Math.pow(-Math.log(1 - rng.next()), inv));
    }
    case 'lognormal': {
      const med = d.medianMs;
      const sig = d.sigma;
      return (rng) => Math.min(MAX_DRAW_MS, med * Math.exp(sig * normalQuantile(openUniform(rng))));
    }
    case 'fixed': {
      const v = d.valueMs;
      return () => v;
    }
    case 'uniform': {
      const lo = d.minMs;
      const w = d.maxMs - d.minMs;
      return (rng) => lo + w * rng.next();
    }
    default:
      return assertNever(d, 'distribution');
  }
}

/** E[X] of `d`, exactly. */
export function mean(d: Distribution): number {
  switch (d.kind) {
    case 'exponential':
      return d.meanMs;
    case 'weibull':
      return d.scaleMs * Math.exp(logGamma(1 + 1 / d.shape));
    case 'lognormal':
      return d.medianMs * Math.exp((d.sigma * d.sigma) / 2);
    case 'fixed':
      return d.valueMs;
    case 'uniform':
      return (d.minMs + d.maxMs) / 2;
    default:
      return assertNever(d, 'distribution');
  }
}

/** Var[X] of `d`, exactly. */
export function variance(d: Distribution): number {
  switch (d.kind) {
    case 'exponential':
      return d.meanMs * d.meanMs;
    case 'weibull': {
      const g1 = Math.exp(logGamma(1 + 1 / d.shape));
      const g2 = Math.exp(logGamma(1 + 2 / d.shape));
      return d.scaleMs * d.scaleMs * (g2 - g1 * g1);
    }
    case 'lognormal': {
      const s2 = d.sigma * d.sigma;
      return d.medianMs * d.medianMs * Math.exp(s2) * (Math.exp(s2) - 1);
    }
    case 'fixed':
      return 0;
    case 'uniform': {
      const w = d.maxMs - d.minMs;
      return (w * w) / 12;
    }
    default:
      return assertNever(d, 'distribution');
  }
}

/** P(X <= x), exactly (to double precision). */
export function cdf(d: Distribution, x: number): number {
  switch (d.kind) {
    case 'exponential':
      return x <= 0 ? 0 : 1 - Math.exp(-x / d.meanMs);
    case 'weibull':
      return x <= 0 ? 0 : 1 - Math.exp(-Math.pow(x / d.scaleMs, d.shape));
    case 'lognormal':
      return x <= 0 ? 0 : normalCdf(Math.log(x / d.medianMs) / d.sigma);
    case 'fixed':
      return x < d.valueMs ? 0 : 1;
    case 'uniform':
      if (x <= d.minMs) return 0;
      if (x >= d.maxMs) return 1;
      return (x - d.minMs) / (d.maxMs - d.minMs);
    default:
      return assertNever(d, 'distribution');
  }
}

/** The p-quantile of `d`, exactly (inverse of cdf), p in (0, 1). */
export function quantile(d: Distribution, p: number): number {
  switch (d.kind) {
    case 'exponential':
      return -d.meanMs * Math.log(1 - p);
    case 'weibull':
      return d.scaleMs * Math.pow(-Math.log(1 - p), 1 / d.shape);
    case 'lognormal':
      return d.medianMs * Math.exp(d.sigma * normalQuantile(p));
    case 'fixed':
      return d.valueMs;
    case 'uniform':
      return d.minMs + (d.maxMs - d.minMs) * p;
    default:
      return assertNever(d, 'distribution');
  }
}

/** A uniform draw in the open interval (0, 1), for quantile functions that diverge at 0. */
function openUniform(rng: RandomStream): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return u;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = LANCZOS;
  const xm1 = x - 1;
  let a = c[0]!;
  const t = xm1 + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (xm1 + i);
  return 0.5 * Math.log(2 * Math.PI) + (xm1 + 0.5) * Math.log(t) - t + Math.log(a);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Standard normal CDF Φ(z), to about 1e-15 relative. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Complementary error function: the Chebyshev fit of Numerical Recipes 3rd ed. §6.2.2 (erfccheb), ~1e-16. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  let d = 0;
  let dd = 0;
  for (let j = ERFC_COF.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + ERFC_COF[j]!;
    dd = tmp;
  }
  const r = t * Math.exp(-z * z + 0.5 * (ERFC_COF[0]! + ty * d) - dd);
  return x >= 0 ? r : 2 - r;
}

const ERFC_COF = [
  -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
  3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8,
  -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
  -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
];

/**
 * Standard normal quantile Φ⁻¹(p), p in (0, 1): Wichura's algorithm AS 241 (PPND16),
 * accurate to about 1e-16, so lognormal draws are an exact inverse transform.
 */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}
