import { describe, expect, it } from 'vitest';
import { exactKOfN, runBaseline, runOnEngine } from '../bench/k-of-n.ts';
import { DOWN_MEAN_MS, UP_MEAN_MS } from '../bench/k-of-n.ts';

describe('k-of-n benchmark model', () => {
  it('engine and hand-written loop agree event for event', () => {
    const horizon = 1e7 * 3_600_000;
    const e = runOnEngine(5, 3, horizon, 3);
    const b = runBaseline(5, 3, horizon, 3);
    expect(e.events).toBe(b.events);
    expect(e.events).toBeGreaterThan(50_000);
    expect(e.availability).toBe(b.availability);
  });

  it('exact binomial formula matches a direct computation', () => {
    // 2-of-3 with a = 0.9: 3 a^2 (1 - a) + a^3.
    expect(exactKOfN(3, 2, 0.9)).toBeCloseTo(3 * 0.81 * 0.1 + 0.729, 14);
    expect(exactKOfN(1, 1, 0.3)).toBeCloseTo(0.3, 14);
    expect(exactKOfN(5000, 2501, 0.99)).toBeCloseTo(1, 12);
  });

  it('simulated availability is within 5 standard errors of the exact value', () => {
    // 1-of-2 with long runs: unavailability ~ 1e-4, so use 40 independent seeds.
    const a = UP_MEAN_MS / (UP_MEAN_MS + DOWN_MEAN_MS);
    const exact = exactKOfN(2, 1, a);
    const xs: number[] = [];
    for (let seed = 1; seed <= 40; seed++) xs.push(runOnEngine(2, 1, 2e6 * 3_600_000, seed).availability);
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
    const se = sd / Math.sqrt(xs.length);
    expect(se).toBeGreaterThan(0);
    expect(Math.abs(m - exact)).toBeLessThan(5 * se);
  });
});
