/**
 * etcd quorum and leader rules (SPEC §5, FACTS §1), on scripted scenarios with random
 * failures off: exact outage intervals, or the exact range of the election delay.
 */
import { describe, expect, it } from 'vitest';
import { H, run, topo } from './builders.ts';

const STACKED3 = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }';

function stacked(n: number, zones = 3): string {
  return `{ kind: stacked, zones: ${zones}, controlPlane: { count: ${n} }, loadBalancer: { kind: keepalived } }`;
}

describe('etcd', () => {
  it('loses nothing when a follower fails', () => {
    const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, down: etcd/cp-2, for: 30m }\n  - { at: 2h, down: host/cp-3, for: 30m }'));
    expect(v.outages.etcd).toEqual([]);
    // the leader (cp-1) keeps the lease holders' apiserver ready too
    expect(v.outages.controllers).toEqual([]);
  });

  it('costs one election delay in [electionTimeout, 2 x electionTimeout) when the leader fails', () => {
    const delays: number[] = [];
    for (let rep = 0; rep < 40; rep++) {
      const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, down: etcd/@leader, for: 10m }'), rep);
      expect(v.outages.etcd).toHaveLength(1);
      const [from, to] = v.outages.etcd[0]!;
      expect(from).toBe(H);
      delays.push(to - from);
    }
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThan(2);
    }
    // the draw is random, not a constant
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(0.5);
  });

  it('scales the election delay with timing.etcd.electionTimeout', () => {
    const v = run(topo(STACKED3, 'timing: { etcd: { electionTimeout: 5s } }\nfaults:\n  - { at: 1h, down: host/@etcd-leader, for: 10m }'));
    const [from, to] = v.outages.etcd[0]!;
    expect(to - from).toBeGreaterThanOrEqual(5);
    expect(to - from).toBeLessThan(10);
  });

  it('stops writes while two of three members are down, until one returns (plus an election)', () => {
    const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, down: etcd/cp-2, for: 20m }\n  - { at: 1h, down: etcd/cp-3, for: 30m }'));
    expect(v.outages.etcd).toHaveLength(1);
    const [from, to] = v.outages.etcd[0]!;
    expect(from).toBe(H);
    // cp-2 returns at 1h20m: quorum again, then an election delay
    expect(to).toBeGreaterThanOrEqual(H + 1200 + 1);
    expect(to).toBeLessThan(H + 1200 + 2);
  });

  it('with 2 members tolerates no failure', () => {
    const v = run(topo(stacked(2, 2), 'faults:\n  - { at: 1h, down: etcd/cp-2, for: 10m }'));
    expect(v.outages.etcd).toHaveLength(1);
    const [from, to] = v.outages.etcd[0]!;
    expect(from).toBe(H);
    expect(to).toBeGreaterThanOrEqual(H + 600 + 1);
    expect(to).toBeLessThan(H + 600 + 2);
  });

  it('with 4 members tolerates one failure but not two', () => {
    const one = run(topo(stacked(4), 'faults:\n  - { at: 1h, down: etcd/cp-4, for: 10m }'));
    expect(one.outages.etcd).toEqual([]);
    const two = run(topo(stacked(4), 'faults:\n  - { at: 1h, down: etcd/cp-4, for: 10m }\n  - { at: 1h, down: etcd/cp-3, for: 5m }'));
    expect(two.outages.etcd).toHaveLength(1);
    const [from, to] = two.outages.etcd[0]!;
    expect(from).toBe(H);
    expect(to).toBeGreaterThanOrEqual(H + 300 + 1);
    expect(to).toBeLessThan(H + 300 + 2);
  });

  it('keeps quorum through a zone loss with 3 zones', () => {
    const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, down: zone/b, for: 2h }'));
    expect(v.outages.etcd).toEqual([]);
  });

  it('loses quorum with 2+1 placement when the zone holding two members fails', () => {
    // 3 members over 2 zones: cp-1 and cp-3 in a, cp-2 in b
    const v = run(topo(stacked(3, 2), 'faults:\n  - { at: 1h, down: zone/a, for: 2h }'));
    expect(v.outages.etcd).toHaveLength(1);
    const [from, to] = v.outages.etcd[0]!;
    expect(from).toBe(H);
    expect(to).toBeGreaterThanOrEqual(3 * H + 1);
    expect(to).toBeLessThan(3 * H + 2);
    // losing the zone with one member keeps quorum (cp-1, the leader, is in zone a)
    const other = run(topo(stacked(3, 2), 'faults:\n  - { at: 1h, down: zone/b, for: 2h }'));
    expect(other.outages.etcd).toEqual([]);
  });

  it('a leader cut off in a minority steps down and the majority elects', () => {
    const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, partition: [[zone/a], [zone/b, zone/c]], for: 10m }'));
    const [from, to] = v.outages.etcd[0]!;
    expect(v.outages.etcd).toHaveLength(1);
    expect(from).toBe(H);
    expect(to).toBeGreaterThanOrEqual(H + 1);
    expect(to).toBeLessThan(H + 2);
    const text = v.trace.map((e) => e.text).join('\n');
    expect(text).toMatch(/etcd leader cp-1 cut off in a minority, steps down/);
    expect(text).toMatch(/etcd leader elected: cp-[23] \(term 3\)/);
  });

  it('a partition without a majority group has no leader until it heals', () => {
    const v = run(
      topo(
        stacked(5, 5),
        'faults:\n  - { at: 1h, partition: [[zone/a, zone/b], [zone/c, zone/d]], for: 10m }',
      ),
    );
    // groups of 2, 2 and the unnamed 1: nobody has 3 of 5
    const [from, to] = v.outages.etcd[0]!;
    expect(from).toBe(H);
    expect(to).toBeGreaterThanOrEqual(H + 600 + 1);
    expect(to).toBeLessThan(H + 600 + 2);
  });

  it('a member in the minority does not block the majority leader', () => {
    const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, partition: [[zone/c]], for: 10m }'));
    expect(v.outages.etcd).toEqual([]);
  });
});
