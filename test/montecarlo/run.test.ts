import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import { buildReport, reportJson } from '../../src/report/json.ts';
import { WALL_CLOCK_FIELDS } from '../../src/report/report-types.ts';
import { loadScenarioText, type LoadOptions } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';

function load(file: string, options: LoadOptions = {}): Scenario {
  const r = loadScenarioText(readFileSync(file, 'utf8'), file, options);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.scenario;
}

const NO_EXTRAS = { analytic: null, spofBySli: null, cutSets: null, recommendation: null };

function stableJson(scenarios: Scenario[], result: Awaited<ReturnType<typeof runMonteCarlo>>): string {
  const report = buildReport(
    result,
    scenarios.map(() => NO_EXTRAS),
    'test',
  );
  const fields = new RegExp(`"(${WALL_CLOCK_FIELDS.join('|')})": [^,\\n]+`, 'g');
  return reportJson(report).replace(fields, '"$1": 0');
}

describe('runMonteCarlo', () => {
  const scenarios = [
    load('scenarios/single-node.yaml', { replications: 60 }),
    load('scenarios/stacked-3.yaml', { replications: 60 }),
  ];

  it('is byte-identical across worker counts (1 inline, 2 threads)', async () => {
    const one = await runMonteCarlo(scenarios, { workers: 1 });
    const two = await runMonteCarlo(scenarios, { workers: 2 });
    expect(stableJson(scenarios, two)).toBe(stableJson(scenarios, one));
    expect(one.runs[1]!.stats.events).toBeGreaterThan(0);
  });

  it('a different seed gives a different result', async () => {
    const other = [load('scenarios/stacked-3.yaml', { replications: 60, seed: 2 })];
    const a = await runMonteCarlo([scenarios[1]!], { workers: 1 });
    const b = await runMonteCarlo(other, { workers: 1 });
    expect(b.runs[0]!.stats.events).not.toBe(a.runs[0]!.stats.events);
  });

  it('compares every scenario with the first, paired by replication', async () => {
    const r = await runMonteCarlo(scenarios, { workers: 1 });
    expect(r.comparisons).toHaveLength(6); // 4 SLIs + the 2 request-weighted API SLIs (issue 19)
    const api = r.comparisons.find((c) => c.sli === 'api')!;
    expect(api.a).toBe('single-node');
    expect(api.b).toBe('stacked-3');
    // stacked-3 is better than one node; the paired CI must exclude zero.
    expect(api.difference).toBeGreaterThan(0);
    expect(api.ci95[0]).toBeGreaterThan(0);
  });

  it('sequential stopping adds replications until the half-width target holds', async () => {
    const s = load('scenarios/single-node.yaml', { replications: 20 });
    const target = 8;
    const plain = (await runMonteCarlo([s], { workers: 1, estimator: 'crude' })).runs[0]!.stats.slis.api
      .downtimeMinutesPerYearCi95;
    expect((plain[1] - plain[0]) / 2).toBeGreaterThan(target); // 20 replications are not enough
    const r = await runMonteCarlo([s], {
      workers: 1,
      precisionMinutes: target,
      precisionSli: 'api',
      estimator: 'crude',
    });
    const st = r.runs[0]!.stats;
    const [lo, hi] = st.slis.api.downtimeMinutesPerYearCi95;
    expect(r.runs[0]!.precisionReached).toBe(true);
    expect((hi - lo) / 2).toBeLessThanOrEqual(target);
    expect(st.replications).toBeGreaterThan(20);
    // Deterministic: the same run stops at the same count.
    const again = await runMonteCarlo([s], {
      workers: 2,
      precisionMinutes: target,
      precisionSli: 'api',
      estimator: 'crude',
    });
    expect(again.runs[0]!.stats.replications).toBe(st.replications);
  });
});

describe('common random numbers', () => {
  it('pairing makes the CI of a difference tighter than comparing two independent estimates', async () => {
    // single-node and stacked-3-one-zone share zone a and host cp-1, whose outages dominate
    // both: they coincide replication by replication, so most noise cancels in the difference.
    const a = load('scenarios/single-node.yaml', { replications: 150 });
    const b = load('scenarios/stacked-3-one-zone.yaml', { replications: 150 });
    const r = await runMonteCarlo([a, b], { workers: 1, estimator: 'crude' });
    const paired = r.comparisons.find((c) => c.sli === 'api')!;
    const pairedHalf = (paired.ci95[1] - paired.ci95[0]) / 2;
    const half = (s: { ci95: readonly [number, number] }): number => (s.ci95[1] - s.ci95[0]) / 2;
    const unpairedHalf = Math.hypot(half(r.runs[0]!.stats.slis.api), half(r.runs[1]!.stats.slis.api));
    expect(pairedHalf).toBeLessThan(unpairedHalf / 2);
    // With another seed for b the pairing is lost: the difference is as noisy as unpaired.
    const bOther = load('scenarios/stacked-3-one-zone.yaml', { replications: 150, seed: 99 });
    const r2 = await runMonteCarlo([a, bOther], { workers: 1, estimator: 'crude' });
    const lost = r2.comparisons.find((c) => c.sli === 'api')!;
    expect((lost.ci95[1] - lost.ci95[0]) / 2).toBeGreaterThan(pairedHalf * 2);
  });
});
