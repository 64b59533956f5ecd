import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WALL_CLOCK_FIELDS } from '../../src/report/report-types.ts';
import { cliAsync } from '../cli-async.ts';

// Awaited, not spawnSync'ed: a test blocking its worker for a minute (a few CLI runs on a
// loaded machine) fails the run with vitest's RPC timeout (see vitest.config.ts).
const cli = cliAsync;

const FAST = ['--replications', '40', '--workers', '1'];

describe('run and check', () => {
  it('run writes report.json and report.md atomically into --out and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-'));
    const r = await cli(['run', 'scenarios/single-node.yaml', 'scenarios/stacked-3.yaml', ...FAST, '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.scenarios.map((s: { name: string }) => s.name)).toEqual(['single-node', 'stacked-3']);
    expect(report.scenarios[0].scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.comparisons.length).toBe(6); // 4 SLIs + the 2 request-weighted API SLIs (issue 19)
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('| stacked-3 |');
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(r.stdout).toContain('stacked-3');
  });

  it('check --quiet: nothing on stdout, the one-line verdict on stderr', async () => {
    const r = await cli(['check', 'scenarios/single-node.yaml', ...FAST, '--slo', 'api=99.999%', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('check: SLO NOT MET with 95% confidence\n');
  });

  it('check exits 0 when every SLO is met with 95% confidence', async () => {
    const r = await cli(['check', 'scenarios/stacked-3.yaml', ...FAST, '--slo', 'api=99%']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('every SLO is met');
  });

  it('check exits 1 when an SLO is not met, run exits 0 on the same input', async () => {
    const r = await cli(['check', 'scenarios/single-node.yaml', ...FAST, '--slo', 'api=99.999%']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('NOT MET');
    expect((await cli(['run', 'scenarios/single-node.yaml', ...FAST, '--slo', 'api=99.999%', '--quiet'])).code).toBe(0);
  });

  it('check exits 2 on bad input, with a file:line:col message and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\ntopology:\n  kind: stackd\n');
    const r = await cli(['check', bad, ...FAST]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:3:\d+ topology\.kind/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad flags exit 2 with a message naming the flag', async () => {
    const r = await cli(['run', 'scenarios/stacked-3.yaml', '--workers', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--workers');
    const p = await cli(['run', 'scenarios/stacked-3.yaml', '--precision', 'soon']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('--precision');
  });

  it('report.md and report.html are byte-identical across worker counts; report.json but for wall-clock fields', async () => {
    const dirs: string[] = [];
    for (const w of ['1', '2']) {
      const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-'));
      const r = await cli([
        'run',
        'scenarios/stacked-3.yaml',
        'scenarios/haproxy-single.yaml',
        '--replications',
        '60',
        '--workers',
        w,
        '--out',
        dir,
        '--quiet',
      ]);
      expect(r.code).toBe(0);
      dirs.push(dir);
    }
    const read = (d: string, f: string): string => readFileSync(join(d, f), 'utf8');
    expect(read(dirs[1]!, 'report.md')).toBe(read(dirs[0]!, 'report.md'));
    expect(read(dirs[1]!, 'report.html')).toBe(read(dirs[0]!, 'report.html'));
    const strip = (t: string): string => t.replace(new RegExp(`"(${WALL_CLOCK_FIELDS.join('|')})": [^,\\n]+`, 'g'), '');
    expect(strip(read(dirs[1]!, 'report.json'))).toBe(strip(read(dirs[0]!, 'report.json')));
  });

  it('--json - prints the report on stdout only', async () => {
    const r = await cli(['run', 'scenarios/stacked-3.yaml', ...FAST, '--json', '-']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.scenarios[0].slis.api.availability).toBeGreaterThan(0.99);
  });
});
