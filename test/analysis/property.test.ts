import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeScenario, findCutSets, spofReport, structureFunctions } from '../../src/analysis/index.ts';
import {
  SLIS,
  type FailureClass,
  type LoadBalancerKind,
  type ProcessKind,
  type ResolvedHost,
  type Scenario,
} from '../../src/scenario/types.ts';
import { custom, type FailureSpec } from './builders.ts';
import { refAvailability, refComponents, refCutSets, refSlis } from './reference.ts';

const PROCS: readonly ProcessKind[] = ['etcd', 'apiserver', 'controller-manager', 'scheduler'];
const CLASSES: readonly FailureClass[] = [
  'zone',
  'host',
  'etcd',
  'apiserver',
  'controller-manager',
  'scheduler',
  'loadBalancer',
];

/** Random small topologies: 1-3 zones, 1-4 hosts with random processes, any LB kind. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    zones: fc.integer({ min: 1, max: 3 }),
    hosts: fc.array(fc.record({ zone: fc.nat(2), runs: fc.subarray([...PROCS]), lb: fc.boolean() }), {
      minLength: 1,
      maxLength: 4,
    }),
    lb: fc.constantFrom<LoadBalancerKind>('none', 'haproxy', 'keepalived', 'cloud'),
    endpoints: fc.constantFrom<'local' | 'all'>('local', 'all'),
    failures: fc.array(
      fc.record({
        cls: fc.constantFrom(...CLASSES),
        mttf: fc.integer({ min: 2, max: 60 }),
        mttr: fc.integer({ min: 1, max: 30 }),
      }),
      { maxLength: 7 },
    ),
  })
  .map((r) => {
    const zones = ['a', 'b', 'c'].slice(0, r.zones);
    const hosts: ResolvedHost[] = r.hosts.map((h, i) => ({
      name: `h-${i + 1}`,
      zone: zones[h.zone % zones.length] as string,
      runs: [...h.runs, ...(r.lb === 'keepalived' && h.lb ? (['load-balancer'] as const) : [])],
    }));
    if (r.lb === 'haproxy') hosts.push({ name: 'lb-1', zone: 'a', runs: ['load-balancer'] });
    const failures: FailureSpec = {};
    for (const f of r.failures) failures[f.cls] = { mttfH: f.mttf, mttrH: f.mttr };
    return custom({ zones, hosts, lb: r.lb, etcdEndpoints: r.endpoints, failures });
  })
  .filter((s) => refComponents(s).filter((c) => c.a < 1).length <= 13 && refComponents(s).length <= 16);

const PARAMS = { seed: 20261127, numRuns: 60 } as const;

describe('exact analysis against 2^n enumeration on random topologies', () => {
  it('availability matches brute force', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = analyzeScenario(s);
        if (!r.ok) return false;
        const ref = refAvailability(s);
        for (const sli of SLIS) expect(r.value.availability[sli]).toBeCloseTo(ref[sli], 12);
        return true;
      }),
      PARAMS,
    );
  });

  it('structure functions match the reference on every up set (up to 2^11, else 2048 seeded ones)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (s, seed) => {
        const f = structureFunctions(s);
        const n = f.components.length;
        let x = seed;
        const states = Math.min(2 ** n, 2048);
        for (let m = 0; m < states; m++) {
          // Exhaustive when small; otherwise a Park-Miller sequence of masks.
          x = (x * 48271) % 2147483647;
          const up = new Set(f.components.filter((_, i) => (2 ** n <= 2048 ? (m >> i) & 1 : (x >> (i % 31)) & 1)));
          expect(f.evaluate((id) => up.has(id))).toEqual(refSlis(s, up));
        }
        const down = f.components.filter((_, i) => i % 3 === seed % 3);
        const up = new Set(f.components.filter((id) => !down.includes(id)));
        expect(f.evaluateDown(down)).toEqual(refSlis(s, up));
        expect(new Set(f.components)).toEqual(new Set(refComponents(s).map((c) => c.id)));
      }),
      { ...PARAMS, numRuns: 40 },
    );
  });

  it('minimal cut sets match exhaustive search', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = findCutSets(s);
        if (!r.ok) return false;
        const ref = refCutSets(s);
        const norm = (sets: string[][]): string[] => sets.map((x) => [...x].sort().join('+')).sort();
        for (const sli of SLIS) expect(norm(r.value[sli])).toEqual(norm(ref[sli]));
        return true;
      }),
      { ...PARAMS, numRuns: 25 },
    );
  });

  it('Birnbaum importance matches conditional brute force', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (s, pick) => {
        const r = spofReport(s);
        if (!r.ok) return false;
        const ids = refComponents(s).map((c) => c.id);
        const id = ids[pick % ids.length] as string;
        const upRef = refAvailability(s, new Map([[id, true]]));
        const downRef = refAvailability(s, new Map([[id, false]]));
        for (const sli of SLIS) expect(r.value.slis[sli].importance[id]).toBeCloseTo(upRef[sli] - downRef[sli], 11);
        return true;
      }),
      { ...PARAMS, numRuns: 40 },
    );
  });
});
