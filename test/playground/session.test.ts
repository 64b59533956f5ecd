/**
 * The playground's adapter over the model: student actions travel the model's event path
 * (narration in explain's words, SLIs), and a replay of seed + action log is exact.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { recordTimeline } from '../../src/timeline/index.ts';
import { SLIS } from '../../src/scenario/types.ts';
import { openSession, replaySession, withRandom, type LoggedAction } from '../../src/playground/session.ts';

function scenario(file: string): Scenario {
  const r = loadScenarioText(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.scenario;
}

const S3 = scenario('scenarios/stacked-3.yaml');

describe('playground session', () => {
  it('failing the etcd leader host moves the leader, takes the API down briefly and narrates it', () => {
    const s = openSession(S3, 0, { enabled: false });
    s.runUntil(60_000);
    const before = s.state();
    expect(before.etcd.find((m) => m.role === 'leader')?.host).toBe('cp-1');
    s.inject({ kind: 'fail', target: 'host/cp-1' });
    expect(s.state().slis.api).toBe(false);
    expect(s.state().etcd.find((m) => m.host === 'cp-1')?.role).toBe('down');
    s.runUntil(120_000);
    const after = s.state();
    const leader = after.etcd.find((m) => m.role === 'leader');
    expect(leader?.host).not.toBe('cp-1');
    expect(after.etcdTerm).toBe(before.etcdTerm + 1);
    expect(after.slis.api).toBe(true);
    const texts = s.narration.map((e) => e.text).join('\n');
    expect(texts).toMatch(/host cp-1 down.*api down/);
    expect(texts).toMatch(/etcd leader elected: cp-[23]/);
    expect(texts).toMatch(/api up/);
    // Down time of the API is the failover, seconds, not zero and not minutes.
    expect(after.downMs.api).toBeGreaterThan(1000);
    expect(after.downMs.api).toBeLessThan(30_000);
  });

  it('two of three members down stop writes until one returns', () => {
    const s = openSession(S3, 0, { enabled: false });
    s.runUntil(10_000);
    s.inject({ kind: 'fail', target: 'etcd/cp-2' });
    s.inject({ kind: 'fail', target: 'etcd/cp-3' });
    s.runUntil(600_000);
    expect(s.state().slis.etcd).toBe(false);
    expect(s.state().etcd.filter((m) => m.role === 'leader')).toEqual([]);
    s.inject({ kind: 'restore', target: 'etcd/cp-2' });
    s.runUntil(660_000);
    expect(s.state().slis.etcd).toBe(true);
    expect(s.finish().slis.etcd.downMs).toBeGreaterThan(590_000 - 1);
  });

  it('a replay of the action log restores exactly the state at any instant', () => {
    const live = openSession(S3, 3, { enabled: true, rateMultiplier: 2000 });
    const log: LoggedAction[] = [];
    const snapshots: { t: number; json: string }[] = [];
    for (let t = 5_000; t <= 400_000; t += 7_919) {
      live.runUntil(t);
      if (t % 3 === 0) live.inject({ kind: 'fail', target: 'host/cp-2' });
      if (t % 5 === 0) live.inject({ kind: 'restore', target: 'host/cp-2' });
      snapshots.push({ t, json: JSON.stringify(live.state()) });
    }
    log.push(...live.log);
    expect(log.length).toBeGreaterThan(2);
    for (const snap of snapshots.filter((_, i) => i % 7 === 0)) {
      const again = replaySession(S3, 3, { enabled: true, rateMultiplier: 2000 }, log, snap.t);
      expect(JSON.stringify(again.state())).toBe(snap.json);
    }
  });

  it('stepping lands on the next instant with all its events', () => {
    const s = openSession(scenario('scenarios/teaching/etcd-leader-killed.yaml'), 0, { enabled: false });
    expect(s.step(Infinity)).toBe(true);
    expect(s.nowMs).toBe(3_600_000);
    expect(s.narration.every((e) => e.timeMs === 3_600_000)).toBe(true);
  });

  it('partitions group zones and hosts; the quorum overlay counts members per side', () => {
    const s = openSession(S3, 0, { enabled: false });
    s.inject({ kind: 'partition', groups: [['zone/a'], ['zone/b']] });
    const st = s.state();
    expect(st.partitioned).toBe(true);
    expect(st.groups.map((g) => [g.hosts, g.membersUp])).toEqual([
      [['cp-3'], 1],
      [['cp-1'], 1],
      [['cp-2'], 1],
    ]);
    s.inject({ kind: 'heal' });
    expect(s.state().groups.length).toBe(1);
  });

  it('the rate multiplier divides times to failure; off removes random failures', () => {
    const fast = withRandom(S3, { rateMultiplier: 10 });
    const h = S3.failures.host!.ttf;
    const hf = fast.failures.host!.ttf;
    expect(h.kind).toBe('exponential');
    if (h.kind === 'exponential' && hf.kind === 'exponential') expect(hf.meanMs).toBeCloseTo(h.meanMs / 10, 6);
    expect(withRandom(S3, { enabled: false }).failures).toEqual({});
    const quiet = openSession(S3, 0, { enabled: false });
    quiet.runUntil(365 * 86_400_000);
    expect(quiet.narration).toEqual([]);
  });

  it("the downtime counter and the live timeline agree with the model's own SLI timelines", () => {
    const s = openSession(S3, 5, { enabled: true, rateMultiplier: 3000 });
    s.runUntil(200_000);
    s.inject({ kind: 'fail', target: 'host/cp-1' });
    s.runUntil(3_000_000);
    const st = s.state();
    const t = s.timeline();
    const res = s.finish();
    let outages = 0;
    for (const sli of SLIS) {
      expect(st.downMs[sli]).toBe(res.slis[sli].downMs);
      const flat = t.outages[sli].flatMap((o) => [o.fromMs, o.toMs]);
      expect(flat).toEqual(res.slis[sli].outages);
      outages += t.outages[sli].length;
    }
    expect(outages).toBeGreaterThan(3);
    expect(st.downMs.api).toBeGreaterThan(0);
  });

  it("the live timeline is the src/timeline recorder's, and reading it mid-run changes nothing", () => {
    const sc = withRandom(S3, { rateMultiplier: 2000 });
    const s = openSession(S3, 2, { rateMultiplier: 2000 });
    for (let t = 50_000; t <= 900_000; t += 50_000) {
      s.runUntil(t);
      expect(s.timeline().untilMs).toBe(t);
    }
    const live = s.timeline();
    const recorded = recordTimeline(sc, { replication: 2, untilMs: 900_000, maxEvents: Infinity });
    expect(live.lanes.some((l) => l.segments.length > 1)).toBe(true);
    expect(JSON.stringify(live)).toBe(JSON.stringify(recorded));
  });

  it('a partition of zones is narrated with the zones the student picked', () => {
    const s = openSession(S3, 0, { enabled: false });
    s.inject({ kind: 'partition', groups: [['zone/a'], ['zone/b']] });
    expect(s.narration.map((e) => e.text).join('\n')).toMatch(/zone a.*\|.*zone b/);
  });

  it('reads the model only through the observer port (no Cluster, no createCluster)', () => {
    for (const f of readdirSync('src/playground')) {
      const imports = readFileSync(`src/playground/${f}`, 'utf8').match(/^import [^;]+;/gms) ?? [];
      for (const line of imports)
        expect(line, f).not.toMatch(
          /\bcreateCluster\b|\bCluster\b|model\/(cluster|etcd|apiservers|load-balancer|leader-election)\.ts/,
        );
    }
  });
});
