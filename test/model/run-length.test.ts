/** Issue 19: the run-length sampler behind readiness flapping, against brute force and the exact mean. */
import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/engine/index.ts';
import { meanTrialsToRun, trialsToRun } from '../../src/model/run-length.ts';

/** Trial by trial: the number of trials up to and including the first run of n successes. */
function bruteForce(next: () => number, p: number, n: number): number {
  let trials = 0;
  let run = 0;
  while (run < n) {
    trials++;
    run = next() < p ? run + 1 : 0;
  }
  return trials;
}

describe('trialsToRun', () => {
  it('has the exact mean (1 - p^n) / ((1 - p) p^n)', () => {
    expect(meanTrialsToRun(1 / 3, 3)).toBeCloseTo(39, 12);
    expect(meanTrialsToRun(2 / 3, 2)).toBeCloseTo(3.75, 12);
    expect(meanTrialsToRun(0.5, 1)).toBeCloseTo(2, 12);
  });

  for (const [p, n] of [
    [1 / 3, 3],
    [2 / 3, 2],
    [0.2, 2],
    [0.9, 10],
  ] as const) {
    it(`p = ${p.toFixed(3)}, n = ${n}: sample mean and distribution match brute force within statistical bounds`, () => {
      const N = 20_000;
      const a = createStream(1, 0, 'test/run-length');
      const b = createStream(2, 0, 'test/run-length');
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < N; i++) {
        xs.push(trialsToRun(a, p, n));
        ys.push(bruteForce(() => b.next(), p, n));
      }
      const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
      const sd = (v: number[]) => {
        const m = mean(v);
        return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
      };
      const mu = meanTrialsToRun(p, n);
      // 4.5 standard errors: a wrong rule (e.g. counting the run's trials once too often) fails
      expect(Math.abs(mean(xs) - mu)).toBeLessThan((4.5 * sd(xs)) / Math.sqrt(N));
      expect(Math.abs(mean(ys) - mu)).toBeLessThan((4.5 * sd(ys)) / Math.sqrt(N));
      // the same distribution: P(T = n) = p^n and P(T <= 2n) agree
      const frac = (v: number[], f: (x: number) => boolean) => v.filter(f).length / v.length;
      expect(frac(xs, (x) => x === n)).toBeCloseTo(p ** n, 1);
      expect(Math.abs(frac(xs, (x) => x <= 2 * n) - frac(ys, (x) => x <= 2 * n))).toBeLessThan(0.03);
      expect(Math.min(...xs)).toBe(n);
    });
  }

  it('edge cases: p = 1 takes n trials, p = 0 never ends', () => {
    const r = createStream(1, 0, 'x');
    expect(trialsToRun(r, 1, 3)).toBe(3);
    expect(trialsToRun(r, 0, 3)).toBe(Infinity);
  });
});
