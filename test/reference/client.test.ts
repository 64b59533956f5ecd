import { describe, expect, it } from 'vitest';
import {
  affectedShareOf,
  CASES,
  extractSimulated,
  FAULT_AT_S,
  requestImpactMetric,
  timeAverage,
  type ReferenceCase,
  type RequestImpact,
} from '../../reference/cases.ts';
import { readFileSync } from 'node:fs';
import { clientImpact, PROBE_FALL, type ClientLine } from '../../reference/client-analysis.ts';
import { CLIENT_EXPERIMENTS, PUT_SHARE } from '../../reference/experiments-client.ts';
import { API_WRITE_SHARE } from '../../src/model/apiservers.ts';
import { caseReport, loadSummary, markdownTable, trust, type ReferenceReport } from '../../reference/report.ts';
import { simulateSeeds } from '../../reference/simulator.ts';
import type { ExplainJson } from '../../src/report/explain.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const byName = (n: string): ReferenceCase => CASES.find((c) => c.name === n)!;
/** A hand-built `explain --json` with the model's issue-19 field. */
const run = (requestImpact: RequestImpact[], events: ExplainJson['events'] = []): ExplainJson => ({
  events,
  outages: { etcd: [], api: [], controllers: [], scheduler: [] },
  requestImpact,
});
const F = FAULT_AT_S;

describe('client cases', () => {
  it('every client experiment feeds hang, share, failed and probe-out, on an external topology listing all members', () => {
    for (const e of CLIENT_EXPERIMENTS) {
      const names = CASES.filter((c) => c.experiment === e.name).map((c) => c.name);
      expect(names).toEqual(['hang', 'share', 'failed', 'probe-out'].map((s) => `${e.name}-${s}`));
      for (const n of names) expect(byName(n).scenario.topology).toContain('etcdEndpoints: all');
    }
    expect(byName('client-sigstop-follower-hang').scenario.faults[0]).toContain('hang: etcd/');
    expect(byName('client-blackhole-leader-hang').scenario.faults[0]).toContain('down: host/@etcd-leader');
    expect(byName('client-sigkill-follower-hang').scenario.faults[0]).toContain('down: etcd/');
  });
});

describe('readiness with a lost member (issue 19): the model agrees with the measured health probe', () => {
  // Measured (docs/fidelity.md, *-probe-out): a 2 s-timeout check once a second fails at most
  // 1-2 times in a row while one of three members hangs or is black-holed, never PROBE_FALL (3),
  // so the apiserver stays ready and in rotation. The model must not take it out either.
  const probeCases = CASES.filter(
    (c) => c.name.startsWith('client-') && c.name.endsWith('-probe-out') && c.byRule === undefined,
  );
  it('the client scenarios check with haproxy fall = PROBE_FALL = 3 (readiness failureThreshold 3)', () => {
    expect(PROBE_FALL).toBe(3);
    for (const c of probeCases) {
      const path = `reference/scenarios/${c.name}.yaml`;
      const r = loadScenarioText(readFileSync(path, 'utf8'), path);
      expect(r.ok, c.name).toBe(true);
      if (r.ok) expect(r.value.scenario.topology.loadBalancer.healthCheck?.fall).toBe(PROBE_FALL);
    }
  });
  it.each(probeCases.map((c) => [c.name, c] as const))(
    '%s: no apiserver leaves rotation on any of 10 seeds',
    (_n, c) => {
      const runs = simulateSeeds(`reference/scenarios/${c.name}.yaml`, 10);
      expect(runs.map((r) => extractSimulated(c, r))).toEqual(runs.map(() => 0));
      // and the hung requests are there: readiness stays, the impact is partial
      if (!c.name.startsWith('client-sigkill'))
        for (const r of runs)
          expect(r.requestImpact.some((i) => i.from >= F && i.from < F + 5 && i.hungShare > 0)).toBe(true);
    },
  );
});

