/**
 * Decision-grade answers through the CLI (issue 11): `check` never says "met" on too
 * little evidence, `--max-breach-risk` gates on the window risk, `run A B` prints a
 * verdict per SLI, `--precision 10%` stops on the estimator actually used, and the
 * terminal table fits 100 columns.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioForCli } from '../../src/cli/load-scenario.ts';
import { simulate } from '../../src/cli/simulate.ts';
import { renderTerminal } from '../../src/report/terminal.ts';
import { cliAsync, type Ran } from '../cli-async.ts';

// Awaited, not spawnSync'ed: a run of 200 replications blocks for a minute on a loaded machine.
function cli(args: string[]): Promise<Ran> {
  return cliAsync(args, { COLUMNS: '100' });
}

describe('check on too little evidence', () => {
  it('does not say met for 2 one-hour runs without an outage (the exact value is 99.988%)', async () => {
    const r = await cli([
      'check',
      'scenarios/haproxy-single.yaml',
      '--slo',
      'api=99.9999%',
      '--replications',
      '2',
      '--horizon',
      '1h',
      '--workers',
      '1',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/every SLO is met/);
    expect(r.stdout).toMatch(/check: (INSUFFICIENT EVIDENCE|SLO NOT MET)/);
  });

  it('says INSUFFICIENT EVIDENCE (exit 1) when the CI would pass on fewer than 10 runs with an outage', async () => {
    // One-week runs (too short for the steady-state value: crude), a handful with an outage.
    const r = await cli([
      'check',
      'scenarios/stacked-3.yaml',
      '--slo',
      'api=99%',
      '--replications',
      '20',
      '--horizon',
      '7d',
      '--workers',
      '1',
      '--json',
      '-',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const api = report.scenarios[0].slis.api;
    expect(api.estimator).toBe('crude');
    expect(api.evidence.replicationsWithEvents).toBeGreaterThan(0);
    expect(api.evidence.replicationsWithEvents).toBeLessThan(10);
    expect(api.ci95[0]).toBeGreaterThanOrEqual(0.99); // the t-interval alone would pass
    expect(report.scenarios[0].slo.api.status).toBe('insufficient-evidence');
    expect(report.scenarios[0].slo.api.met).toBe(false);
  });

  it('with a target above the true availability, says met in at most 2.5 of 100 seeds', async () => {
    let met = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const s = loadScenarioForCli(
        'scenarios/haproxy-single.yaml',
        { seed: String(seed), replications: '2', horizon: '1h', slo: ['api=99.9999%'] },
        { quiet: true },
      );
      const report = await simulate([s], { workers: 1, quiet: true });
      if (report.scenarios[0]!.slo.api!.met) met++;
    }
    expect(met).toBeLessThanOrEqual(2);
  }, 300_000); // 100 simulations; minutes on a heavily loaded machine
});

describe('breach risk', () => {
  it('check --max-breach-risk passes a loose limit and fails one the CI cannot confirm', async () => {
    const args = ['check', 'scenarios/stacked-3.yaml', '--replications', '200', '--workers', '1'];
    const loose = await cli([...args, '--max-breach-risk', '5%']);
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/breach risk [\s\S]* within the\s+5\.0% limit/);
    // 2,400 windows without a breach cannot show a risk below 0.001% (the exact bound is ~0.15%).
    const strict = await cli([...args, '--max-breach-risk', '0.001%']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/check: BREACH RISK over the limit/);
  });

  it('--window 1y counts one window per one-year run', async () => {
    const r = await cli([
      'run',
      'scenarios/single-node.yaml',
      '--replications',
      '30',
      '--workers',
      '1',
      '--window',
      '1y',
      '--json',
      '-',
    ]);
    expect(r.code).toBe(0);
    const w = JSON.parse(r.stdout).scenarios[0].slis.api.window;
    expect(w.windowDays).toBe(365);
    expect(w.windows).toBe(30);
  });
});

describe('run A B', () => {
  it('prints one verdict line per SLI in the terminal', async () => {
    const r = await cli([
      'run',
      'scenarios/stacked-3-one-zone.yaml',
      'scenarios/stacked-3.yaml',
      '--replications',
      '200',
      '--workers',
      '1',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => /^ {2}(etcd|API|controllers|scheduler)[a-z ]*: /.test(l));
    // 4 SLIs, then (issue 19) the request-weighted API SLIs
    expect(lines).toHaveLength(6);
    expect(r.stdout).toMatch(/API: stacked-3 is better by [0-9.]+ min\/yr \(95% CI/);
    expect(r.stdout).toMatch(/ {2}API requests: stacked-3 is better by [0-9.]+ min\/yr \(95% CI/);
    expect(r.stdout).toMatch(/ {2}API bad minutes: stacked-3 is better by [0-9.]+ min\/yr \(95% CI/);
  });

  it('says "no detectable difference" with a bound when two scenarios differ by nothing', async () => {
    const r = await cli([
      'run',
      'scenarios/stacked-3.yaml',
      'scenarios/stacked-3.yaml',
      '--replications',
      '50',
      '--workers',
      '1',
    ]);
    expect(r.stdout).toMatch(/API: no detectable difference: \|Δ\| < 0 s\/yr at 95%/);
  });
});

describe('--precision 10%', () => {
  it('pins stacked-3 API downtime to ±10% with the control variate', async () => {
    const r = await cli([
      'run',
      'scenarios/stacked-3.yaml',
      '--replications',
      '20',
      '--precision',
      '10%',
      '--workers',
      '1',
      '--json',
      '-',
    ]);
    const s = JSON.parse(r.stdout).scenarios[0];
    expect(s.precisionReached).toBe(true);
    expect(s.slis.api.estimator).toBe('control-variate');
    expect(s.slis.api.relativeHalfWidth).toBeLessThanOrEqual(0.1);
    expect(s.slis.api.evidence.replicationsWithEvents).toBeGreaterThanOrEqual(10);
  });

  it('rejects a relative target out of range with exit 2', async () => {
    const r = await cli(['run', 'scenarios/stacked-3.yaml', '--precision', '150%']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--precision "150%"/);
  });
});

describe('terminal width', () => {
  it('fits 100 columns for the bundled comparison (golden file), and 80 when asked', () => {
    const golden = readFileSync('test/golden/baselines.seed-1.txt', 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    // Replay commands stay on one line of their own (pasteable), however long.
    for (const l of golden.filter((x) => !x.startsWith('    k8s-ha-sim ')))
      expect([...l].length, l).toBeLessThanOrEqual(100);
  });

  it('drops the least important columns and elides SPOF lists on a narrow terminal', async () => {
    const s = ['scenarios/single-node.yaml', 'scenarios/stacked-3.yaml'].map((f) =>
      loadScenarioForCli(f, { replications: '20' }, { quiet: true }),
    );
    const report = await simulate(s, { workers: 1, quiet: true });
    const wide = renderTerminal(report, 200);
    const narrow = renderTerminal(report, 80);
    for (const l of narrow.split('\n').filter((x) => !x.startsWith('    k8s-ha-sim ')))
      expect([...l].length, l).toBeLessThanOrEqual(80);
    expect(wide).toContain('outages/yr');
    expect(narrow).not.toContain('outages/yr');
    expect(narrow).toMatch(/\+\d+ more/);
    expect(narrow.split('\n')[0]).toMatch(/breaks the API SLO/);
  });
});
