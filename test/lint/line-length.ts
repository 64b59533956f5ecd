/**
 * The line limit of `npm run lint` (docs/lint.md): no line of the TypeScript in src/, test/
 * and reference/ is longer than MAX_COLUMNS, comments and strings included. Biome formats code
 * to 120 columns but has no max-len rule and never breaks a comment or a string; this catches
 * those. Usage: `node --import tsx test/lint/line-length.ts [--list]`; prints each offending
 * `file:line: N columns` (with --list, all of them; otherwise the first 50) and exits 1 if any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** The limit, in columns (code points). */
export const MAX_COLUMNS = 140;
const ROOTS = ['src', 'test', 'reference'];
/** Inputs, not code (goldens and snapshots are not .ts, so the extension leaves them out). */
const SKIP_DIRS = new Set(['node_modules', 'fixtures']);
const EXTENSIONS = /\.(ts|mts|mjs|js)$/;

/** Files under `dir` the limit applies to, sorted. */
function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...files(path));
    } else if (EXTENSIONS.test(e.name)) out.push(path);
  }
  return out.sort();
}

/**
 * Lines exempt from the limit, 1-based: lines inside a template literal that spans several
 * lines (an embedded document: the CSS, HTML and page scripts of the generated pages, a shell
 * script a test writes; breaking them would change the output), and lines holding a regular
 * expression literal of more than 80 columns (a regex cannot be broken without changing how
 * it reads). Everything else, comments and strings included, must fit.
 */
export function exemptLines(text: string): Set<number> {
  const out = new Set<number>();
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (n: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) {
      const first = lineOf(n.getStart(sf));
      const last = lineOf(n.getEnd());
      for (let l = first + 1; l < last; l++) out.add(l);
    }
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral && n.getWidth(sf) > 80) out.add(lineOf(n.getStart(sf)));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Each line over the limit: where, and how long. */
export function longLines(roots: readonly string[] = ROOTS): { file: string; line: number; columns: number }[] {
  const out: { file: string; line: number; columns: number }[] = [];
  for (const file of roots.flatMap(files)) {
    const text = readFileSync(file, 'utf8');
    let exempt: Set<number> | null = null;
    text.split('\n').forEach((line, i) => {
      const columns = [...line].length;
      if (columns <= MAX_COLUMNS) return;
      exempt ??= exemptLines(text);
      if (!exempt.has(i + 1)) out.push({ file, line: i + 1, columns });
    });
  }
  return out;
}

if (process.argv[1]?.endsWith('line-length.ts')) {
  const long = longLines();
  const shown = process.argv.includes('--list') ? long : long.slice(0, 50);
  for (const l of shown) console.log(`${l.file}:${l.line}: ${l.columns} columns`);
  if (long.length > shown.length) console.log(`... and ${long.length - shown.length} more (--list shows all)`);
  if (long.length > 0) {
    console.log(`${long.length} line(s) over ${MAX_COLUMNS} columns`);
    process.exitCode = 1;
  }
}
