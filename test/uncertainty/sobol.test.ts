/**
 * The study's estimators against known answers: Sobol indices of the Ishigami function
 * (analytic indices, Saltelli et al. 2008 §2.9) within their bootstrap error, and the
 * coverage of the distribution-free quantile intervals over seeds.
 */
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/engine/distributions.ts';
import { latinHypercube, pickFreeze } from '../../src/uncertainty/design.ts';
import { quantileCi, sobolIndices } from '../../src/uncertainty/stats.ts';

const A = 7;
const B = 0.1;
function ishigami(u: readonly number[]): number {
  const [x1, x2, x3] = u.map((v) => Math.PI * (2 * v - 1)) as [number, number, number];
  return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
}
// Analytic: V = a²/8 + b π⁴/5 + b² π⁸/18 + 1/2; V1 = (1 + b π⁴/5)²/2; V2 = a²/8; V13 = b² π⁸ (1/18 - 1/50).
const V = A ** 2 / 8 + (B * Math.PI ** 4) / 5 + (B ** 2 * Math.PI ** 8) / 18 + 0.5;
const V1 = (1 + (B * Math.PI ** 4) / 5) ** 2 / 2;
const V2 = A ** 2 / 8;
const V13 = B ** 2 * Math.PI ** 8 * (1 / 18 - 1 / 50);
const FIRST = [V1 / V, V2 / V, 0];
const TOTAL = [(V1 + V13) / V, V2 / V, V13 / V];

describe('Sobol indices (Saltelli first order, Jansen total)', () => {
  it('recover the Ishigami indices within 3 bootstrap standard errors', () => {
    const pf = pickFreeze(4096, 3, 7);
    const idx = sobolIndices(
      pf.a.map(ishigami),
      pf.b.map(ishigami),
      pf.ab.map((m) => m.map(ishigami)),
      7,
      100,
    );
    idx.forEach((x, k) => {
      expect(Math.abs(x.first - FIRST[k]!)).toBeLessThan(3 * x.firstSe + 0.01);
      expect(Math.abs(x.total - TOTAL[k]!)).toBeLessThan(3 * x.totalSe + 0.01);
      expect(x.firstSe).toBeLessThan(0.05);
    });
  });
});

describe('outer-quantile confidence intervals', () => {
  it('cover the true p5, p50 and p95 in at least 93% of seeds (nominal 95%)', () => {
    // Y = sum of three standard normals from a Latin hypercube: Y ~ N(0, 3).
    const truth = (p: number): number => Math.sqrt(3) * normalQuantile(p);
    const seeds = 300;
    for (const p of [0.05, 0.5, 0.95]) {
      let covered = 0;
      for (let s = 1; s <= seeds; s++) {
        const ys = latinHypercube(200, 3, s, 'coverage')
          .map((u) => u.reduce((a, v) => a + normalQuantile(v), 0))
          .sort((x, y) => x - y);
        const ci = quantileCi(ys, p).ci95;
        if (ci[0] <= truth(p) && truth(p) <= ci[1]) covered++;
      }
      expect(covered / seeds).toBeGreaterThanOrEqual(0.93);
    }
  });

  it('gives the same design for the same seed and another for another seed', () => {
    expect(latinHypercube(8, 3, 1, 'x')).toEqual(latinHypercube(8, 3, 1, 'x'));
    expect(latinHypercube(8, 3, 2, 'x')).not.toEqual(latinHypercube(8, 3, 1, 'x'));
    // One point per stratum in every dimension.
    const d = latinHypercube(10, 2, 3, 'x');
    for (let k = 0; k < 2; k++)
      expect(d.map((u) => Math.floor(u[k]! * 10)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
