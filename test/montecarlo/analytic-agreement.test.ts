/**
 * With `timing: ideal` (no protocol delays) the simulated long-run availability of every
 * SLI must agree with the exact structural value from `analyze` (SPEC §8), whatever the
 * shape of the failure and repair distributions (only their means matter). Failure rates
 * are high so that unavailability is large and the test has power: a wrong rule in the
 * model (say, apiservers not needing their local etcd member) moves the simulated value
 * by many standard errors.
 */
import { describe, expect, it } from 'vitest';
import { analyzeScenario } from '../../src/analysis/index.ts';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { SLIS, type Scenario } from '../../src/scenario/types.ts';

const TOPOLOGIES: Record<string, string> = {
  'single-node': 'kind: stacked\n  zones: 1\n  controlPlane: { count: 1 }\n  loadBalancer: { kind: none }',
  'stacked-3': 'kind: stacked\n  zones: 3\n  controlPlane: { count: 3 }\n  loadBalancer: { kind: keepalived }',
  'stacked-5': 'kind: stacked\n  zones: 3\n  controlPlane: { count: 5 }\n  loadBalancer: { kind: keepalived }',
  'external-3x3':
    'kind: external\n  zones: 3\n  controlPlane: { count: 3 }\n  etcd: { count: 3 }\n  apiserver: { ' +
    'etcdEndpoints: all }\n  loadBalancer: { kind: cloud }',
  'stacked-3-one-zone': 'kind: stacked\n  zones: 1\n  controlPlane: { count: 3 }\n  loadBalancer: { kind: keepalived }',
  'haproxy-single': 'kind: stacked\n  zones: 3\n  controlPlane: { count: 3 }\n  loadBalancer: { kind: haproxy }',
};

const EXPONENTIAL = `
  zone: { mttf: 800h, mttr: 20h }
  host: { mttf: 150h, mttr: 8h }
  etcd: { mttf: 60h, mttr: 3h }
  apiserver: { mttf: 80h, mttr: 2h }
  controller-manager: { mttf: 50h, mttr: 5h }
  scheduler: { mttf: 50h, mttr: 5h }
  loadBalancer: { mttf: 100h, mttr: 6h }`;

// Same means as EXPONENTIAL for the classes that matter most, other shapes.
const SHAPED = `
  zone: { ttf: { weibull: { shape: 0.8, scale: 706h } }, ttr: { fixed: 20h } }
  host: { ttf: { weibull: { shape: 1.5, scale: 166.2h } }, ttr: { lognormal: { median: 6h, sigma: 0.758 } } }
  etcd: { ttf: { uniform: { min: 20h, max: 100h } }, ttr: { lognormal: { median: 2h, sigma: 0.9 } } }
  apiserver: { mttf: 80h, ttr: { uniform: { min: 1h, max: 3h } } }
  controller-manager: { ttf: { weibull: { shape: 2, scale: 56.4h } }, mttr: 5h }
  scheduler: { mttf: 50h, ttr: { fixed: 5h } }
  loadBalancer: { ttf: { lognormal: { median: 80h, sigma: 0.668 } }, mttr: 6h }`;

function scenario(name: string, failures: string, replications: number): Scenario {
  const text =
    `name: ${name}\ntopology:\n  ${TOPOLOGIES[name]}\nfailures:${failures}\ntiming: ` +
    `ideal\nsimulation: { horizon: 3000h, replications: ${replications}, seed: 7 }\n`;
  const r = loadScenarioText(text, `${name}.yaml`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.scenario;
}

async function expectAgreement(s: Scenario): Promise<void> {
  const exact = analyzeScenario(s);
  if (!exact.ok) throw new Error(exact.errors.join('\n'));
  const mc = await runMonteCarlo([s], { workers: 1 });
  const st = mc.runs[0]!.stats;
  for (const sli of SLIS) {
    const sim = st.slis[sli];
    const [lo, hi] = sim.ci95;
    // 95% half-width is ~2 SE: allow 2 half-widths (~4 SE) so fixed seeds are stable.
    const tolerance = Math.max(hi - lo, 1e-9);
    const want = exact.value.availability[sli];
    expect(
      Math.abs(sim.availability - want),
      `${s.name} ${sli}: simulated ${sim.availability}, exact ${want}`,
    ).toBeLessThan(tolerance);
  }
}

describe('simulation under ideal timing agrees with the exact structure', () => {
  for (const name of Object.keys(TOPOLOGIES)) {
    it(`${name}, exponential`, async () => expectAgreement(scenario(name, EXPONENTIAL, 150)));
  }
  for (const name of ['stacked-3', 'haproxy-single', 'external-3x3']) {
    it(`${name}, Weibull / lognormal / uniform / fixed`, async () => expectAgreement(scenario(name, SHAPED, 150)));
  }

  it('the test has power: a scenario with other rates disagrees', async () => {
    const s = scenario('stacked-3', EXPONENTIAL, 150);
    const slower = scenario('stacked-3', EXPONENTIAL.replace('etcd: { mttf: 60h', 'etcd: { mttf: 30h'), 150);
    const exact = analyzeScenario(s);
    if (!exact.ok) throw new Error('analysis refused');
    const mc = await runMonteCarlo([slower], { workers: 1 });
    const sim = mc.runs[0]!.stats.slis.etcd;
    expect(Math.abs(sim.availability - exact.value.availability.etcd)).toBeGreaterThan(sim.ci95[1] - sim.ci95[0]);
  });
});
