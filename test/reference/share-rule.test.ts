import { describe, expect, it } from 'vitest';
import { CASES } from '../../reference/cases.ts';
import { compare, DEFAULT_VERDICT_RULE, SHARE_VERDICT_RULE } from '../../reference/stats.ts';
import { peerCutImpact } from '../../reference/client-analysis.ts';

describe('share-valued client cases have their own tolerance', () => {
  it('every -share and -failed client case uses SHARE_VERDICT_RULE (0.05 absolute), the others the default', () => {
    expect(SHARE_VERDICT_RULE.toleranceS).toBe(0.05);
    expect(SHARE_VERDICT_RULE.toleranceRel).toBe(0);
    for (const c of CASES) {
      const share = c.component === 'etcd-client' && /-(share|failed)$/.test(c.name);
      expect(c.rule, c.name).toEqual(share ? SHARE_VERDICT_RULE : undefined);
    }
  });
  // The leader black hole's failed share: the 8 trials of 2026-12-06 (docs/fidelity.md)
  // against the model of that day (its election fails every request: 0.25-0.32).
  const measured = [0.185, 0.202, 0.203, 0.211, 0.2, 0.213, 0.194, 0.192];
  const model = Array.from({ length: 200 }, (_, i) => 0.248 + (0.07 * i) / 199);
  it('a 0.20 vs 0.27 share passes with the seconds tolerance and fails with the share one', () => {
    expect(compare(measured, model, DEFAULT_VERDICT_RULE).verdict).toBe('pass');
    expect(compare(measured, model, SHARE_VERDICT_RULE).verdict).toBe('fail');
  });
  it('a share within the trial-to-trial spread (±0.02) still passes', () => {
    const near = model.map((x) => x - 0.07 + 0.02);
    expect(compare(measured, near, SHARE_VERDICT_RULE).verdict).toBe('pass');
  });
});

describe('the peer-cut cases run the simulator on the peer-only partition', () => {
  const cases = CASES.filter((c) => c.experiment.startsWith('client-peercut-'));
  it('feeds the four client cases of each experiment, each with the peer-only scenario', () => {
    expect(cases.map((c) => c.name.replace(/client-peercut-(follower|leader)-/, ''))).toEqual([
      'hang',
      'share',
      'failed',
      'probe-out',
      'hang',
      'share',
      'failed',
      'probe-out',
    ]);
    for (const c of cases) expect(c.scenario.faults[0]).toContain('traffic: etcd-peer');
  });
});

describe('peerCutImpact reads a peer cut from the client lines', () => {
  const V = '10.213.0.3:2379';
  const O = '10.213.0.1:2379';
  const req = (op: 'get' | 'put' | 'probe', start: number, lat: number, ok: boolean, peer: string, err?: string) => ({
    ev: 'req' as const,
    op,
    start,
    end: start + lat,
    ok,
    peers: [peer],
    ...(err === undefined ? {} : { err }),
  });
  it('splits puts and gets, the steady span, the probe runs and the heal tail', () => {
    const F = 10_000;
    const H = F + 20_000;
    const lines = [
      // before the cut: not counted
      req('put', F - 500, 2, true, V),
      // during: a put to the member fails after 7 s, a get there is late, one of each elsewhere ok
      req('put', F + 6000, 7000, false, V, 'rpc error: code = Unknown desc = context deadline exceeded'),
      req('get', F + 6010, 7020, true, V),
      req('put', F + 6020, 3, true, O),
      req('get', F + 6030, 3, true, O),
      // late in the cut: the put succeeds late after the heal (not in the steady span)
      req('put', F + 18_000, 2500, true, V),
      // after the heal: one failure that touched the member, ending 1.5 s after the heal
      req('put', H + 100, 1400, false, V, 'etcdserver: request timed out'),
      // probes: X X X . X
      ...[0, 1, 2, 4].map((k) => req('probe', F + k * 1000, 2000, false, V)),
      req('probe', F + 3000, 2, true, O),
    ];
    const m = peerCutImpact(lines, F, H, V);
    expect(m.requests).toBe(5);
    expect(m.failedShare).toBe(0.2);
    expect(m.failedPutShare).toBe(0.333);
    expect(m.failedGetShare).toBe(0);
    expect(m.steadyFailedShare).toBe(0.25);
    expect(m.lateShare).toBe(0.4);
    expect(m.failedOnVictimShare).toBe(1);
    expect(m.failLatencyP50S).toBe(7);
    expect(m.errors).toEqual({ 'context deadline exceeded': 1 });
    expect([m.probes, m.probeFailed, m.probeMaxRun, m.probeRunsOf3]).toEqual([5, 4, 3, 1]);
    expect([m.afterHealFailed, m.afterHealLate]).toEqual([1, 0]);
    expect(m.healTailS).toBe(1.5);
  });
});
