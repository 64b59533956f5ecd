/**
 * The structural twin (issue 11): SLI states under `timing: ideal` from the current
 * component states, tracked incrementally. Pinned three ways: against the model itself
 * under `timing: ideal` (which follows the structure function at every instant), against
 * a brute-force re-evaluation of the whole structure function at every component change
 * on scripted cases, and in expectation against the exact `analyze` value.
 */
import { describe, expect, it } from 'vitest';
import { analyzeScenario, structureFunctions } from '../../src/analysis/index.ts';
import { StructuralTwin } from '../../src/analysis/structural-twin.ts';
import { compileTopology } from '../../src/analysis/topology.ts';
import { planOf } from '../../src/model/plan.ts';
import { runReplication } from '../../src/model/replication.ts';
import { sampleMean, sampleSd } from '../../src/montecarlo/stats.ts';
import { SLIS, type Scenario } from '../../src/scenario/types.ts';
import { scenario } from '../model/builders.ts';

const FAST = `failures:
  zone: { mttf: 300h, mttr: 20h }
  host: { mttf: 100h, mttr: 10h }
  etcd: { mttf: 60h, mttr: 5h }
  apiserver: { mttf: 60h, mttr: 5h }
  controller-manager: { mttf: 60h, mttr: 5h }
  scheduler: { mttf: 60h, mttr: 5h }
  loadBalancer: { mttf: 80h, mttr: 8h }`;

const TOPOLOGIES = [
  '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }',
  '{ kind: stacked, zones: 2, controlPlane: { count: 3 }, loadBalancer: { kind: haproxy } }',
  '{ kind: stacked, zones: 3, controlPlane: { count: 5 }, apiserver: { etcdEndpoints: all }, loadBalancer: { kind: cloud } }',
  '{ kind: external, zones: 3, controlPlane: { count: 2 }, etcd: { count: 3 }, loadBalancer: { kind: keepalived } }',
  '{ kind: stacked, zones: 1, controlPlane: { count: 3 }, loadBalancer: { kind: none } }',
];

function make(topology: string, extra: string, horizon = '1y'): Scenario {
  return scenario(
    `name: twin\ntopology: ${topology}\n${extra}\nsimulation: { horizon: ${horizon}, seed: 5, replications: 1 }\n`,
  );
}

function twinOf(s: Scenario): StructuralTwin {
  const t = compileTopology(s);
  if (!t.ok) throw new Error(t.errors.join('; '));
  return new StructuralTwin(t.value, planOf(s).compIds);
}

/** Runs replication r with the twin attached; returns model and twin down times per SLI. */
function runWithTwin(
  s: Scenario,
  r: number,
): { model: number[]; twin: number[]; twinOutages: number[]; changes: [number, boolean, number][] } {
  const twin = twinOf(s);
  const changes: [number, boolean, number][] = [];
  let endedAt = -1;
  const res = runReplication(s, r, {
    observers: [
      {
        onComponentChange: (view, c, up) => {
          changes.push([c, up, view.nowMs]);
          twin.componentChanged(c, up, view.nowMs);
        },
        onEnd: (_view, untilMs) => {
          endedAt = untilMs;
          twin.finish(untilMs);
        },
      },
    ],
  });
  expect(endedAt).toBe(s.simulation.horizonMs);
  return {
    model: SLIS.map((sli) => res.slis[sli].downMs),
    twin: SLIS.map((sli) => twin.downMsOf(sli)),
    twinOutages: SLIS.map((sli) => twin.outagesOf(sli)),
    changes,
  };
}

