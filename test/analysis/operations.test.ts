/**
 * Common-mode operational components in the exact analysis and `spof` (issue 12): each is
 * a series component with availability E[up] / (E[up] + E[down]); `spof` names it and
 * the recommendation gives its remedy before the structural advice. Under `timing: ideal`
 * the simulation agrees with the exact value within its confidence interval.
 */
import { describe, expect, it } from 'vitest';
import { analyzeScenario, spofReport } from '../../src/analysis/index.ts';
import { certificateAvailability } from '../../src/analysis/operations.ts';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import { SLIS } from '../../src/scenario/types.ts';
import { scenario } from '../model/builders.ts';

const KEEPALIVED3 =
  'topology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }';
const SINGLE = 'topology: { kind: stacked, zones: 1, controlPlane: { count: 1 } }';
const HW =
  'failures: { zone: { mttf: 800h, mttr: 20h }, host: { mttf: 150h, mttr: 8h }, etcd: { ' +
  'mttf: 60h, mttr: 3h }, apiserver: { mttf: 80h, mttr: 2h } }';
const OPS = `operations:
  changes: { every: 200h, rollout: all-at-once, component: apiserver, detect: { exponential: { mean: 5h } }, rollback: 5h }
  etcdSpace: { fill: { exponential: { mean: 300h } }, recovery: { lognormal: { median: 8h, sigma: 0.5 } } }
  region: { mttf: 1000h, mttr: 20h }
  dependencies: { dns: { mttf: 500h, ttr: { uniform: { min: 5h, max: 15h } } } }`;

function exact(yaml: string) {
  const a = analyzeScenario(scenario(yaml));
  if (!a.ok) throw new Error(a.errors.join('\n'));
  return a.value;
}

describe('common-mode components in the exact analysis', () => {
  it('each is in series with the SLIs it takes down, with its renewal availability', () => {
    const base = exact(`name: base\n${KEEPALIVED3}\n${HW}`);
    const ops = exact(`name: ops\n${KEEPALIVED3}\n${HW}\n${OPS}`);
    const change = 200 / 210;
    const nospace = 300 / (300 + 8 * Math.exp(0.125));
    const region = 1000 / 1020;
    const dns = 500 / 510;
    expect(ops.availability.etcd).toBeCloseTo(base.availability.etcd * nospace * region, 12);
    expect(ops.availability.api).toBeCloseTo(base.availability.api * change * region * dns, 12);
    expect(ops.availability.controllers).toBeCloseTo(base.availability.controllers * change * region, 12);
    const ids = ops.components.filter((c) => c.kind === 'common').map((c) => c.id);
    expect(ids).toEqual(['change/all-at-once', 'etcd-space/nospace', 'region/outage', 'dependency/dns']);
  });

  it('upgrades, a health-gated change and defragmentation are factors on their components', () => {
    const y =
      `name: f\n${SINGLE}\noperations:\n  upgrades: { every: 100h, perHost: 2h, failure: { ` +
      `probability: 20%, repair: 5h } }\n  changes: { every: 200h, rollout: health-gated, component: etcd, ` +
      `detect: 5h, rollback: 5h }\n  defrag: { every: 100h, perMember: 1h, gap: 0s }`;
    const a = exact(y).components;
    expect(a.find((c) => c.id === 'host/cp-1')!.availability).toBeCloseTo(1 - 3 / 100, 12);
    expect(a.find((c) => c.id === 'etcd/cp-1')!.availability).toBeCloseTo((200 / 210) * (1 - 1 / 100), 12);
    expect(a.filter((c) => c.kind === 'common')).toEqual([]);
  });

  it('certificates: renewed by yearly-or-faster upgrades never expire; without upgrades validity / (validity + manual)', () => {
    const cert = (ops: string) =>
      certificateAvailability(scenario(`name: c\n${KEEPALIVED3}\noperations:\n${ops}`).operations!);
    expect(cert('  upgrades: { every: 120d, window: 7d, perHost: 10m }\n  certificates: { manualRenewal: 4h }')).toBe(
      1,
    );
    expect(cert('  upgrades: none\n  certificates: { manualRenewal: 4h }')).toBeCloseTo(8760 / 8764, 12);
    expect(
      cert(
        '  upgrades: { every: 120d, perHost: 10m }\n  certificates: { renewal: none, ' +
          'validity: 100d, manualRenewal: 1d }',
      ),
    ).toBeCloseTo(100 / 101, 12);
    // Upgrades every 400 d, validity 365 d: each cycle loses min(E[manual], 35 d).
    expect(cert('  upgrades: { every: 400d, perHost: 10m }\n  certificates: { manualRenewal: 2d }')).toBeCloseTo(
      1 - 2 / 400,
      12,
    );
  });
});

