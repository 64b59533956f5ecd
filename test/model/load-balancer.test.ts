/**
 * The client endpoint (SPEC §5, facts §5): `none`, `haproxy`, `keepalived`, `cloud`;
 * `http` and `tcp` health checks with fall/rise detection; requestSuccess.
 */
import { describe, expect, it } from 'vitest';
import { checkTimes, H, quantile, run, topo } from './builders.ts';

const lb = (kind: string, extra = ''): string =>
  `{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: ${kind}${extra} } }`;

describe('load balancer', () => {
  it('none: clients pinned to cp-1 lose the API exactly while that host is down', () => {
    const v = run(topo(lb('none'), 'faults:\n  - { at: 1h, down: host/cp-1, for: 10m }'));
    // plus the apiserver's 5 s start-up after the host is back
    expect(v.outages.api).toEqual([[H, H + 605]]);
    // requestSuccess is 0 during the outage and 1 otherwise
    expect(v.requestLossS).toBeCloseTo(605, 6);
    // another host (a follower) down: nothing
    const other = run(topo(lb('none'), 'faults:\n  - { at: 1h, down: host/cp-2, for: 10m }'));
    expect(other.outages.api).toEqual([]);
  });

  it('haproxy: lb-1 is a single point of failure, also through its zone', () => {
    const v = run(
      topo(lb('haproxy'), 'faults:\n  - { at: 1h, down: host/lb-1, for: 10m }\n  - { at: 3h, down: lb/lb-1, for: 5m }'),
    );
    expect(v.outages.api).toEqual([
      [H, H + 600],
      [3 * H, 3 * H + 300],
    ]);
    // zone a holds lb-1 (and cp-1, the etcd leader): the API is down for the whole zone outage
    const z = run(topo(lb('haproxy'), 'faults:\n  - { at: 1h, down: zone/a, for: 30m }'));
    expect(z.outages.api).toEqual([[H, H + 1800]]);
    expect(z.outages.etcd[0]![1] - H).toBeLessThan(2);
  });

  it('http check: removal at the fall-th failing probe, return at the rise-th passing one, on one probe grid', () => {
    const v = run(topo(lb('haproxy'), 'faults:\n  - { at: 1h, down: apiserver/cp-2, for: 10m }'));
    expect(v.outages.api).toEqual([]);
    const t = checkTimes(v, 'cp-2');
    const d = t.removed[0]! - H;
    // ready again 5 s after it is back (apiserver start-up)
    const r = t.back[0]! - (H + 605);
    // inter 2 s, fall 3, rise 2: U(4, 6] and U(2, 4] (facts §10); meanwhile 1/3 of requests fail
    expect(d).toBeGreaterThan(4);
    expect(d).toBeLessThanOrEqual(6);
    expect(r).toBeGreaterThan(2);
    expect(r).toBeLessThanOrEqual(4);
    expect(v.requestLossS).toBeCloseTo(d / 3, 6);
    // the probes keep their phase: removal and return lie on one 2 s grid
    const steps = (t.back[0]! - t.removed[0]!) / 2;
    expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-9);
  });

  it('http check: over replications the removal is U(4, 6] and the return U(2, 4] (measured 4.17/4.62/5.89, 2.17/2.65/3.90)', () => {
    const s = topo(
      lb('haproxy'),
      'faults:\n  - { at: 1h, down: apiserver/cp-2, for: 10m7s ' +
        '}\nsimulation: { horizon: 2h, seed: 3, replications: 400 }',
    );
    const d: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < 400; i++) {
      const t = checkTimes(run(s, i), 'cp-2');
      d.push(t.removed[0]! - H);
      r.push(t.back[0]! - (H + 612)); // ready 5 s after it is back
    }
    expect(Math.min(...d)).toBeGreaterThan(4);
    expect(Math.max(...d)).toBeLessThanOrEqual(6);
    expect(Math.min(...r)).toBeGreaterThan(2);
    expect(Math.max(...r)).toBeLessThanOrEqual(4);
    // uniform: quartiles within 0.15 s (about 4 standard errors at n = 400) of 4.5/5/5.5 and 2.5/3/3.5
    for (const [q, want] of [
      [0.25, 4.5],
      [0.5, 5],
      [0.75, 5.5],
    ] as const)
      expect(Math.abs(quantile(d, q) - want)).toBeLessThan(0.15);
    for (const [q, want] of [
      [0.25, 2.5],
      [0.5, 3],
      [0.75, 3.5],
    ] as const)
      expect(Math.abs(quantile(r, q) - want)).toBeLessThan(0.15);
  });

  it('http check: a flap shorter than (fall-1) x interval never leaves the rotation; one inside the probe window sometimes does', () => {
    // without the apiserver's start-up, so the flap is exactly the fault
    const v = run(
      topo(
        lb('haproxy'),
        'timing: { apiserver: { startup: 0s } }\nfaults:\n  - { at: 1h, down: apiserver/cp-2, for: 3s }',
      ),
    );
    expect(v.trace.some((e) => e.kind === 'health-check')).toBe(false);
    expect(v.requestLossS).toBeCloseTo(3 / 3, 6);
    // a 5 s flap is removed when the third failing probe falls inside it: half the phases
    const s = topo(
      lb('haproxy'),
      'timing: { apiserver: { startup: 0s } }\nfaults:\n  - { at: 1h, ' +
        'down: apiserver/cp-2, for: 5s }\nsimulation: { horizon: 2h, seed: 1, replications: 200 }',
    );
    let removed = 0;
    for (let i = 0; i < 200; i++) removed += checkTimes(run(s, i), 'cp-2').removed.length;
    expect(removed / 200).toBeGreaterThan(0.38);
    expect(removed / 200).toBeLessThan(0.62);
  });

  it('tcp checks keep routing to an apiserver without etcd; http checks remove it', () => {
    const faults =
      'timing: { apiserver: { restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, down: etcd/cp-2, for: 10m }';
    const tcp = run(topo(lb('haproxy', ', healthCheck: { kind: tcp }'), faults));
    const http = run(topo(lb('haproxy', ', healthCheck: { kind: http }'), faults));
    expect(tcp.outages.api).toEqual([]);
    expect(http.outages.api).toEqual([]);
    // tcp: one backend in three fails requests for the full 10 minutes and its member's 100 ms start-up
    expect(tcp.requestLossS).toBeCloseTo(600.1 / 3, 6);
    // http: only until the check removes it
    expect(checkTimes(tcp, 'cp-2').removed).toEqual([]);
    expect(http.requestLossS).toBeCloseTo((checkTimes(http, 'cp-2').removed[0]! - H) / 3, 6);
  });

  it('tcp checks do see a dead process', () => {
    const v = run(
      topo(
        lb('haproxy', ', healthCheck: { kind: tcp, interval: 5s, fall: 2, rise: 1 }'),
        'faults:\n  - { at: 1h, down: ' + 'apiserver/cp-3, for: 10m }',
      ),
    );
    const d = checkTimes(v, 'cp-3').removed[0]! - H;
    expect(d).toBeGreaterThan(5);
    expect(d).toBeLessThanOrEqual(10);
    expect(v.requestLossS).toBeCloseTo(d / 3, 6);
    // rise 1: back at the first passing probe after it listens again (5 s start-up), within one interval
    const r = checkTimes(v, 'cp-3').back[0]! - (H + 605);
    expect(r).toBeGreaterThan(0);
    expect(r).toBeLessThanOrEqual(5);
  });

  it('the API is down once every backend is out of rotation, and back with the first backend restored', () => {
    const v = run(
      topo(
        lb('haproxy'),
        'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }\n  - { at: 1h, down: ' +
          'apiserver/cp-2, for: 10m }\n  - { at: 1h, down: apiserver/cp-3, for: 10m }',
      ),
    );
    const back = Math.min(...['cp-1', 'cp-2', 'cp-3'].map((h) => checkTimes(v, h).back[0]!));
    // ready 5 s after they are back (start-up), then the rise count
    expect(back - (H + 605)).toBeGreaterThan(2);
    expect(back - (H + 605)).toBeLessThanOrEqual(4);
    expect(v.outages.api).toEqual([[H, back]]);
    expect(v.requestLossS).toBeCloseTo(back - H, 6);
  });

  it(
    'keepalived: losing the VIP holder costs the master-down timer from the last advert; the ' +
      'return preempts after its own timer, without a gap',
    () => {
      const v = run(topo(lb('keepalived'), 'faults:\n  - { at: 1h, down: lb/cp-1, for: 10m }'));
      expect(v.outages.api.length).toBe(1);
      const [from, to] = v.outages.api[0]!;
      expect(from).toBe(H);
      // U(3.6 - 1, 3.6]
      expect(to - H).toBeGreaterThan(2.6);
      expect(to - H).toBeLessThanOrEqual(3.6);
      const moves = v.trace.filter((e) => /VIP/.test(e.text)).map((e) => e.timeMs / 1000);
      expect(moves).toEqual([H, to, H + 603.6]);
      expect(v.trace.find((e) => e.timeMs === (H + 603.6) * 1000)!.target).toBe('lb/cp-1');
      const custom = run(
        topo(
          lb('keepalived'),
          'timing: { loadBalancer: { vipFailover: 10s } ' + '}\nfaults:\n  - { at: 1h, down: lb/cp-1, for: 10m }',
        ),
      );
      expect(custom.outages.api[0]![1] - H).toBeGreaterThan(9);
      expect(custom.outages.api[0]![1] - H).toBeLessThanOrEqual(10);
      const fixed = run(
        topo(
          lb('keepalived'),
          'timing: { loadBalancer: { vipFailover: 10s, ' +
            'advertInterval: 0s } }\nfaults:\n  - { at: 1h, down: lb/cp-1, for: 10m }',
        ),
      );
      expect(fixed.outages.api).toEqual([[H, H + 10]]);
    },
  );

  it('keepalived: over replications the takeover is U(2.6, 3.6] (measured 2.69/3.21/3.56)', () => {
    const s = topo(
      lb('keepalived'),
      'faults:\n  - { at: 1h, down: lb/cp-1, for: 10m }\nsimulation: ' + '{ horizon: 2h, seed: 5, replications: 400 }',
    );
    const t: number[] = [];
    for (let i = 0; i < 400; i++) t.push(run(s, i).outages.api[0]![1] - H);
    expect(Math.min(...t)).toBeGreaterThan(2.6);
    expect(Math.max(...t)).toBeLessThanOrEqual(3.6);
    for (const [q, want] of [
      [0.25, 2.85],
      [0.5, 3.1],
      [0.75, 3.35],
    ] as const)
      expect(Math.abs(quantile(t, q) - want)).toBeLessThan(0.08);
  });

  it('keepalived: a returning master that goes down again before its timer never takes the VIP', () => {
    const v = run(
      topo(
        lb('keepalived'),
        'faults:\n  - { at: 1h, down: lb/cp-1, for: 10m }\n  - { at: 1h10m2s, down: lb/cp-1, for: 10m }',
      ),
    );
    expect(
      v.trace.some(
        (e) => e.target === 'lb/cp-1' && e.text.includes('VIP moves to cp-1') && e.timeMs < (H + 1202) * 1000,
      ),
    ).toBe(false);
    expect(v.outages.api.length).toBe(1);
  });

  it(
    'keepalived split brain off (default): an isolated backup does not take the VIP; an isolated ' +
      'holder loses it to the majority side',
    () => {
      const backup = run(topo(lb('keepalived'), 'faults:\n  - { at: 1h, partition: [[zone/b]], for: 10m }'));
      expect(backup.trace.some((e) => e.kind === 'vip-failover')).toBe(false);
      expect(backup.outages.api).toEqual([]);
      const holder = run(topo(lb('keepalived'), 'faults:\n  - { at: 1h, partition: [[zone/a]], for: 10m }'));
      const claim = holder.trace.find((e) => e.kind === 'vip-failover')!;
      expect(claim.target).toBe('lb/cp-2');
      expect(
        holder.trace.some((e) => e.timeMs === H * 1000 && e.text.includes('VIP on cp-1 cut off from the clients')),
      ).toBe(true);
      expect(holder.outages.api[0]![0]).toBe(H);
      expect(holder.outages.api[0]![1]).toBe(claim.timeMs / 1000);
      expect(claim.timeMs / 1000 - H).toBeGreaterThan(2.6);
      expect(claim.timeMs / 1000 - H).toBeLessThanOrEqual(3.6);
    },
  );

  it('keepalived split brain on: the isolated backup claims the VIP after its master-down timer and clients follow it', () => {
    const v = run(
      topo(
        lb('keepalived'),
        'timing: { loadBalancer: { splitBrain: true } }\nfaults:\n ' + ' - { at: 1h, partition: [[zone/b]], for: 10m }',
      ),
    );
    const claim = v.trace.find((e) => e.kind === 'vip-failover')!;
    expect(claim.target).toBe('lb/cp-2');
    expect(claim.timeMs / 1000 - H).toBeGreaterThan(2.6);
    expect(claim.timeMs / 1000 - H).toBeLessThanOrEqual(3.6);
  });

  it('keepalived: a changed partition restarts the master-down timer', () => {
    // cp-2 is cut off at 1h; 2 s later the cut moves to cp-3, so cp-2 hears cp-1 again and
    // cp-3 counts from the adverts it heard until 1h2s: the claim is cp-3's, after 1h2s + 2.6 s.
    const v = run(
      topo(
        lb('keepalived'),
        'timing: { loadBalancer: { splitBrain: true } }\nfaults:\n ' +
          ' - { at: 1h, partition: [[zone/b]], for: 30m }\n  - { at: 1h2s, partition: [[zone/c]], for: 10m }',
      ),
    );
    const claims = v.trace.filter((e) => e.kind === 'vip-failover');
    expect(claims.length).toBe(1);
    expect(claims[0]!.target).toBe('lb/cp-3');
    expect(claims[0]!.timeMs / 1000 - (H + 2)).toBeGreaterThan(2.6);
    expect(claims[0]!.timeMs / 1000 - (H + 2)).toBeLessThanOrEqual(3.6);
  });

  it('keepalived: losing a backup costs nothing', () => {
    const v = run(topo(lb('keepalived'), 'faults:\n  - { at: 1h, down: lb/cp-2, for: 10m }'));
    expect(v.outages.api).toEqual([]);
  });

  it('cloud: one managed instance with its own failures, outside every partition', () => {
    const v = run(
      topo(
        lb('cloud'),
        'faults:\n  - { at: 1h, down: lb/cloud, for: 5m }\n  - { at: 3h, partition: [[zone/c]], for: 10m }',
      ),
    );
    expect(v.outages.api).toEqual([[H, H + 300]]);
    // during the partition cp-3 is unready (minority member) and removed after U(4, 6]
    const loss = v.requestLossS - 300;
    const d = checkTimes(v, 'cp-3').removed[0]! - 3 * H;
    expect(d).toBeGreaterThan(4);
    expect(d).toBeLessThanOrEqual(6);
    expect(loss).toBeCloseTo(d / 3, 6);
  });
});
