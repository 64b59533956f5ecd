import { describe, expect, it } from 'vitest';
import { analyzeScenario, type ExactAnalysis } from '../../src/analysis/index.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { avail, custom, preset } from './builders.ts';
import { refAvailability } from './reference.ts';

function analyze(s: Scenario): ExactAnalysis {
  const r = analyzeScenario(s);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.value;
}

/** P(at least k of n independent trials with probability p succeed). */
function atLeast(k: number, n: number, p: number): number {
  let total = 0;
  for (let i = k; i <= n; i++) total += binom(n, i) * p ** i * (1 - p) ** (n - i);
  return total;
}
function binom(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
/** P(at least 2 of 3 independent events with probabilities x, y, z). */
function twoOfThree(x: number, y: number, z: number): number {
  return x * y + x * z + y * z - 2 * x * y * z;
}

describe('analyzeScenario against closed forms', () => {
  it('etcd is k-of-n binomial with only process failures, for 1..7 members', () => {
    for (let n = 1; n <= 7; n++) {
      const s = preset({
        kind: 'stacked',
        zones: 3,
        controlPlane: n,
        lb: 'keepalived',
        failures: { etcd: { mttfH: 50, mttrH: 5 } },
      });
      const a = avail(50, 5);
      expect(analyze(s).availability.etcd).toBeCloseTo(atLeast(Math.floor(n / 2) + 1, n, a), 14);
    }
  });

  it('single node is a series system', () => {
    const f = { mttfH: 100, mttrH: 1 };
    const s = preset({
      kind: 'stacked',
      zones: 1,
      controlPlane: 1,
      lb: 'none',
      failures: {
        zone: { mttfH: 1000, mttrH: 2 },
        host: f,
        etcd: { mttfH: 200, mttrH: 1 },
        apiserver: { mttfH: 300, mttrH: 1 },
        'controller-manager': { mttfH: 400, mttrH: 1 },
        scheduler: { mttfH: 500, mttrH: 1 },
      },
    });
    const base = avail(1000, 2) * avail(100, 1) * avail(200, 1);
    const r = analyze(s).availability;
    expect(r.etcd).toBeCloseTo(base, 14);
    expect(r.api).toBeCloseTo(base * avail(300, 1), 14);
    expect(r.controllers).toBeCloseTo(base * avail(300, 1) * avail(400, 1), 14);
    expect(r.scheduler).toBeCloseTo(base * avail(300, 1) * avail(500, 1), 14);
  });

  it('haproxy single: LB path in series with 2-of-3 hosts, sharing zone a', () => {
    const s = preset({
      kind: 'stacked',
      zones: 3,
      controlPlane: 3,
      lb: 'haproxy',
      failures: {
        zone: { mttfH: 500, mttrH: 5 },
        host: { mttfH: 100, mttrH: 3 },
        loadBalancer: { mttfH: 80, mttrH: 2 },
      },
    });
    const az = avail(500, 5);
    const ah = avail(100, 3);
    const al = avail(80, 2);
    const r = analyze(s).availability;
    // Given zone a up: cp-1 up w.p. ah, cp-2 and cp-3 w.p. az*ah.
    const quorumGivenA = twoOfThree(ah, az * ah, az * ah);
    expect(r.api).toBeCloseTo(az * ah * al * quorumGivenA, 14);
    expect(r.etcd).toBeCloseTo(twoOfThree(az * ah, az * ah, az * ah), 14);
  });

  it('stacked 3 over 3 zones with zone failures only: 2 of 3 zones', () => {
    const s = preset({
      kind: 'stacked',
      zones: 3,
      controlPlane: 3,
      lb: 'keepalived',
      failures: { zone: { mttfH: 8760, mttrH: 2 } },
    });
    const a = avail(8760, 2);
    const r = analyze(s);
    for (const v of Object.values(r.availability)) expect(v).toBeCloseTo(3 * a * a - 2 * a ** 3, 15);
    expect(r.unavailability.api).toBeCloseTo(1 - (3 * a * a - 2 * a ** 3), 15);
  });

  it('2+1 placement: zone a holds quorum', () => {
    const s = preset({
      kind: 'stacked',
      zones: 2,
      controlPlane: 3,
      lb: 'keepalived',
      failures: { zone: { mttfH: 1000, mttrH: 10 }, host: { mttfH: 200, mttrH: 4 } },
    });
    const az = avail(1000, 10);
    const ah = avail(200, 4);
    const expected = az * twoOfThree(ah, az * ah, ah);
    const r = analyze(s).availability;
    expect(r.etcd).toBeCloseTo(expected, 14);
    expect(r.api).toBeCloseTo(expected, 14);
    const zonesOnly = preset({
      kind: 'stacked',
      zones: 2,
      controlPlane: 3,
      lb: 'keepalived',
      failures: { zone: { mttfH: 1000, mttrH: 10 } },
    });
    expect(analyze(zonesOnly).availability.api).toBeCloseTo(az, 15);
  });

  it('external 3x3: etcd 2-of-3 in series with 1-of-3 apiservers', () => {
    const s = preset({
      kind: 'external',
      zones: 1,
      controlPlane: 3,
      etcd: 3,
      lb: 'cloud',
      failures: {
        host: { mttfH: 300, mttrH: 3 },
        etcd: { mttfH: 100, mttrH: 1 },
        apiserver: { mttfH: 50, mttrH: 1 },
        'controller-manager': { mttfH: 40, mttrH: 2 },
        loadBalancer: { mttfH: 1000, mttrH: 1 },
      },
    });
    const ah = avail(300, 3);
    const pe = ah * avail(100, 1);
    const pa = ah * avail(50, 1);
    const quorum = 3 * pe * pe - 2 * pe ** 3;
    const r = analyze(s).availability;
    expect(r.etcd).toBeCloseTo(quorum, 14);
    expect(r.api).toBeCloseTo(avail(1000, 1) * quorum * (1 - (1 - pa) ** 3), 14);
    expect(r.controllers).toBeCloseTo(quorum * (1 - (1 - pa * avail(40, 2)) ** 3), 14);
    expect(r.scheduler).toBeCloseTo(quorum * (1 - (1 - pa) ** 3), 14);
  });

  it('local endpoints need the member on the same host; all endpoints do not', () => {
    const failures = { etcd: { mttfH: 20, mttrH: 2 }, apiserver: { mttfH: 20, mttrH: 2 } };
    const local = preset({ kind: 'stacked', zones: 3, controlPlane: 3, lb: 'keepalived', failures });
    const all = preset({
      kind: 'stacked',
      zones: 3,
      controlPlane: 3,
      lb: 'keepalived',
      failures,
      etcdEndpoints: 'all',
    });
    const p = avail(20, 2);
    const quorum = 3 * p * p - 2 * p ** 3;
    expect(analyze(all).availability.api).toBeCloseTo(quorum * (1 - (1 - p) ** 3), 14);
    expect(analyze(local).availability.api).toBeLessThan(analyze(all).availability.api);
    expect(analyze(local).availability.api).toBeCloseTo(refAvailability(local).api, 14);
  });

  it('keeps precision for tiny unavailabilities', () => {
    const s = preset({
      kind: 'stacked',
      zones: 3,
      controlPlane: 3,
      lb: 'keepalived',
      failures: { zone: { mttfH: 1e6, mttrH: 0.01 } },
    });
    const u = 0.01 / (1e6 + 0.01);
    // 2-of-3 fails iff at least 2 zones are down: 3u^2 - 2u^3.
    expect(analyze(s).unavailability.etcd / (3 * u * u - 2 * u ** 3)).toBeCloseTo(1, 10);
  });

  it('classes without failures give availability 1 and components are listed', () => {
    const s = preset({ kind: 'stacked', zones: 3, controlPlane: 3, lb: 'haproxy' });
    const r = analyze(s);
    expect(r.availability).toEqual({ etcd: 1, api: 1, controllers: 1, scheduler: 1 });
    expect(r.components.map((c) => c.id).slice(0, 5)).toEqual(['zone/a', 'zone/b', 'zone/c', 'host/cp-1', 'etcd/cp-1']);
    expect(r.components.some((c) => c.id === 'lb/lb-1' && c.failureClass === 'loadBalancer')).toBe(true);
    expect(r.components).toHaveLength(3 + 3 * 5 + 2);
  });

  // How fast (instant, on an idle machine) is bounded in `npm run bench` (test/bench/bounds.ts).
  it('analyses external 5x5 over 3 zones and stacked 7, and their spof reports', async () => {
    const { spofReport } = await import('../../src/analysis/index.ts');
    const failures = {
      zone: { mttfH: 8760, mttrH: 2 },
      host: { mttfH: 2000, mttrH: 4 },
      etcd: { mttfH: 720, mttrH: 0.02 },
      apiserver: { mttfH: 720, mttrH: 0.02 },
      'controller-manager': { mttfH: 720, mttrH: 0.02 },
      loadBalancer: { mttfH: 2000, mttrH: 0.2 },
    };
    for (const s of [
      preset({ kind: 'external', zones: 3, controlPlane: 5, etcd: 5, lb: 'keepalived', failures }),
      preset({ kind: 'stacked', zones: 3, controlPlane: 7, lb: 'keepalived', failures }),
    ]) {
      const r = analyze(s);
      expect(r.availability.api).toBeGreaterThan(0.9999);
      expect(spofReport(s).ok).toBe(true);
    }
  });

  it('refuses an inconsistent or too big topology with a message', () => {
    const bad = custom({
      zones: ['a'],
      hosts: [{ name: 'x', zone: 'q', runs: ['etcd'] }],
      lb: 'cloud',
      etcdEndpoints: 'all',
      failures: {},
    });
    const r = analyzeScenario(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toContain('unknown zone "q"');
    const huge = preset({ kind: 'stacked', zones: 3, controlPlane: 2001, lb: 'keepalived' });
    const h = analyzeScenario(huge);
    expect(h.ok).toBe(false);
    if (!h.ok) expect(h.errors[0]).toContain('too big for exact analysis');
  });
});
