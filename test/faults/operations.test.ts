/**
 * Operational processes (issue 12, facts §8), one rule per test: exact intervals on
 * scripted cases (`at:` times, fixed durations, `timing: ideal` where the protocol delays
 * would blur the interval), invariants checked after every event (builders.run).
 */
import { describe, expect, it } from 'vitest';
import { H, run, topo } from '../model/builders.ts';

const KEEPALIVED3 = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }';
const D = 24 * H;

function times(v: ReturnType<typeof run>, kind: string): [string, number][] {
  return v.trace.filter((e) => e.kind === kind).map((e) => [e.target, e.timeMs / 1000]);
}

describe('upgrades', () => {
  const UPGRADE = 'operations:\n  upgrades: { at: 1h, every: 30d, perHost: 10m, gap: 5m';

  it('one host at a time; a graceful etcd stop hands leadership over, so no election and no write gap', () => {
    const v = run(topo(KEEPALIVED3, `${UPGRADE} }`));
    expect(times(v, 'upgrade-host')).toEqual([
      ['host/cp-1', H],
      ['host/cp-2', H + 900],
      ['host/cp-3', H + 1800],
    ]);
    expect(v.outages.etcd).toEqual([]);
    expect(
      v.trace.some((e) => e.text.includes('etcd leader cp-1 hands leadership to cp-2 (term 3, no election)')),
    ).toBe(true);
  });

  it('a killed leader host (scripted rolling upgrade) costs an election of 1-2 s instead', () => {
    const v = run(
      topo(KEEPALIVED3, 'faults:\n  - { at: 1h, rollingUpgrade: { hosts: control-plane, perHost: 10m, gap: 5m } }'),
    );
    expect(v.outages.etcd.length).toBeGreaterThanOrEqual(1);
    const [from, to] = v.outages.etcd[0]!;
    expect(from).toBe(H);
    // the first follower timeout from the last heartbeat: (0.95 s, 1.95 s]
    expect(to - from).toBeGreaterThan(0.95);
    expect(to - from).toBeLessThanOrEqual(1.95);
  });

  it('the health gate holds the next host while another is down, so a second failure costs no quorum', () => {
    const crash = 'faults:\n  - { at: 1h12m, down: host/cp-3, for: 15m }';
    const gated = run(topo(KEEPALIVED3, `${UPGRADE}, healthGate: true }\n${crash}`));
    // the gate passes at its first retry after the host's apiserver is ready (5 s start-up)
    expect(times(gated, 'upgrade-host').map(([, t]) => t)).toEqual([H, H + 28 * 60, H + 43 * 60]);
    expect(gated.outages.etcd).toEqual([]);
    const ungated = run(topo(KEEPALIVED3, `${UPGRADE}, healthGate: false }\n${crash}`));
    // cp-2 goes at 1h15m with cp-3 still down: 1 of 3 members until cp-2 returns at 1h25m (+ election).
    const [from, to] = ungated.outages.etcd[0]!;
    expect(from).toBe(H + 900);
    expect(to).toBeGreaterThan(H + 1500 + 0.15);
    expect(to).toBeLessThanOrEqual(H + 1500 + 1.15);
  });

  it('a gate refuses to start a cycle while a host is down', () => {
    const v = run(
      topo(KEEPALIVED3, `${UPGRADE}, gateRetry: 1m }\nfaults:\n  - { at: 50m, down: host/cp-2, for: 20m }`),
    );
    expect(times(v, 'upgrade-gate')).toEqual([['host/cp-1', H]]);
    // cp-2 is back at 1h10m, its apiserver ready 5 s later: the 1h10m retry still fails
    expect(times(v, 'upgrade-host')[0]).toEqual(['host/cp-1', H + 660]);
  });

  it('a failed in-place upgrade keeps the host down for the repair; the gate waits for it', () => {
    const v = run(topo(KEEPALIVED3, `${UPGRADE}, failure: { probability: 1, repair: 30m } }\ntiming: ideal`));
    expect(times(v, 'upgrade-failed').map(([, t]) => t)).toEqual([H + 600, H + 3000, H + 5400]);
    expect(times(v, 'upgrade-repaired').map(([, t]) => t)).toEqual([H + 2400, H + 4800, H + 7200]);
    expect(times(v, 'upgrade-host').map(([, t]) => t)).toEqual([H, H + 2400, H + 4800]);
    expect(v.outages.etcd).toEqual([]);
  });

  it('surge: nothing goes down, and a failed new host is discarded without cost', () => {
    const v = run(topo(KEEPALIVED3, `${UPGRADE}, policy: surge, failure: { probability: 1, repair: 5h } }`));
    expect(times(v, 'upgrade-host')).toHaveLength(3);
    expect(times(v, 'upgrade-failed')).toEqual([]);
    for (const sli of ['etcd', 'api', 'controllers', 'scheduler'] as const) expect(v.outages[sli], sli).toEqual([]);
  });

  it('a cycle due while the previous one still runs is skipped', () => {
    const v = run(
      topo(
        KEEPALIVED3,
        'operations:\n  upgrades: { at: 1h, every: 2h, perHost: 10m, ' +
          'failure: { probability: 1, repair: 3h } }\ntiming: ideal',
      ),
    );
    // cp-1 fails at 1h10m (repaired 4h10m): the gate holds cp-2, so the cycles due at 3h and 5h are skipped.
    expect(
      times(v, 'upgrade-skipped')
        .map(([, t]) => t)
        .slice(0, 2),
    ).toEqual([3 * H, 5 * H]);
  });
});

