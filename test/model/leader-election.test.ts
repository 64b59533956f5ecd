/**
 * controller-manager / scheduler leader election (SPEC §5, facts §3): lease duration,
 * renew deadline, jittered retry, and the candidate's own apiserver.
 */
import { describe, expect, it } from 'vitest';
import { createStream, type RandomStream } from '../../src/engine/index.ts';
import { residualRetryMs } from '../../src/model/index.ts';
import { H, run, topo } from './builders.ts';

const STACKED3 = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }';

function failoverSeconds(faults: string, reps: number): { gaps: number[]; holders: string[] } {
  const gaps: number[] = [];
  const holders: string[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const v = run(topo(STACKED3, faults), rep);
    expect(v.outages.controllers).toHaveLength(1);
    const [from, to] = v.outages.controllers[0]!;
    expect(from).toBe(H);
    gaps.push(to - from);
    const got = v.trace.find((e) => e.kind === 'lease-acquired' && e.text.startsWith('controller-manager'))!;
    holders.push(got.target);
  }
  return { gaps, holders };
}

describe('leader election', () => {
  it('controller failover after the holder host dies takes lease expiry plus the retry wait (15 to 19.4 s)', () => {
    const { gaps } = failoverSeconds('faults:\n  - { at: 1h, down: host/cp-1, for: 1h }', 60);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(15);
      expect(g).toBeLessThan(15 + 4.4);
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    // two candidates: the earlier of two forward-recurrence waits of U[2, 4.4) gaps,
    // E[min] = integral of S(t)^2 = 1.0104 + 0.0675 = 1.078 s (sd about 0.8 s, 60 runs)
    expect(mean).toBeGreaterThan(15 + 1.078 - 0.35);
    expect(mean).toBeLessThan(15 + 1.078 + 0.35);
  });

  it('the scheduler fails over by the same rule, independently', () => {
    const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, down: host/cp-1, for: 1h }'), 3);
    const [from, to] = v.outages.scheduler[0]!;
    expect(from).toBe(H);
    expect(to - from).toBeGreaterThanOrEqual(15);
    expect(to - from).toBeLessThan(19.4);
  });

  it('needs the candidate own apiserver: a candidate whose apiserver is down never wins', () => {
    const { holders } = failoverSeconds(
      'faults:\n  - { at: 1h, down: host/cp-1, for: 1h }\n  - { ' + 'at: 1h, down: apiserver/cp-2, for: 1h }',
      20,
    );
    expect(new Set(holders)).toEqual(new Set(['controller-manager/cp-3']));
  });

  it('with no candidate whose apiserver is ready, the lease stays free until one is', () => {
    const faults =
      'timing: { apiserver: { restartOnEtcdLoss: false } }\nfaults:\n  - { at: 1h, down: host/cp-1, ' +
      'for: 1h }\n  - { at: 1h, down: apiserver/cp-2, for: 5m }\n  - { at: 1h, down: apiserver/cp-3, for: ' +
      '5m }';
    for (let rep = 0; rep < 10; rep++) {
      const v = run(topo(STACKED3, faults), rep);
      const [from, to] = v.outages.controllers[0]!;
      expect(from).toBe(H);
      // the apiservers are back at 1h05m and ready after their 5 s start-up
      expect(to).toBeGreaterThanOrEqual(H + 305);
      expect(to).toBeLessThan(H + 305 + 4.4);
    }
  });

  it('a candidate that restarts waits a full leaseDuration from its own first observation', () => {
    // holder cp-1 dies at 1h (last renewal 1h); cp-3's instance is down throughout; cp-2's restarts at 1h10s
    const faults =
      'faults:\n  - { at: 1h, down: host/cp-1, for: 1h }\n  - { at: 1h, down: ' +
      'controller-manager/cp-3, for: 1h }\n  - { at: 1h5s, down: controller-manager/cp-2, for: 5s }';
    for (let rep = 0; rep < 20; rep++) {
      const v = run(topo(STACKED3, faults), rep);
      const [from, to] = v.outages.controllers[0]!;
      expect(from).toBe(H);
      // its local expiry is 1h10s + 15 s, not the record's 1h + 15 s
      expect(to).toBeGreaterThanOrEqual(H + 25);
      expect(to).toBeLessThan(H + 25 + 4.4);
    }
  });

  it('a candidate that could not read the record while it changed observes it afresh', () => {
    // cp-2 cannot read from 1h (its apiserver down 20 s); the holder cp-1 renews until it dies at 1h10s;
    // cp-2 reads again at 1h25s (after its apiserver's 5 s start-up), sees a changed record, waits 15 s from then
    const faults =
      'faults:\n  - { at: 1h, down: apiserver/cp-2, for: 20s }\n  - { at: 1h, down: ' +
      'controller-manager/cp-3, for: 1h }\n  - { at: 1h10s, down: host/cp-1, for: 1h }';
    for (let rep = 0; rep < 20; rep++) {
      const v = run(topo(STACKED3, faults), rep);
      const [from, to] = v.outages.controllers[0]!;
      expect(from).toBe(H + 10);
      expect(to).toBeGreaterThanOrEqual(H + 40);
      expect(to).toBeLessThan(H + 40 + 4.4);
    }
    // if it read the record the whole time, the record's expiry (1h10s + 15 s) applies
    const watched = run(
      topo(
        STACKED3,
        'faults:\n  - { at: 1h, down: controller-manager/cp-3, for: ' +
          '1h }\n  - { at: 1h10s, down: host/cp-1, for: 1h }',
      ),
    );
    const [, to] = watched.outages.controllers[0]!;
    expect(to).toBeGreaterThanOrEqual(H + 25);
    expect(to).toBeLessThan(H + 25 + 4.4);
  });

  it('a holder whose apiserver returns within renewDeadline keeps the lease', () => {
    // back at 1h3s, ready after its 5 s start-up: 8 s < renewDeadline 10 s
    const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 3s }'));
    expect(v.outages.controllers).toEqual([[H, H + 8]]);
    expect(v.outages.scheduler).toEqual([[H, H + 8]]);
    expect(v.trace.some((e) => e.kind === 'lease-acquired')).toBe(false);
  });

  it('a holder that cannot renew for renewDeadline steps down; another takes over after expiry', () => {
    const v = run(topo(STACKED3, 'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 1m }'));
    const stepDown = v.trace.find((e) => e.kind === 'lease-step-down' && e.target === 'controller-manager/cp-1')!;
    expect(stepDown.timeMs).toBe((H + 10) * 1000);
    const [from, to] = v.outages.controllers[0]!;
    expect(from).toBe(H);
    expect(to - from).toBeGreaterThanOrEqual(15);
    expect(to - from).toBeLessThan(19.4);
  });

  it('follows timing.leaderElection', () => {
    const t = 'timing: { leaderElection: { leaseDuration: 60s, renewDeadline: 40s, retryPeriod: 10s } }\n';
    const v = run(topo(STACKED3, `${t}faults:\n  - { at: 1h, down: host/cp-1, for: 1h }`));
    const [from, to] = v.outages.controllers[0]!;
    expect(from).toBe(H);
    expect(to - from).toBeGreaterThanOrEqual(60);
    expect(to - from).toBeLessThan(60 + 22);
  });

  it('residual retry wait is the forward recurrence of U[retry, 2.2 retry) gaps', () => {
    const rng: RandomStream = createStream(7, 0, 'residual-test');
    const n = 20000;
    let sum = 0;
    let max = 0;
    let below2 = 0;
    for (let i = 0; i < n; i++) {
      const r = residualRetryMs(2000, rng);
      sum += r;
      max = Math.max(max, r);
      if (r < 2000) below2++;
    }
    // mean (Var + mean^2) / (2 mean) = (0.48 + 10.24) / 6.4 s; P(R < 2 s) = 2 / 3.2
    expect(sum / n / 1000).toBeCloseTo(1.675, 1);
    expect(max).toBeLessThan(4400);
    expect(below2 / n).toBeCloseTo(0.625, 1);
    expect(residualRetryMs(0, rng)).toBe(0);
  });
});

