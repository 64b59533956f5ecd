/**
 * Issue 19: the `all` etcd client as clientv3 >= 3.4 behaves: round-robin over every
 * listed member, no pinned member and no failover; a lost member's share 1/k of each
 * apiserver's requests hangs for a detection window (keepalive timeout 10 s when
 * black-holed, keepalive time + timeout 40 s when hung, nothing when refused); hung
 * processes (`hang:`); the request-weighted SLI counts the hung requests.
 */
import { describe, expect, it } from 'vitest';
import { H, run, scenario, topo } from './builders.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const EXT = (lb = 'cloud', etcd = 3): string =>
  `{ kind: external, zones: 3, controlPlane: { count: 3 }, etcd: { count: ${etcd} }, apiserver: { ` +
  `etcdEndpoints: all }, loadBalancer: { kind: ${lb} } }`;
const T = 'timing: { apiserver: { restartOnEtcdLoss: false } }\n';

describe('etcd client (all endpoints)', () => {
  it('a black-holed follower: 1/3 of the requests hang for the keepalive timeout, exactly; the API stays up', () => {
    const v = run(topo(EXT(), `${T}faults:\n  - { at: 1h, down: host/etcd-2, for: 30m }`));
    expect(v.outages.api).toEqual([]);
    expect(v.requestLossS).toBeCloseTo(10 / 3, 9);
    // the same through one apiserver (no LB) and through haproxy: the share is per apiserver
    expect(run(topo(EXT('none'), `${T}faults:\n  - { at: 1h, down: host/etcd-2, for: 30m }`)).requestLossS).toBeCloseTo(
      10 / 3,
      9,
    );
    expect(
      run(topo(EXT('haproxy'), `${T}faults:\n  - { at: 1h, down: host/etcd-2, for: 30m }`)).requestLossS,
    ).toBeCloseTo(10 / 3, 9);
    // the keepalive timeout is the knob; k = 5 members: 1/5
    expect(
      run(
        topo(
          EXT(),
          `timing: { apiserver: { restartOnEtcdLoss: false, etcdKeepaliveTimeout: ` +
            `7s } }\nfaults:\n  - { at: 1h, down: host/etcd-2, for: 30m }`,
        ),
      ).requestLossS,
    ).toBeCloseTo(7 / 3, 9);
    expect(
      run(topo(EXT('cloud', 5), `${T}faults:\n  - { at: 1h, down: host/etcd-2, for: 30m }`)).requestLossS,
    ).toBeCloseTo(10 / 5, 9);
    // two members of 5 at once: 2/5
    expect(
      run(
        topo(
          EXT('cloud', 5),
          `${T}faults:\n  - { at: 1h, down: host/etcd-2, for: 30m }\n  - ` + `{ at: 1h, down: host/etcd-3, for: 30m }`,
        ),
      ).requestLossS,
    ).toBeCloseTo(20 / 5, 9);
  });

  it('a partition that cuts a follower away black-holes it too (10 s); a refused connection costs nothing', () => {
    const cut = run(topo(EXT(), `${T}faults:\n  - { at: 1h, partition: [[host/etcd-2]], for: 30m }`));
    expect(cut.outages.api).toEqual([]);
    expect(cut.requestLossS).toBeCloseTo(10 / 3, 9);
    const refused = run(topo(EXT(), `${T}faults:\n  - { at: 1h, down: etcd/etcd-2, for: 30m }`));
    expect(refused.outages.api).toEqual([]);
    expect(refused.requestLossS).toBe(0);
  });

  it('a hung follower (SIGSTOP): 1/3 of the requests hang for keepalive time + timeout (40 s)', () => {
    const v = run(topo(EXT(), `${T}faults:\n  - { at: 1h, hang: etcd/etcd-2, for: 30m }`));
    expect(v.outages.api).toEqual([]);
    expect(v.outages.etcd).toEqual([]);
    expect(v.requestLossS).toBeCloseTo(40 / 3, 9);
    const k = run(
      topo(
        EXT(),
        `timing: { apiserver: { restartOnEtcdLoss: false, etcdKeepaliveTime: ` +
          `20s, etcdKeepaliveTimeout: 5s } }\nfaults:\n  - { at: 1h, hang: etcd/etcd-2, for: 30m }`,
      ),
    );
    expect(k.requestLossS).toBeCloseTo(25 / 3, 9);
    // a hang shorter than the window: the member answers again and the stuck requests complete
    expect(run(topo(EXT(), `${T}faults:\n  - { at: 1h, hang: etcd/etcd-2, for: 15s }`)).requestLossS).toBeCloseTo(
      15 / 3,
      9,
    );
  });

  it('the leader black-holed: the election for everyone, then 1/3 until the keepalive timeout', () => {
    const v = run(topo(EXT(), `${T}faults:\n  - { at: 1h, down: host/etcd-1, for: 30m }`));
    expect(v.outages.api).toHaveLength(1);
    const [from, to] = v.outages.api[0]!;
    expect(from).toBe(H);
    const e = to - from;
    expect(e).toBeGreaterThan(0);
    expect(e).toBeLessThan(2);
    // api down through the election (the endpoint has no ready apiserver), then 1/3 hang until +10 s
    expect(v.requestLossS).toBeCloseTo(e + (10 - e) / 3, 6);
    // hung leader: the election, then 1/3 until +40 s
    const hung = run(topo(EXT(), `${T}faults:\n  - { at: 1h, hang: etcd/etcd-1, for: 30m }`));
    const eh = hung.outages.api[0]![1] - H;
    expect(hung.requestLossS).toBeCloseTo(eh + (40 - eh) / 3, 6);
  });

  it('a down apiserver keeps no connection: started again, its fresh client sees no hang', () => {
    const v = run(
      topo(
        EXT('none'),
        `${T}faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }\n  ` +
          `- { at: 1h1m, down: host/etcd-2, for: 1h }`,
      ),
    );
    // down 600 s, plus 5 s start-up; nothing hangs
    expect(v.outages.api).toEqual([[H, H + 605]]);
    expect(v.requestLossS).toBeCloseTo(605, 9);
  });

  it('a hung apiserver: a tcp check keeps it in rotation (its requests fail), an http check removes it after fall', () => {
    const lb = (kind: string): string =>
      `{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: haproxy, ` +
      `healthCheck: { kind: ${kind}, interval: 2s, fall: 3, rise: 2 } } }`;
    const tcp = run(topo(lb('tcp'), 'faults:\n  - { at: 1h, hang: apiserver/cp-2, for: 10m }'));
    expect(tcp.outages.api).toEqual([]);
    // a third of the requests fail for the whole 10 minutes: no start-up on resume
    expect(tcp.requestLossS).toBeCloseTo(600 / 3, 6);
    const http = run(topo(lb('http'), 'faults:\n  - { at: 1h, hang: apiserver/cp-2, for: 10m }'));
    expect(http.requestLossS).toBeGreaterThan(4 / 3);
    expect(http.requestLossS).toBeLessThanOrEqual(6 / 3 + 4 / 2 + 1e-9);
    // no restart: the kubelet's liveness restart of a hung process is not modelled
    expect(http.trace.some((e) => e.kind === 'apiserver-restart')).toBe(false);
  });

  it('hang applies to etcd and apiserver only; the old etcdKeepalive key is an error naming its replacements', () => {
    const bad = loadScenarioText(`name: t\ntopology: ${EXT()}\nfaults:\n  - { at: 1h, hang: host/etcd-2 }\n`, 't.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.message).join('\n')).toMatch(/only etcd and apiserver processes hang/);
    const old = loadScenarioText(
      `name: t\ntopology: ${EXT()}\ntiming: { apiserver: { etcdKeepalive: 40s } }\n`,
      't.yaml',
    );
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.errors.map((e) => e.message).join('\n')).toMatch(/etcdKeepaliveTime.*etcdKeepaliveTimeout/);
    expect(
      scenario(`name: t\ntopology: ${EXT()}\nfaults:\n  - { at: 1h, hang: etcd/@leader, for: ` + `1m }\n`).faults[0],
    ).toMatchObject({ kind: 'down', hang: true });
  });

  it('stacked local endpoints are unchanged: nothing hangs', () => {
    const v = run(
      topo(
        '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { ' + 'kind: cloud } }',
        `${T}faults:\n  - { at: 1h, ` + `down: host/cp-2, for: 30m }`,
      ),
    );
    expect(v.trace.some((e) => e.kind === 'apiserver-etcd-drop')).toBe(false);
  });
});