describe('request-impact extractors', () => {
  // A black-holed follower in the fixed model: a third of the requests hang 10 s, the puts among them fail.
  const follower = [{ from: F, to: F + 10, hungShare: 1 / 3, failedShare: 1 / 6 }];
  // A black-holed leader as the model has it: no apiserver ready during the election (1.3 s),
  // then a third of the requests hang until the keepalive timeout.
  const leader = [
    { from: F, to: F + 1.3, hungShare: 0, failedShare: 1 },
    { from: F + 1.3, to: F + 10, hungShare: 1 / 3, failedShare: 1 / 6 },
  ];
  it('hang is the end of the last interval starting near the fault', () => {
    expect(extractSimulated(byName('client-blackhole-follower-hang'), run(follower))).toBeCloseTo(10, 12);
    expect(extractSimulated(byName('client-blackhole-leader-hang'), run(leader))).toBeCloseTo(10, 12);
    // an unrelated impact an hour earlier does not count; none at all is 0
    expect(
      extractSimulated(
        byName('client-sigkill-follower-hang'),
        run([{ from: 100, to: 140, hungShare: 0.5, failedShare: 0 }]),
      ),
    ).toBe(0);
    expect(extractSimulated(byName('client-sigkill-follower-hang'), run([]))).toBe(0);
  });
  it('share and failed are time averages over [fault, fault + max(hang, 1 s)), overlapping intervals summed up to 1', () => {
    expect(extractSimulated(byName('client-blackhole-follower-share'), run(follower))).toBeCloseTo(1 / 3, 12);
    expect(extractSimulated(byName('client-blackhole-follower-failed'), run(follower))).toBeCloseTo(1 / 6, 12);
    // 1.3 s at 1, then 8.7 s at 1/3; failed: 1.3 s at 1, then 8.7 s at 1/6
    expect(extractSimulated(byName('client-blackhole-leader-share'), run(leader))).toBeCloseTo(
      (1.3 + 8.7 / 3) / 10,
      12,
    );
    expect(extractSimulated(byName('client-blackhole-leader-failed'), run(leader))).toBeCloseTo(
      (1.3 + 8.7 / 6) / 10,
      12,
    );
    // overlapping intervals are summed, capped at 1
    expect(
      timeAverage(
        [
          { from: F, to: F + 2, hungShare: 0, failedShare: 1 },
          { from: F, to: F + 2, hungShare: 1 / 3, failedShare: 1 / 6 },
        ],
        F,
        F + 2,
        affectedShareOf,
      ),
    ).toBe(1);
    expect(extractSimulated(byName('client-sigkill-follower-share'), run([]))).toBe(0);
    // a 40 s SIGSTOP window
    expect(requestImpactMetric([{ from: F, to: F + 40, hungShare: 1 / 3, failedShare: 1 / 6 }], F, 'hang')).toBeCloseTo(
      40,
      12,
    );
  });
  it('timeAverage handles partial cover and empty windows', () => {
    expect(timeAverage([{ from: 5, to: 15, hungShare: 0.5, failedShare: 0 }], 0, 10, (i) => i.hungShare)).toBeCloseTo(
      0.25,
      12,
    );
    expect(timeAverage([], 0, 10, (i) => i.hungShare)).toBe(0);
    expect(timeAverage([], 3, 3, (i) => i.hungShare)).toBe(0);
  });
  it("the measured load has the model's write share, so the failed shares compare", () => {
    expect(PUT_SHARE).toBe(API_WRITE_SHARE);
  });
  it('affected = hung or failed: the hung writes count once, the not-ready share adds to the hung one', () => {
    // the model's failedShare = not-ready share + API_WRITE_SHARE × hungShare (src/model/request-impact.ts)
    expect(affectedShareOf({ from: 0, to: 1, hungShare: 1 / 3, failedShare: 1 / 6 })).toBeCloseTo(1 / 3, 12);
    // one of three backends not ready, a third of the other two's requests hung: 1/3 + 2/9 = 5/9
    const hung = (2 / 3) * (1 / 3);
    expect(affectedShareOf({ from: 0, to: 1, hungShare: hung, failedShare: 1 / 3 + 0.5 * hung })).toBeCloseTo(
      1 / 3 + hung,
      12,
    );
    expect(affectedShareOf({ from: 0, to: 1, hungShare: 0, failedShare: 1 })).toBe(1);
  });
  it('probe-out: an apiserver removed from rotation within 60 s of the fault', () => {
    const c = byName('client-blackhole-follower-probe-out');
    const removed = {
      t: F + 5.4,
      kind: 'health-check',
      target: 'apiserver/cp-3',
      text: 'LB http check: apiserver on ' + 'cp-3 removed from rotation (2 routed)',
    };
    expect(extractSimulated(c, run([], [removed]))).toBe(1);
    expect(extractSimulated(c, run([], [{ ...removed, t: F + 90 }]))).toBe(0);
    expect(extractSimulated(c, run([], []))).toBe(0);
  });
});

