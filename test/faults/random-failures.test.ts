/**
 * Random failure / repair processes: one stream per component (common random numbers),
 * alternating ttf / ttr, classes without an entry never fail, runs are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { ArrayTrace } from '../../src/engine/index.ts';
import { runReplication } from '../../src/model/index.ts';
import { scenario } from '../model/builders.ts';

function failuresOf(yaml: string, rep = 0): { target: string; kind: string; t: number }[] {
  const trace = new ArrayTrace();
  runReplication(scenario(yaml), rep, { trace, checkInvariants: true });
  return trace.entries
    .filter((e) => e.kind === 'random-failure' || e.kind === 'random-repair')
    .map((e) => ({ target: e.target, kind: e.kind, t: e.timeMs }));
}

const base = (topology: string, failures: string): string =>
  `name: r\ntopology: ${topology}\nfailures:\n${failures}\nsimulation: { horizon: 1y, seed: 3, replications: 1 }\n`;

describe('random failures', () => {
  it('alternate fixed ttf and ttr exactly', () => {
    const ev = failuresOf(
      base(
        '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, ' + 'loadBalancer: { kind: none } }',
        '  zone: { ttf: { fixed: ' + '1000h }, ttr: { fixed: 2h } }',
      ),
    );
    const a = ev.filter((e) => e.target === 'zone/a').map((e) => [e.kind, e.t / 3_600_000]);
    expect(a.slice(0, 4)).toEqual([
      ['random-failure', 1000],
      ['random-repair', 1002],
      ['random-failure', 2002],
      ['random-repair', 2004],
    ]);
  });

  it('a class without an entry never fails', () => {
    const ev = failuresOf(
      base(
        '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, ' + 'loadBalancer: { kind: keepalived } }',
        '  etcd: { mttf: 100h, mttr: ' + '1h }',
      ),
    );
    expect(ev.length).toBeGreaterThan(50);
    expect(ev.every((e) => e.target.startsWith('etcd/'))).toBe(true);
  });

  it('components shared by two scenarios fail at identical times (common random numbers)', () => {
    const f =
      '  host: { mttf: 500h, mttr: 4h }\n  etcd: { mttf: 300h, mttr: 1m }\n  loadBalancer: { mttf: 400h, mttr: 1h }';
    const three = failuresOf(
      base('{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }', f),
    );
    const five = failuresOf(
      base('{ kind: stacked, zones: 3, controlPlane: { count: 5 }, loadBalancer: { kind: haproxy } }', f),
    );
    for (const id of ['host/cp-1', 'host/cp-2', 'etcd/cp-3']) {
      const a = three.filter((e) => e.target === id);
      const b = five.filter((e) => e.target === id);
      expect(a.length).toBeGreaterThan(5);
      expect(b).toEqual(a);
    }
    // different components draw differently
    const h1 = three.filter((e) => e.target === 'host/cp-1').map((e) => e.t);
    const h2 = three.filter((e) => e.target === 'host/cp-2').map((e) => e.t);
    expect(h1).not.toEqual(h2);
  });

  it('is deterministic per (seed, replication) and differs across replications', () => {
    const y = base(
      '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: ' + 'keepalived } }',
      '  host: { mttf: 300h, mttr: ' + '4h }\n  etcd: { mttf: 300h, mttr: 1m }',
    );
    const s = scenario(y);
    const a = runReplication(s, 4);
    const b = runReplication(scenario(y), 4);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(runReplication(s, 5).slis)).not.toBe(JSON.stringify(a.slis));
    // tracing and invariant checks do not change the result
    const traced = runReplication(s, 4, { trace: new ArrayTrace(), checkInvariants: true });
    expect(JSON.stringify(traced)).toBe(JSON.stringify(a));
  });

  it('repair times follow the distribution: mean ttr of many host repairs', () => {
    const ev = failuresOf(
      base(
        '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, ' + 'loadBalancer: { kind: none } }',
        '  host: { mttf: 20h, mttr: ' + '2h }',
      ),
    );
    const byHost = new Map<string, number[]>();
    for (const e of ev) byHost.set(e.target, [...(byHost.get(e.target) ?? []), e.t]);
    const ttrs: number[] = [];
    for (const ts of byHost.values())
      for (let i = 0; i + 1 < ts.length; i += 2) ttrs.push((ts[i + 1]! - ts[i]!) / 3_600_000);
    const mean = ttrs.reduce((a, b) => a + b, 0) / ttrs.length;
    // exponential, mean 2 h: se = 2 / sqrt(n)
    expect(ttrs.length).toBeGreaterThan(800);
    expect(Math.abs(mean - 2)).toBeLessThan(4 * (2 / Math.sqrt(ttrs.length)));
  });
});