describe('structural twin', () => {
  for (const t of TOPOLOGIES) {
    it(`equals the model under timing: ideal, replication by replication: ${t}`, () => {
      const s = make(t, `${FAST}\ntiming: ideal`);
      let down = 0;
      for (let r = 0; r < 4; r++) {
        const { model, twin } = runWithTwin(s, r);
        expect(twin).toEqual(model);
        down += twin.reduce((a, b) => a + b, 0);
      }
      expect(down).toBeGreaterThan(0); // the comparison saw outages
    });
  }

  it('matches a brute-force re-evaluation of the structure function on scripted faults (default timing)', () => {
    const faults = `faults:
  - { at: 1h, down: zone/b, for: 2h }
  - { at: 90m, down: host/cp-1, for: 1h }
  - { at: 2h, down: etcd/cp-3, for: 3h }
  - { at: 6h, down: lb/cp-1, for: 1h }
  - { at: 6h30m, down: apiserver/cp-2, for: 20m }
  - { at: 8h, down: scheduler/cp-1, for: 10m }
  - { at: 8h05m, down: scheduler/cp-2, for: 10m }
  - { at: 8h07m, down: scheduler/cp-3, for: 1m }`;
    const s = make(TOPOLOGIES[0]!, faults, '1d');
    const f = structureFunctions(s);
    const plan = planOf(s);
    const { twin, twinOutages, changes } = runWithTwin(s, 0);
    // Brute force: the whole structure function after every change, from the own-state vector.
    const up = new Uint8Array(f.components.length).fill(1);
    const index = new Map(f.components.map((id, i) => [id, i]));
    const down = [0, 0, 0, 0];
    const outages = [0, 0, 0, 0];
    const since = [0, 0, 0, 0];
    let state = f.evaluateIndexed(up);
    for (const [c, u, t] of changes) {
      up[index.get(plan.compIds[c]!)!] = u ? 1 : 0;
      const next = f.evaluateIndexed(up);
      SLIS.forEach((sli, i) => {
        if (state[sli] && !next[sli]) since[i] = t;
        if (!state[sli] && next[sli] && t > since[i]!) {
          down[i]! += t - since[i]!;
          outages[i]!++;
        }
      });
      state = next;
    }
    SLIS.forEach((sli, i) => {
      if (!state[sli]) {
        down[i]! += s.simulation.horizonMs - since[i]!;
        outages[i]!++;
      }
    });
    expect(twin).toEqual(down);
    expect(twinOutages).toEqual(outages);
    // The script takes every SLI down structurally at least once (so the check has teeth).
    expect(Math.min(...outages)).toBeGreaterThan(0);
  });

  it('counts zones, hosts and processes as their own state: a process down on a down host', () => {
    // etcd/cp-1 fails while host/cp-1 is down: when the host returns, etcd stays down.
    const s = make(
      TOPOLOGIES[0]!,
      'faults:\n  - { at: 1h, down: host/cp-1, for: 1h }\n  - { at: ' +
        '90m, down: etcd/cp-1, for: 2h }\n  - { at: 2h30m, down: etcd/cp-2, for: 30m }',
      '1d',
    );
    const { twin } = runWithTwin(s, 0);
    // etcd quorum (2 of 3) is lost only while etcd/cp-1 and etcd/cp-2 are both down: 2h30m-3h.
    expect(twin[0]).toBe(30 * 60_000);
  });

  it('its mean equals the exact structural availability within statistical bounds (default timing)', () => {
    const s = make(TOPOLOGIES[0]!, FAST);
    const exact = analyzeScenario(s);
    if (!exact.ok) throw new Error('analysis refused');
    const n = 60;
    const fractions = SLIS.map(() => new Float64Array(n));
    for (let r = 0; r < n; r++) {
      const { twin } = runWithTwin(s, r);
      twin.forEach((d, i) => (fractions[i]![r] = d / s.simulation.horizonMs));
    }
    SLIS.forEach((sli, i) => {
      const m = sampleMean(fractions[i]!);
      const se = sampleSd(fractions[i]!) / Math.sqrt(n);
      const u = exact.value.unavailability[sli];
      expect(u).toBeGreaterThan(1e-3); // high failure rates: a clear signal
      expect(Math.abs(m - u)).toBeLessThan(4 * se + 0.003 * u); // 4 SE plus the all-up-start transient
    });
  });
});