describe('clientImpact', () => {
  const V = '10.213.0.3:2379';
  const O = '10.213.0.1:2379';
  const f = 100_000;
  const req = (
    op: 'get' | 'put' | 'probe',
    start: number,
    ms: number,
    ok: boolean,
    peers: string[],
    err?: string,
  ): ClientLine => ({
    ev: 'req',
    op,
    start,
    end: start + ms,
    ok,
    peers,
    ...(err === undefined ? {} : { err }),
    ...(ok ? { member: peers[peers.length - 1] === V ? 'c' : 'a' } : {}),
  });
  // 3 requests every 100 ms from f - 1 s to f + 15 s; the one to the victim hangs until f + 10.3 s
  // (puts fail, gets retried elsewhere) while the fault lasts, then goes elsewhere.
  const lines: ClientLine[] = [{ ev: 'ready', ok: true, t: f - 2000 }];
  for (let t = f - 1000; t < f + 15_000; t += 100) {
    lines.push(req('get', t, 5, true, [O]), req('put', t + 1, 6, true, [O]));
    const toVictim = t >= f && t < f + 10_300;
    const op = (t / 100) % 2 === 0 ? 'get' : 'put';
    if (!toVictim) lines.push(req(op, t + 2, 5, true, [t < f ? V : O]));
    else if (op === 'get') lines.push(req('get', t + 2, f + 10_300 - t - 2 + 4, true, [V, O]));
    else
      lines.push(
        req('put', t + 2, f + 10_300 - t - 2, false, [V], 'rpc error: code = Unavailable desc = transport is closing'),
      );
  }
  for (let t = f - 1000; t < f + 15_000; t += 1000)
    lines.push(req('probe', t, t >= f && t < f + 2000 ? 2000 : 4, !(t >= f && t < f + 2000), [O]));
  const m = clientImpact(lines, f, V);
  it('measures the hang to the release of the last hung request, a third affected, the puts among them failed', () => {
    expect(m.hangS).toBeCloseTo(10.304, 2);
    expect(m.affectedShare).toBeGreaterThan(0.3);
    expect(m.affectedShare).toBeLessThan(0.34);
    expect(m.failedShare).toBeCloseTo(m.affectedShare / 2, 1);
    expect(m.failedWrites).toBeGreaterThan(45);
    expect(m.failedReads).toBe(0);
    expect(m.hungOnVictimShare).toBe(1);
    expect(m.probeMaxConsecutiveFailures).toBe(2);
    expect(m.probeOut).toBe(0);
    expect(m.unreachableErrors).toBe(0);
    expect(m.baselineP99S).toBeLessThan(0.01);
  });
  it('a slow request elsewhere, long after, does not stretch the hang; an unreachable error is counted', () => {
    const late = [
      ...lines,
      req('get', f + 14_000, 1500, true, [O]),
      req('put', f + 1, 3, false, [O], 'dial tcp 10.213.0.3:2379: ' + 'connect: no route to host'),
    ];
    const n = clientImpact(late, f, V);
    expect(n.hangS).toBeCloseTo(m.hangS, 6);
    expect(n.unreachableErrors).toBe(1);
  });
  it('no fault effect: hang 0, window 1 s, nothing affected', () => {
    const quiet = lines.filter((l) => l.ok && l.end! - l.start! < 1000);
    const q = clientImpact(quiet, f, V);
    expect(q).toMatchObject({ hangS: 0, windowS: 1, affectedShare: 0, failedShare: 0, probeOut: 0 });
  });
});

