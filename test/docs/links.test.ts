/**
 * Every relative Markdown link and image in README.md and docs/*.md points at a file or
 * folder that exists in the repository (anchors and query strings ignored; http(s), mailto
 * and in-page "#..." links skipped), so moving a section between documents cannot leave a
 * dead link behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Relative targets of `[text](target)` and `![alt](target)` outside fenced code blocks. */
export function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const out: string[] = [];
  for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    out.push(target.replace(/[#?].*$/, ''));
  }
  return out;
}

const FILES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

describe('relative links in README.md and docs/', () => {
  it('the helper finds what it should (so the checks below can fail)', () => {
    const text = '[a](docs/x.md#y) ![i](img.png) [w](https://e.org) [h](#top)\n```\n[c](in-code.md)\n```\n';
    expect(relativeLinks(text)).toEqual(['docs/x.md', 'img.png']);
  });

  it('README.md links docs/architecture.md', () => {
    expect(relativeLinks(readFileSync('README.md', 'utf8'))).toContain('docs/architecture.md');
  });

  for (const f of FILES) {
    it(`${f}: every relative link resolves`, () => {
      const missing = relativeLinks(readFileSync(f, 'utf8')).filter((t) => !existsSync(normalize(join(dirname(f), t))));
      expect(missing, `${f} links to missing files`).toEqual([]);
    });
  }
});
