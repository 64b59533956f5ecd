import { describe, expect, it } from 'vitest';
import { compare, kolmogorovQ, ksPValue, ksStatistic, quantiles, quantileSorted } from '../../reference/stats.ts';

describe('quantileSorted (type 7, as numpy and R)', () => {
  it('interpolates between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.05)).toBeCloseTo(1.45, 12);
    expect(quantileSorted([7], 0.95)).toBe(7);
  });
  it('rejects an empty sample and a level outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
  });
});

describe('quantiles', () => {
  it('sorts, summarises and rounds to the millisecond', () => {
    const q = quantiles([4, 1, 3, 2]);
    expect(q).toEqual({ n: 4, min: 1, p05: 1.15, p25: 1.75, p50: 2.5, p75: 3.25, p95: 3.85, max: 4, mean: 2.5 });
    expect(quantiles([1.23456]).p50).toBe(1.235);
  });
});

describe('ksStatistic', () => {
  it('is the largest gap between the two empirical distribution functions', () => {
    // ECDF gaps: 0.25 at 1, 0.5 at 2, 0.25 at 2.5, 0.5 at 3, 0.25 at 3.5, 0.5 at 4, 0.25 at 4.5.
    expect(ksStatistic([1, 2, 3, 4], [2.5, 3.5, 4.5, 5.5])).toBeCloseTo(0.5, 12);
    expect(ksStatistic([1, 2, 3], [4, 5, 6])).toBe(1);
    expect(ksStatistic([3, 1, 2], [2, 3, 1])).toBe(0);
  });
  it('steps both functions past every copy of a tied value', () => {
    // At 1: 2/3 vs 1/3; at 2: 1 vs 1. A one-sided step would report 2/3.
    expect(ksStatistic([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3, 12);
  });
});

describe('kolmogorovQ and ksPValue', () => {
  it('matches the tabulated critical values of the Kolmogorov distribution', () => {
    expect(kolmogorovQ(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovQ(1.6276)).toBeCloseTo(0.01, 4);
    expect(kolmogorovQ(1)).toBeCloseTo(0.27, 3);
    expect(kolmogorovQ(0)).toBe(1);
  });
  it("applies the effective sample size n m / (n + m) with Stephens' correction", () => {
    // n = m = 50: ne = 25, lambda = (5 + 0.12 + 0.022) * 0.3 = 1.5426.
    expect(ksPValue(0.3, 50, 50)).toBeCloseTo(kolmogorovQ(1.5426), 6);
    expect(ksPValue(0.3, 50, 50)).toBeLessThan(0.02);
  });
});

describe('compare (the verdict)', () => {
  const grid = (n: number, lo: number, hi: number): number[] =>
    Array.from({ length: n }, (_, i) => lo + ((i + 0.5) / n) * (hi - lo));
  it('passes a sample drawn from the simulated shape', () => {
    expect(compare(grid(30, 1, 2), grid(500, 1, 2)).verdict).toBe('pass');
  });
  it('fails a sample shifted by a second (KS rejects, quartiles differ by more than the tolerance)', () => {
    const c = compare(grid(30, 2, 3), grid(500, 1, 2));
    expect(c.pValue).toBeLessThan(0.01);
    expect(c.verdict).toBe('fail');
  });
  it('passes a "significant" offset smaller than the practical tolerance (probe resolution)', () => {
    const c = compare(grid(2000, 1.1, 2.1), grid(20000, 1, 2));
    expect(c.pValue).toBeLessThan(0.01);
    expect(c.quartileGapS).toBeLessThan(0.15);
    expect(c.verdict).toBe('pass');
  });
  it('fails two trials far outside the simulated range, though KS cannot reject with n = 2', () => {
    const c = compare(
      [3.63, 3.64],
      Array.from({ length: 200 }, () => 0),
    );
    expect(c.pValue).toBeGreaterThan(0.01);
    expect(c.medianOutside).toBe(true);
    expect(c.verdict).toBe('fail');
  });
  it('passes round-trip noise next to a simulated zero', () => {
    expect(
      compare(
        [0.005, 0.012, 0.02],
        Array.from({ length: 200 }, () => 0),
      ).verdict,
    ).toBe('pass');
  });
});
