/**
 * Problems found in a scenario file (errors and warnings), the `Result<T>` type of
 * functions that can fail on input, and the small text helpers every message uses
 * (did-you-mean, value descriptions, key paths).
 */

/** `error` makes the input invalid; `warning` is printed but the scenario is usable. */
export type Severity = 'error' | 'warning';

/** One problem, located in the file (1-based line and column) and in the YAML tree. */
export interface Problem {
  /** The file as given, or the command-line flag an override came from (`--set`). */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Key path such as `topology.controlPlane.count` or `faults[2].at`; '' for the root. */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

/** The outcome of a function that can fail on input (docs/style.md §4). */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly Problem[] };

/** A key path as a list of segments (object keys and array indices). */
export type KeyPath = readonly (string | number)[];

/** A problem before it has a position: found by the schema or by a cross-field check. */
export interface PathProblem {
  readonly path: KeyPath;
  readonly message: string;
  readonly severity: Severity;
}

/** Longest key path and message printed in a problem line; the rest becomes "...". */
export const MAX_PATH_CHARS = 200;
export const MAX_MESSAGE_CHARS = 1000;

/**
 * `file:line:col key.path: message` (a `warning: ` prefix for warnings). The path and the
 * message are cut to a readable length: a key or value echoed from a 1 MiB file must not
 * make a 1 MiB error line.
 */
export function formatProblem(p: Problem): string {
  const where = `${escapeControl(p.file)}:${p.line}:${p.col}`;
  const path = cut(escapeControl(p.path), MAX_PATH_CHARS);
  const head = path === '' ? `${where}:` : `${where} ${path}:`;
  const message = cut(escapeControl(p.message), MAX_MESSAGE_CHARS);
  return p.severity === 'warning' ? `${head} warning: ${message}` : `${head} ${message}`;
}

// eslint-disable-next-line no-control-regex
const CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Control characters (ESC, NUL, C1 such as U+009B CSI; newline and tab excepted), bidi
 * overrides and isolates, zero-width characters and lone surrogates written as `\u001b`,
 * `\u202e`: a key or value from the file is shown as it is, never executed or reordered by
 * the terminal (the same classes as `stripControl` in src/report/safe-text.ts).
 */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}

/** `['faults', 2, 'at']` -> `faults[2].at`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** An error at `path`. */
export function errorAt(path: KeyPath, message: string): PathProblem {
  return { path, message, severity: 'error' };
}

/** A warning at `path`. */
export function warningAt(path: KeyPath, message: string): PathProblem {
  return { path, message, severity: 'warning' };
}

/** Edit distance (insert, delete, substitute, transpose adjacent), case-insensitive. */
export function levenshtein(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= t.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[s.length] as number[])[t.length] ?? 0;
}

/**
 * The candidate closest to `word` if it is close enough to be a likely typo (distance
 * at most 1 for short words, about a third of the length for longer ones), else null.
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  if (word.length > 80) return null;
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    if (isSibling(word, c)) continue;
    const d = levenshtein(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return bestD <= limit ? best : null;
}

/**
 * Names of one series (`cp-4` and `cp-1`, `zone/d` and `zone/a`): same stem, other
 * number or last letter. Not a typo of each other, so never suggested.
 */
function isSibling(a: string, b: string): boolean {
  const num = /^(.*?)([0-9]+)$/;
  const ma = num.exec(a);
  const mb = num.exec(b);
  if (ma && mb) return ma[1] === mb[1] && ma[2] !== mb[2];
  return (
    a.length === b.length &&
    a.length >= 1 &&
    a.slice(0, -1) === b.slice(0, -1) &&
    /[-/_.]?[a-z]$/i.test(a.slice(-2)) &&
    (a.length === 1 || /[-/_.]/.test(a.charAt(a.length - 2)))
  );
}

/** At most this many candidates are listed in a message. */
const MAX_LISTED = 12;

/** `; did you mean "x"?` or `; allowed: "a", "b"` (or '' when there is nothing to list). */
export function suggestion(word: string, candidates: readonly string[], noun = 'allowed'): string {
  const c = closest(word, candidates);
  if (c !== null) return `; did you mean ${quote(c)}?`;
  if (candidates.length === 0) return '';
  const listed = candidates.slice(0, MAX_LISTED).map(quote).join(', ');
  return `; ${noun}: ${listed}${candidates.length > MAX_LISTED ? `, ... (${candidates.length} in all)` : ''}`;
}

/** `; did you mean "x"?` or ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === null ? '' : `; did you mean ${quote(c)}?`;
}

/** `missing required key (expected X)` when `input` is absent, else `expected X, found Y` + `extra`. */
export function expectedFound(expected: string, input: unknown, extra = ''): string {
  if (input === undefined) return `missing required key (expected ${expected})`;
  return `expected ${expected}, found ${describeValue(input)}${extra}`;
}

/** Longest string `quote` shows whole; longer ones are cut and end in `...`. */
export const MAX_QUOTED_CHARS = 80;

/** A JSON-quoted string (control characters escaped), cut to MAX_QUOTED_CHARS. */
export function quote(s: string): string {
  const q = s.length <= MAX_QUOTED_CHARS ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, MAX_QUOTED_CHARS - 3))}...`;
  return escapeControl(q);
}

/** How a value read from YAML is shown in a message: `"abc"`, `30`, `a list`, `.inf`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (an empty value)';
  if (typeof v === 'string') return v.length > 60 ? `${quote(v.slice(0, 57))}...` : quote(v);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan (not a number)';
    if (v === Infinity) return '.inf (infinity)';
    if (v === -Infinity) return '-.inf (minus infinity)';
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return 'an empty mapping';
    const shown = keys.slice(0, 3).map(quote).join(', ');
    return `a mapping with ${keys.length > 3 ? `${shown}, ...` : shown}`;
  }
  return typeof v;
}