describe('changes', () => {
  const change = (rollout: string, component: string): string =>
    `operations:\n  changes: { at: [2h], rollout: ${rollout}, component: ${component}, detect: 20m, rollback: 10m }\ntiming: ideal`;

  it('an all-at-once apiserver change: api, controllers and scheduler down for detect + rollback; etcd up', () => {
    const v = run(topo(KEEPALIVED3, change('all-at-once', 'apiserver')));
    expect(v.outages.api).toEqual([[2 * H, 2.5 * H]]);
    expect(v.outages.controllers).toEqual([[2 * H, 2.5 * H]]);
    expect(v.outages.etcd).toEqual([]);
  });

  it('an all-at-once etcd change takes every SLI; a load-balancer change only the API', () => {
    const e = run(topo(KEEPALIVED3, change('all-at-once', 'etcd')));
    expect(e.outages.etcd).toEqual([[2 * H, 2.5 * H]]);
    expect(e.outages.api).toEqual([[2 * H, 2.5 * H]]);
    const lb = run(topo(KEEPALIVED3, change('all-at-once', 'load-balancer')));
    expect(lb.outages.api).toEqual([[2 * H, 2.5 * H]]);
    expect(lb.outages.etcd).toEqual([]);
    expect(lb.outages.controllers).toEqual([]);
  });

  it('a health-gated change hurts only the first instance: the replicas carry the API', () => {
    for (const component of ['apiserver', 'etcd', 'load-balancer']) {
      const v = run(topo(KEEPALIVED3, change('health-gated', component)));
      expect(v.outages.api, component).toEqual([]);
      expect(v.outages.etcd, component).toEqual([]);
    }
  });
});

describe('certificates', () => {
  it('never upgraded, they expire at the anniversary and every apiserver is down until manual renewal', () => {
    const v = run(
      topo(
        KEEPALIVED3,
        'operations:\n  upgrades: none\n  certificates: { age: 364d22h, manualRenewal: 3h }\ntiming: ideal',
      ),
    );
    expect(v.outages.api).toEqual([[2 * H, 5 * H]]);
    expect(v.outages.controllers).toEqual([[2 * H, 5 * H]]);
    expect(v.outages.etcd).toEqual([]);
  });

  it('renewed by each completed upgrade cycle: expiry one validity after the last cycle ends', () => {
    const v = run(
      topo(
        KEEPALIVED3,
        'operations:\n  upgrades: { at: 10d, every: 500d, perHost: 10m, gap: 5m }\n ' +
          ' certificates: { age: 0s, manualRenewal: 1h }\nsimulation: { horizon: 400d, seed: 1, replications: ' +
          '1 }\ntiming: ideal',
      ),
    );
    // The start's certificates would expire at 365d; the cycle ending at 10d + 40m renews them.
    expect(times(v, 'cert-expiry').map(([, t]) => t)).toEqual([375 * D + 2400]);
    expect(v.outages.api).toEqual([[375 * D + 2400, 375 * D + 2400 + H]]);
  });

  it('upgrades more often than the validity: no expiry in a long run', () => {
    const v = run(
      topo(
        KEEPALIVED3,
        'operations:\n  upgrades: { every: 120d, window: 7d, perHost: ' +
          '10m }\n  certificates: { manualRenewal: 1h }\nsimulation: { horizon: 1000d, seed: 3, replications: ' +
          '1 }',
      ),
    );
    expect(times(v, 'cert-expiry')).toEqual([]);
    expect(times(v, 'upgrade-start').length).toBeGreaterThanOrEqual(8);
  });
});

describe('etcd resources', () => {
  it('NOSPACE: writes stop cluster-wide for the recovery while reads, readiness and the leases go on', () => {
    const v = run(topo(KEEPALIVED3, 'operations:\n  etcdSpace: { at: [3h], recovery: 45m }'));
    expect(v.outages.etcd).toEqual([[3 * H, 3.75 * H]]);
    expect(v.outages.api).toEqual([]);
    expect(v.outages.controllers).toEqual([]);
    expect(v.requestLossS).toBe(0);
  });

  it('a slow-disk episode makes the leader step down every electionsEvery: one 1-2 s election each', () => {
    const v = run(topo(KEEPALIVED3, 'operations:\n  slowDisk: { at: [2h], duration: 10m, electionsEvery: 1m }'));
    expect(v.outages.etcd.map(([f]) => f)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => 2 * H + 60 * m));
    for (const [f, t] of v.outages.etcd) {
      expect(t - f).toBeGreaterThan(0.95);
      expect(t - f).toBeLessThanOrEqual(1.95);
    }
  });

  it("defragmentation blocks one member at a time; the leader's turn costs an election", () => {
    const v = run(topo(KEEPALIVED3, 'operations:\n  defrag: { at: 1h, every: 7d, perMember: 30s, gap: 1m }'));
    expect(times(v, 'defrag').map(([, t]) => t)).toEqual([H, H + 90, H + 180]);
    const [f, t] = v.outages.etcd[0]!;
    expect(f).toBe(H);
    expect(t - f).toBeGreaterThanOrEqual(1);
    expect(t - f).toBeLessThan(2);
  });
});

