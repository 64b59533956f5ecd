/**
 * Issue 19: a partition that cuts only etcd peer traffic (port 2380). etcd quorum and
 * leader election use the peer groups; clients, apiserver-to-etcd client traffic, load
 * balancer checks and leases use the network groups, which stay whole (docs/model.md).
 */
import { describe, expect, it } from 'vitest';
import { checkTimes, run, topo } from './builders.ts';
import { RequestImpactRecorder, runReplication, type RequestImpactSegment } from '../../src/model/index.ts';

const EXT = (lb = 'cloud', etcd = 3): string =>
  `{ kind: external, zones: 3, controlPlane: { count: 3 }, etcd: { count: ${etcd} }, apiserver: { ` +
  `etcdEndpoints: all }, loadBalancer: { kind: ${lb} } }`;
const STACKED = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: cloud } }';
const T = 'timing: { apiserver: { restartOnEtcdLoss: false } }\n';
const peerCut = (host: string): string =>
  `${T}faults:\n  - { at: 1h, partition: [[host/${host}]], traffic: etcd-peer, for: 30m }`;

describe('etcd peer-only partition', () => {
  it('external, all endpoints: a peer-cut follower fails 1/3 of the requests for the whole partition, exactly', () => {
    const v = run(topo(EXT(), peerCut('etcd-2')));
    expect(v.outages.api).toEqual([]);
    expect(v.outages.etcd).toEqual([]);
    expect(v.requestLossS).toBeCloseTo(1800 / 3, 9);
    // 5 members: 1/5; through one apiserver (no LB) the same share
    expect(run(topo(EXT('cloud', 5), peerCut('etcd-2'))).requestLossS).toBeCloseTo(1800 / 5, 9);
    expect(run(topo(EXT('none'), peerCut('etcd-2'))).requestLossS).toBeCloseTo(1800 / 3, 9);
    // the same host cut from all traffic: only the keepalive window (10 s) of 1/3
    const all = run(topo(EXT(), `${T}faults:\n  - { at: 1h, partition: [[host/etcd-2]], for: 30m }`));
    expect(all.requestLossS).toBeCloseTo(10 / 3, 9);
  });

  it('external: a peer-cut leader costs the election (everything) and then 1/3 for the rest', () => {
    const v = run(topo(EXT(), peerCut('etcd-1')));
    expect(v.outages.etcd.length).toBe(1);
    const [from, to] = v.outages.etcd[0]!;
    const e = to - from;
    expect(from).toBe(3600);
    expect(e).toBeGreaterThan(0);
    expect(e).toBeLessThan(5);
    // loss = E (no leader: no apiserver ready) + (1800 - E) / 3
    expect(v.requestLossS).toBeCloseTo(e + (1800 - e) / 3, 6);
  });

  it('stacked: the apiserver on a peer-cut host is not ready for the partition (its member has no leader)', () => {
    const peer = run(topo(STACKED, peerCut('cp-3')));
    const all = run(topo(STACKED, `${T}faults:\n  - { at: 1h, partition: [[host/cp-3]], for: 30m }`));
    expect(peer.outages.api).toEqual([]);
    expect(peer.requestLossS).toBeGreaterThan(0);
    // a cloud LB reaches every group either way: the same loss as a full partition of that host
    expect(peer.requestLossS).toBeCloseTo(all.requestLossS, 9);
    // and none without the partition
    expect(run(topo(STACKED, T)).requestLossS).toBe(0);
  });

  it('is deterministic: the same seed gives the same result', () => {
    const a = run(topo(EXT(), peerCut('etcd-1')));
    const b = run(topo(EXT(), peerCut('etcd-1')));
    expect(a.requestLossS).toBe(b.requestLossS);
    expect(a.outages).toEqual(b.outages);
  });
});

