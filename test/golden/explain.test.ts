/**
 * Golden traces (STYLE §8): `explain` of every teaching scenario at seed 1, compared with
 * test/golden/<name>.seed-1.txt. Each file opens with `#` lines stating what the story
 * must show; `UPDATE_GOLDEN=1` rewrites the bodies (keeping those headers). Read the diff
 * and commit only what you can explain.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainScenario } from '../../src/index.ts';
import { loadScenarioFile } from '../scenario-file.ts';
import { explainJson, formatExplainText } from '../../src/report/explain.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const TEACHING = join(ROOT, 'scenarios/teaching');
const GOLDEN = join(ROOT, 'test/golden');

/** What each story must show; the header of its golden file when first written. */
const INTENT: Readonly<Record<string, string>> = {
  'config-push-all-at-once':
    'A bad apiserver config pushed to all three nodes at once: every apiserver fails together, so the\n' +
    'API, the controllers and the scheduler are down for detection + rollback (30 min) whatever the\n' +
    'replicas and zones; etcd keeps its leader throughout (common mode, not quorum).',
  'nospace-writes-down':
    'NOSPACE: writes stop cluster-wide for the 45 minutes of recovery (etcd SLI down) while reads,\n' +
    '/readyz and so the LB keep every apiserver: the api SLI and the leases stay up.',
  'upgrade-health-gate':
    'cp-1 (the leader) is upgraded first and hands leadership over: no election, no write gap. cp-3\n' +
    'crashes before cp-2 starts: the gate holds cp-2 from 1h15m until cp-3 is back at 1h27m, so etcd\n' +
    'never loses quorum (without the gate: 1h15m-1h25m without quorum).',
  'year-without-upgrades':
    'Never upgraded, the kubeadm certificates reach their first anniversary at 2h: every apiserver\n' +
    'stops at once and the API, controllers and scheduler are down until the manual renewal 3 h later;\n' +
    'etcd keeps its leader.',
  'etcd-leader-killed':
    'The etcd leader host dies: writes stop for one election (1-2 s), the API for the VIP move (3.6 s),\n' +
    "the controllers for lease expiry plus a retry (15-19 s). Killing only the leader's etcd process\n" +
    "leaves that host's apiserver without its local member: it crash-loops until the member returns.",
  'five-members-two-zones':
    'Losing zone west (2 of 5 members) keeps quorum (3); losing zone east (3 of 5) stops etcd and the\n' +
    'API for the whole hour, with the surviving apiservers crash-looping, and recovers by election.',
  'four-members-two-down':
    'One of 4 external members down costs nothing; two down leave 2 < quorum 3: etcd, the API and\n' +
    'the controllers stop for the 30 minutes (plus an election), apiservers crash-loop meanwhile.',
  'partitioned-zone':
    'Zone a is cut off: its etcd leader steps down (check-quorum), zones b+c elect within 1-2 s; the\n' +
    'keepalived backup on cp-2 claims the VIP after 3.6 s; apiserver cp-1 reaches only etcd-1 and\n' +
    'crash-loops; the leases move to the majority side after about 15 s.',
  'rolling-upgrade-meets-failure':
    "Each upgrade step that takes the leader's host costs one election; cp-3 crashing while cp-2 is\n" +
    'being upgraded leaves one member: no quorum until cp-2 returns, then an election.',
  'stacked-local-etcd-down':
    "cp-1's local etcd member stops while quorum holds: apiserver cp-1 is not ready, but tcp checks\n" +
    'keep routing to it whenever its process is live (they drop it only while the kubelet has it in\n' +
    'crash-loop back-off), so the api SLI stays up while requestSuccess loses a third of the requests\n' +
    'for much of the 30 minutes.',
  'three-masters-two-zones':
    'Zone b holds one member: its loss costs nothing. Zone a holds two: its loss stops etcd and the\n' +
    'API for the 2 hours.',
  'two-masters-one-down':
    'A 2-member etcd needs both: losing either host stops etcd, the API and the controllers for 20\n' +
    "minutes; cp-1's apiserver then waits out its crash-loop back-off.",
  'two-of-three-down':
    'One node down (a follower) costs nothing; two down stop etcd and the API until they return;\n' +
    "cp-1's apiserver comes back only after its crash-loop back-off.",
};

