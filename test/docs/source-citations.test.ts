/**
 * Citations in the sources lead somewhere: every `docs/NAME.md` a file in src/ names exists,
 * every `docs/spec.md §N` / `docs/style.md §N` has its section, and nothing cites a
 * document outside the repository ("SPEC §N", "STYLE §N") or an issue number, which a
 * reader of the repository cannot open.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(p: string): string[] {
  if (statSync(p).isFile()) return /\.(ts|mts|mjs)$/.test(p) ? [p] : [];
  return readdirSync(p).flatMap((f) => files(join(p, f)));
}

/** What a source text cites, and what it must not. */
export function citationsOf(text: string): { docs: string[]; sections: [string, number][]; stray: string[] } {
  const docs = [...text.matchAll(/\bdocs\/([a-z0-9-]+\.md)/g)].map((m) => m[1]!);
  const sections = [...text.matchAll(/\bdocs\/(spec|style)\.md §(\d+)/g)].map(
    (m) => [m[1]!, Number(m[2])] as [string, number],
  );
  const stray = [...text.matchAll(/\b(?:SPEC|STYLE) §\d+|\b[Ii]ssue \d+\b/g)].map((m) => m[0]);
  return { docs, sections, stray };
}

const sectionsOf = (file: string): Set<number> =>
  new Set([...readFileSync(file, 'utf8').matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1])));

describe('citations in src/', () => {
  it('the helper finds what it should (so the checks below can fail)', () => {
    const c = citationsOf('see docs/model.md and docs/spec.md §5; SPEC §4, STYLE §2 and issue 16 (Issue 11)');
    expect(c.docs).toEqual(['model.md', 'spec.md']);
    expect(c.sections).toEqual([['spec', 5]]);
    expect(c.stray).toEqual(['SPEC §4', 'STYLE §2', 'issue 16', 'Issue 11']);
  });

  const sections = { spec: sectionsOf('docs/spec.md'), style: sectionsOf('docs/style.md') };
  const all = files('src');
  it('cites the docs many times', () => {
    expect(all.reduce((n, f) => n + citationsOf(readFileSync(f, 'utf8')).docs.length, 0)).toBeGreaterThan(50);
  });
  for (const f of all) {
    it(`${f}: every cited document exists, no citation points outside the repository`, () => {
      const c = citationsOf(readFileSync(f, 'utf8'));
      for (const d of c.docs) expect(existsSync(join('docs', d)), `${f} cites docs/${d}`).toBe(true);
      for (const [doc, n] of c.sections)
        expect(sections[doc as 'spec' | 'style'].has(n), `${f} cites docs/${doc}.md §${n}`).toBe(true);
      expect(c.stray, `${f} cites something a reader cannot open`).toEqual([]);
    });
  }
});
