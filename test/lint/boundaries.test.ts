/**
 * STYLE §1-§2 as a test. The allowed imports between parts are READ from the table in
 * docs/architecture.md (between the `boundaries:begin/end` markers), so the doc and the
 * code cannot drift apart; no folder but src/cli reads clocks, global randomness, the
 * process or the file system — so one seed on one commit is one run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Code only: comments and string contents are blanked so prose cannot trip the checks. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`(?:\\.|[^`\\])*`/g, '``')
    .replace(/'(?:\\.|[^'\\\n])*'/g, (m) => (m.startsWith("'node:") || m.startsWith("'fs") ? m : "''"));
}

/** One row of the architecture table. */
interface PartRule {
  readonly part: string;
  readonly folder: string;
  readonly mayImport: readonly string[];
  readonly typesOnly: readonly string[];
}

/** Parses the boundaries table of docs/architecture.md. */
export function parseRules(markdown: string): PartRule[] {
  const m = /<!-- boundaries:begin -->([\s\S]*?)<!-- boundaries:end -->/.exec(markdown);
  if (m === null) throw new Error('docs/architecture.md has no boundaries table');
  const list = (cell: string): string[] =>
    cell.trim() === '—' || cell.trim() === '' ? [] : cell.split(',').map((s) => s.trim());
  return m[1]!
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l) && !/^\|\s*Part\s*\|/.test(l))
    .map((l) => {
      const cells = l.split('|').slice(1, -1);
      return {
        part: cells[0]!.trim(),
        folder: cells[1]!.trim().replace(/`/g, ''),
        mayImport: list(cells[2]!),
        typesOnly: list(cells[3]!),
      };
    });
}

/** One relative import of a file: the part it points at and whether it is types only. */
interface Import {
  readonly spec: string;
  readonly target: string;
  readonly typeOnly: boolean;
}

/** Every relative import/export-from of `text` (file at `path`), multi-line aware. */
export function importsOf(path: string, text: string, partOf: (file: string) => string | null): Import[] {
  const out: Import[] = [];
  for (const m of text.matchAll(/^(import|export)(\s+type)?\s([^;]*?)\sfrom\s+'(\.\.?\/[^']+)'/gms)) {
    const target = partOf(join(path, '..', m[4]!));
    if (target === null) continue;
    const names = /\{([\s\S]*)\}/.exec(m[3]!)?.[1];
    const allTypes =
      names !== undefined &&
      names
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .every((s) => s.startsWith('type '));
    out.push({ spec: m[4]!, target, typeOnly: m[2] !== undefined || allTypes });
  }
  return out;
}

/** What is wrong with `imp` from part `own` under `rules` (null: allowed). */
export function violation(own: string, imp: Import, rules: readonly PartRule[]): string | null {
  if (imp.target === own) return null;
  const rule = rules.find((r) => r.part === own);
  if (rule === undefined) return `part ${own} has no row in docs/architecture.md`;
  if (rule.mayImport.includes(imp.target)) return null;
  if (rule.typesOnly.includes(imp.target))
    return imp.typeOnly ? null : `imports ${imp.spec} ` + `(${imp.target}) at runtime; only its types are allowed`;
  return `imports ${imp.spec} (${imp.target}), which docs/architecture.md does not allow for ${own}`;
}

const RULES = parseRules(readFileSync('docs/architecture.md', 'utf8'));
const SRC = files('src');

function partOf(file: string): string | null {
  const rel = relative('src', file);
  if (rel.startsWith('..')) return null;
  const row = RULES.find((r) => {
    const folder = relative('src', r.folder);
    return rel === folder || rel.startsWith(`${folder}/`);
  });
  return row?.part ?? `unlisted:${rel.split('/')[0]}`;
}

const BANNED: [RegExp, string][] = [
  [/\bMath\.random\s*\(/, 'Math.random (use a seeded stream)'],
  [/\bDate\.now\s*\(|\bnew Date\b/, 'Date (simulated time only)'],
  [/\bsetTimeout\s*\(|\bsetInterval\s*\(/, 'timers'],
  [/\bperformance\.now\s*\(/, 'performance.now (the CLI injects a clock)'],
  [/\bprocess\.[a-zA-Z]/, 'process (I/O belongs to src/cli)'],
  [/from\s+'(node:)?fs(\/promises)?'/, 'node:fs (I/O belongs to src/cli)'],
];

describe('module boundaries', () => {
  it('finds the sources and a row for every part', () => {
    expect(SRC.length).toBeGreaterThan(40);
    expect(RULES.map((r) => r.part)).toEqual(
      expect.arrayContaining([
        'engine',
        'scenario',
        'faults',
        'model',
        'analysis',
        'montecarlo',
        'sweep',
        'report',
        'cli',
      ]),
    );
    for (const f of SRC) expect(partOf(f), `${f} belongs to no part of docs/architecture.md`).not.toMatch(/^unlisted:/);
    const parts = new Set(RULES.map((r) => r.part));
    for (const r of RULES)
      for (const p of [...r.mayImport, ...r.typesOnly])
        expect(parts, `${r.part} lists unknown part ` + `${p}`).toContain(p);
  });

  for (const f of SRC.filter((x) => partOf(x) !== 'cli' && partOf(x) !== 'index')) {
    it(`${f} reads no clock, global randomness, process or file system`, () => {
      const c = code(readFileSync(f, 'utf8'));
      for (const [re, what] of BANNED) expect(re.test(c), `${f} uses ${what}`).toBe(false);
    });
  }

  for (const f of SRC) {
    it(`${f} imports only what docs/architecture.md allows`, () => {
      const own = partOf(f)!;
      const problems = importsOf(f, readFileSync(f, 'utf8'), partOf)
        .map((imp) => violation(own, imp, RULES))
        .filter((p) => p !== null);
      expect(problems, f).toEqual([]);
    });
  }

  it('the checks can fail', () => {
    const bad = code(
      "const x = Math.random(); import { readFileSync } from 'node:fs';\n// Date.now() in a comment is fine",
    );
    expect(BANNED[0]![0].test(bad)).toBe(true);
    expect(BANNED[5]![0].test(bad)).toBe(true);
    expect(BANNED[1]![0].test(bad)).toBe(false);
    // A runtime import of the model from report is refused; a type-only one is allowed.
    const reportFile = 'src/report/x.ts';
    const run = importsOf(reportFile, "import { openReplication } from '../model/index.ts';", partOf);
    const typed = importsOf(
      reportFile,
      'import type { ClusterView } from ' + "'../model/index.ts';\nimport { type Plan } from '../model/plan.ts';",
      partOf,
    );
    expect(run).toHaveLength(1);
    expect(violation('report', run[0]!, RULES)).toMatch(/at runtime/);
    expect(typed.map((i) => violation('report', i, RULES))).toEqual([null, null]);
    // An arrow the table does not list is refused (engine may import no part but units).
    const up = importsOf('src/engine/x.ts', "import {\n  Cluster,\n} from '../model/cluster.ts';", partOf);
    expect(violation('engine', up[0]!, RULES)).toMatch(/does not allow/);
    // The table is really read: a row changed in the text changes the verdict.
    const doc = readFileSync('docs/architecture.md', 'utf8').replace(
      /\| engine \| `src\/engine` \| units \|/,
      '| engine | `src/engine` | ' + 'units, model |',
    );
    expect(violation('engine', up[0]!, parseRules(doc))).toBeNull();
  });
});
