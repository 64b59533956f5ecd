/**
 * No test asserts wall-clock time (issue 21): on a loaded machine any such bound fails at
 * random. Time bounds live in `npm run bench` as ratios (test/bench/bounds.ts). A test file
 * may read the clock only to record figures, and is listed here with what it records.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLOCK = /\b(performance\.now|Date\.now|process\.hrtime|console\.time)\b/;
/** Files that name the clock without asserting on it, and why. */
const RECORDS_ONLY: Record<string, string> = {
  'test/robust/fuzz.test.ts': 'records the slowest input in reports/fuzz-stats.json',
  'test/lint/boundaries.test.ts': 'names the clock calls it keeps out of src/ (patterns, not calls)',
};

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'bench' ? [] : testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('wall-clock time in tests', () => {
  it('no test file reads the clock, except those listed with what they do with it', () => {
    const reading = testFiles('test').filter(
      (f) => f !== 'test/lint/wall-clock.test.ts' && CLOCK.test(readFileSync(f, 'utf8')),
    );
    expect(reading.sort()).toEqual(Object.keys(RECORDS_ONLY).sort());
  });

  it('the listed files assert nothing on a duration', () => {
    for (const f of Object.keys(RECORDS_ONLY)) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/expect\([^)]*(performance\.now|Date\.now|\bms\b|seconds|elapsed)/);
    }
  });
});