describe('requestImpact (explain --json, issue 19)', () => {
  it('a black-holed follower of 3: one 10 s stretch, a third hung, half of those failed (writes)', async () => {
    const { RequestImpactRecorder } = await import('../../src/model/index.ts');
    const { runReplication } = await import('../../src/model/index.ts');
    const rec = new RequestImpactRecorder();
    runReplication(topo(EXT(), `${T}faults:\n  - { at: 1h, down: host/etcd-2, for: 30m }`), 0, { observers: [rec] });
    expect(rec.segments).toEqual([{ fromMs: H * 1000, toMs: H * 1000 + 10_000, hungShare: 1 / 3, failedShare: 1 / 6 }]);
    // an apiserver out of rotation: its share fails outright, nothing hangs
    const down = new RequestImpactRecorder();
    runReplication(topo(EXT('none'), `${T}faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }`), 0, {
      observers: [down],
    });
    expect(down.segments).toEqual([{ fromMs: H * 1000, toMs: H * 1000 + 605_000, hungShare: 0, failedShare: 1 }]);
  });
});

describe('bad minutes (issue 19)', () => {
  it('counts minutes (aligned at t = 0) whose error share exceeds the threshold, exactly', () => {
    const hole = (at: string, extra = ''): number =>
      run(topo(EXT(), `${extra}${T}faults:\n  - { at: ${at}, down: host/etcd-2, for: 30m }`)).result.apiBadMinutesMs /
      60_000;
    // 10 s x 1/3 inside one minute: 3.33 s of 60 s = 5.6% > 5%: one bad minute
    expect(hole('1h')).toBe(1);
    // above a 6% threshold: none
    expect(hole('1h', 'badMinute: 6%\n')).toBe(0);
    // straddling a minute boundary: 5 s x 1/3 in each minute (2.8%): none
    expect(hole('1h55s')).toBe(0);
    // an outage from 1h0m30s to 1h10m35s (600 s + 5 s start-up) through the only apiserver: 11 minutes
    const down = run(topo(EXT('none'), `${T}faults:\n  - { at: 1h30s, down: apiserver/cp-1, for: 10m }`));
    expect(down.outages.api).toEqual([[H + 30, H + 635]]);
    expect(down.result.apiBadMinutesMs / 60_000).toBe(11);
  });
});

