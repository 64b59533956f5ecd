/**
 * No import cycles between files of src/, type-only imports included: a cycle makes the
 * load order decide what is initialised, and hides which part depends on which
 * (docs/architecture.md). Reads every `import`/`export ... from` and dynamic `import()`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under `dir`. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : /\.m?ts$/.test(f) ? [resolve(p)] : [];
  });
}

/** The relative imports of a source text (static, type-only, re-exports and dynamic). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/g))
    out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

/** Strongly connected components with more than one node (or a self-loop): the cycles. */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('import cycles', () => {
  it('the helpers find a cycle, also through a type-only import (so the check below can fail)', () => {
    expect(
      importsOf(
        "import type { A } from './a.ts';\nimport { b } from '../b.ts';\nexport * from " +
          "'./c.ts';\nconst d = await import('./d.ts');",
      ),
    ).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts']);
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(g)).toEqual([['a', 'b', 'c']]);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('src/ has no import cycle between files, type-only imports included', () => {
    const files = tsFiles('src');
    const known = new Set(files);
    const graph = new Map<string, string[]>();
    for (const f of files) {
      const deps = importsOf(readFileSync(f, 'utf8'))
        .map((s) => resolve(dirname(f), s))
        .filter((p) => known.has(p));
      graph.set(f, deps);
    }
    expect(files.length).toBeGreaterThan(100);
    const cycles = cyclesOf(graph).map((c) => c.map((f) => relative(process.cwd(), f)).join(' -> '));
    expect(cycles).toEqual([]);
  });
});
