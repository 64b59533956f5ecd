/**
 * Importance sampling by failure biasing (issue 11): on rare cases where the exact value
 * is known and crude Monte Carlo sees nothing, the weighted estimate lies within 3 SE of
 * exact, and its relative error stays bounded as the event gets rarer (1e-6 ... 1e-9).
 *
 * The case: three zones, only zone failures (exponential up and repair times), `timing:
 * ideal`, so the API is down exactly while two or more zones are down, and from the
 * all-up start P(zone down at t) = λ/(λ+μ)(1 - e^{-(λ+μ)t}); the exact value over the
 * horizon is the time average of P(at least 2 of 3 down), integrated numerically.
 */
import { describe, expect, it } from 'vitest';
import { parseImportance } from '../../src/cli/run-flow.ts';
import { InputError } from '../../src/cli/errors.ts';
import { runChunk } from '../../src/montecarlo/chunk.ts';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import { sampleMean, sampleSd } from '../../src/montecarlo/stats.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const HORIZON_H = 24;
const MTTR_H = 2;

function rare(mttfH: number, replications: number): Scenario {
  const r = loadScenarioText(
    `name: rare\ntopology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: cloud } }\n` +
      `failures:\n  zone: { mttf: ${mttfH}h, mttr: ${MTTR_H}h }\ntiming: ideal\n` +
      `simulation: { horizon: ${HORIZON_H}h, seed: 1, replications: ${replications} }\n`,
    'rare.yaml',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.scenario;
}

/** Exact API unavailability over the horizon from the all-up start (midpoint rule, 20k steps). */
function exactOverHorizon(mttfH: number): number {
  const lam = 1 / mttfH;
  const mu = 1 / MTTR_H;
  const n = 20_000;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = ((i + 0.5) * HORIZON_H) / n;
    const p = (lam / (lam + mu)) * (1 - Math.exp(-(lam + mu) * t));
    s += 3 * p * p * (1 - p) + p ** 3;
  }
  return s / n;
}

describe('importance sampling (failure biasing)', () => {
  const relativeErrors: number[] = [];
  for (const target of [1e-6, 1e-7, 1e-8, 1e-9]) {
    it(`is within 3 SE of exact at unavailability ${target} where crude sees nothing`, async () => {
      const mttf = MTTR_H / Math.sqrt(target / 3);
      const s = rare(mttf, 4000);
      const exact = exactOverHorizon(mttf);
      const bias = mttf / HORIZON_H; // about one biased failure per zone per run
      const is = (await runMonteCarlo([s], { workers: 2, importance: { zone: bias } })).runs[0]!.stats.slis.api;
      const crude = (await runMonteCarlo([s], { workers: 2, estimator: 'crude' })).runs[0]!.stats.slis.api;
      expect(crude.outages).toBe(0);
      expect(is.estimator).toBe('importance');
      const est = 1 - is.availability;
      const se = (is.ci95[1] - is.ci95[0]) / 2 / 1.96;
      expect(Math.abs(est - exact)).toBeLessThan(3 * se);
      relativeErrors.push(se / est);
    });
  }

  it('has a bounded relative error: the same at 1e-6 and at 1e-9', () => {
    expect(relativeErrors).toHaveLength(4);
    for (const re of relativeErrors) expect(re).toBeLessThan(0.2);
    expect(Math.max(...relativeErrors) / Math.min(...relativeErrors)).toBeLessThan(1.5);
  });

  it('carries a likelihood ratio of mean 1 (it is a density ratio)', () => {
    const mttf = 2000;
    const s = rare(mttf, 3000);
    const c = runChunk(s, 0, 0, 3000, { importance: { zone: 50 } });
    const m = sampleMean(c.likelihoodRatio);
    const se = sampleSd(c.likelihoodRatio) / Math.sqrt(3000);
    expect(Math.abs(m - 1)).toBeLessThan(3 * se);
    expect(se).toBeGreaterThan(0);
    // Without a bias every ratio is exactly 1.
    expect([...runChunk(s, 0, 0, 20).likelihoodRatio]).toEqual(new Array(20).fill(1));
  });

  it('biases only the named classes and keeps common random numbers (failure times / b)', () => {
    const s = rare(500, 1);
    const plain = runChunk(s, 0, 0, 1);
    const biased = runChunk(s, 0, 0, 1, { importance: { host: 10 } }); // hosts never fail here
    expect(biased.downMs).toEqual(plain.downMs);
    expect(biased.likelihoodRatio[0]).toBe(1);
  });

  it('refuses the hang classes (issue 19): their failure process takes no bias, so the flag would do nothing', () => {
    for (const cls of ['etcdHang', 'apiserverHang', 'etcdHang=10', 'zone,etcdHang']) {
      expect(() => parseImportance(cls, [rare(500, 1)])).toThrow(InputError);
      expect(() => parseImportance(cls, [rare(500, 1)])).toThrow(/importance sampling of hangs is not supported/);
    }
    expect(parseImportance('zone=4', [rare(500, 1)])).toEqual({ zone: 4 });
  });
});
