/**
 * The GitHub Action and the example workflows: valid against the published action and
 * workflow schemas (@action-validator/core, SchemaStore's schemas), and the action's run
 * script, executed here with the runner's environment files, produces the job summary,
 * JUnit and HTML report, gates on the SLO, and shards + merges. `max-breach-risk` is
 * passed to `check --max-breach-risk` when the CLI has it and fails clearly when not.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runAsync } from '../cli-async.ts';

interface Step {
  name?: string;
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  if?: string;
}
const action = parse(readFileSync('action.yml', 'utf8')) as {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
};

describe('schemas', () => {
  it("action.yml is a valid composite action on Node >= 20 that keeps the caller's Node", async () => {
    expect(validateAction(readFileSync('action.yml', 'utf8')).errors).toEqual([]);
    expect(action.runs.using).toBe('composite');
    const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect((setup as { with?: { 'node-version'?: number } }).with?.['node-version']).toBe(20);
    // setup-node only when no Node >= 20 is there (it would change the caller's later steps)
    expect(setup!.if).toBe("steps.node.outputs.setup == 'true'");
    const check = action.runs.steps.find((s) => s.id === 'node')!;
    for (const [node, want] of [
      ['v20.11.0', 'false'],
      ['v22.1.0', 'false'],
      ['v18.19.0', 'true'],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-node-'));
      writeFileSync(join(dir, 'node'), `#!/bin/sh\necho ${node.split('.')[0]!.slice(1)}\n`, { mode: 0o755 });
      const out = join(dir, 'out');
      writeFileSync(out, '');
      await runAsync('bash', ['-c', check.run!], { env: { PATH: `${dir}:/usr/bin:/bin`, GITHUB_OUTPUT: out } });
      expect(readFileSync(out, 'utf8'), node).toBe(`setup=${want}\n`);
    }
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['scenario', 'slo', 'max-breach-risk', 'args', 'package', 'from-source']),
    );
    expect(Object.keys((parse(readFileSync('action.yml', 'utf8')) as { outputs: object }).outputs)).toEqual(
      expect.arrayContaining([
        'exit-code',
        'verdict',
        'availability',
        'availability-api',
        'breach-risk',
        'report-json',
        'report-md',
        'report-html',
        'junit',
      ]),
    );
  });

  it('installs the registry package at its own version by default, runtime dependencies only, not globally', async () => {
    const install = action.runs.steps.find((s) => s.name === 'Install k8s-ha-sim')!;
    expect(install.run).toContain(
      'PACKAGE="k8s-ha-sim@$(node -p "require(process.env.GITHUB_ACTION_PATH + \'/package.json\').version")"',
    );
    expect(install.run).toMatch(/npm install --prefix "\$prefix" --omit=dev/);
    expect(install.run).not.toContain('--global');
    // npm ci with every dev dependency only when asked to build from source
    expect(install.run!.indexOf('npm ci')).toBeGreaterThan(install.run!.indexOf('if [ "$FROM_SOURCE" = true ]'));
  });

  for (const f of ['examples/ci/sharded-github-actions.yml', 'examples/ci/github-actions.yml']) {
    it(`${f} is a valid workflow`, async () => {
      expect(validateWorkflow(readFileSync(f, 'utf8')).errors).toEqual([]);
    });
  }

  it('the validator is not vacuous: a broken action and workflow are rejected', async () => {
    expect(
      validateAction(readFileSync('action.yml', 'utf8').replace('using: composite', 'using: node99')).errors.length,
    ).toBeGreaterThan(0);
    const wf = readFileSync('examples/ci/sharded-github-actions.yml', 'utf8').replace(
      'runs-on: ubuntu-latest',
      'runs-onn: ubuntu-latest',
    );
    expect(validateWorkflow(wf).errors.length).toBeGreaterThan(0);
  });

  it('the sharded example fans out over a matrix of shards and merges after them', async () => {
    const wf = parse(readFileSync('examples/ci/sharded-github-actions.yml', 'utf8')) as {
      jobs: Record<
        string,
        { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { with?: Record<string, string> }[] }
      >;
    };
    const shards = wf.jobs.shard!.strategy!.matrix.shard;
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i));
    const w = wf.jobs.shard!.steps.find((s) => s.with?.mode === 'shard')!.with!;
    expect(w.shard).toBe(`\${{ matrix.shard }}/${shards.length}`);
    expect(wf.jobs.merge!.needs).toBe('shard');
    expect(wf.jobs.merge!.steps.some((s) => s.with?.mode === 'merge')).toBe(true);
  });
});

/** Runs the action's "Run k8s-ha-sim" step script with inputs as its env would carry them. */
async function runStep(
  inputs: Record<string, string>,
  dir: string,
): Promise<{ code: number | null; stdout: string; output: Record<string, string>; summary: string }> {
  const step = action.runs.steps.find((s) => s.id === 'run')!;
  const bin = join(dir, 'bin');
  if (!existsSync(bin)) {
    mkdirSync(bin);
    symlinkSync(resolve('bin/k8s-ha-sim'), join(bin, 'k8s-ha-sim'));
  }
  const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
  const all = { ...defaults, ...inputs };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env!)) {
    env[k] = v
      .replace(/\$\{\{ inputs\.([\w-]+) \}\}/, (_m, name: string) => all[name] ?? '')
      .replace('${{ runner.temp }}', dir);
  }
  const outFile = join(dir, `output-${Math.random()}`);
  const summaryFile = join(dir, `summary-${Math.random()}`);
  writeFileSync(outFile, '');
  writeFileSync(summaryFile, '');
  const r = await runAsync('bash', ['-c', step.run!], {
    cwd: dir,
    env: {
      ...process.env,
      ...env,
      PATH: `${bin}:${process.env.PATH}`,
      GITHUB_OUTPUT: outFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    },
  });
  const output = Object.fromEntries(
    readFileSync(outFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: r.code, stdout: r.stdout + r.stderr, output, summary: readFileSync(summaryFile, 'utf8') };
}

