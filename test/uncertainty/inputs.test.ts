/**
 * Uncertain inputs in scenario files (src/scenario/uncertain.ts): each form's law and
 * median, problems for malformed ones, and a plain run that uses the median — so the
 * bundled profile with its ranges loads to the same scenario as the old fixed values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { applyUncertain, gammaP, gammaQuantile, lawQuantile } from '../../src/scenario/uncertain.ts';
import { applyObserved, gammaOfRate, parseObserved } from '../../src/uncertainty/observed.ts';

const H = 3_600_000;

describe('uncertain quantities', () => {
  it('reads every form with its law and takes the median in a plain run', () => {
    const p = applyUncertain({
      a: { range: ['5000h', '20000h'] },
      b: { loguniform: ['1h', '100h'] },
      c: { lognormal: { median: '2h', errorFactor: 3 } },
      d: { events: 3, over: '2y' },
      e: { range: ['1%', '3%'] },
      f: { lognormal: { median: '2h', sigma: 1 } },
    });
    expect(p.problems).toEqual([]);
    expect(p.inputs.map((i) => [i.id, i.valueKind, i.law.kind])).toEqual([
      ['a', 'duration', 'uniform'],
      ['b', 'duration', 'loguniform'],
      ['c', 'duration', 'lognormal'],
      ['d', 'duration', 'gamma-mean-time'],
      ['e', 'fraction', 'uniform'],
    ]);
    const data = p.data as Record<string, unknown>;
    expect(data.a).toBe(`${(12_500 * H).toFixed(3)}ms`);
    expect(data.c).toBe(`${(2 * H).toFixed(3)}ms`);
    expect(data.e).toBeCloseTo(0.02, 12);
    expect(data.f).toEqual({ lognormal: { median: '2h', sigma: 1 } });
    // Error factor: the 95th percentile is median x EF.
    expect(lawQuantile({ kind: 'lognormal', median: 10, errorFactor: 3 }, 0.95)).toBeCloseTo(30, 9);
    expect(lawQuantile({ kind: 'loguniform', lo: 1, hi: 100 }, 0.5)).toBeCloseTo(10, 9);
  });

  it('gives the gamma posterior of the Jeffreys prior for observed counts', () => {
    const law = applyUncertain({ d: { events: 3, over: '2y' } }).inputs[0]!.law;
    expect(law).toEqual({ kind: 'gamma-mean-time', shape: 3.5, rate: 2 * 365 * 24 * H });
    expect(gammaP(3.5, gammaQuantile(3.5, 1, 0.3))).toBeCloseTo(0.3, 10);
    expect(gammaQuantile(1, 2, 0.5)).toBeCloseTo(Math.LN2 / 2, 10);
  });

  it('reports malformed ranges with their key path', () => {
    const p = applyUncertain({
      x: { y: { range: ['2h', '1h'] } },
      z: { range: ['1h', '5%'] },
      w: { lognormal: { median: '1h', errorFactor: 0.5 } },
    });
    expect(p.problems.map((q) => [q.path.join('.'), q.message.slice(0, 30)])).toEqual([
      ['x.y', 'the low end of range exceeds t'],
      ['z', 'expected range: [low, high] wi'],
      ['w', 'expected errorFactor: a number'],
    ]);
  });

  it('zero-width ranges load to the same scenario as the plain values', () => {
    const text = readFileSync('scenarios/operations/stacked-3.yaml', 'utf8');
    const plain = loadScenarioText(text, 'x.yaml');
    const ranged = loadScenarioText(text, 'x.yaml', {
      overrides: [
        { path: 'failures.host.mttf', value: '{ range: [11160h, 11160h] }' },
        { path: 'failures.zone.mttf', value: '{ loguniform: [4y, 4y] }' },
      ],
    });
    expect(plain.ok && ranged.ok).toBe(true);
    if (!plain.ok || !ranged.ok) return;
    expect(ranged.value.scenario).toEqual(plain.value.scenario);
    expect(ranged.value.uncertain.map((i) => i.id)).toContain('failures.host.mttf');
    expect(plain.value.uncertain.map((i) => i.id)).toContain('operations.changes.every');
  });

  it('updates a range with observed counts (gamma-Poisson), towards the observed rate', () => {
    const inputs = applyUncertain({ every: { lognormal: { median: '120d', errorFactor: 3 } } }).inputs;
    const g = gammaOfRate(inputs[0]!.law);
    expect(g.shape).toBeGreaterThan(0);
    const year = 365 * 24 * H;
    // 20 events in 2 years: a mean time of about 36.5 d, far below the prior's 120 d.
    const r = applyObserved(inputs, [{ id: 'every', events: 20, periodMs: 2 * year }]);
    expect(r.problems).toEqual([]);
    const u = r.updates[0]!;
    expect(u.posteriorMedian).toBeLessThan(u.priorMedian);
    expect(u.posteriorMedian / (24 * H)).toBeGreaterThan(30);
    expect(u.posteriorMedian / (24 * H)).toBeLessThan(50);
    expect(applyObserved(inputs, [{ id: 'nope', events: 1, periodMs: year }]).problems[0]).toMatch(
      /no uncertain input/,
    );
    // A class name stands for its rate: `changes` for operations.changes.every.
    const ops = applyUncertain({
      operations: { changes: { every: { lognormal: { median: '120d', errorFactor: 3 } } } },
    }).inputs;
    expect(applyObserved(ops, [{ id: 'changes', events: 2, periodMs: year }]).updates[0]!.id).toBe(
      'operations.changes.every',
    );
    expect(
      parseObserved({ period: '2y', counts: { every: 3, other: { events: 1, over: '1y', population: 3 } } }),
    ).toEqual({
      ok: true,
      value: [
        { id: 'every', events: 3, periodMs: 2 * year, population: 1 },
        { id: 'other', events: 1, periodMs: year, population: 3 },
      ],
    });
    expect(parseObserved({ counts: { every: 3 } }).ok).toBe(false);
  });
});
