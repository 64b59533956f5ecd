/**
 * kube-apiserver readiness rules (SPEC §5, facts §2): `local` vs `all` etcd endpoints
 * (the `all` client's round-robin and keepalive: etcd-client.test.ts), start-up time, the
 * startup probe before liveness, kubelet restart on lost etcd and crash-loop back-off
 * (first restart immediate).
 */
import { describe, expect, it } from 'vitest';
import { H, run, topo } from './builders.ts';

const NONE = (endpoints: string): string =>
  `{ kind: stacked, zones: 3, controlPlane: { count: 3 }, apiserver: { etcdEndpoints: ${endpoints} }, loadBalancer: { kind: none } }`;

describe('apiserver', () => {
  it('local: a stacked apiserver whose own etcd member is down is not ready while quorum holds', () => {
    // clients pinned to cp-1 (lb none) see apiserver cp-1 only
    const v = run(
      topo(
        NONE('local'),
        'timing: { apiserver: { restartOnEtcdLoss: false } ' + '}\nfaults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }',
      ),
    );
    // etcd/cp-1 was the leader: writes stop for one election only; quorum holds
    expect(v.outages.etcd).toHaveLength(1);
    expect(v.outages.etcd[0]![1] - H).toBeLessThan(2);
    // but apiserver cp-1 stays unready for the whole 30 minutes, plus its member's start-up (100 ms)
    expect(v.outages.api).toEqual([[H, H + 1800.1]]);
    // with the kubelet restart on, it is still down at least that long
    const r = run(topo(NONE('local'), 'faults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }'));
    expect(r.outages.api[0]![0]).toBe(H);
    expect(r.outages.api[0]![1]).toBeGreaterThanOrEqual(H + 1800);
  });

  it('all: the same apiserver stays ready through another member', () => {
    const v = run(
      topo(
        NONE('all'),
        'timing: { etcd: { electionTimeout: 1s } }\nfaults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }',
      ),
    );
    // cp-1 was the etcd leader: writes stop for one election; apiserver cp-1 then uses cp-2's member
    expect(v.outages.api).toEqual(v.outages.etcd);
    const [from, to] = v.outages.api[0]!;
    expect(from).toBe(H);
    expect(to - from).toBeLessThan(2);
  });

  it('local: a follower member down takes only its own apiserver out', () => {
    const v = run(
      topo(
        NONE('local'),
        'timing: { apiserver: { restartOnEtcdLoss: false } ' + '}\nfaults:\n  - { at: 1h, down: etcd/cp-2, for: 30m }',
      ),
    );
    expect(v.outages.etcd).toEqual([]);
    expect(v.outages.api).toEqual([]); // clients use cp-1
    const p = run(
      topo(
        NONE('local'),
        'timing: { apiserver: { restartOnEtcdLoss: false } ' + '}\nfaults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }',
      ),
    );
    // cp-1's apiserver is down for exactly the 30 minutes of its member's absence plus its start-up
    expect(p.outages.api).toEqual([[H, H + 1800.1]]);
    const quick = run(
      topo(
        NONE('local'),
        'timing: { etcd: { startup: 3s }, apiserver: { ' +
          'restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, down: etcd/cp-1, for: 30m }',
      ),
    );
    expect(quick.outages.api).toEqual([[H, H + 1803]]);
  });

  it('a started apiserver serves after timing.apiserver.startup', () => {
    const v = run(topo(NONE('local'), 'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }'));
    expect(v.outages.api).toEqual([[H, H + 605]]);
    const w = run(
      topo(
        NONE('local'),
        'timing: { apiserver: { startup: 30s } }\nfaults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }',
      ),
    );
    expect(w.outages.api).toEqual([[H, H + 630]]);
    const ideal = run(topo(NONE('local'), 'timing: ideal\nfaults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }'));
    expect(ideal.outages.api).toEqual([[H, H + 600]]);
  });

  it('restarts after livenessDelay without etcd: the first restart at once, then the startup probe holds liveness off', () => {
    // quorum lost 1h..1h10m: every apiserver is live but without etcd
    const faults = 'faults:\n  - { at: 1h, down: etcd/cp-2, for: 10m }\n  - { at: 1h, down: etcd/cp-3, for: 10m }';
    const v = run(topo(NONE('local'), faults));
    // liveness kill at +80 s, first restart at once; after a start the startup probe allows 250 s:
    // kill at +330 s, back-off 10 s, start at +340 s, kill at +590 s, back-off 20 s, start at +610 s,
    // ready 5 s later (etcd is back at +600.1 s, with a leader before +602 s)
    expect(v.outages.api).toEqual([[H, H + 615]]);
    const kills = v.trace.filter((e) => e.kind === 'apiserver-restart' && e.target === 'apiserver/cp-1');
    expect(kills.map((e) => e.timeMs / 1000 - H)).toEqual([80, 330, 590]);
    expect(kills[0]!.text).toMatch(/liveness failed.*first restart at once/);
    expect(kills[1]!.text).toMatch(/startup probe failed.*back-off 10s/);
    expect(kills[2]!.text).toMatch(/startup probe failed.*back-off 20s/);
    // the startup probe's budget is the knob
    const p = run(topo(NONE('local'), `timing: { apiserver: { startupProbe: 100s } }\n${faults}`));
    const pk = p.trace.filter((e) => e.kind === 'apiserver-restart' && e.target === 'apiserver/cp-1');
    expect(pk.map((e) => e.timeMs / 1000 - H)).toEqual([80, 180, 290, 410, 550]);
    // without the restart the API returns with the election after quorum is back
    const off = run(topo(NONE('local'), `timing: { apiserver: { restartOnEtcdLoss: false } }\n${faults}`));
    const [, to] = off.outages.api[0]!;
    expect(to).toBeGreaterThanOrEqual(H + 600 + 0.1);
    expect(to).toBeLessThan(H + 600 + 1.25);
  });

  it('an etcd outage shorter than livenessDelay causes no restart', () => {
    const v = run(
      topo(
        NONE('local'),
        'faults:\n  - { at: 1h, down: etcd/cp-2, for: 60s }\n  - { at: 1h, down: etcd/cp-3, for: 60s }',
      ),
    );
    const [, to] = v.outages.api[0]!;
    expect(to).toBeLessThan(H + 62);
    expect(v.trace.some((e) => e.kind === 'apiserver-restart')).toBe(false);
  });

  it('back-off caps at backoffMax and resets after 10 minutes of running', () => {
    const faults =
      'faults:\n  - { at: 1h, down: etcd/cp-2, for: 2h }\n  - { at: 1h, down: ' +
      'etcd/cp-3, for: 2h }\n  - { at: 5h, down: etcd/cp-2, for: 10m }\n  - { at: 5h, down: etcd/cp-3, ' +
      'for: 10m }';
    const v = run(topo(NONE('local'), faults));
    const backoff = (text: string): number =>
      text.includes('first restart at once') ? 0 : Number(/back-off (\d+)s/.exec(text)![1]);
    const backoffs = v.trace
      .filter((e) => e.kind === 'apiserver-restart' && e.target === 'apiserver/cp-1')
      .map((e) => backoff(e.text));
    // first outage: at once, then 10, 20, 40, 80, 160, 300, 300, ...; second (after hours of running): at once again
    expect(backoffs.slice(0, 8)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    const second = v.trace.filter(
      (e) => e.kind === 'apiserver-restart' && e.target === 'apiserver/cp-1' && e.timeMs >= 5 * H * 1000,
    );
    // 10 min outage: liveness kill at +80 s (at once), startup-probe kills at +330 s (10 s) and +590 s (20 s)
    expect(second.map((e) => backoff(e.text))).toEqual([0, 10, 20]);
    expect(second.map((e) => e.timeMs / 1000 - 5 * H)).toEqual([80, 330, 590]);
  });

  it('a host reboot resets the crash-loop back-off', () => {
    const faults =
      'faults:\n  - { at: 1h, down: etcd/cp-2, for: 1h }\n  - { at: 1h, down: etcd/cp-3, for: 1h ' +
      '}\n  - { at: 1h30m, down: host/cp-1, for: 1m }';
    const v = run(topo(NONE('local'), faults));
    const after = v.trace.filter(
      (e) => e.kind === 'apiserver-restart' && e.target === 'apiserver/cp-1' && e.timeMs > 1.5 * H * 1000,
    );
    expect(after[0]!.text).toMatch(/startup probe failed.*first restart at once/);
    // it came back at 1h31m; the startup probe kills it 250 s later
    expect(after[0]!.timeMs).toBe((1.5 * H + 60 + 250) * 1000);
  });
});
