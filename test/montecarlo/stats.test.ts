import { describe, expect, it } from 'vitest';
import {
  incompleteBeta,
  meanCi95,
  quantileSorted,
  sampleMean,
  sampleSd,
  studentTCdf,
  studentTQuantile,
} from '../../src/montecarlo/stats.ts';
import { createStream } from '../../src/engine/rng.ts';
import { normalQuantile } from '../../src/engine/distributions.ts';

describe('Student t', () => {
  it('quantiles match published tables', () => {
    // t(0.975, df) from standard tables (R: qt(0.975, df)).
    const table: [number, number][] = [
      [1, 12.706204736174707],
      [2, 4.302652729749464],
      [5, 2.570581835636314],
      [10, 2.228138851986274],
      [30, 2.042272456301238],
      [100, 1.983971518523552],
      [1000, 1.962339081113294],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 8);
  });

  it('tends to the normal quantile', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(normalQuantile(0.975), 5);
  });

  it('CDF is symmetric and inverts the quantile', () => {
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 14);
    expect(studentTCdf(-1.3, 7) + studentTCdf(1.3, 7)).toBeCloseTo(1, 14);
    expect(studentTCdf(studentTQuantile(0.9, 4), 4)).toBeCloseTo(0.9, 10);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 8);
  });

  it('incomplete beta: I_x(1, 1) = x and I_x(a, b) = 1 - I_(1-x)(b, a)', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.2, 2.5, 4) + incompleteBeta(0.8, 4, 2.5)).toBeCloseTo(1, 13);
  });
});

describe('mean and CI', () => {
  it('mean and sd of a known sample', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(sampleMean(xs)).toBe(5);
    expect(sampleSd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('a single value has no CI', () => {
    expect(meanCi95([0.5])).toEqual({ mean: 0.5, halfWidth: null });
  });

  it('95% CIs cover the true mean about 95% of the time', () => {
    const rng = createStream(3, 0, 'ci-coverage');
    let covered = 0;
    const trials = 8000;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: 3 }, () => 1 + normalQuantile(Math.max(1e-12, rng.next()))); // N(1, 1)
      const ci = meanCi95(xs);
      if (Math.abs(ci.mean - 1) <= ci.halfWidth!) covered++;
    }
    // Normal data: the t interval is exact, coverage 0.95, SE 0.0024 over 8000 trials. With
    // n = 3 the usual mistakes are far outside [0.94, 0.96]: sd with n instead of n-1 gives
    // P(|T2| < 4.303 sqrt(2/3)) = 0.927; the normal quantile instead of t, P(|T2| < 1.96) = 0.81;
    // t with n instead of n-1 degrees of freedom (3.182), 0.914.
    const rate = covered / trials;
    expect(rate).toBeGreaterThan(0.94);
    expect(rate).toBeLessThan(0.96);
  });
});

describe('quantileSorted', () => {
  it('interpolates like R type 7 / d3.quantileSorted', async () => {
    const { quantileSorted: d3q } = await import('d3-array');
    const xs = [1, 2, 4, 8, 16, 32, 64];
    for (const p of [0, 0.1, 0.25, 0.5, 0.9, 0.99, 1]) expect(quantileSorted(xs, p)).toBeCloseTo(d3q(xs, p)!, 12);
    expect(quantileSorted([5], 0.7)).toBe(5);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