describe('readiness flapping (http LB check against a peer-cut member)', () => {
  const lb = 'haproxy, healthCheck: { kind: http, interval: 2s, fall: 3, rise: 2 }';
  const TI = 'timing: { apiserver: { restartOnEtcdLoss: false, etcdCheckFailures: independent } }\n';
  it('round robin (default, measured): one cut member of three never takes a backend out of rotation', () => {
    const text = `${T}faults:\n  - { at: 1h, partition: [[host/etcd-2]], traffic: etcd-peer, for: 20h }`;
    for (let rep = 0; rep < 2; rep++) {
      const v = run(topo(EXT(lb), text), rep);
      for (const host of ['cp-1', 'cp-2', 'cp-3']) expect(checkTimes(v, host).removed).toEqual([]);
      // the requests still lose 1/3 for the whole partition
      expect(v.requestLossS).toBeCloseTo((20 * 3600) / 3, 6);
    }
  });
  it('round robin: as many cut members as fall (2 of 5, fall 2) take every backend out, flapping', () => {
    const text = `${T}faults:\n  - { at: 1h, partition: [[host/etcd-4], [host/etcd-5]], traffic: etcd-peer, for: 2h }`;
    const v = run(topo(EXT('haproxy, healthCheck: { kind: http, interval: 2s, fall: 2, rise: 2 }', 5), text));
    for (const host of ['cp-1', 'cp-2', 'cp-3']) expect(checkTimes(v, host).removed.length).toBeGreaterThan(0);
  });
  it('independent: each backend is out of rotation for the exact run-length share of the partition, within statistical bounds', () => {
    // haproxy http check, interval 2 s, fall 3, rise 2; p = 1/3 per probe:
    // in rotation for 39 probes on average, out for 3.75: out share 3.75 / 42.75
    const text = `${TI}faults:\n  - { at: 1h, partition: [[host/etcd-2]], traffic: etcd-peer, for: 20h }`;
    const expected = 3.75 / (39 + 3.75);
    let out = 0;
    let total = 0;
    const reps = 4;
    for (let rep = 0; rep < reps; rep++) {
      const v = run(topo(EXT(lb), text), rep);
      for (const host of ['cp-1', 'cp-2', 'cp-3']) {
        const { removed, back } = checkTimes(v, host);
        expect(removed.length).toBeGreaterThan(500);
        // pair each removal with its return (the last one returns a rise after the partition ends)
        for (let i = 0; i < removed.length; i++) out += (back[i] ?? 21 * 3600) - removed[i]!;
        total += 20 * 3600;
      }
    }
    expect(Math.abs(out / total - expected)).toBeLessThan(0.01);
  });
});

describe('requestImpact during an election and under a peer cut (issue 19)', () => {
  const failedS = (segs: readonly RequestImpactSegment[]) =>
    segs.reduce((s, g) => s + ((g.toMs - g.fromMs) / 1000) * g.failedShare, 0);
  const hungS = (segs: readonly RequestImpactSegment[]) =>
    segs.reduce((s, g) => s + ((g.toMs - g.fromMs) / 1000) * g.hungShare, 0);

  it('a black-holed leader: the election hangs every request and fails only the writes (E/2 + (10 - E)/6)', () => {
    const rec = new RequestImpactRecorder();
    const s = topo(EXT(), `${T}faults:\n  - { at: 1h, down: host/etcd-1, for: 30m }`);
    runReplication(s, 0, { observers: [rec] });
    const v = run(s);
    const [from, to] = v.outages.etcd[0]!;
    const e = to - from;
    expect(e).toBeGreaterThan(0);
    expect(failedS(rec.segments)).toBeCloseTo(e / 2 + (10 - e) / 6, 6);
    expect(hungS(rec.segments)).toBeCloseTo(e + (10 - e) / 3, 6);
    // requestSuccess is unchanged: everything in the election, then 1/3 of the 10 s window
    expect(v.requestLossS).toBeCloseTo(e + (10 - e) / 3, 6);
  });

  it('a peer-cut follower: 1/3 hung for the whole partition, the writes among them (1/6) failed', () => {
    const rec = new RequestImpactRecorder();
    runReplication(topo(EXT(), peerCut('etcd-2')), 0, { observers: [rec] });
    expect(rec.segments).toEqual([
      { fromMs: 3600_000, toMs: 3600_000 + 1_800_000, hungShare: 1 / 3, failedShare: 1 / 6 },
    ]);
  });
});

describe('invariants under random etcd-peer partitions and failures', () => {
  for (const [name, t] of [
    [
      'external, all endpoints, haproxy http',
      EXT('haproxy, healthCheck: { kind: http, interval: 2s, fall: 3, rise: 2 }'),
    ],
    ['external, 5 members, keepalived', EXT('keepalived', 5)],
    [
      'stacked, keepalived',
      '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }',
    ],
  ] as const) {
    it(`${name}: every event passes the invariant checker (10 replications x 60 d)`, () => {
      const extra =
        'failures: { host: { mttf: 300h, mttr: 20m }, etcd: { mttf: 200h, mttr: 1m }, apiserver: { mttf: 300h, mttr: 1m } }\n' +
        'operations:\n  partitions: { every: 12h, duration: 2h, scope: host, traffic: etcd-peer }\n' +
        'simulation: { horizon: 60d, seed: 3, replications: 10 }';
      for (let rep = 0; rep < 10; rep++) expect(() => run(topo(t, extra), rep)).not.toThrow();
    });
  }
});
