/**
 * Every kind of input error has a fixture in test/fixtures/invalid/NAME.yaml beside
 * NAME.expected.txt, the exact problem lines `validate` prints. Regenerate with
 * UPDATE_FIXTURES=1 and review the diff line by line.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem } from '../../src/scenario/problems.ts';

const DIR = 'test/fixtures/invalid';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('invalid scenario fixtures', () => {
  it('has a fixture for every kind of error', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  for (const f of files) {
    it(f, () => {
      const path = `${DIR}/${f}`;
      const r = loadScenarioText(readFileSync(path, 'utf8'), path);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const text = `${r.errors.map(formatProblem).join('\n')}\n`;
      const expectedPath = path.replace(/\.yaml$/, '.expected.txt');
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedPath, text);
      expect(text).toBe(readFileSync(expectedPath, 'utf8'));
      for (const e of r.errors) {
        expect(e.severity).toBe('error');
        expect(formatProblem(e)).toMatch(/^test\/fixtures\/invalid\/[a-z0-9-]+\.yaml:\d+:\d+[ :]/);
      }
    });
  }
});