describe('leader election from an unready start (custom topology)', () => {
  it('a first holder without an apiserver on its host never renews: the lease moves after expiry', () => {
    // the loader rejects this layout; the model must still behave if handed one
    const base = topo('{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: none } }');
    const hosts = base.topology.hosts.map((h) =>
      h.name === 'cp-1' ? { ...h, runs: h.runs.filter((r) => r !== 'apiserver') } : h,
    );
    const s = {
      ...base,
      topology: { ...base.topology, hosts, loadBalancer: { ...base.topology.loadBalancer, directHost: 'cp-2' } },
    };
    const v = run(s);
    const [from, to] = v.outages.controllers[0]!;
    expect(from).toBe(0);
    expect(to).toBeGreaterThanOrEqual(15);
    expect(to).toBeLessThan(19.4);
    expect(v.trace.find((e) => e.kind === 'lease-acquired')!.target).toMatch(/\/cp-[23]$/);
    expect(v.outages.api).toEqual([]);
  });

  it('a stacked 5-node candidate whose local etcd member is down cannot take the lease', () => {
    const five = '{ kind: stacked, zones: 5, controlPlane: { count: 5 }, loadBalancer: { kind: keepalived } }';
    const holders = new Set<string>();
    for (let rep = 0; rep < 15; rep++) {
      // cp-1 (holder) dies and cp-2's member is down: 3 of 5 members keep quorum
      const v = run(
        topo(five, 'faults:\n  - { at: 1h, down: host/cp-1, for: 1h }\n  - { at: 1h, down: etcd/cp-2, for: 1h }'),
        rep,
      );
      expect(v.outages.etcd[0]![1] - 3600).toBeLessThan(2);
      holders.add(v.trace.find((e) => e.kind === 'lease-acquired')!.target);
    }
    expect([...holders].some((h) => h.endsWith('/cp-2'))).toBe(false);
    expect(holders.size).toBeGreaterThan(1);
  });
});
