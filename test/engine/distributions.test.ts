import { describe, expect, it } from 'vitest';
import {
  cdf,
  compileSampler,
  mean,
  normalCdf,
  normalQuantile,
  quantile,
  sample,
  variance,
  type Distribution,
} from '../../src/engine/distributions.ts';
import { createStream } from '../../src/engine/rng.ts';

const N = 200_000;
/** Kolmogorov's distribution: P(sqrt(n) D > 1.949) = 0.001. */
const KS_CRITICAL_0_001 = 1.949;

const CASES: { name: string; d: Distribution }[] = [
  { name: 'exponential mean 1000', d: { kind: 'exponential', meanMs: 1000 } },
  { name: 'weibull shape 1.5 scale 100', d: { kind: 'weibull', shape: 1.5, scaleMs: 100 } },
  { name: 'weibull shape 0.7 scale 3000', d: { kind: 'weibull', shape: 0.7, scaleMs: 3000 } },
  { name: 'lognormal median 4h sigma 0.8', d: { kind: 'lognormal', medianMs: 14_400_000, sigma: 0.8 } },
  { name: 'uniform 10..30', d: { kind: 'uniform', minMs: 10, maxMs: 30 } },
];

/** sqrt(n) x the Kolmogorov-Smirnov distance between sorted draws and `d`'s CDF. */
function ksScaled(xs: Float64Array, d: Distribution): number {
  let dMax = 0;
  for (let i = 0; i < N; i++) {
    const f = cdf(d, xs[i]!);
    dMax = Math.max(dMax, Math.abs(f - i / N), Math.abs((i + 1) / N - f));
  }
  return Math.sqrt(N) * dMax;
}

function drawSorted(d: Distribution, seed: number): Float64Array {
  const rng = createStream(seed, 0, 'dist-test');
  const s = compileSampler(d);
  const xs = new Float64Array(N);
  for (let i = 0; i < N; i++) xs[i] = s(rng);
  return xs.sort();
}

describe.each(CASES)('$name', ({ d }) => {
  const xs = drawSorted(d, 2024);

  it('sample mean within 5 standard errors of the exact mean', () => {
    let sum = 0;
    for (const x of xs) sum += x;
    const se = Math.sqrt(variance(d) / N);
    expect(Math.abs(sum / N - mean(d))).toBeLessThan(5 * se);
  });

  it('empirical CDF at exact quantiles within 5 standard errors', () => {
    for (const p of [0.01, 0.1, 0.5, 0.9, 0.99]) {
      const q = quantile(d, p);
      let below = 0;
      while (below < N && xs[below]! <= q) below++;
      const se = Math.sqrt((p * (1 - p)) / N);
      expect(Math.abs(below / N - p), `p=${p}`).toBeLessThan(5 * se);
    }
  });

  it('passes a Kolmogorov-Smirnov test at the 0.1% level', () => {
    expect(ksScaled(xs, d)).toBeLessThan(KS_CRITICAL_0_001);
  });

  it('quantile inverts cdf', () => {
    for (const p of [0.001, 0.25, 0.5, 0.75, 0.999]) {
      expect(cdf(d, quantile(d, p))).toBeCloseTo(p, 10);
    }
  });
});

describe('KS test power', () => {
  it('rejects draws from a different distribution (the test can fail)', () => {
    const xs = drawSorted({ kind: 'exponential', meanMs: 1050 }, 1);
    expect(ksScaled(xs, { kind: 'exponential', meanMs: 1000 })).toBeGreaterThan(KS_CRITICAL_0_001);
  });
});

describe('fixed and exact moments', () => {
  it('fixed always returns its value', () => {
    const d: Distribution = { kind: 'fixed', valueMs: 42 };
    const rng = createStream(1, 0, 'f');
    for (let i = 0; i < 10; i++) expect(sample(d, rng)).toBe(42);
    expect(mean(d)).toBe(42);
    expect(variance(d)).toBe(0);
    expect(cdf(d, 41.9)).toBe(0);
    expect(cdf(d, 42)).toBe(1);
  });

  it('weibull with shape 1 is exponential', () => {
    const w: Distribution = { kind: 'weibull', shape: 1, scaleMs: 500 };
    expect(mean(w)).toBeCloseTo(500, 9);
    expect(variance(w)).toBeCloseTo(250_000, 6);
  });

  it('weibull mean uses the gamma function: scale * Γ(1 + 1/k)', () => {
    // Γ(1 + 1/2) = sqrt(pi) / 2.
    expect(mean({ kind: 'weibull', shape: 2, scaleMs: 10 })).toBeCloseTo((10 * Math.sqrt(Math.PI)) / 2, 10);
  });

  it('lognormal mean is median * exp(sigma^2 / 2)', () => {
    expect(mean({ kind: 'lognormal', medianMs: 100, sigma: 1 })).toBeCloseTo(100 * Math.exp(0.5), 9);
  });

  it('normal quantile and CDF agree with reference values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 13);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
  });
});