describe('spof and the recommendation know common-mode components', () => {
  it('names them as SPOFs of the SLIs they take down, and recommends their remedy, not a replica', () => {
    const s = scenario(`name: s\n${KEEPALIVED3}\n${HW}\n${OPS}`);
    const r = spofReport(s);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.value.slis.api.spof).toEqual(['change/all-at-once', 'region/outage', 'dependency/dns']);
    expect(r.value.slis.etcd.spof).toEqual(['etcd-space/nospace', 'region/outage']);
    // The change costs the most (about 5% of the time): its remedy comes first.
    expect(r.value.recommendation).toMatch(/^roll changes out with a health gate/);
    expect(r.value.recommendation).toMatch(/structurally: no single point of failure/);
    expect(r.value.recommendation).not.toMatch(/add redundancy for change/);
  });

  it('a year without upgrades: the certificates are the SPOF and the advice is the upgrade cadence', () => {
    const s = scenario(`name: s\n${KEEPALIVED3}\noperations:\n  upgrades: none\n  certificates: { manualRenewal: 4h }`);
    const r = spofReport(s);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.value.slis.api.spof).toEqual(['certificates/expiry']);
    expect(r.value.recommendation).toMatch(/^upgrade the control plane at least once a year/);
  });

  it('NOSPACE alone: quota alerts', () => {
    const s = scenario(`name: s\n${KEEPALIVED3}\noperations:\n  etcdSpace: { fill: 2y, recovery: 1h }`);
    const r = spofReport(s);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.value.slis.etcd.spof).toEqual(['etcd-space/nospace']);
    expect(r.value.slis.api.spof).toEqual([]);
    expect(r.value.recommendation).toMatch(/^alert on the etcd database size/);
  });
});

describe('simulation under ideal timing agrees with the exact value', () => {
  for (const [name, topo] of [
    ['stacked-3', KEEPALIVED3],
    ['single-node', SINGLE],
  ] as const) {
    it(`${name} with hardware failures and every common-mode process`, async () => {
      const upgrades =
        name === 'single-node'
          ? '\n  upgrades: { every: 100h, perHost: 2h, ' +
            'healthGate: false, failure: { probability: 20%, repair: 5h } }'
          : '';
      const s = scenario(
        `name: ${name}\n${topo}\n${HW}\n${OPS}${upgrades}\ntiming: ` +
          `ideal\nsimulation: { horizon: 3000h, replications: 150, seed: 7 }`,
      );
      const want = analyzeScenario(s);
      if (!want.ok) throw new Error('refused');
      const st = (await runMonteCarlo([s], { workers: 1 })).runs[0]!.stats;
      for (const sli of SLIS) {
        const sim = st.slis[sli];
        const tol = Math.max(sim.ci95[1] - sim.ci95[0], 1e-9);
        expect(
          Math.abs(sim.availability - want.value.availability[sli]),
          `${sli}: ${sim.availability} ` + `vs ${want.value.availability[sli]}`,
        ).toBeLessThan(tol);
      }
    });
  }

  it('the test has power: dropping the region from the analysis misses by many intervals', async () => {
    const s = scenario(
      `name: p\n${KEEPALIVED3}\n${HW}\n${OPS}\ntiming: ideal\nsimulation: { horizon: 3000h, replications: 150, seed: 7 }`,
    );
    const without = analyzeScenario(
      scenario(
        `name: ` + `p\n${KEEPALIVED3}\n${HW}\n${OPS.replace('region: { mttf: 1000h, mttr: 20h }', 'region: none')}`,
      ),
    );
    if (!without.ok) throw new Error('refused');
    const sim = (await runMonteCarlo([s], { workers: 1 })).runs[0]!.stats.slis.etcd;
    expect(Math.abs(sim.availability - without.value.availability.etcd)).toBeGreaterThan(
      2 * (sim.ci95[1] - sim.ci95[0]),
    );
  });

  it('certificates without renewal: the long-run downtime share is manual / (validity + manual)', async () => {
    const s = scenario(
      `name: c\n${KEEPALIVED3}\noperations:\n  certificates: { renewal: none, ` +
        `validity: 500h, manualRenewal: 50h }\ntiming: ideal\nsimulation: { horizon: 50000h, replications: ` +
        `10, seed: 3 }`,
    );
    const api = (await runMonteCarlo([s], { workers: 1 })).runs[0]!.stats.slis.api.availability;
    expect(api).toBeGreaterThan(500 / 550 - 0.003);
    expect(api).toBeLessThan(500 / 550 + 0.003);
  });
});