describe("the action's run step", () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-action-'));
  cpSync('scenarios/stacked-3.yaml', join(dir, 'plan.yaml'));
  cpSync('scenarios/single-node.yaml', join(dir, 'single.yaml'));

  it('check: a met SLO gives exit-code 0, the Markdown summary, report.html and junit.xml', async () => {
    const r = await runStep(
      { scenario: 'plan.yaml', slo: 'api=99%', replications: '40', args: '--workers\n1', out: 'met' },
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.output['exit-code']).toBe('0');
    expect(r.summary).toContain('stacked-3');
    expect(readdirSync(join(dir, 'met')).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    expect(readFileSync(join(dir, 'met', 'junit.xml'), 'utf8')).toContain('<testcase');
    // the outputs, from report.json
    expect(r.output.verdict).toBe('met');
    const report = JSON.parse(readFileSync(join(dir, 'met', 'report.json'), 'utf8'));
    expect(JSON.parse(r.output.availability!)).toEqual({
      'stacked-3': Object.fromEntries(
        Object.entries(report.scenarios[0].slis).map(([k, v]) => [k, (v as { availability: number }).availability]),
      ),
    });
    expect(Number(r.output['availability-api'])).toBe(report.scenarios[0].slis.api.availability);
    expect(JSON.parse(r.output['breach-risk']!)).toEqual({
      'stacked-3': { api: report.scenarios[0].slo.api.breachRisk },
    });
    expect(r.output['report-json']).toBe('met/report.json');
    expect(r.output['report-html']).toBe('met/report.html');
    expect(r.output.junit).toBe('met/junit.xml');
  });

  it('args: one argument per line, taken whole (a value with spaces stays one argument)', async () => {
    const r = await runStep(
      {
        scenario: 'plan.yaml',
        slo: 'api=99%',
        replications: '20',
        args: '--workers=1\n\n  ' + '\n--set\ndescription=two words here\r\n',
        out: 'args',
      },
      dir,
    );
    expect(r.output['exit-code'], r.stdout).toBe('0');
    expect(JSON.parse(readFileSync(join(dir, 'args', 'report.json'), 'utf8')).scenarios[0].description).toBe(
      'two words here',
    );
  });

  it('check: an SLO not met gives exit-code 1 (the Verdict step then fails the job)', async () => {
    const r = await runStep(
      { scenario: 'single.yaml', slo: 'api=99.999%', replications: '40', args: '--workers\n1', out: 'unmet' },
      dir,
    );
    expect(r.output['exit-code']).toBe('1');
    expect(r.output.verdict).toBe('not-met');
    expect(r.summary).toContain('is not met');
    const verdict = action.runs.steps.find((s) => s.name === 'Verdict')!;
    const v = await runAsync('bash', ['-c', verdict.run!], { env: { ...process.env, CODE: '1' } });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('::error');
  });

  it('max-breach-risk reaches check --max-breach-risk, or fails clearly when this CLI lacks it', async () => {
    const hasFlag = (await runAsync('node', ['bin/k8s-ha-sim', 'check', '--help'])).stdout.includes(
      '--max-breach-risk',
    );
    const r = await runStep(
      {
        scenario: 'plan.yaml',
        slo: 'api=99%',
        replications: '40',
        args: '--workers\n1',
        'max-breach-risk': '5%',
        out: 'risk',
      },
      dir,
    );
    if (hasFlag) {
      expect(r.stdout).toContain('--max-breach-risk 5%');
      expect(['0', '1']).toContain(r.output['exit-code']);
    } else {
      expect(r.code).toBe(2);
      expect(r.output['exit-code']).toBe('2');
      expect(r.stdout).toContain('::error title=k8s-ha-sim::max-breach-risk: this k8s-ha-sim (k8s-ha-sim ');
      expect(r.stdout).toContain("has no 'check --max-breach-risk' flag");
    }
  });

  it('shard then merge: two shard steps and a merge step give the unsharded verdict and report', async () => {
    const inputs = { scenario: 'plan.yaml', slo: 'api=99%', replications: '40', args: '--workers\n1' };
    for (const shard of ['0/2', '1/2']) {
      const r = await runStep({ ...inputs, mode: 'shard', shard, out: 'sh' }, dir);
      expect(r.code, r.stdout).toBe(0);
      expect(r.output.index).toBe(shard[0]);
    }
    // What actions/download-artifact with merge-multiple leaves in runner.temp.
    cpSync(join(dir, 'sh', 'parts'), join(dir, 'k8s-ha-sim-parts'), { recursive: true });
    const m = await runStep({ mode: 'merge', out: 'merged' }, dir);
    expect(m.output['exit-code'], m.stdout).toBe('0');
    await runStep({ ...inputs, out: 'whole' }, dir);
    const strip = (f: string): string =>
      readFileSync(f, 'utf8').replace(/"(wallSeconds|eventsPerSecond)": [^,\n]+/g, '');
    expect(strip(join(dir, 'merged', 'report.json'))).toBe(strip(join(dir, 'whole', 'report.json')));
    expect(m.summary).toContain('stacked-3');
  });

  it('mode merge passes max-breach-risk to merge --max-breach-risk, and the merged verdict applies it', async () => {
    const inputs = { scenario: 'single.yaml', slo: 'api=99.95%', replications: '40', args: '--workers\n1' };
    for (const shard of ['0/2', '1/2'])
      expect((await runStep({ ...inputs, mode: 'shard', shard, out: 'shr' }, dir)).code).toBe(0);
    cpSync(join(dir, 'shr', 'parts'), join(dir, 'k8s-ha-sim-parts'), { recursive: true, force: true });
    const m = await runStep({ mode: 'merge', out: 'merged-risk', 'max-breach-risk': '0.1%' }, dir);
    expect(m.stdout).toContain('k8s-ha-sim merge');
    expect(m.stdout).toContain('--max-breach-risk 0.1%');
    const slo = JSON.parse(readFileSync(join(dir, 'merged-risk', 'report.json'), 'utf8')).scenarios[0].slo.api;
    expect(slo.maxBreachRisk).toBe(0.001);
    // single-node breaks 99.95% in ~2.5% of 30-day windows: over the limit, so the gate fails.
    expect(slo.breachRiskOk).toBe(false);
    expect(m.output['exit-code']).toBe('1');
  });

  it('bad input is exit-code 2 with an error annotation', async () => {
    const r = await runStep({ scenario: '', out: 'none' }, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('::error title=k8s-ha-sim::the scenario input is required');
  });
});
