/**
 * The model's state checkers (at most one etcd leader, a leader only with quorum, at most
 * one lease holder, SLIs consistent with component states) hold after every event of
 * random-failure runs of every bundled scenario, and of high-rate variants that make
 * overlapping failures common.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import { loadScenarioText, type LoadOptions } from '../../src/scenario/load.ts';

const FILES = [
  ...readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/${f}`),
  ...readdirSync('scenarios/teaching')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/teaching/${f}`),
  ...readdirSync('scenarios/operations')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/operations/${f}`),
];

const HIGH_RATES: LoadOptions['overrides'] = [
  {
    path: 'failures',
    value:
      '{ zone: { mttf: 300h, mttr: 10h }, host: { mttf: 100h, mttr: 3h }, ' +
      'etcd: { mttf: 40h, mttr: 20m }, apiserver: { mttf: 40h, mttr: 20m }, controller-manager: { mttf: ' +
      '30h, mttr: 10m }, scheduler: { mttf: 30h, mttr: 10m }, loadBalancer: { mttf: 60h, mttr: 1h } }',
  },
];

function load(file: string, options: LoadOptions) {
  const r = loadScenarioText(readFileSync(file, 'utf8'), file, options);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.scenario;
}

describe('invariants hold after every event', () => {
  it.each(FILES)('%s with its own rates', async (file) => {
    const s = load(file, { replications: 4 });
    const r = await runMonteCarlo([s], { workers: 1, checkInvariants: true });
    expect(r.runs[0]!.stats.events).toBeGreaterThan(0);
  });

  it.each(FILES)('%s with high failure rates', async (file) => {
    const s = load(file, { replications: 3, horizon: '60d', overrides: HIGH_RATES });
    const r = await runMonteCarlo([s], { workers: 1, checkInvariants: true });
    expect(r.runs[0]!.stats.slis.etcd.outages).toBeGreaterThan(0);
  });
});
