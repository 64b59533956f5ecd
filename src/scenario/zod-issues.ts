/**
 * Turns zod issues into path problems worded for users: what was expected, what was
 * found, and the allowed values or a did-you-mean. Unions are resolved to the branch the
 * user evidently meant; unknown keys become one problem each, located at the key.
 */
import type { z } from 'zod';
import { describeValue, expectedFound, quote, suggestion, type KeyPath, type PathProblem } from './problems.ts';

/** A problem located at a key (not at its value): unknown keys. */
export interface KeyProblem extends PathProblem {
  readonly at: 'key';
}

const KEYS_MARK = '\u0000keys:';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** Raw issue as the error map sees it (only the fields we read). */
interface RawIssue {
  readonly code?: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly origin?: string;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly inclusive?: boolean;
  readonly inst?: unknown;
}

/** The per-parse error map: default wording for issues whose schema has no own message. */
export function scenarioErrorMap(iss: RawIssue): string | undefined {
  const found = `found ${describeValue(iss.input)}`;
  switch (iss.code) {
    case 'invalid_type': {
      const want = EXPECTED[iss.expected ?? ''] ?? String(iss.expected);
      if (iss.input === undefined) return `missing required key (expected ${want})`;
      return `expected ${want}, ${found}`;
    }
    case 'invalid_value': {
      const values = (iss.values ?? []).map((v) => (typeof v === 'string' ? v : String(v)));
      const hint = typeof iss.input === 'string' ? suggestion(iss.input, values, 'allowed') : '';
      const list = (iss.values ?? []).map((v) => (typeof v === 'string' ? quote(v) : String(v)));
      const expected = list.length === 1 ? (list[0] ?? '') : `one of ${list.join(', ')}`;
      // The did-you-mean (or the allowed list) is only worth adding when it says more.
      return expectedFound(expected, iss.input, hint.includes('did you mean') ? hint : '');
    }
    case 'too_small':
      return boundMessage(iss, 'at least', 'more than', found);
    case 'too_big':
      return boundMessage(iss, 'at most', 'less than', found);
    case 'unrecognized_keys':
      return KEYS_MARK + JSON.stringify(shapeKeys(iss.inst));
    case 'invalid_format':
      return `invalid format, ${found}`;
    case 'invalid_union':
      return `invalid value, ${found}`;
    default:
      return undefined;
  }
}

function boundMessage(iss: RawIssue, incl: string, excl: string, found: string): string {
  const bound = iss.code === 'too_small' ? iss.minimum : iss.maximum;
  const word = iss.inclusive === false ? excl : incl;
  if (iss.origin === 'array') return `expected a list with ${word} ${String(bound)} item(s), ${found}`;
  if (iss.origin === 'string') return `expected a string with ${word} ${String(bound)} character(s), ${found}`;
  return `expected a number ${word} ${String(bound)}, ${found}`;
}

function shapeKeys(inst: unknown): string[] {
  const def = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def;
  return def?.shape ? Object.keys(def.shape) : [];
}

/** Messages that only restate an unknown key found in the same mapping. */
const REDUNDANT_WITH_UNKNOWN_KEY = [
  'expected exactly one distribution kind:',
  'expected one action:',
  'missing the time to',
];

/** Converts the issues of a failed parse into problems (errors), unions resolved. */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[]): PathProblem[] {
  const all = flatten(issues, []);
  const unknownAt = all
    .filter((p) => (p as Partial<KeyProblem>).at === 'key')
    .map((p) => p.path.slice(0, -1).join('\u0000'));
  return all.filter(
    (p) =>
      !(REDUNDANT_WITH_UNKNOWN_KEY.some((m) => p.message.startsWith(m)) && unknownAt.includes(p.path.join('\u0000'))),
  );
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: KeyPath): PathProblem[] {
  const out: PathProblem[] = [];
  for (const iss of issues) {
    const path: KeyPath = [...prefix, ...(iss.path as (string | number)[])];
    if (iss.code === 'invalid_union') {
      const branch = pickBranch(iss.errors);
      if (branch) out.push(...flatten(branch, path));
      else out.push({ path, message: iss.message, severity: 'error' });
    } else if (iss.code === 'unrecognized_keys') {
      out.push(...unknownKeyProblems(iss.keys, iss.message, path));
    } else {
      out.push({ path, message: iss.message, severity: 'error' });
    }
  }
  return out;
}

function unknownKeyProblems(keys: readonly string[], message: string, path: KeyPath): KeyProblem[] {
  let allowed: string[] = [];
  if (message.startsWith(KEYS_MARK)) {
    try {
      allowed = JSON.parse(message.slice(KEYS_MARK.length)) as string[];
    } catch {
      allowed = [];
    }
  }
  return keys.map((k) => ({
    path: [...path, k],
    message: `unknown key ${quote(k)}${suggestion(k, allowed, 'allowed keys')}`,
    severity: 'error',
    at: 'key',
  }));
}

/**
 * The union branch the user evidently meant: branches failing on the value's type at the
 * union itself are out; of the rest, prefer one without unknown keys at its top. Null
 * when that leaves no single branch (then the union's own message is used).
 */
function pickBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | null {
  const typeFits = branches.filter(
    (b) => !b.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')),
  );
  if (typeFits.length === 1) return typeFits[0] ?? null;
  const clean = typeFits.filter((b) => !b.some((i) => i.path.length === 0 && i.code === 'unrecognized_keys'));
  return clean.length === 1 ? (clean[0] ?? null) : null;
}