describe('region, dependencies, random partitions', () => {
  it('a region outage takes every zone, and with them every SLI', () => {
    const v = run(
      topo(KEEPALIVED3, 'operations:\n  region: { ttf: { fixed: 5h }, ttr: { fixed: 2h } }\ntiming: ideal'),
    );
    expect(v.outages.etcd.slice(0, 3)).toEqual([
      [5 * H, 7 * H],
      [12 * H, 14 * H],
      [19 * H, 21 * H],
    ]);
    expect(v.outages.api).toEqual(v.outages.etcd);
  });

  it('a dependency outage (DNS) blocks clients: api down, etcd and the leases up', () => {
    const v = run(
      topo(KEEPALIVED3, 'operations:\n  dependencies: { dns: { ttf: { fixed: 5h }, ttr: { fixed: 1h } } }'),
    );
    expect(v.outages.api.slice(0, 2)).toEqual([
      [5 * H, 6 * H],
      [11 * H, 12 * H],
    ]);
    expect(v.outages.etcd).toEqual([]);
    expect(v.outages.controllers).toEqual([]);
  });

  it('random partitions cut one zone off for their duration, then heal', () => {
    const v = run(
      topo(
        KEEPALIVED3,
        'operations:\n  partitions: { every: 6h, duration: 10m, scope: ' +
          'zone }\nsimulation: { horizon: 30d, seed: 2, replications: 1 }',
      ),
    );
    const cuts = times(v, 'partition');
    const heals = times(v, 'heal');
    expect(cuts.length).toBeGreaterThan(60);
    expect(cuts.length).toBeLessThan(180);
    expect(heals.length).toBeGreaterThanOrEqual(cuts.length - 1);
    cuts.forEach(([, t], i) => {
      if (heals[i] !== undefined) expect(heals[i]![1] - t).toBeCloseTo(600, 6);
    });
    // Only the leader's zone being cut costs an election; the etcd SLI loses seconds, not minutes.
    const down = v.outages.etcd.reduce((s, [f, t]) => s + t - f, 0);
    expect(down).toBeGreaterThan(0);
    expect(down).toBeLessThan(cuts.length * 2);
  });
});

describe('random operational processes: rates within statistical bounds (fixed seeds)', () => {
  it('upgrade cycles are due every `every` and start at a uniform time in the window', () => {
    const v = run(
      topo(
        KEEPALIVED3,
        'operations:\n  upgrades: { at: 1h, every: 10d, window: 2d, ' +
          'perHost: 10m }\nsimulation: { horizon: 1000d, seed: 5, replications: 1 }\ntiming: ideal',
      ),
    );
    const starts = times(v, 'upgrade-start').map(([, t]) => t);
    expect(starts).toHaveLength(100);
    const offsets = starts.map((t, k) => t - H - k * 10 * D);
    for (const o of offsets) {
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThan(2 * D);
    }
    // Mean of U[0, 2d) over 100 cycles: 1d, standard error 0.058d.
    const mean = offsets.reduce((a, b) => a + b, 0) / offsets.length;
    expect(mean).toBeGreaterThan(0.8 * D);
    expect(mean).toBeLessThan(1.2 * D);
  });

  it('each host upgrade fails with the given probability', () => {
    const v = run(
      topo(
        KEEPALIVED3,
        'operations:\n  upgrades: { every: 10d, perHost: 10m, failure: ' +
          '{ probability: 30%, repair: 1h } }\nsimulation: { horizon: 1000d, seed: 5, replications: 1 ' +
          '}\ntiming: ideal',
      ),
    );
    const tries = times(v, 'upgrade-host').length;
    const failed = times(v, 'upgrade-failed').length;
    expect(tries).toBeGreaterThanOrEqual(297);
    // Binomial(300, 0.3): mean 90, sd 7.9.
    expect(failed).toBeGreaterThan(66);
    expect(failed).toBeLessThan(114);
  });

  it('bad changes arrive at rate 1 / (every + detect + rollback)', () => {
    const v = run(
      topo(
        KEEPALIVED3,
        'operations:\n  changes: { every: 10d, rollout: all-at-once, ' +
          'detect: 1h, rollback: 1h }\nsimulation: { horizon: 3000d, seed: 5, replications: 1 }\ntiming: ideal',
      ),
    );
    const n = times(v, 'change').length;
    // Renewal process with mean cycle 10d 2h: about 297.5 changes, sd ~17.
    expect(n).toBeGreaterThan(245);
    expect(n).toBeLessThan(350);
    expect(v.outages.api.every(([f, t]) => Math.abs(t - f - 2 * H) < 1e-6)).toBe(true);
  });
});
