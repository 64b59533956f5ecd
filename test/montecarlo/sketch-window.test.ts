/**
 * Fixed-memory statistics (issue 10/11): the outage-length and window-downtime sketch
 * (quantiles within 1%, merges independent of order) and the split of a run into SLO
 * windows with breach counts.
 */
import { describe, expect, it } from 'vitest';
import { runChunk, splitIntoWindows } from '../../src/montecarlo/chunk.ts';
import { SKETCH_BINS, sketchAdd, sketchQuantile } from '../../src/montecarlo/sketch.ts';
import { quantileSorted } from '../../src/montecarlo/stats.ts';
import { scenario } from '../model/builders.ts';

describe('duration sketch', () => {
  it('gives quantiles within 1% of the order statistics, exact max and zero', () => {
    const xs: number[] = [];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      xs.push(Math.exp((seed / 2 ** 31) * 20)); // 1 ms .. 5e8 ms, log-uniform
    }
    const h = new Float64Array(SKETCH_BINS);
    for (const x of xs) sketchAdd(h, 0, x);
    const sorted = Float64Array.from(xs).sort();
    for (const p of [0.01, 0.25, 0.5, 0.9, 0.99]) {
      const exact = sorted[Math.ceil(p * xs.length) - 1]!;
      expect(Math.abs(sketchQuantile(h, 0, p, sorted[sorted.length - 1]!) / exact - 1)).toBeLessThan(0.0101);
    }
    expect(sketchQuantile(h, 0, 1, 123)).toBe(123);
    const z = new Float64Array(SKETCH_BINS);
    sketchAdd(z, 0, 0);
    expect(sketchQuantile(z, 0, 0.5, 0)).toBe(0);
    expect(sketchQuantile(new Float64Array(SKETCH_BINS), 0, 0.5, 0)).toBeNaN();
    expect(quantileSorted(sorted, 0.5)).toBeGreaterThan(0);
  });
});

describe('SLO windows', () => {
  it('splits outages over window boundaries and ignores the trailing partial window', () => {
    const out = new Float64Array(3);
    // [5, 15) across windows 0|1, [25, 40) across 2 and the partial 4th window.
    splitIntoWindows([5, 15, 25, 40], 10, out);
    expect([...out]).toEqual([5, 5, 5]);
  });

  it('counts windows below the SLO: one 1-hour outage breaks one 30-day window of three', () => {
    const s = scenario(
      'name: w\ntopology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: cloud } }\n' +
        'faults:\n  - { at: 40d, down: zone/a, for: 1h }\n  - { at: 40d, down: zone/b, for: 1h }\n' +
        'simulation: { horizon: 90d, seed: 1, replications: 1 }\nslo: { api: "99.95%", etcd: "99%" }\n',
    );
    const c = runChunk(s, 0, 0, 1);
    const api = 1;
    expect(c.windowBreaches[api]).toBe(1); // 1 h > 21.6 min budget of a 30-day window
    expect(c.windowBreaches[0]).toBe(0); // etcd: 1 h < 7.2 h budget at 99%
    expect(c.windowDownMaxMs[api]).toBeGreaterThanOrEqual(3_600_000);
    expect(c.windowDownMaxMs[api]).toBeLessThan(3_700_000);
    // Same run, 1-day windows: still one breaching window, of 90.
    const d = runChunk(s, 0, 0, 1, { windowMs: 86_400_000 });
    expect(d.windowBreaches[api]).toBe(1);
  });
});
