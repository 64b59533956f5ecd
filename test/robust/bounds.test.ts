/**
 * Bounds of issue 22: `explain --html` refuses, before running, a topology with more
 * hosts than it draws (MAX_HTML_HOSTS), with a clear InputError (exit 2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainScenario, InputError } from '../../src/index.ts';
import { MAX_HTML_HOSTS } from '../../src/study/explain.ts';
import { loadScenarioFile } from '../scenario-file.ts';

describe('bounds', () => {
  it(`explain --html refuses more than ${MAX_HTML_HOSTS} hosts with a clear error`, () => {
    const d = mkdtempSync(join(tmpdir(), 'bounds-'));
    const f = join(d, 'many.yaml');
    const hosts = Array.from(
      { length: MAX_HTML_HOSTS + 1 },
      (_, i) => `    - { name: h${i}, zone: ` + `a, runs: [etcd, apiserver] }`,
    ).join('\n');
    writeFileSync(
      f,
      `name: many\ntopology:\n  zones: [a]\n  hosts:\n${hosts}\n  loadBalancer: { ` +
        `kind: none }\nsimulation: { horizon: 1d, replications: 1, seed: 1 }\n`,
    );
    const s = loadScenarioFile(f);
    expect(() => explainScenario(s, { timeline: true })).toThrow(InputError);
    expect(() => explainScenario(s, { timeline: true })).toThrow(/at most 100 hosts; this scenario has 10[1-9]/);
  });
});

describe('--check-invariants work bound', () => {
  const scenarioOf = async (hosts: number, replications: number, horizon: string) => {
    const { loadScenarioText } = await import('../../src/scenario/load.ts');
    const list = Array.from({ length: hosts }, (_, i) => `    - { name: h${i}, zone: a, runs: [etcd, apiserver] }`);
    const text =
      `name: big\ntopology:\n  zones: [a]\n  hosts:\n${list.join('\n')}\n  loadBalancer: { kind: none }\n` +
      `simulation: { horizon: ${horizon}, replications: ${replications}, seed: 1 }\n`;
    const r = loadScenarioText(text, 'big.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.value.scenario;
  };

  it('refuses a run whose checking would exceed MAX_INVARIANT_WORK host²-years, and only with --check-invariants', async () => {
    const { checkInvariantsCost, MAX_INVARIANT_WORK, simulate } = await import('../../src/study/simulate.ts');
    // 1,000 hosts for a year: 1e6 host²-years, twice the limit.
    const big = await scenarioOf(1000, 1, '1y');
    expect(() => checkInvariantsCost([big])).toThrow(InputError);
    expect(() => checkInvariantsCost([big])).toThrow(/1\.00e\+6 host²-years .* over the limit of 5e\+5/);
    await expect(simulate([big], { workers: 1, checkInvariants: true })).rejects.toThrow(InputError);
    // 100 hosts for a day stays well within it (1e4 × 1/365).
    const small = await scenarioOf(100, 1, '1d');
    expect(() => checkInvariantsCost([small])).not.toThrow();
    // The bound is hosts² × replications × years: the largest square under it passes, the next refuses.
    const edge = Math.floor(Math.sqrt(MAX_INVARIANT_WORK));
    expect(() =>
      checkInvariantsCost([{ ...big, topology: { ...big.topology, hosts: big.topology.hosts.slice(0, edge) } }]),
    ).not.toThrow();
    expect(() =>
      checkInvariantsCost([{ ...big, topology: { ...big.topology, hosts: big.topology.hosts.slice(0, edge + 1) } }]),
    ).toThrow(InputError);
  });
});
