/**
 * `k8s-ha-sim robust` from the command line: a small study end to end (text, JSON, HTML
 * with the tornado chart), observed counts, and bad input as exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAsync } from '../cli-async.ts';

const SMALL = [
  '--replications',
  '20',
  '--mc-sets',
  '4',
  '--sets',
  '64',
  '--sobol-rows',
  '8',
  '--workers',
  '1',
  '--no-progress',
];
const RANGE = [
  '--set',
  'failures.host.mttf={ lognormal: { median: 11160h, errorFactor: 3 } }',
  '--set',
  'failures.zone.mttf={ range: ' + '[2y, 8y] }',
];

describe('robust command', () => {
  it('compares two scenarios across input sets and writes JSON and the tornado chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-robust-'));
    const html = join(dir, 'r.html');
    const json = join(dir, 'r.json');
    const r = await runAsync('node', [
      'bin/k8s-ha-sim',
      'robust',
      'scenarios/stacked-3.yaml',
      'scenarios/external-3x3.yaml',
      ...SMALL,
      ...RANGE,
      '--slo',
      'api=99.99%',
      '--html',
      html,
      '--json',
      json,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Robustness study: stacked-3 vs external-3x3');
    expect(r.stdout).toMatch(/external-3x3 has less downtime than stacked-3 in [0-9.]+% of plausible input sets/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.inputs.map((i: { id: string }) => i.id)).toEqual(['failures.zone.mttf', 'failures.host.mttf']);
    expect(report.prior.sensitivity.length).toBe(3);
    expect(readFileSync(html, 'utf8')).toContain('class="chart tornado"');
  }, 300_000);

  it('updates the ranges with observed counts and says how far the answer moved; bad input exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-robust-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'period: 10y\ncounts:\n  failures.zone.mttf: { events: 1, population: 3 }\n');
    const r = await runAsync('node', [
      'bin/k8s-ha-sim',
      'robust',
      'scenarios/stacked-3.yaml',
      ...SMALL,
      ...RANGE,
      '--observed',
      good,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('After the observed incidents');
    expect(r.stdout).toMatch(/failures\.zone\.mttf: 1 event over 10950d/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'period: 2y\ncounts:\n  nope.every: 1\n');
    const b = await runAsync('node', [
      'bin/k8s-ha-sim',
      'robust',
      'scenarios/stacked-3.yaml',
      ...SMALL,
      ...RANGE,
      '--observed',
      bad,
    ]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('no uncertain input has this key path');
    const c = await runAsync('node', [
      'bin/k8s-ha-sim',
      'robust',
      'scenarios/stacked-3.yaml',
      '--set',
      'failures.host.mttf={ range: ' + '[2h, 1h] }',
    ]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('failures.host.mttf');
  }, 300_000);
});
