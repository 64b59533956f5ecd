/**
 * Sharded runs through the CLI, each shard a separate process: merging 1, 3 and 4 shards
 * gives every report file byte-identical to the unsharded run (wall-clock fields masked),
 * for run (two scenarios: the paired comparison too), check (its exit code too) and sweep,
 * and for runs with a non-default --window, --importance, --estimator and
 * --max-breach-risk (recorded in the partials; `merge --max-breach-risk` sets the limit).
 * Merge refuses missing, duplicate and foreign shards with exit 2 and a clear message.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WALL_CLOCK_FIELDS } from '../../src/report/report-types.ts';
import { cliAsync } from '../cli-async.ts';

const cli = cliAsync;

const mask = (t: string): string =>
  t.replace(new RegExp(`"(${WALL_CLOCK_FIELDS.join('|')})": [^,\\n]+`, 'g'), '"$1": 0');
/** The HTML report carries the JSON report and prints wall-clock seconds: mask both forms. */
const maskHtml = (t: string): string =>
  mask(t).replace(new RegExp(`"(${WALL_CLOCK_FIELDS.join('|')})":[^,}]+`, 'g'), '"$1":0');

const FILES = ['report.json', 'report.md', 'report.html'] as const;

function readReports(dir: string): Record<string, string> {
  return Object.fromEntries(FILES.map((f) => [f, maskHtml(readFileSync(join(dir, f), 'utf8'))]));
}

/**
 * Runs `args` + `wholeExtra` unsharded into one dir and `args` as `n` shard processes,
 * merged with `mergeExtra`, into another.
 */
