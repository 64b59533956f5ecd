import { describe, expect, it } from 'vitest';
import { ScenarioAccumulator, compare } from '../../src/montecarlo/aggregate.ts';
import type { ChunkResult } from '../../src/montecarlo/chunk.ts';
import type { EstimatorPlan } from '../../src/montecarlo/estimator.ts';
import { SKETCH_BINS, sketchAdd } from '../../src/montecarlo/sketch.ts';
import { clopperPearson95 } from '../../src/montecarlo/stats.ts';
import { SLIS } from '../../src/scenario/types.ts';

const H = 1000;
const CRUDE: EstimatorPlan = {
  kind: 'crude',
  reason: 'test',
  exactUnavailability: null,
  exact: false,
  transientBias: 0,
};

function accumulator(estimator: EstimatorPlan = CRUDE): ScenarioAccumulator {
  return new ScenarioAccumulator({ horizonMs: H, windowMs: 250, slo: { api: 0.99 }, estimator });
}

/** A chunk where replication r of SLI s is down for downs[r][s] ms as one outage. */
function chunk(from: number, downs: number[][]): ChunkResult {
  const n = downs.length;
  const k = SLIS.length;
  const downMs = new Float64Array(n * k);
  const outageCounts = new Int32Array(n * k);
  const outageSketch = new Float64Array(k * SKETCH_BINS);
  const outageMaxMs = new Float64Array(k);
  downs.forEach((row, i) =>
    row.forEach((d, s) => {
      downMs[i * k + s] = d;
      outageCounts[i * k + s] = d > 0 ? 1 : 0;
      if (d > 0) sketchAdd(outageSketch, s * SKETCH_BINS, d);
      outageMaxMs[s] = Math.max(outageMaxMs[s]!, d);
    }),
  );
  return {
    scenarioIndex: 0,
    from,
    to: from + n,
    downMs,
    outageCounts,
    twinDownMs: new Float64Array(n * k),
    twinOutageCounts: new Int32Array(n * k),
    likelihoodRatio: new Float64Array(n).fill(1),
    windowBreaches: new Int32Array(n * k),
    windowDownSketch: new Float64Array(k * SKETCH_BINS),
    outageSketch,
    outageMaxMs,
    windowDownMaxMs: new Float64Array(k),
    requestSuccessMs: Float64Array.from(downs.map((row) => H - row[1]!)),
    badMinutesMs: Float64Array.from(downs.map((row) => Math.ceil(row[1]! / 60_000) * 60_000)),
    events: Float64Array.from(downs.map(() => 10)),
  };
}

const ROWS = [
  [0, 10, 0, 0],
  [100, 0, 50, 0],
  [0, 30, 0, 0],
  [0, 0, 0, 0],
];

describe('ScenarioAccumulator', () => {
  it('computes availability, outage counts and outage lengths', () => {
    const acc = accumulator();
    acc.add(chunk(0, ROWS));
    const st = acc.stats();
    expect(st.replications).toBe(4);
    expect(st.slis.etcd.availability).toBeCloseTo(1 - 100 / 4000, 15);
    expect(st.slis.api.availability).toBeCloseTo(1 - 40 / 4000, 15);
    expect(st.slis.api.outages).toBe(2);
    expect(st.slis.api.meanOutageSeconds).toBeCloseTo(0.02, 15);
    expect(st.slis.api.longestOutageSeconds).toBeCloseTo(0.03, 15);
    expect(st.slis.scheduler.meanOutageSeconds).toBeNull();
    // No outage in 4 replications is not proof of 100%: the exact binomial bound on "a run
    // has down time" (times the largest down fraction, 1) bounds the CI, never [1, 1].
    expect(st.slis.scheduler.availability).toBe(1);
    expect(st.slis.scheduler.ci95[1]).toBe(1);
    expect(st.slis.scheduler.ci95[0]).toBeCloseTo(1 - clopperPearson95(0, 4)[1], 12);
    expect(st.slis.scheduler.ci95[0]).toBeLessThan(0.7);
    expect(st.slis.scheduler.evidence.sufficient).toBe(false);
    expect(st.slis.api.requestSuccess).toBeCloseTo(1 - 40 / 4000, 15);
    expect(st.events).toBe(40);
    // horizon 1000 ms is 1/31536000 y; 2 outages over 4 replications.
    expect(st.slis.api.outagesPerYear).toBeCloseTo(2 / ((4 * H) / 31_536_000_000), 3);
    expect(st.slis.api.downtimeMinutesPerYear).toBeCloseTo((40 / 4000) * 525_600, 9);
  });

  it('gives identical results whatever the chunking and arrival order', () => {
    const whole = accumulator();
    whole.add(chunk(0, ROWS));
    const split = accumulator();
    split.add(chunk(3, ROWS.slice(3)));
    split.add(chunk(0, ROWS.slice(0, 1)));
    split.add(chunk(1, ROWS.slice(1, 3)));
    expect(JSON.stringify(split.stats().slis)).toBe(JSON.stringify(whole.stats().slis));
  });

  it('refuses gaps and duplicates', () => {
    const acc = accumulator();
    acc.add(chunk(0, ROWS.slice(0, 1)));
    acc.add(chunk(2, ROWS.slice(2)));
    expect(() => acc.stats()).toThrow(/missing/);
    expect(() => acc.add(chunk(0, ROWS.slice(0, 1)))).toThrow(/twice/);
  });

  it('the CI is the Student t interval over replications', () => {
    const acc = accumulator();
    acc.add(chunk(0, ROWS));
    const a = [1, 0.9, 1, 1];
    const m = 0.975;
    const sd = Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / 3);
    const hw = (3.182446305284263 * sd) / 2; // t(0.975, 3) * sd / sqrt(4)
    const ci = acc.stats().slis.etcd.ci95;
    expect(ci[0]).toBeCloseTo(m - hw, 9);
    expect(ci[1]).toBe(1); // clipped
  });
});

describe('paired comparison', () => {
  it('pairs replication r with r: a constant shift has a zero-width CI', () => {
    const a = accumulator();
    a.add(chunk(0, ROWS));
    const b = accumulator();
    b.add(
      chunk(
        0,
        ROWS.map((r) => r.map((d) => d + 10)),
      ),
    );
    const api = compare('a', a.stats(), 'b', b.stats()).find((c) => c.sli === 'api')!;
    expect(api.difference).toBeCloseTo(-0.01, 12);
    expect(api.ci95[1] - api.ci95[0]).toBeLessThan(1e-12);
    expect(api.pairedReplications).toBe(4);
  });
});
