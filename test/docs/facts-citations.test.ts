/**
 * Every citation of the fact sheet — "facts §N" in sources, messages, scenarios and docs —
 * resolves to a section of docs/facts.md, which travels with the repository (the old
 * "FACTS §N" named a file outside it).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'scenarios', 'docs', 'reference', 'examples', 'README.md'];
const EXT = /\.(ts|ya?ml|md|txt)$/;

function files(p: string): string[] {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p)
    .flatMap((f) => (f === 'node_modules' ? [] : files(join(p, f))))
    .filter((f) => EXT.test(f));
}

/** Section numbers of docs/facts.md (`## N. Title`). */
export function sections(text: string): Set<number> {
  return new Set([...text.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1])));
}

/** Every `facts §N` (also `§N–§M`, `§N, §M`) cited in `text`. */
export function citations(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/facts (§\d+(?:\s*(?:[-–,]|and)\s*§\d+)*)/gi))
    for (const n of m[1]!.matchAll(/§(\d+)/g)) out.push(Number(n[1]));
  return out;
}

const FACTS = sections(readFileSync('docs/facts.md', 'utf8'));
const ALL = ROOTS.flatMap(files).filter((f) => f !== join('docs', 'facts.md'));

describe('fact-sheet citations', () => {
  it('docs/facts.md has its ten sections', () => {
    expect([...FACTS].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('the helpers find what they should (so the checks below can fail)', () => {
    expect(citations('see facts §6 and facts §1–§5; FACTS §12')).toEqual([6, 1, 5, 12]);
    expect(sections('## 1. a\n## 3. b\n### 4. c')).toEqual(new Set([1, 3]));
  });

  it('cites the fact sheet many times', () => {
    expect(ALL.reduce((n, f) => n + citations(readFileSync(f, 'utf8')).length, 0)).toBeGreaterThan(100);
  });

  for (const f of ALL) {
    it(`${f}: every "facts §N" resolves and nothing points at the old FACTS file`, () => {
      const text = readFileSync(f, 'utf8');
      for (const n of citations(text)) expect(FACTS.has(n), `${f} cites facts §${n}`).toBe(true);
      expect(/\bFACTS\b/.test(text), `${f} still says FACTS`).toBe(false);
    });
  }
});