async function shardedVersusWhole(
  args: string[],
  n: number,
  wholeExtra: string[] = [],
  mergeExtra: string[] = [],
): Promise<{ whole: Record<string, string>; merged: Record<string, string>; codes: [number | null, number | null] }> {
  const root = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-shard-'));
  const whole = await cli([...args, ...wholeExtra, '--out', join(root, 'whole'), '--quiet']);
  for (let i = 0; i < n; i++) {
    // Shards with different worker counts: the result depends on neither.
    const r = await cli([
      ...args,
      '--shard',
      `${i}/${n}`,
      '--out',
      join(root, 'parts'),
      '--workers',
      String(1 + (i % 2)),
      '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  const parts = readdirSync(join(root, 'parts')).map((f) => join(root, 'parts', f));
  expect(parts.length).toBe(n);
  const merged = await cli(['merge', ...parts, ...mergeExtra, '--out', join(root, 'merged'), '--quiet']);
  // A merged check prints its one-line verdict on stderr even when --quiet; nothing else.
  expect(merged.stderr.replace(/^check: [^\n]+\n$/, '')).toBe('');
  return {
    whole: readReports(join(root, 'whole')),
    merged: readReports(join(root, 'merged')),
    codes: [whole.code, merged.code],
  };
}

/** 3 to 8 CLI processes per test, one after another: minutes on a heavily loaded machine. */
const SHARDED_TIMEOUT_MS = 480_000; // 'check: 3 shards' took 178 s at load 25

const RUN = ['run', 'scenarios/single-node.yaml', 'scenarios/stacked-3.yaml', '--replications', '90', '--workers', '1'];

describe('merge of shards run as separate processes', () => {
  for (const n of [1, 3, 4]) {
    it(
      `run: ${n} shard${n === 1 ? '' : 's'} merge to the unsharded reports, byte for byte`,
      async () => {
        const { whole, merged, codes } = await shardedVersusWhole(RUN, n);
        expect(codes).toEqual([0, 0]);
        for (const f of FILES) expect(merged[f], f).toBe(whole[f]);
        // Not vacuous: the reports hold outages and a comparison.
        expect(JSON.parse(whole['report.json']!).scenarios[0].slis.api.outages).toBeGreaterThan(0);
      },
      SHARDED_TIMEOUT_MS,
    );
  }

  it(
    'check: 3 shards merge to the same reports and the same failing exit code',
    async () => {
      const args = [
        'check',
        'scenarios/single-node.yaml',
        '--replications',
        '60',
        '--workers',
        '1',
        '--slo',
        'api=99.999%',
      ];
      const { whole, merged, codes } = await shardedVersusWhole(args, 3);
      expect(codes).toEqual([1, 1]);
      for (const f of FILES) expect(merged[f], f).toBe(whole[f]);
    },
    SHARDED_TIMEOUT_MS,
  );

  it(
    'check with --window 7d and --max-breach-risk: 3 shards merge to the same reports and exit code',
    async () => {
      // two-control-plane meets 99.95% on the long-run mean but breaks it in ~3% of weeks.
      const args = [
        'check',
        'scenarios/two-control-plane.yaml',
        '--replications',
        '60',
        '--workers',
        '1',
        '--slo',
        'api=99.95%',
        '--window',
        '7d',
        '--max-breach-risk',
        '1%',
      ];
      const { whole, merged, codes } = await shardedVersusWhole(args, 3);
      expect(codes).toEqual([1, 1]);
      for (const f of FILES) expect(merged[f], f).toBe(whole[f]);
      // Not vacuous: the 7-day window and the limit are what the merged report judged by.
      const api = JSON.parse(merged['report.json']!).scenarios[0];
      expect(api.slis.api.window.windowDays).toBe(7);
      expect(api.slis.api.window.windows).toBe(60 * 52);
      expect(api.slo.api.maxBreachRisk).toBe(0.01);
      expect(api.slo.api.status).toBe('met');
      expect(api.slo.api.breachRiskOk).toBe(false);
    },
    SHARDED_TIMEOUT_MS,
  );

  it(
    'run with --importance zone and --estimator crude: 2 shards merge to the unsharded reports',
    async () => {
      const args = [
        'run',
        'scenarios/stacked-3.yaml',
        '--replications',
        '40',
        '--workers',
        '1',
        '--horizon',
        '30d',
        '--importance',
        'zone',
        '--window',
        '10d',
      ];
      const { whole, merged } = await shardedVersusWhole(args, 2);
      for (const f of FILES) expect(merged[f], f).toBe(whole[f]);
      expect(JSON.parse(merged['report.json']!).scenarios[0].slis.api.estimator).toBe('importance');
      const crude = await shardedVersusWhole(
        ['run', 'scenarios/stacked-3.yaml', '--replications', '40', '--workers', '1', '--estimator', 'crude'],
        2,
      );
      for (const f of FILES) expect(crude.merged[f], f).toBe(crude.whole[f]);
      expect(JSON.parse(crude.merged['report.json']!).scenarios[0].slis.api.estimator).toBe('crude');
    },
    SHARDED_TIMEOUT_MS,
  );

  it(
    'merge --max-breach-risk gates shards run without it like check --max-breach-risk',
    async () => {
      const args = [
        'check',
        'scenarios/two-control-plane.yaml',
        '--replications',
        '40',
        '--workers',
        '1',
        '--slo',
        'api=99.95%',
      ];
      const { whole, merged, codes } = await shardedVersusWhole(
        args,
        2,
        ['--max-breach-risk', '1%'],
        ['--max-breach-risk', '1%'],
      );
      expect(codes).toEqual([1, 1]);
      for (const f of FILES) expect(merged[f], f).toBe(whole[f]);
      expect(JSON.parse(merged['report.json']!).scenarios[0].slo.api.maxBreachRisk).toBe(0.01);
    },
    SHARDED_TIMEOUT_MS,
  );

  it(
    'sweep: 4 shards merge to the unsharded sweep reports',
    async () => {
      const args = [
        'sweep',
        'scenarios/stacked-3.yaml',
        '--set',
        'topology.controlPlane.count=1,3',
        '--replications',
        '50',
        '--workers',
        '1',
        '--slo',
        'api=99.9%',
        '--cost',
        'host=1,etcd=0.5,lb=0.2',
      ];
      const { whole, merged, codes } = await shardedVersusWhole(args, 4);
      expect(codes).toEqual([0, 0]);
      for (const f of FILES) expect(merged[f], f).toBe(whole[f]);
      expect(JSON.parse(whole['report.json']!).kind).toBe('sweep');
      expect(whole['report.json']).toContain('"weights"');
    },
    SHARDED_TIMEOUT_MS,
  );
});

/**
 * Each test below runs a handful of CLI processes one after another (node start-up is most of
 * each one's cost): a minute or more on a machine loaded many times over, hence the timeout.
 */
const REFUSAL_TIMEOUT_MS = 480_000; // 'foreign shards' took 216 s at load 25

describe('merge refuses a set that is not one run', () => {
  const root = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-shard-bad-'));
  const base = ['run', 'scenarios/stacked-3.yaml', '--replications', '30', '--workers', '1', '--quiet'];
  // A partial is a pure function of its arguments: each is made once and shared by the tests
  // (shard 0/2 was made seven times), so the refusals cost fewer processes.
  const made = new Map<string, Promise<string>>();
  const part = (
    i: number,
    n: number,
    extra: string[] = [],
    name = `p${i}-${n}${extra.join('')}.json`,
  ): Promise<string> => {
    const file = join(root, name.replace(/[^a-z0-9.=-]/gi, '_'));
    let p = made.get(file);
    if (p === undefined) {
      p = cli([...base, ...extra, '--shard', `${i}/${n}`, '--json', file]).then((r) => {
        expect(r.code, r.stderr).toBe(0);
        return file;
      });
      made.set(file, p);
    }
    return p;
  };

  it(
    'a missing shard: exit 2, names it',
    async () => {
      const r = await cli(['merge', await part(0, 3), await part(2, 3)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('missing shard 1 of 3');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    REFUSAL_TIMEOUT_MS,
  );

  it(
    'a duplicate shard: exit 2, names both files',
    async () => {
      const a = await part(1, 2);
      const b = await part(1, 2, [], 'copy.json');
      const r = await cli(['merge', await part(0, 2), a, b]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`duplicate shard 1/2: ${a} and ${b}`);
    },
    REFUSAL_TIMEOUT_MS,
  );

  it(
    'foreign shards: another seed, scenario, replication count or shard count',
    async () => {
      const cases: [string[], string][] = [
        [['--seed', '77'], "scenario stacked-3's seed is 77"],
        [['--set', 'topology.controlPlane.count=5'], "scenario stacked-3's hash"],
        [['--replications', '31'], "scenario stacked-3's replication count is 31"],
      ];
      for (const [extra, message] of cases) {
        const r = await cli(['merge', await part(0, 2), await part(1, 2, extra)]);
        expect(r.code, extra.join(' ')).toBe(2);
        expect(r.stderr).toContain('foreign shard');
        expect(r.stderr).toContain(message);
      }
      const r = await cli(['merge', await part(0, 2), await part(1, 3)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('the shard count is 3');
      const w = await cli(['merge', await part(0, 2), await part(1, 2, ['--window', '7d'])]);
      expect(w.code).toBe(2);
      expect(w.stderr).toContain(
        'the run settings (--window, --importance, --estimator, --max-breach-risk) is {"windowMs":604800000',
      );
    },
    REFUSAL_TIMEOUT_MS,
  );

  it(
    'another version or a file that is no partial',
    async () => {
      const f = await part(1, 2);
      const other = join(root, 'other-version.json');
      const text = readFileSync(f, 'utf8').replace('"generator":"k8s-ha-sim ', '"generator":"k8s-ha-sim 9.9.9-');
      writeFileSync(other, text);
      const r = await cli(['merge', await part(0, 2), other]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('the k8s-ha-sim version is "k8s-ha-sim 9.9.9-');
      const junk = await cli(['merge', 'scenarios/stacked-3.yaml']);
      expect(junk.code).toBe(2);
      expect(junk.stderr).toContain('not a k8s-ha-sim partial result');
    },
    REFUSAL_TIMEOUT_MS,
  );

  it(
    '--shard N takes the index from JOB_COMPLETION_INDEX; --precision and reports are refused',
    async () => {
      const r = await cli([...base, '--shard', '3', '--json', '-'], { JOB_COMPLETION_INDEX: '2' });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).shard).toEqual({ index: 2, count: 3 });
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      const none = await cli([...base, '--shard', '3'], { JOB_COMPLETION_INDEX: '' });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('JOB_COMPLETION_INDEX');
      const p = await cli([...base, '--shard', '0/2', '--precision', '1m']);
      expect(p.code).toBe(2);
      expect(p.stderr).toContain('--precision with --shard');
      const md = await cli([...base, '--shard', '0/2', '--md', 'x.md']);
      expect(md.code).toBe(2);
      expect(md.stderr).toContain('give --md to `k8s-ha-sim merge`');
    },
    REFUSAL_TIMEOUT_MS,
  );

  it(
    'merges kubectl-logs style input: one JSON line per shard, in any order, with log noise',
    async () => {
      const lines = [await part(1, 2), await part(0, 2)].map((f) => readFileSync(f, 'utf8').trim());
      const logs = join(root, 'logs.txt');
      writeFileSync(logs, `some log line\n${lines.join('\n')}\n`);
      const whole = await cli([...base, '--json', '-']);
      const merged = await cli(['merge', logs, '--json', '-']);
      expect(merged.code).toBe(0);
      expect(mask(merged.stdout)).toBe(mask(whole.stdout));
    },
    REFUSAL_TIMEOUT_MS,
  );
});
