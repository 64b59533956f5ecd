/**
 * `timing: ideal` (SPEC §8): with every delay zero the model must follow the structure
 * function at every instant, so its long-run availability is the exact analysis. Checked
 * event by event against the analysis layer's structure functions, and statistically
 * against the closed-form k-of-n value.
 */
import { describe, expect, it } from 'vitest';
import { structureFunctions, analyzeScenario } from '../../src/analysis/index.ts';
import { createCluster, checkInvariants, runReplication } from '../../src/model/index.ts';
import { SLIS, type Scenario } from '../../src/scenario/types.ts';
import { scenario } from './builders.ts';

const FAST_FAILURES = `failures:
  zone: { mttf: 300h, mttr: 20h }
  host: { mttf: 100h, mttr: 10h }
  etcd: { mttf: 60h, mttr: 5h }
  apiserver: { mttf: 60h, mttr: 5h }
  controller-manager: { mttf: 60h, mttr: 5h }
  scheduler: { mttf: 60h, mttr: 5h }
  loadBalancer: { mttf: 80h, mttr: 8h }`;

function idealScenario(topology: string): Scenario {
  return scenario(
    `name: ideal\ntopology: ${topology}\n${FAST_FAILURES}\ntiming: ideal\nsimulation: ` +
      `{ horizon: 1y, seed: 11, replications: 1 }\n`,
  );
}

/** Steps through a run; after all events of one instant, compares SLIs with the structure function. */
function compareWithStructure(s: Scenario, untilMs: number): number {
  const f = structureFunctions(s);
  const c = createCluster(s, 0);
  const ids = f.components;
  const comp = ids.map((id) => c.plan.compIndex.get(id));
  expect(comp.every((x) => x !== undefined)).toBe(true);
  const up = new Uint8Array(ids.length);
  let instants = 0;
  while (c.sim.step(untilMs)) {
    c.sim.run(c.sim.nowMs, () => checkInvariants(c)); // drain the zero-delay events of this instant
    comp.forEach((k, i) => (up[i] = c.causes[k!] === 0 ? 1 : 0));
    const expected = f.evaluateIndexed(up);
    SLIS.forEach((sli) => {
      if (c.sli.isUp(sli) !== expected[sli]) {
        throw new Error(`t=${c.sim.nowMs}: ${sli} simulated ${c.sli.isUp(sli)} but structure says ${expected[sli]}`);
      }
    });
    instants++;
  }
  return instants;
}

const TOPOLOGIES = [
  '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }',
  '{ kind: stacked, zones: 2, controlPlane: { count: 3 }, loadBalancer: { kind: haproxy } }',
  '{ kind: stacked, zones: 3, controlPlane: { count: 5 }, apiserver: { etcdEndpoints: all }, loadBalancer: { kind: cloud } }',
  '{ kind: external, zones: 3, controlPlane: { count: 2 }, etcd: { count: 3 }, apiserver: { ' +
    'etcdEndpoints: all }, loadBalancer: { kind: keepalived } }',
  '{ kind: stacked, zones: 1, controlPlane: { count: 3 }, loadBalancer: { kind: none } }',
  '{ kind: stacked, zones: 3, controlPlane: { count: 4 }, loadBalancer: { kind: haproxy, healthCheck: { kind: tcp } } }',
];

describe('timing: ideal follows the structure function', () => {
  for (const t of TOPOLOGIES) {
    it(`at every instant: ${t}`, () => {
      const instants = compareWithStructure(idealScenario(t), 2 * 365 * 24 * 3600 * 1000);
      expect(instants).toBeGreaterThan(500);
    });
  }

  it('etcd availability of stacked-3 matches the exact 2-of-3 value within 4 standard errors', () => {
    const s = scenario(
      'name: k-of-n\ntopology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: ' +
        '{ kind: keepalived } }\nfailures:\n  etcd: { mttf: 100h, mttr: 10h }\ntiming: ideal\nsimulation: { ' +
        'horizon: 1y, seed: 5, replications: 1 }\n',
    );
    const a = 100 / 110;
    const exact = 1 - (3 * a * a * (1 - a) + a ** 3);
    const analysed = analyzeScenario(s);
    expect(analysed.ok).toBe(true);
    if (analysed.ok) expect(1 - analysed.value.availability.etcd).toBeCloseTo(exact, 12);
    const n = 300;
    const xs: number[] = [];
    for (let r = 0; r < n; r++) {
      const res = runReplication(s, r);
      xs.push(res.slis.etcd.downMs / res.horizonMs);
    }
    const mean = xs.reduce((p, q) => p + q, 0) / n;
    const sd = Math.sqrt(xs.reduce((p, q) => p + (q - mean) ** 2, 0) / (n - 1));
    const se = sd / Math.sqrt(n);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
    // and the test can tell: 1-of-3 or 3-of-3 would be far off
    expect(Math.abs(mean - (1 - a) ** 3)).toBeGreaterThan(10 * se);
  });
});
