/**
 * The client endpoint (SPEC §5, FACTS §5): `none`, `haproxy`, `keepalived`, `cloud`;
 * `http` and `tcp` health checks with fall/rise detection; requestSuccess.
 */
import { describe, expect, it } from 'vitest';
import { H, run, topo } from './builders.ts';

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
    const v = run(topo(lb('haproxy'), 'faults:\n  - { at: 1h, down: host/lb-1, for: 10m }\n  - { at: 3h, down: lb/lb-1, for: 5m }'));
    expect(v.outages.api).toEqual([
      [H, H + 600],
      [3 * H, 3 * H + 300],
    ]);
    // zone a holds lb-1 (and cp-1, the etcd leader): the API is down for the whole zone outage
    const z = run(topo(lb('haproxy'), 'faults:\n  - { at: 1h, down: zone/a, for: 30m }'));
    expect(z.outages.api).toEqual([[H, H + 1800]]);
    expect(z.outages.etcd[0]![1] - H).toBeLessThan(2);
  });

  it('http check: a failed backend costs fall x interval of failed requests, its return rise x interval of nothing', () => {
    const v = run(topo(lb('haproxy'), 'faults:\n  - { at: 1h, down: apiserver/cp-2, for: 10m }'));
    expect(v.outages.api).toEqual([]);
    // 1/3 of requests fail for 3 x 2 s = 6 s; when it returns it is routed only after 2 x 2 s,
    // meanwhile the other two serve everything
    expect(v.requestLossS).toBeCloseTo(6 / 3, 6);
    const removed = v.trace.find((e) => e.kind === 'health-check' && e.text.includes('removed'))!;
    expect(removed.timeMs).toBe((H + 6) * 1000);
    const back = v.trace.find((e) => e.kind === 'health-check' && e.text.includes('back in rotation'))!;
    // ready 5 s after it is back (start-up), then rise
    expect(back.timeMs).toBe((H + 600 + 5 + 4) * 1000);
  });

  it('http check: a flap shorter than fall x interval never leaves the rotation', () => {
    // down 500 ms plus its 5 s start-up: 5.5 s < 6 s
    const v = run(topo(lb('haproxy'), 'faults:\n  - { at: 1h, down: apiserver/cp-2, for: 500ms }'));
    expect(v.trace.some((e) => e.kind === 'health-check')).toBe(false);
    expect(v.requestLossS).toBeCloseTo(5.5 / 3, 6);
  });

  it('tcp checks keep routing to an apiserver without etcd; http checks remove it', () => {
    const faults = 'timing: { apiserver: { restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, down: etcd/cp-2, for: 10m }';
    const tcp = run(topo(lb('haproxy', ', healthCheck: { kind: tcp }'), faults));
    const http = run(topo(lb('haproxy', ', healthCheck: { kind: http }'), faults));
    expect(tcp.outages.api).toEqual([]);
    expect(http.outages.api).toEqual([]);
    // tcp: one backend in three fails requests for the full 10 minutes and its member's 100 ms start-up
    expect(tcp.requestLossS).toBeCloseTo(600.1 / 3, 6);
    // http: only until the check removes it (3 x 2 s)
    expect(http.requestLossS).toBeCloseTo(6 / 3, 6);
  });

  it('tcp checks do see a dead process', () => {
    const v = run(topo(lb('haproxy', ', healthCheck: { kind: tcp, interval: 5s, fall: 2, rise: 1 }'), 'faults:\n  - { at: 1h, down: apiserver/cp-3, for: 10m }'));
    expect(v.requestLossS).toBeCloseTo(10 / 3, 6);
  });

  it('the API is down once every backend is out of rotation, and back after rise x interval', () => {
    const v = run(
      topo(
        lb('haproxy'),
        'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }\n  - { at: 1h, down: apiserver/cp-2, for: 10m }\n  - { at: 1h, down: apiserver/cp-3, for: 10m }',
      ),
    );
    expect(v.outages.api).toEqual([[H, H + 609]]);
    expect(v.requestLossS).toBeCloseTo(609, 6);
  });

  it('keepalived: losing the VIP holder costs vipFailover; its return takes the VIP back without a gap', () => {
    const v = run(topo(lb('keepalived'), 'faults:\n  - { at: 1h, down: lb/cp-1, for: 10m }'));
    expect(v.outages.api).toEqual([[H, H + 3.6]]);
    const moves = v.trace.filter((e) => /VIP/.test(e.text)).map((e) => e.timeMs / 1000);
    expect(moves).toEqual([H, H + 3.6, H + 600]);
    const custom = run(topo(lb('keepalived'), 'timing: { loadBalancer: { vipFailover: 10s } }\nfaults:\n  - { at: 1h, down: lb/cp-1, for: 10m }'));
    expect(custom.outages.api).toEqual([[H, H + 10]]);
  });

  it('keepalived: losing a backup costs nothing', () => {
    const v = run(topo(lb('keepalived'), 'faults:\n  - { at: 1h, down: lb/cp-2, for: 10m }'));
    expect(v.outages.api).toEqual([]);
  });

  it('cloud: one managed instance with its own failures, outside every partition', () => {
    const v = run(topo(lb('cloud'), 'faults:\n  - { at: 1h, down: lb/cloud, for: 5m }\n  - { at: 3h, partition: [[zone/c]], for: 10m }'));
    expect(v.outages.api).toEqual([[H, H + 300]]);
    // during the partition cp-3 is unready (minority member) and removed after 6 s
    const loss = v.requestLossS - 300;
    expect(loss).toBeCloseTo(6 / 3, 6);
  });
});
