/**
 * Issue 16, the optional overload cascade (`load.cascade`, model/overload-cascade.ts):
 * while the peak load exceeds what the apiservers in rotation carry, each serving
 * apiserver fails with `probability` (one draw per apiserver per overload episode, from
 * its own stream) and restarts after `restart`.
 */
import { describe, expect, it } from 'vitest';
import { ArrayTrace } from '../../src/engine/index.ts';
import { runReplication } from '../../src/model/index.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { checkTimes, run, scenario, topo } from './builders.ts';

const T = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: haproxy } }';
// 1200/s offered, 500/s per apiserver: three carry it, two do not.
const load = (cascade: string): string => `load: { peak: 1200, apiserver: { capacity: 500 }${cascade} }`;
const cascade = (p: number, restart = '5m'): string =>
  `, cascade: { probability: ${p}, restart: { fixed: ${restart} } }`;
const LOSE_ONE = 'faults:\n  - { at: 1h, down: apiserver/cp-2, for: 10m }';
const FAILURES =
  'failures:\n  host: { mttf: 20h, mttr: 10m }\n  apiserver: { mttf: 10h, mttr: 3m ' +
  '}\n  etcd: { mttf: 30h, mttr: 2m }\n  loadBalancer: { mttf: 40h, mttr: 5m }';

describe('overload cascade', () => {
  it('probability 1: losing one of 3 apiservers overloads the survivors and cascades to a full API outage', () => {
    const v = run(topo(T, `${load(cascade(1))}\n${LOSE_ONE}`));
    // Without the cascade the API never goes down (the survivors only reject the excess).
    expect(run(topo(T, `${load('')}\n${LOSE_ONE}`)).outages.api).toEqual([]);
    // The overload starts when the health check takes cp-2 out of rotation (its third
    // failing probe, U(4, 6] s after the fault); both survivors fail at once. Every
    // apiserver that restarts, or cp-2 when it returns, comes back into the same overload
    // alone or in two and fails at the same instant: the API is down from then to the end
    // of the day (metastable failure).
    const removed = checkTimes(v, 'cp-2').removed[0]!;
    expect(removed - 3600).toBeGreaterThan(4);
    expect(removed - 3600).toBeLessThanOrEqual(6);
    expect(v.outages.api[0]![0]).toBe(removed);
    expect(v.result.slis.api.downMs).toBeCloseTo((86_400 - removed) * 1000, 6);
    const text = v.trace.map((e) => e.text).join('\n');
    expect(text).toMatch(/apiserver on cp-1 fails under overload/);
    expect(text).toMatch(/apiserver on cp-3 fails under overload/);
    expect(text).toMatch(/apiserver on cp-1 restarts after its overload failure/);
  });

  it('probability 0 changes nothing, even with random failures and overload episodes (own random stream)', () => {
    const plain = topo(T, `${load('')}\n${LOSE_ONE}\n${FAILURES}`);
    const zero = topo(T, `${load(cascade(0))}\n${LOSE_ONE}\n${FAILURES}`);
    for (let r = 0; r < 6; r++) {
      const a = run(plain, r);
      const b = run(zero, r);
      expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
      expect(b.trace).toEqual(a.trace);
    }
  });

  it('no overload, no draw: with enough capacity a cascade of probability 1 never fires', () => {
    const s = topo(T, `load: { peak: 900, apiserver: { capacity: 500 }${cascade(1)} }\n${LOSE_ONE}`);
    const v = run(s);
    expect(v.outages.api).toEqual([]);
    expect(v.trace.some((e) => e.text.includes('overload'))).toBe(false);
  });

  it('probability 0.5: each survivor fails with probability 1/2, independently (bounds for 1200 replications)', () => {
    // cp-2 stays down; the restart (1 day) is beyond the 10 min horizon: one draw each.
    const s = scenario(
      `name: t\ntopology: ${T}\n${load(cascade(0.5, '1d'))}\nfaults:\n  - { at: 1h, down: ` +
        `apiserver/cp-2 }\nsimulation: { horizon: 70m, seed: 7, replications: 1 }\n`,
    );
    const n = 1200;
    let failed = 0;
    let apiDown = 0;
    for (let r = 0; r < n; r++) {
      const trace = new ArrayTrace();
      const res = runReplication(s, r, { trace });
      if (res.slis.api.outages.length > 0) apiDown++;
      failed += trace.entries.filter((e) => e.text.includes('fails under overload')).length;
    }
    // E[failures] = 2 x 0.5 = 1 (sd of the mean 0.02); P(both fail: API down) = 0.25 (sd 0.0125)
    expect(failed / n).toBeGreaterThan(0.92);
    expect(failed / n).toBeLessThan(1.08);
    expect(apiDown / n).toBeGreaterThan(0.2);
    expect(apiDown / n).toBeLessThan(0.3);
  });
});

describe('load.cascade validation', () => {
  const bad = (cascadeYaml: string): string[] => {
    const r = loadScenarioText(
      `name: t\ntopology: ${T}\nload:\n  peak: 1200\n  apiserver: { ` + `capacity: 500 }\n  cascade: ${cascadeYaml}\n`,
      'c.yaml',
    );
    return r.ok ? [] : r.errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.path}: ${e.message}`);
  };

  it('reports each problem at its file:line:col', () => {
    expect(bad('{ probability: 1.5, restart: { fixed: 1m } }')[0]).toMatch(
      /^c\.yaml:6:\d+ load\.cascade\.probability: /,
    );
    expect(bad('{ probability: 0.5 }')[0]).toMatch(/^c\.yaml:6:\d+ load\.cascade\.restart: missing/);
    expect(bad('{ probability: 0.5, restart: { fixed: 1m }, per: hour }')[0]).toMatch(
      /^c\.yaml:6:\d+ load\.cascade.*per/,
    );
    expect(bad('{ probability: 0.5, restart: { fixed: 1m, exponential: { mean: 1m } } }')[0]).toMatch(
      /^c\.yaml:6:\d+ load\.cascade\.restart/,
    );
    expect(bad('{ probability: "50%", restart: { lognormal: { median: 2m, sigma: 0.5 } } }')).toEqual([]);
  });
});