function scenarios(): string[] {
  return readdirSync(TEACHING)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

function header(name: string): string {
  const intent = INTENT[name] ?? 'TODO: state what this story must show.';
  return `${intent
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n')}\n# Regenerate: UPDATE_GOLDEN=1 npx vitest run test/golden (then review the diff).\n`;
}

describe('explain golden traces (seed 1)', () => {
  it('covers every teaching scenario', () => {
    expect(scenarios().length).toBeGreaterThan(0);
    for (const f of scenarios()) expect(Object.keys(INTENT)).toContain(basename(f, '.yaml'));
  });

  for (const file of scenarios()) {
    const name = basename(file, '.yaml');
    it(name, () => {
      const run = explainScenario(loadScenarioFile(join(TEACHING, file), { seed: 1 }), { checkInvariants: true });
      const body = formatExplainText({ ...run, scenario: { ...run.scenario, file: `scenarios/teaching/${file}` } });
      const path = join(GOLDEN, `${name}.seed-1.txt`);
      if (process.env.UPDATE_GOLDEN !== '1' && !existsSync(path))
        throw new Error(`${path} is missing: run with UPDATE_GOLDEN=1`);
      if (process.env.UPDATE_GOLDEN === '1') {
        const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
        const keep = old.split('\n').filter((l) => l.startsWith('#'));
        const head = keep.length > 0 ? `${keep.join('\n')}\n` : header(name);
        writeFileSync(path, `${head}\n${body}`);
      }
      const saved = readFileSync(path, 'utf8');
      const lines = saved.split('\n');
      const firstBody = lines.findIndex((l) => !l.startsWith('#'));
      expect(lines[0]!.startsWith('#')).toBe(true);
      expect(lines.slice(firstBody + 1).join('\n')).toBe(body);
      // The JSON view: its outages add up to the run's downtime (in seconds), its events are
      // in time order within the run, and every narrated line of the text is one of them.
      const json = explainJson(run);
      for (const sli of ['etcd', 'api', 'controllers', 'scheduler'] as const) {
        const total = json.outages[sli].reduce((s, o) => s + (o.to - o.from), 0);
        expect(total).toBeCloseTo(run.result.slis[sli].downMs / 1000, 6);
        for (const o of json.outages[sli]) expect(o.to).toBeGreaterThan(o.from);
      }
      json.events.forEach((e, i) => {
        expect(e.t).toBeGreaterThanOrEqual(i === 0 ? 0 : json.events[i - 1]!.t);
        expect(e.t * 1000).toBeLessThanOrEqual(run.untilMs);
      });
      const texts = new Set(json.events.map((e) => e.text));
      const merged = /apiservers on /;
      for (const line of body.split('\n').filter((l) => /^t=\S+ /.test(l) && !/ (start|end of run)/.test(l))) {
        const text = line.replace(/^t=\S+ /, '');
        if (!merged.test(text)) expect(texts, line).toContain(text);
      }
    });
  }
});

describe('explain runs (the study function of the explain command)', () => {
  const file = join(TEACHING, 'etcd-leader-killed.yaml');

  it('--until stops the run there and closes open outages', () => {
    const run = explainScenario(loadScenarioFile(file), { untilMs: 3_605_000 });
    expect(run.result.horizonMs).toBe(3_605_000);
    expect(run.entries.every((e) => e.timeMs <= 3_605_000)).toBe(true);
    // the controllers are still down at 1h00m05 (lease failover takes about 15 s)
    expect(run.result.slis.controllers.outages).toEqual([3_600_000, 3_605_000]);
    expect(formatExplainText(run)).toContain('t=1h00m05.000s end of run');
  });

  it('--seed changes the random delays, not the story', () => {
    const a = explainScenario(loadScenarioFile(file, { seed: 1 }));
    const b = explainScenario(loadScenarioFile(file, { seed: 2 }));
    expect(a.entries.map((e) => e.kind)).toContain('etcd-leader-elected');
    expect(b.result.slis.etcd.outages.length).toBe(a.result.slis.etcd.outages.length);
    expect(b.result.slis.etcd.outages).not.toEqual(a.result.slis.etcd.outages);
  });

  it('prints SPEC §7 JSON: events and outages in seconds', () => {
    const json = explainJson(explainScenario(loadScenarioFile(file)));
    expect(json.events[0]).toEqual({
      t: 3600,
      kind: 'fault-down',
      target: 'host/cp-1',
      text: expect.stringContaining('host cp-1 (the etcd leader) down for 10m'),
    });
    expect(json.outages.api[0]!.from).toBe(3600);
    // the VIP moves when the backups' master-down timer expires: U(2.6 s, 3.6 s] after the fault
    const vip = json.events.find((e) => e.kind === 'vip-failover')!;
    expect(json.outages.api[0]!.to).toBe(vip.t);
    expect(vip.t - 3600).toBeGreaterThan(2.6);
    expect(vip.t - 3600).toBeLessThanOrEqual(3.6);
    expect(Object.keys(json.outages)).toEqual(['etcd', 'api', 'controllers', 'scheduler']);
  });
});
