/**
 * Issue 23: one duration format, CIs whose ends differ, no "0%" breach risk, no negative
 * protocol share, and the text-fitting helpers (wrap, cut, elide, commands that still paste).
 */
import { describe, expect, it } from 'vitest';
import { formatProtocolMinutes } from '../../src/report/format.ts';
import { shellCommand } from '../../src/report/safe-text.ts';
import { fitTextTable } from '../../src/report/text-table.ts';
import { formatRisk } from '../../src/report/verdict.ts';
import { cutText, elideList, shellWords, textWidth, wrapCommand, wrapText } from '../../src/units/fit.ts';
import {
  formatAvailabilityCi,
  formatLength,
  formatMinutes,
  formatMinutesCi,
  formatSeconds,
} from '../../src/units/format.ts';

describe('one duration format', () => {
  it('prints a length of time one way whatever unit it arrives in', () => {
    expect(formatSeconds(115)).toBe('1.92 min');
    expect(formatMinutes(115 / 60)).toBe('1.92 min');
    expect(formatLength(0)).toBe('0 s');
    expect(formatLength(0.0004)).toBe('< 1 ms');
    expect(formatLength(0.072)).toBe('0.072 s');
    expect(formatLength(1.42)).toBe('1.4 s');
    expect(formatLength(42)).toBe('42 s');
    expect(formatLength(49.7 * 60)).toBe('49.7 min');
    expect(formatLength(2 * 3600)).toBe('2.0 h');
    expect(formatLength(3.2 * 86400)).toBe('3.2 d');
    expect(formatMinutes(-0.16)).toBe('-9.6 s');
    expect(formatSeconds(null)).toBe('—');
  });

  it("never rounds up into the next unit's range without switching unit", () => {
    expect(formatLength(59.6)).toBe('0.99 min');
    expect(formatLength(9.996 * 60)).toBe('10.0 min');
    expect(formatLength(119.96 * 60)).toBe('2.0 h');
  });
});

describe('numbers that must not mislead', () => {
  it('a CI of an availability has enough digits for its ends to differ', () => {
    expect(formatAvailabilityCi(0.9999982, 0.9999984)).toBe('99.99982% – 99.99984%');
    expect(formatAvailabilityCi(0.99971, 0.9999)).toBe('99.971% – 99.990%');
    const [lo, hi] = formatAvailabilityCi(0.99999831, 0.99999834).split(' – ');
    expect(lo).not.toBe(hi);
  });

  it('a CI of a downtime has enough digits for its ends to differ, in the unit of its upper end', () => {
    expect(formatMinutesCi(120.1, 120.4)).toBe('2.00 h – 2.01 h');
    expect(formatMinutesCi(120, 120.1)).toBe('2.000 h – 2.002 h');
    expect(formatMinutesCi(69.3, 69.4)).toBe('69.3 min – 69.4 min');
    expect(formatMinutesCi(0, 0)).toBe('0 s – 0 s');
  });

  it('a breach risk with no window below target is its upper bound, never 0%', () => {
    expect(formatRisk(0, [0, 0.002])).toBe('< 0.20%');
    expect(formatRisk(0.042, [0.031, 0.056])).toBe('4.2%');
  });

  it('a negative protocol share reads ≈ 0 with its estimate', () => {
    expect(formatProtocolMinutes(-0.16, [-0.36, 0.04])).toBe('≈ 0 (estimate -9.6 s ± 12 s)');
    expect(formatProtocolMinutes(-0.16)).toBe('≈ 0 (estimate -9.6 s)');
    expect(formatProtocolMinutes(3)).toBe('3.00 min');
  });
});

describe('fitting text', () => {
  it('wraps at spaces with a hanging indent and breaks words wider than a line', () => {
    const text = wrapText(`  ${'word '.repeat(40)}${'x'.repeat(120)}`, 50);
    for (const l of text.split('\n')) expect(textWidth(l)).toBeLessThanOrEqual(50);
    expect(text.split('\n')[1]).toMatch(/^ {6}\S/);
  });

  it('cuts with … and elides lists with a count', () => {
    expect(cutText('abcdef', 4)).toBe('abc…');
    expect(elideList(['a1', 'b2', 'c3', 'd4'], 12)).toBe('a1, +3 more');
    expect(elideList(['a1', 'b2'], 40)).toBe('a1, b2');
  });

  it('breaks a command only between words, so it still pastes', () => {
    const cmd =
      `k8s-ha-sim ` +
      `${shellCommand(['explain', "it's a very long file name with spaces.yaml", '--seed', '11', '--set', 'failures.host.mttf=300h'])}`;
    expect(shellWords(cmd)).toContain("'it'\\''s a very long file name with spaces.yaml'");
    const wrapped = wrapCommand('    ', cmd, 40);
    expect(wrapped.split('\n').length).toBeGreaterThan(1);
    expect(wrapped.replace(/ \\\n +/g, ' ').trim()).toBe(cmd);
  });

  it('a table fits by cutting long cells and dropping low-priority columns, any number of columns', () => {
    const header = ['scenario', ...Array.from({ length: 8 }, (_, i) => `sli-${i}`)];
    const rows = [[`a-very-long-scenario-name-${'x'.repeat(60)}`, ...Array.from({ length: 8 }, () => '99.99%')]];
    const t = fitTextTable(header, rows, ['l', ...Array(8).fill('r')], [99, 8, 7, 6, 5, 4, 3, 2, 1], 60);
    for (const l of t.split('\n')) expect(textWidth(l)).toBeLessThanOrEqual(60);
    expect(t).toContain('sli-0');
    expect(t).toContain('…');
  });
});
