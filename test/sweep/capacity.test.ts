/**
 * Issue 16: the N+1 answer of a sweep and machine cost weights (`--cost`), so "cheapest
 * passing" means cost, and a variant whose survivors cannot carry the peak does not pass.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/cli/commands/sweep.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { SweepReport } from '../../src/sweep/types.ts';
import { parseCostWeights, scenarioCost } from '../../src/sweep/cost.ts';
import { cheapestPassing, paretoFront } from '../../src/sweep/select.ts';

const dir = mkdtempSync(join(tmpdir(), 'sweep-capacity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = (topology: string) => {
  const r = loadScenarioText(`name: c\ntopology: ${topology}\n`, 'c.yaml');
  if (!r.ok) throw new Error('invalid');
  return r.value.scenario;
};

describe('cost weights', () => {
  it('parses weights; unknown kinds and junk are one message', () => {
    expect(parseCostWeights('host=1,etcd=0.5,lb=0.2')).toEqual({ host: 1, etcd: 0.5, lb: 0.2 });
    expect(parseCostWeights('etcd=0.5')).toEqual({ host: 1, etcd: 0.5, lb: 1 });
    expect(parseCostWeights('gpu=3')).toMatch(/unknown machine kind "gpu"; expected one of host, etcd, lb/);
    expect(parseCostWeights('host:1')).toMatch(/expected KIND=WEIGHT/);
  });

  it('prices apiserver hosts, etcd-only hosts, the lb-1 host and a cloud LB', () => {
    const w = { host: 1, etcd: 0.5, lb: 0.2 };
    expect(
      scenarioCost(
        scenario(
          '{ kind: external, controlPlane: { count: 3 }, etcd: { count: 5 }, ' + 'loadBalancer: { kind: haproxy } }',
        ),
        w,
      ),
    ).toBe(3 + 2.5 + 0.2);
    expect(
      scenarioCost(scenario('{ kind: stacked, controlPlane: { count: 3 }, loadBalancer: { preset: aws-nlb } }'), w),
    ).toBe(3.2);
    expect(
      scenarioCost(scenario('{ kind: stacked, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }'), w),
    ).toBe(3);
  });

  it('cheapest passing and the Pareto front follow cost, not machine count', () => {
    const pts = [
      {
        name: 'five-small',
        machines: 5,
        cost: 3.5,
        apiDowntimeMinutesPerYear: 1,
        rankAvailability: 0.9999,
        sloMet: true,
      },
      { name: 'four-big', machines: 4, cost: 4, apiDowntimeMinutesPerYear: 1, rankAvailability: 0.9999, sloMet: true },
    ];
    expect(cheapestPassing(pts)).toBe('five-small');
    expect(paretoFront(pts)).toEqual(['five-small']);
    const unweighted = pts.map(({ cost: _c, ...p }) => p);
    expect(cheapestPassing(unweighted)).toBe('four-big');
  });
});

describe('sweep with a load: the N+1 answer', () => {
  it('picks the smallest apiserver count whose survivors carry the peak, priced by --cost', async () => {
    const out = join(dir, 'sweep.json');
    await runSweep('examples/capacity/api-load.yaml', {
      set: ['topology.controlPlane.count=2,3,4,5'],
      replications: '20',
      cost: 'host=1,etcd=0.5,lb=0.2',
      json: out,
      quiet: true,
      workers: '1',
    });
    const sw = JSON.parse(readFileSync(out, 'utf8')) as SweepReport;
    // 1200 req/s, 500 per apiserver: ceil(1200 / 500) + 1 = 4
    expect(sw.cheapest).toBe('api-load [topology.controlPlane.count=4]');
    expect(sw.answer).toMatch(
      /and N\+1 at peak: api-load \[topology\.controlPlane\.count=4\]: 7 machines, cost 5\.5,.*N\+1 at peak: 3 surviving apiservers carry 1200 req\/s \(headroom \+25%; with zone a down -17%\)/,
    );
    expect(sw.cost?.byVariant).toEqual({
      'api-load [topology.controlPlane.count=2]': 3.5,
      'api-load [topology.controlPlane.count=3]': 4.5,
      'api-load [topology.controlPlane.count=4]': 5.5,
      'api-load [topology.controlPlane.count=5]': 6.5,
    });
    const caps = sw.report.scenarios.map((s) => s.capacity!.nPlusOne);
    expect(caps).toEqual([false, false, true, true]);
    // requests are lost to 429s where one host down cannot carry the peak
    const rs = sw.report.scenarios.map((s) => s.requestSuccess!);
    expect(rs[0]!).toBeLessThan(rs[2]!);
  });
});
