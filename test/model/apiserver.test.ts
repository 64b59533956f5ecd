/**
 * kube-apiserver readiness rules (SPEC §5, FACTS §2): `local` vs `all` etcd endpoints,
 * etcd client failover delay, kubelet restart on lost etcd and crash-loop back-off.
 */
import { describe, expect, it } from 'vitest';
import { H, run, topo } from './builders.ts';

const NONE = (endpoints: string): string =>
  `{ kind: stacked, zones: 3, controlPlane: { count: 3 }, apiserver: { etcdEndpoints: ${endpoints} }, loadBalancer: { kind: none } }`;

describe('apiserver', () => {
  it('local: a stacked apiserver whose own etcd member is down is not ready while quorum holds', () => {
    // clients pinned to cp-1 (lb none) see apiserver cp-1 only
    const v = run(topo(NONE('local'), 'timing: { apiserver: { restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }'));
    // etcd/cp-1 was the leader: writes stop for one election only; quorum holds
    expect(v.outages.etcd).toHaveLength(1);
    expect(v.outages.etcd[0]![1] - H).toBeLessThan(2);
    // but apiserver cp-1 stays unready for the whole 30 minutes
    expect(v.outages.api).toEqual([[H, H + 1800]]);
    // with the kubelet restart on, it is still down at least that long
    const r = run(topo(NONE('local'), 'faults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }'));
    expect(r.outages.api[0]![0]).toBe(H);
    expect(r.outages.api[0]![1]).toBeGreaterThanOrEqual(H + 1800);
  });

  it('all: the same apiserver stays ready through another member', () => {
    const v = run(topo(NONE('all'), 'timing: { etcd: { electionTimeout: 1s } }\nfaults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }'));
    // cp-1 was the etcd leader: writes stop for one election; apiserver cp-1 then uses cp-2's member
    expect(v.outages.api).toEqual(v.outages.etcd);
    const [from, to] = v.outages.api[0]!;
    expect(from).toBe(H);
    expect(to - from).toBeLessThan(2);
  });

  it('local: a follower member down takes only its own apiserver out', () => {
    const v = run(topo(NONE('local'), 'timing: { apiserver: { restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, down: etcd/cp-2, for: 30m }'));
    expect(v.outages.etcd).toEqual([]);
    expect(v.outages.api).toEqual([]); // clients use cp-1
    const p = run(topo(NONE('local'), 'timing: { apiserver: { restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }'));
    // cp-1's apiserver is down for exactly the 30 minutes of its member's absence
    expect(p.outages.api).toEqual([[H, H + 1800]]);
  });

  it('all: switching to another member takes etcdFailoverDelay', () => {
    const v = run(
      topo(NONE('all'), 'timing: { apiserver: { etcdFailoverDelay: 20s } }\nfaults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }'),
    );
    // apiserver cp-1 was connected to etcd on cp-1: it reconnects elsewhere after 20 s
    expect(v.outages.api).toEqual([[H, H + 20]]);
  });

  it('restarts after livenessDelay without etcd; crash-loop back-off delays the return after a long etcd outage', () => {
    // quorum lost 1h..1h10m: every apiserver is live but without etcd
    const faults = 'faults:\n  - { at: 1h, down: etcd/cp-2, for: 10m }\n  - { at: 1h, down: etcd/cp-3, for: 10m }';
    const v = run(topo(NONE('local'), faults));
    // kills at +80s, back-offs 10, 20, 40, 80, 160 s with 80 s runs between:
    // 1h01m20 kill, 1h01m30 start, 1h02m50 kill, 1h03m10 start, 1h04m30 kill, 1h05m10 start,
    // 1h06m30 kill, 1h07m50 start, 1h09m10 kill, back-off 160 s -> starts at 1h11m50
    expect(v.outages.api).toEqual([[H, H + 11 * 60 + 50]]);
    // without the restart the API returns with the election after quorum is back
    const off = run(topo(NONE('local'), `timing: { apiserver: { restartOnEtcdLoss: false } }\n${faults}`));
    const [, to] = off.outages.api[0]!;
    expect(to).toBeGreaterThanOrEqual(H + 600 + 1);
    expect(to).toBeLessThan(H + 600 + 2);
    expect(v.trace.some((e) => e.kind === 'apiserver-restart' && e.text.includes('back-off 160s'))).toBe(true);
  });

  it('an etcd outage shorter than livenessDelay causes no restart', () => {
    const v = run(topo(NONE('local'), 'faults:\n  - { at: 1h, down: etcd/cp-2, for: 60s }\n  - { at: 1h, down: etcd/cp-3, for: 60s }'));
    const [, to] = v.outages.api[0]!;
    expect(to).toBeLessThan(H + 62);
    expect(v.trace.some((e) => e.kind === 'apiserver-restart')).toBe(false);
  });

  it('back-off caps at backoffMax and resets after 10 minutes of running', () => {
    const faults = 'faults:\n  - { at: 1h, down: etcd/cp-2, for: 2h }\n  - { at: 1h, down: etcd/cp-3, for: 2h }\n  - { at: 5h, down: etcd/cp-2, for: 5m }\n  - { at: 5h, down: etcd/cp-3, for: 5m }';
    const v = run(topo(NONE('local'), faults));
    const backoffs = v.trace.filter((e) => e.kind === 'apiserver-restart' && e.target === 'apiserver/cp-1').map((e) => Number(/back-off (\d+)s/.exec(e.text)![1]));
    // first outage: 10, 20, 40, 80, 160, 300, 300, ...; second (after hours of running): from 10 again
    expect(backoffs.slice(0, 7)).toEqual([10, 20, 40, 80, 160, 300, 300]);
    const second = v.trace.filter((e) => e.kind === 'apiserver-restart' && e.target === 'apiserver/cp-1' && e.timeMs >= 5 * H * 1000);
    // 5 min outage: kills at +80 s (10), +170 s (20), +270 s (40); etcd returns during the last back-off
    expect(second.map((e) => Number(/back-off (\d+)s/.exec(e.text)![1]))).toEqual([10, 20, 40]);
  });

  it('a host reboot resets the crash-loop back-off', () => {
    const faults =
      'faults:\n  - { at: 1h, down: etcd/cp-2, for: 1h }\n  - { at: 1h, down: etcd/cp-3, for: 1h }\n  - { at: 1h30m, down: host/cp-1, for: 1m }';
    const v = run(topo(NONE('local'), faults));
    const after = v.trace.filter((e) => e.kind === 'apiserver-restart' && e.target === 'apiserver/cp-1' && e.timeMs > 1.5 * H * 1000);
    expect(Number(/back-off (\d+)s/.exec(after[0]!.text)![1])).toBe(10);
    // it came back at 1h31m; the first kill is 80 s later
    expect(after[0]!.timeMs).toBe((1.5 * H + 60 + 80) * 1000);
  });
});
