/**
 * Scripted faults (SPEC §4): down/up with `for`, selectors resolved when they fire,
 * partitions replaced and healed, rolling upgrades one host at a time.
 */
import { describe, expect, it } from 'vitest';
import { H, run, topo } from '../model/builders.ts';

const STACKED3 = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: none } }';

describe('scripted faults', () => {
  it('a rolling upgrade of 3 stacked nodes keeps quorum: only an election when the leader host goes', () => {
    const v = run(
      topo(STACKED3, 'faults:\n  - { at: 1h, rollingUpgrade: { hosts: control-plane, perHost: 10m, gap: 5m } }'),
    );
    // cp-1 (leader) goes at 1h: one election; later hosts may or may not hold the leader
    expect(v.outages.etcd.length).toBeGreaterThanOrEqual(1);
    for (const [from, to] of v.outages.etcd) expect(to - from).toBeLessThan(2);
    const downs = v.trace.filter((e) => e.kind === 'upgrade-down').map((e) => [e.target, e.timeMs / 1000]);
    expect(downs).toEqual([
      ['host/cp-1', H],
      ['host/cp-2', H + 900],
      ['host/cp-3', H + 1800],
    ]);
  });

  it('a rolling upgrade loses quorum if another failure lands during it', () => {
    const v = run(
      topo(
        STACKED3,
        'faults:\n  - { at: 1h, rollingUpgrade: { hosts: control-plane, perHost: 10m, ' +
          'gap: 5m } }\n  - { at: 1h20m, down: etcd/cp-3, for: 20m }',
      ),
    );
    // cp-2 is upgraded 1h15m..1h25m; etcd/cp-3 fails at 1h20m: no quorum until cp-2 returns at 1h25m
    const long = v.outages.etcd.filter(([f, t]) => t - f > 2);
    expect(long).toHaveLength(1);
    expect(long[0]![0]).toBe(H + 1200);
    // cp-2's member starts (100 ms) and campaigns early (tick advance) or cp-1's cycling timer fires
    expect(long[0]![1]).toBeGreaterThan(H + 1500 + 0.15);
    expect(long[0]![1]).toBeLessThanOrEqual(H + 1500 + 1.15);
  });

  it('`up` ends every scripted down of a component; a later `for` end is ignored', () => {
    const v = run(
      topo(
        STACKED3,
        'faults:\n  - { at: 1h, down: host/cp-1, for: 2h }\n  - { at: 1h10m, down: host/cp-1 }\n  - ' +
          '{ at: 1h30m, up: host/cp-1 }\n  - { at: 5h, down: host/cp-1, for: 10m }',
      ),
    );
    // each time plus the apiserver's 5 s start-up
    expect(v.outages.api).toEqual([
      [H, H + 1805],
      [5 * H, 5 * H + 605],
    ]);
  });

  it('overlapping downs of one component are reference-counted', () => {
    const v = run(
      topo(
        STACKED3,
        'faults:\n  - { at: 1h, down: host/cp-1, for: 30m }\n  - { at: 1h10m, down: host/cp-1, for: 30m }',
      ),
    );
    expect(v.outages.api).toEqual([[H, H + 2405]]);
  });

  it('a host is down while its zone is, whatever the host itself does', () => {
    const v = run(
      topo(STACKED3, 'faults:\n  - { at: 1h, down: zone/a, for: 1h }\n  - { at: 1h10m, down: host/cp-1, for: 10m }'),
    );
    expect(v.outages.api).toEqual([[H, 2 * H + 5]]);
  });

  it('selectors resolve when the fault fires', () => {
    const v = run(
      topo(
        STACKED3,
        'faults:\n  - { at: 1h, down: host/@etcd-leader, for: 1h }\n  - { ' +
          'at: 1h30m, down: etcd/@leader, for: 10m }',
      ),
    );
    const first = v.trace.find((e) => e.kind === 'fault-down' && e.timeMs === H * 1000)!;
    expect(first.target).toBe('host/cp-1');
    const elected = v.trace.find((e) => e.kind === 'etcd-leader-elected')!;
    const second = v.trace.find((e) => e.kind === 'fault-down' && e.timeMs === 1.5 * H * 1000)!;
    // the new leader, not cp-1
    expect(second.target).toBe(elected.target);
    expect(second.target).not.toBe('etcd/cp-1');
  });

  it('controller-manager and scheduler leader selectors', () => {
    const v = run(
      topo(
        STACKED3,
        'faults:\n  - { at: 1h, down: host/@controller-manager-leader, ' +
          'for: 10m }\n  - { at: 2h, down: host/@scheduler-leader, for: 10m }',
      ),
    );
    const targets = v.trace.filter((e) => e.kind === 'fault-down').map((e) => e.target);
    expect(targets[0]).toBe('host/cp-1');
    expect(targets[1]).not.toBe('host/cp-1');
    expect(targets[1]).toMatch(/^host\/cp-[23]$/);
  });

  it('a new partition replaces the previous one; heal ends it; a stale `for` end is ignored', () => {
    const v = run(
      topo(
        STACKED3,
        'timing: { apiserver: { restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, partition: ' +
          '[[zone/c]], for: 1h }\n  - { at: 1h10m, partition: [[zone/a]] }\n  - { at: 1h20m, heal: true }',
      ),
    );
    // [[zone/c]]: leader cp-1 keeps quorum with cp-2. [[zone/a]] cuts the leader off: election.
    expect(v.outages.etcd).toHaveLength(1);
    expect(v.outages.etcd[0]![0]).toBe(H + 600);
    // clients pinned to cp-1 (none): api down from 1h10m until the heal at 1h20m
    expect(v.outages.api).toEqual([[H + 600, H + 1200]]);
    expect(v.trace.filter((e) => e.kind === 'heal')).toHaveLength(1);
  });
});
