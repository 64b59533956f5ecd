import { describe, expect, it } from 'vitest';
import {
  analyzeJsonEntry,
  analyzeScenario,
  formatAnalyzeTable,
  formatSpofReport,
  spofReport,
} from '../../src/analysis/index.ts';
import { formatNines } from '../../src/units/format.ts';
import { preset } from './builders.ts';

const s = preset({
  kind: 'stacked',
  zones: 3,
  controlPlane: 3,
  lb: 'haproxy',
  name: 'haproxy-single',
  failures: {
    zone: { mttfH: 8760, mttrH: 2 },
    host: { mttfH: 2000, mttrH: 4 },
    loadBalancer: { mttfH: 2000, mttrH: 0.2 },
  },
});

describe('analysis views', () => {
  it('formats nines from the unavailability (the one formatNines, shared with the reports)', () => {
    expect(formatNines(1e-3)).toBe('3.0');
    expect(formatNines(5e-5)).toBe('4.3');
    expect(formatNines(1 - 0.999)).toBe('3.0');
    expect(formatNines(1e-16)).toBe('>15');
    expect(formatNines(0)).toBe('∞');
  });

  it('analyze table: one row per SLI with availability, nines and downtime consistent with the JSON', () => {
    const r = analyzeScenario(s);
    if (!r.ok) throw new Error('refused');
    const e = analyzeJsonEntry(s, r.value);
    expect(e.downtimeMinutesPerYear.api).toBeCloseTo(r.value.unavailability.api * 525600, 9);
    const text = formatAnalyzeTable(e);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toContain('haproxy-single');
    expect(lines).toHaveLength(6);
    const api =
      lines
        .find((l) => l.trim().startsWith('api'))
        ?.trim()
        .split(/\s+/) ?? [];
    expect(Number(api[1]?.replace('%', '')) / 100).toBeCloseTo(r.value.availability.api, 6);
    expect(api[2]).toBe(formatNines(r.value.unavailability.api));
    expect(Math.abs(Number(api[3]) - e.downtimeMinutesPerYear.api)).toBeLessThanOrEqual(0.005);
  });

  it('spof text puts SPOFs first and ends with the recommendation', () => {
    const r = spofReport(s);
    if (!r.ok) throw new Error('refused');
    const text = formatSpofReport(r.value, s.file);
    const apiAt = text.indexOf('\napi\n');
    expect(text.slice(apiAt).split('\n')[2]).toBe('  single points of failure: zone/a, host/lb-1, lb/lb-1');
    expect(text).toContain('cut sets of order 2');
    expect(text.trimEnd().split('\n').at(-1)).toBe(`recommendation: ${r.value.recommendation}`);
  });
});
