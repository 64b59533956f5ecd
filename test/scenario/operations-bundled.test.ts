/**
 * The bundled operational material: the self-managed profile's YAML copy equals the
 * library's data, each operational variant is its baseline plus the profile (nothing
 * else differs), a scenario's own section replaces the profile's, and the side-by-side
 * view of `npm start` places availabilities against the providers' bands (facts §6).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/scenario/profiles.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { OPERATIONAL_COMPARISON, BUNDLED_COMPARISON } from '../../src/index.ts';
import { bandVerdict, providerBand } from '../../src/report/operations-view.ts';
import { scenario } from '../model/builders.ts';

function load(path: string) {
  const r = loadScenarioText(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.scenario;
}

describe('bundled operations', () => {
  it('scenarios/profiles/self-managed.yaml is the readable copy of the library profile', () => {
    const file = parse(readFileSync('scenarios/profiles/self-managed.yaml', 'utf8')) as { operations: unknown };
    expect(file.operations).toEqual(PROFILES['self-managed']);
  });

  it('each operational variant is its baseline plus the profile', () => {
    expect(
      readdirSync('scenarios/operations')
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `scenarios/operations/${f}`)
        .sort(),
    ).toEqual([...OPERATIONAL_COMPARISON].sort());
    BUNDLED_COMPARISON.forEach((base, i) => {
      const b = load(base);
      const o = load(OPERATIONAL_COMPARISON[i]!);
      expect(o.name).toBe(`${b.name}-ops`);
      expect(o.operations?.profile).toBe('self-managed');
      const { name: _n, description: _d, file: _f, operations: _o, ...rest } = o;
      const { name: _bn, description: _bd, file: _bf, ...baseRest } = b;
      expect(rest).toEqual(baseRest);
    });
  });

  it("the scenario's keys replace the profile's key by key within a section; none switches a section off", () => {
    const s = scenario(
      'name: p\ntopology: { kind: stacked, zones: 1, controlPlane: { count: 1 } ' +
        '}\noperations:\n  profile: self-managed\n  upgrades: none\n  changes: { rollout: health-gated, ' +
        'detect: 5m }',
    );
    const o = s.operations!;
    expect(o.upgrades).toBeNull();
    expect(o.changes?.rollout).toBe('health-gated');
    expect(o.changes?.detect).toEqual({ kind: 'fixed', valueMs: 300_000 });
    // Kept from the profile: the rate and the rollback distribution.
    expect(o.changes?.everyMs).toBe(120 * 86_400_000);
    expect(o.changes?.rollback).toEqual({ kind: 'lognormal', medianMs: 900_000, sigma: 0.8 });
    expect(o.certificates?.validityMs).toBe(365 * 86_400_000);
    expect(o.dependencies.map((d) => d.name)).toEqual(['dns']);
  });

  it("the providers' bands: 99.5-99.9% for one zone, 99.95% for three, none for two", () => {
    expect(providerBand(1)).toMatchObject({ lo: 0.995, hi: 0.999 });
    expect(providerBand(3)).toMatchObject({ lo: 0.9995, hi: 0.9995 });
    expect(providerBand(2)).toBeNull();
    expect(bandVerdict(0.9989, providerBand(1))).toBe('in band');
    expect(bandVerdict(0.9994, providerBand(1))).toBe('above');
    expect(bandVerdict(0.9949, providerBand(1))).toBe('below');
    expect(bandVerdict(0.99949, providerBand(3))).toBe('near');
    expect(bandVerdict(0.9999, providerBand(3))).toBe('above');
    expect(bandVerdict(0.999, providerBand(3))).toBe('below');
  });
});