describe('load-aware verdicts', () => {
  const c = byName('etcd3-leader-sigkill');
  it('a failure under heavy load is not trustworthy; a pass stays a pass; a calm failure stays a failure', () => {
    const busy = loadSummary(
      [
        { loadavg1: 18.2, schedDelayP99Ms: 40 },
        { loadavg1: 12, schedDelayP99Ms: 30 },
      ],
      2,
    )!;
    expect(busy).toMatchObject({ loadavg1Max: 18.2, loadavg1Median: 12, schedDelayP99MsMax: 40, cpus: 2 });
    const fail = caseReport(c, 'x.yaml', [2.2, 2.3, 2.1], [1.2, 1.3, 1.25], undefined, busy)!;
    expect(fail.verdict).toBe('fail');
    expect(fail.trustworthy).toBe(false);
    expect(fail.note).toBe('not trustworthy (load 18.2 on 2 CPUs)');
    const calm = loadSummary([{ loadavg1: 1.5, schedDelayP99Ms: 12 }], 2);
    expect(caseReport(c, 'x.yaml', [2.2, 2.3, 2.1], [1.2, 1.3, 1.25], undefined, calm)).toMatchObject({
      verdict: 'fail',
      trustworthy: true,
    });
    expect(caseReport(c, 'x.yaml', [1.2, 1.3], [1.2, 1.3, 1.25], undefined, busy)).toMatchObject({
      verdict: 'pass',
      trustworthy: true,
    });
    // measured below the model: load cannot explain that (e.g. no probe failures where the model has a removal)
    expect(caseReport(c, 'x.yaml', [0, 0, 0], [1, 1, 1], undefined, busy)).toMatchObject({
      verdict: 'fail',
      trustworthy: true,
    });
    expect(trust(loadSummary([{ loadavg1: 1, schedDelayP99Ms: 250 }], 2)).note).toBe(
      'not trustworthy (scheduling delay p99 250 ms)',
    );
    expect(trust(null)).toEqual({ trustworthy: true });
  });
  it('the table says so in the verdict column', () => {
    const busy = loadSummary([{ loadavg1: 18.2, schedDelayP99Ms: 40 }], 2)!;
    const entry = caseReport(c, 'x.yaml', [2.2, 2.3, 2.1], [1.2, 1.3, 1.25], undefined, busy)!;
    const report: ReferenceReport = {
      generated: '2026-01-01T00:00:00Z',
      quick: true,
      trialsPerCase: 3,
      simulatedSeeds: 3,
      probePeriodMs: 20,
      versions: {},
      machine: {},
      verdictRule: { alpha: 0.01, toleranceS: 0.15, toleranceRel: 0.1 },
      cases: [entry],
      missing: [],
    };
    expect(markdownTable(report)).toContain('| 18.2 (max 18.2) | fail, not trustworthy (load 18.2 on 2 CPUs) |');
  });
});

describe('load gauge', () => {
  it('the lateness quantile reads the difference of two histogram snapshots', async () => {
    const { latenessQuantile } = await import('../../reference/load-gauge.ts');
    const before = new Int32Array(2001);
    const after = new Int32Array(2001);
    before[0] = 50;
    after[0] = 150; // 100 wake-ups on time
    after[3] = 8; // 8 three ms late
    after[250] = 2; // 2 a quarter second late
    expect(latenessQuantile(before, after, 0.5)).toBe(0);
    expect(latenessQuantile(before, after, 0.95)).toBe(3);
    expect(latenessQuantile(before, after, 0.99)).toBe(250);
    expect(latenessQuantile(before, before, 0.99)).toBe(0);
  });
});
