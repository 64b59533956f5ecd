/**
 * The YAML side of loading: parsing with positions, mapping key paths back to line and
 * column, rejecting dangerous keys, applying command-line overrides to the document
 * before validation, and converting to plain data without alias bombs.
 */
import {
  Lexer,
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { formatPath, quote, type KeyPath, type PathProblem } from './problems.ts';

/** Files larger than this (1 MiB) are refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Alias expansions allowed when converting to data (guards against "billion laughs"). */
export const MAX_ALIAS_COUNT = 50;
/** What the `yaml` package's alias check allows (its count times the expanded node count): nested aliases. */
export const MAX_ALIAS_EXPANSION = 1000;
/**
 * Deepest nesting of mappings and lists accepted (a scenario needs about 6). Checked
 * explicitly — flow brackets on the token stream before parsing, block nesting on the
 * parsed tree without recursion — so no input reaches the parser's or the validator's
 * recursion deep enough to overflow the stack.
 */
export const MAX_NESTING_DEPTH = 64;
/** Syntax errors kept from one file; past this the file is not a scenario anyway. */
export const MAX_SYNTAX_ERRORS = 100;
/** Longest message or echoed token kept in a problem (the rest becomes "..."). */
export const MAX_ECHO_CHARS = 200;
/** Keys that could reach an object's prototype. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** A parsed document with the line index its positions refer to. */
export interface YamlSource {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

/** A syntax problem with an absolute offset in the text. */
export interface OffsetProblem {
  readonly offset: number;
  readonly message: string;
  /** The key path where known (duplicate keys), '' otherwise. */
  readonly path?: string;
}

/**
 * Parses `text`; syntax errors come back as offset problems (the document may be null).
 * A lone CR is a line break (YAML 1.2 §5.4, as old Mac editors save); the `yaml` package
 * only knows LF and CRLF, so a lone CR becomes LF first (same length: offsets hold).
 */
export function parseYaml(rawText: string): { source: YamlSource | null; problems: OffsetProblem[] } {
  const text = rawText.replace(/\r(?!\n)/g, '\n');
  const lines = new LineCounter();
  const tooDeep = flowDepthProblem(text);
  if (tooDeep !== null) {
    lines.addNewLine(0);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines.addNewLine(i + 1);
    return { source: { doc: parseDocument('', { lineCounter: new LineCounter() }), lines }, problems: [tooDeep] };
  }
  let doc: Document.Parsed;
  try {
    // uniqueKeys off: the package compares each key with every earlier one of its map
    // (quadratic: 40,000 keys took minutes); structureProblems checks with a Set instead.
    doc = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      merge: true,
      uniqueKeys: false,
      version: '1.2',
    });
  } catch (e) {
    // Not expected after the depth check; still bad input rather than a crash.
    return {
      source: null,
      problems: [
        { offset: 0, message: `cannot parse YAML: ` + `${truncate(e instanceof Error ? e.message : String(e))}` },
      ],
    };
  }
  const problems: OffsetProblem[] = [];
  // Deep nesting repeats one error per level; one of each is enough (a Set: linear time).
  const seen = new Set<string>();
  for (const e of doc.errors) {
    if (problems.length >= MAX_SYNTAX_ERRORS) break;
    const message = syntaxMessage(e.code, e.message, text.slice(e.pos[0], e.pos[0] + 60));
    const key = `${e.pos[0]}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ offset: e.pos[0], message });
  }
  for (const p of structureProblems(doc)) {
    if (problems.length >= MAX_SYNTAX_ERRORS) break;
    problems.push(p);
  }
  return { source: { doc, lines }, problems };
}

/** Flow collections (`[`, `{`) nested deeper than the limit, found on the token stream. */
function flowDepthProblem(text: string): OffsetProblem | null {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // Single-character control tokens (document start, flow end, scalar flag) are not source.
    if (token.length === 1 && token.charCodeAt(0) < 0x20 && token !== '\n' && token !== '\t') continue;
    if (token === '[' || token === '{') {
      depth++;
      if (depth > MAX_NESTING_DEPTH) return { offset, message: nestingMessage() };
    } else if (token === ']' || token === '}') {
      depth = Math.max(0, depth - 1);
    }
    offset += token.length;
  }
  return null;
}

/**
 * Duplicate keys (linear: one Set per mapping) and block (or mixed) nesting deeper than
 * the limit, by an explicit-stack walk. Keys are equal when their scalar values are, as
 * the package's own `uniqueKeys` check defines it.
 */
function structureProblems(doc: Document.Parsed): OffsetProblem[] {
  const out: OffsetProblem[] = [];
  const stack: { node: unknown; depth: number; path: string }[] = [{ node: doc.contents, depth: 0, path: '' }];
  while (stack.length > 0 && out.length < MAX_SYNTAX_ERRORS) {
    const { node, depth, path } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= MAX_NESTING_DEPTH) {
      out.push({ offset: rangeStart(node) ?? 0, message: nestingMessage() });
      break;
    }
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const p of node.items as Pair[]) {
        if (isScalar(p.key)) {
          if (seen.has(p.key.value))
            out.push({
              offset: rangeStart(p.key) ?? 0,
              message: duplicateKeyMessage(p.key.value),
              path: childPath(path, p.key.value),
            });
          seen.add(p.key.value);
        }
        const sub = isScalar(p.key) ? childPath(path, p.key.value) : path;
        stack.push({ node: p.key, depth: depth + 1, path }, { node: p.value, depth: depth + 1, path: sub });
      }
    } else {
      (node.items as unknown[]).forEach((item, i) =>
        stack.push({ node: item, depth: depth + 1, path: `${path}[${i}]` }),
      );
    }
  }
  return out;
}

/** `a.b` + key -> `a.b.key` (the formatPath form). */
function childPath(path: string, key: unknown): string {
  const k = typeof key === 'symbol' ? (key.description ?? '') : String(key);
  return path === '' ? k : `${path}.${k}`;
}

function duplicateKeyMessage(key: unknown): string {
  const name = typeof key === 'symbol' ? (key.description ?? '') : String(key);
  return `duplicate key${name.trim() === '' ? '' : ` ${quote(name.trim())}`}: each key may appear once in a mapping`;
}

function nestingMessage(): string {
  return `the YAML is nested more than ${MAX_NESTING_DEPTH} levels deep; a scenario needs a handful`;
}

/** `s` cut to MAX_ECHO_CHARS characters, with "..." when cut. */
export function truncate(s: string, max = MAX_ECHO_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}

function syntaxMessage(code: string, message: string, near: string): string {
  switch (code) {
    case 'MULTIPLE_DOCS':
      return 'a scenario file holds one YAML document; remove the "---" separator and what follows it';
    case 'DUPLICATE_KEY': {
      const key = /^[^:\n,{}[\]]*/.exec(near)?.[0] ?? '';
      return `duplicate key${key.trim() === '' ? '' : ` ${JSON.stringify(key.trim())}`}: each key may appear once in a mapping`;
    }
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed as indentation in YAML; indent with spaces';
    default:
      return /call stack/i.test(message) ? nestingMessage() : truncate(firstLine(message));
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.charAt(0).toLowerCase() + line.slice(1);
}

/** 1-based line and column of an offset. */
export function linePos(src: YamlSource, offset: number): { line: number; col: number } {
  const p = src.lines.linePos(Math.max(0, offset));
  return { line: Math.max(1, p.line), col: Math.max(1, p.col) };
}

/**
 * The offset of the node at `path` (its key when `at` is `key`). When the path runs off
 * the document (a missing key), the deepest key on the way is used.
 */
export function offsetOf(src: YamlSource, path: KeyPath, at: 'key' | 'value'): number {
  let node: unknown = src.doc.contents;
  let fallback = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    node = deref(src, node);
    if (isMap(node)) {
      const pair = findPair(src, node.items, String(seg));
      if (!pair) return fallback;
      const keyStart = rangeStart(pair.key);
      if (i === path.length - 1 && at === 'key' && keyStart !== null) return keyStart;
      // A missing key further down is reported at the deepest key that exists.
      fallback = keyStart ?? fallback;
      node = pair.value;
      if (i === path.length - 1) return rangeStart(node) ?? fallback;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) return fallback;
      fallback = rangeStart(node) ?? fallback;
    } else {
      return fallback;
    }
  }
  return fallback;
}

function deref(src: YamlSource, node: unknown): unknown {
  return isAlias(node) ? (node.resolve(src.doc) ?? node) : node;
}

function rangeStart(node: unknown): number | null {
  const r = (node as { range?: readonly number[] | null } | null | undefined)?.range;
  return r && typeof r[0] === 'number' ? r[0] : null;
}

/** The pair with key `key` in a map's items, looking into `<<` merges too. */
function findPair(src: YamlSource, items: readonly Pair[], key: string, depth = 0): Pair | null {
  for (const p of items) if (isScalar(p.key) && String(p.key.value) === key) return p;
  if (depth > 3) return null;
  for (const p of items) {
    // With `merge: true` the key of a `<<` pair is a Scalar whose value is a symbol.
    if (
      isScalar(p.key) &&
      (p.key.value === '<<' || (typeof p.key.value === 'symbol' && p.key.value.description === '<<'))
    ) {
      const targets = isSeq(p.value) ? p.value.items : [p.value];
      for (const t of targets) {
        const m = deref(src, t);
        if (isMap(m)) {
          const found = findPair(src, m.items as Pair[], key, depth + 1);
          if (found) return found;
        }
      }
    }
  }
  return null;
}

/** Every mapping key named `__proto__`, `constructor` or `prototype` (iterative walk). */
export function forbiddenKeys(src: YamlSource): { offset: number; key: string; path: string }[] {
  const out: { offset: number; key: string; path: string }[] = [];
  const stack: { node: unknown; path: string }[] = [{ node: src.doc.contents, path: '' }];
  let visited = 0;
  while (stack.length > 0 && visited < 1_000_000) {
    const { node, path } = stack.pop()!;
    visited++;
    if (isMap(node)) {
      for (const p of node.items) {
        const key: unknown = isScalar(p.key) ? p.key.value : p.key;
        const sub = childPath(path, typeof key === 'object' ? '?' : key);
        if (typeof key === 'string' && FORBIDDEN_KEYS.includes(key))
          out.push({ offset: rangeStart(p.key) ?? 0, key, path: sub });
        stack.push({ node: p.key, path }, { node: p.value, path: sub });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: `${path}[${i}]` }));
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** A value to set at a key path before validation. */
export interface PathOverride {
  readonly path: KeyPath;
  /** Already-parsed YAML value. */
  readonly value: unknown;
}

/**
 * Applies overrides in order. Returns the problems (a path through a scalar, a list index
 * past the end, a forbidden key) and, per override, the part of the document it created
 * or replaced: problems found under that path later belong to the override.
 */
export function applyOverrides(
  src: YamlSource,
  overrides: readonly PathOverride[],
): { problems: PathProblem[]; owned: KeyPath[] } {
  const problems: PathProblem[] = [];
  const owned: KeyPath[] = [];
  for (const o of overrides) {
    const fail = (message: string) =>
      problems.push({
        path: o.path,
        message: `cannot set ` + `${quote(formatPath(o.path))}: ${message}`,
        severity: 'error',
      });
    owned.push(o.path);
    const bad = o.path.find((seg) => typeof seg === 'string' && FORBIDDEN_KEYS.includes(seg));
    if (bad !== undefined) {
      fail(`the key ${quote(String(bad))} is not allowed`);
      continue;
    }
    let blocker = scalarOnPath(src, o.path);
    // An empty value (`topology:` with nothing after it) becomes a mapping to set into.
    for (let guard = 0; blocker !== null && blocker.empty && guard < o.path.length; guard++) {
      src.doc.setIn(o.path.slice(0, blocker.index), src.doc.createNode({}));
      blocker = scalarOnPath(src, o.path);
    }
    if (blocker !== null) {
      fail(`${quote(formatPath(o.path.slice(0, blocker.index)) || '(root)')} is not a mapping or list`);
      continue;
    }
    const walk = existingPrefix(src, o.path);
    if (walk.error !== null) {
      fail(walk.error);
      continue;
    }
    owned[owned.length - 1] = o.path.slice(0, Math.min(o.path.length, walk.depth + 1));
    try {
      if (src.doc.contents === null) src.doc.contents = src.doc.createNode({}) as never;
      src.doc.setIn(o.path, src.doc.createNode(o.value));
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  }
  return { problems, owned };
}

/** How many leading segments of `path` exist; an error for list indices that would leave holes. */
function existingPrefix(src: YamlSource, path: KeyPath): { depth: number; error: string | null } {
  let node: unknown = src.doc.contents;
  for (let i = 0; i < path.length; i++) {
    node = deref(src, node);
    const seg = path[i];
    const here = quote(formatPath(path.slice(0, i)) || '(root)');
    if (isSeq(node)) {
      if (typeof seg !== 'number') return { depth: i, error: `${here} is a list; use an index such as [0]` };
      if (seg > node.items.length)
        return {
          depth: i,
          error:
            `index ${seg} is past the end of ` +
            `${here} (${node.items.length} item(s)); the next is [${node.items.length}]`,
        };
      if (seg === node.items.length) return { depth: i, error: null };
      node = node.items[seg];
    } else if (isMap(node)) {
      const pair = findPair(src, node.items, String(seg));
      if (!pair) return { depth: i, error: newListError(path, i) };
      node = pair.value;
    } else {
      return { depth: i, error: newListError(path, i) };
    }
  }
  return { depth: path.length, error: null };
}

/** From `path[from]` on nothing exists yet: new lists can only start at index 0. */
function newListError(path: KeyPath, from: number): string | null {
  for (let j = from; j < path.length; j++) {
    const seg = path[j];
    if (typeof seg === 'number' && seg !== 0) {
      return `${quote(formatPath(path.slice(0, j)) || '(root)')} does not exist yet; a new list starts at [0]`;
    }
  }
  return null;
}

/** The first proper prefix of `path` (its length) that holds a scalar, or null. */
function scalarOnPath(src: YamlSource, path: KeyPath): { index: number; empty: boolean } | null {
  let node: unknown = src.doc.contents;
  for (let i = 0; i < path.length; i++) {
    node = deref(src, node);
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return { index: i, empty: node.value === null && i > 0 };
    const seg = path[i];
    if (isMap(node)) node = findPair(src, node.items, String(seg))?.value;
    else if (isSeq(node)) node = typeof seg === 'number' ? node.items[seg] : undefined;
    else return { index: i, empty: false };
  }
  return null;
}

/**
 * The document as plain data; null with a message (and where) when an alias names no
 * anchor or aliases expand too much.
 */
export function toData(src: YamlSource): { data: unknown; error: string | null; offset: number } {
  const aliases = aliasOffsets(src);
  if (aliases.length > MAX_ALIAS_COUNT) {
    return {
      data: null,
      error:
        `too many aliases (at most ${MAX_ALIAS_COUNT}; this is alias ` +
        `${MAX_ALIAS_COUNT + 1} of ${aliases.length}): the file looks like an alias bomb`,
      offset: aliases[MAX_ALIAS_COUNT]!,
    };
  }
  const undefinedAlias = firstUndefinedAlias(src);
  if (undefinedAlias !== null) {
    return {
      data: null,
      error:
        `unknown alias ${quote(`*${truncate(undefinedAlias.name, 60)}`)}: ` +
        `no anchor "&${truncate(undefinedAlias.name, 60)}" before it`,
      offset: undefinedAlias.offset,
    };
  }
  try {
    // At most MAX_ALIAS_COUNT aliases are counted above; this bounds what they expand to.
    return { data: src.doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }), error: null, offset: 0 };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/excessive alias count/i.test(msg)) {
      // Few aliases, each expanding to much: placed at the last alias (the one that grows the document most).
      return {
        data: null,
        error:
          `aliases expand to too much (an alias of an anchor that itself ` +
          `holds aliases, past ${MAX_ALIAS_EXPANSION} expanded nodes): the file looks like an alias bomb`,
        offset: aliases[aliases.length - 1] ?? 0,
      };
    }
    return { data: null, error: `cannot read the YAML document: ${truncate(msg)}`, offset: 0 };
  }
}

/** The offsets of every alias (`*name`) in document order. */
function aliasOffsets(src: YamlSource): number[] {
  const out: number[] = [];
  visit(src.doc, {
    Alias(_key, node) {
      out.push(rangeStart(node) ?? 0);
    },
  });
  return out.sort((a, b) => a - b);
}

/** The first alias (`*name`) whose anchor is not defined before it, or null. */
function firstUndefinedAlias(src: YamlSource): { name: string; offset: number } | null {
  let found: { name: string; offset: number } | null = null;
  visit(src.doc, {
    Alias(_key, node) {
      if (node.resolve(src.doc) !== undefined) return undefined;
      found = { name: node.source, offset: rangeStart(node) ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}

/** Root node kind for messages. */
export function rootNode(src: YamlSource): Node | null {
  return (src.doc.contents as Node | null) ?? null;
}
