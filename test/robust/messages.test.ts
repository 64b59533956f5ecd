/**
 * Messages of issue 22, one test per class: the infinite-horizon hint, the alias limit
 * (exact, placed at the alias), key paths for `constructor` and duplicate keys, a bad file
 * given with --replications blamed on the file, invalid UTF-8 refused with its position,
 * bidi and zero-width characters escaped on the terminal, merge's chunk message.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioResult } from '../../src/cli/load-scenario.ts';
import { stripControl, yamlCommentText } from '../../src/report/safe-text.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem, type Problem } from '../../src/scenario/problems.ts';

function problems(text: string, options = {}): Problem[] {
  const r = loadScenarioText(text, 'f.yaml', options);
  if (r.ok) throw new Error('accepted');
  return [...r.errors];
}

describe('messages (issue 22)', () => {
  it('an infinite horizon is not told to be written "Infinitys"', () => {
    const [p] = problems('name: x\ntopology: { preset: eks }\nsimulation: { horizon: .inf }\n');
    expect(p!.message).not.toMatch(/Infinitys/);
    expect(p!.message).toMatch(/infinite .* is not one/);
  });

  it('the alias limit is exact (50 pass the alias check, 51 do not) and placed at the 51st alias', () => {
    const list = (n: number): string => `name: x\na: &a 1\nl: [${Array.from({ length: n }, () => '*a').join(', ')}]\n`;
    expect(
      problems(list(50))
        .map((p) => p.message)
        .join('\n'),
    ).not.toMatch(/alias/);
    const [p] = problems(list(51));
    expect(p!.message).toMatch(/too many aliases \(at most 50; this is alias 51 of 51\)/);
    expect([p!.line, p!.col]).toEqual([3, 5 + 4 * 50]);
  });

  it('a constructor key and a duplicate key carry their key path', () => {
    const [c] = problems('name: x\nmeta:\n  inner:\n    constructor: 1\n');
    expect([c!.path, c!.line, c!.col]).toEqual(['meta.inner.constructor', 4, 5]);
    const [d] = problems('name: x\nsimulation:\n  seed: 1\n  seed: 2\n');
    expect([d!.path, d!.line, d!.col]).toEqual(['simulation.seed', 4, 3]);
  });

  it('a file that is not a mapping, given with --replications, is blamed on the file', () => {
    for (const text of ['just text\n', '- a\n- b\n']) {
      const [p] = problems(text, { replications: 5 });
      expect(p!.file).toBe('f.yaml');
      expect(p!.message).toMatch(/^expected a mapping, found (a list of 2|"just text")/);
    }
  });

  it('invalid UTF-8 (in an x- note) is refused with its line and column', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'utf8-')), 'u.yaml');
    writeFileSync(f, Buffer.concat([Buffer.from('name: x\nx-note: "caf'), Buffer.from([0xe9]), Buffer.from(' ok"\n')]));
    const r = loadScenarioResult(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.errors[0]!.line, r.errors[0]!.col]).toEqual([2, 13]);
    expect(r.errors[0]!.message).toMatch(/invalid UTF-8 \(byte 0xe9 at offset 20\)/);
  });

  it('U+202E and U+200B reach the terminal escaped, in problems, tables and comments', () => {
    const [p] = problems('name: "a\u202eb\u200bc"\ntopology: 1\n');
    expect(formatProblem(p!)).toContain('a\\u202eb\\u200bc');
    expect(stripControl('a\u202eb\u200bc\u2066')).toBe('a\\u202eb\\u200bc\\u2066');
    expect(yamlCommentText('a\nb\r\u2028\u202e')).toBe('a\\u000ab\\u000d\\u2028\\u202e');
  });
});