describe('etcd pre-vote (issue 19)', () => {
  const S3 = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: cloud } }';
  const cut = (t: string, forS = '8s'): ReturnType<typeof run> =>
    run(
      topo(
        S3,
        `timing: { etcd: { preVote: ${t} }, apiserver: { restartOnEtcdLoss: false } ` +
          `}\nfaults:\n  - { at: 1h, partition: [[host/cp-1], [host/cp-2, host/cp-3]], for: ${forS} }`,
      ),
    );
  it('off: the heal costs a second election (the rejoining member disrupts the leader); on: nothing', () => {
    const on = cut('true');
    expect(on.outages.etcd).toHaveLength(1);
    expect(on.outages.etcd[0]![1]).toBeLessThan(H + 8);
    for (let rep = 0; rep < 5; rep++) {
      const off = run(
        cut('false').result &&
          topo(
            S3,
            'timing: { etcd: { preVote: false }, ' +
              'apiserver: { restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, partition: [[host/cp-1], ' +
              '[host/cp-2, host/cp-3]], for: 8s }',
          ),
        rep,
      );
      expect(off.outages.etcd).toHaveLength(2);
      const [from, to] = off.outages.etcd[1]!;
      expect(from).toBe(H + 8);
      // the deposed leader's timeout, or the rejoined member's residual plus a fresh one: within [1 s, 3.25 s) + vote
      expect(to - from).toBeGreaterThanOrEqual(1);
      expect(to - from).toBeLessThan(3.2 + 0.05 + 1e-9);
    }
    // cut off for less than an election timeout: it never campaigned, nothing to disrupt
    expect(cut('false', '500ms').outages.etcd.filter(([f]) => f >= H + 0.5)).toEqual([]);
  });
});

describe('random hangs (issue 19)', () => {
  it('failures.etcdHang hangs etcd processes at random (their own streams); hung requests cost requestSuccess', () => {
    const v = run(
      topo(
        EXT(),
        `${T}failures:\n  etcdHang: { mttf: 4h, ttr: { fixed: 1m } ` +
          `}\nsimulation: { horizon: 1d, seed: 1, replications: 1 }`,
      ),
    );
    const hangs = v.trace.filter((e) => e.kind === 'random-hang');
    expect(hangs.length).toBeGreaterThan(3);
    expect(hangs.every((e) => e.target.startsWith('etcd/'))).toBe(true);
    expect(v.requestLossS).toBeGreaterThan(40 / 3);
    // the failure draws of other components are untouched (own streams)
    const plain = run(
      topo(
        EXT(),
        `${T}failures:\n  host: { mttf: 1h, ttr: { fixed: 1m } ` +
          `}\nsimulation: { horizon: 11h, seed: 1, replications: 1 }`,
      ),
    );
    const both = run(
      topo(
        EXT(),
        `${T}failures:\n  host: { mttf: 1h, ttr: { fixed: 1m } }\n  ` +
          `apiserverHang: { mttf: 100h, ttr: { fixed: 1m } }\nsimulation: { horizon: 11h, seed: 1, ` +
          `replications: 1 }`,
      ),
    );
    const fails = (x: typeof plain): string[] =>
      x.trace.filter((e) => e.kind === 'random-failure').map((e) => `${e.timeMs} ${e.target}`);
    expect(fails(both)).toEqual(fails(plain));
  });
});
