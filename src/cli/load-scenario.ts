/**
 * Reading scenario files for the commands: file I/O, command-line overrides (`--set`,
 * `--seed`, `--replications`, `--horizon`, `--slo`), warnings to stderr, and every
 * problem of a bad file as one InputError (exit 2, no stack trace).
 */
import { writeStderr } from './output.ts';
import { terminalColumns } from './columns.ts';
import { wrapLines } from '../units/fit.ts';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './errors.ts';
import { resolveScenarioPath } from './bundled.ts';
import { loadScenarioText, type LoadOptions, type LoadedScenario, type Override } from '../scenario/load.ts';
import { formatProblem, type Problem, type Result } from '../scenario/problems.ts';
import { MAX_FILE_BYTES } from '../scenario/yaml-source.ts';
import type { Scenario } from '../scenario/types.ts';

/** Override flags as commander hands them over (all optional, strings as typed). */
export interface CliOverrides {
  readonly seed?: string | number;
  readonly replications?: string | number;
  readonly horizon?: string;
  /** `--slo SLI=TARGET`, repeatable: `api=99.95%`. */
  readonly slo?: readonly string[];
  /** `--set PATH=VALUE`, repeatable, one value each (sweep splits `V1,V2` first). */
  readonly set?: readonly string[];
}

/** Turns override flags into LoadOptions; malformed flags (no `=`) are an InputError. */
export function parseCliOverrides(c: CliOverrides = {}): LoadOptions {
  const overrides: Override[] = (c.set ?? []).map((s) => {
    const { path, value } = splitAssignment(s, '--set', 'PATH=VALUE, e.g. topology.zones=3');
    return { path, value };
  });
  const slo: Record<string, string> = {};
  for (const s of c.slo ?? []) {
    const { path, value } = splitAssignment(s, '--slo', 'SLI=TARGET, e.g. api=99.95%');
    slo[path] = value;
  }
  return {
    overrides,
    ...(c.seed !== undefined ? { seed: c.seed } : {}),
    ...(c.replications !== undefined ? { replications: c.replications } : {}),
    ...(c.horizon !== undefined ? { horizon: c.horizon } : {}),
    ...(Object.keys(slo).length > 0 ? { slo } : {}),
  };
}

function splitAssignment(text: string, flag: string, expected: string): { path: string; value: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError(`${flag} ${JSON.stringify(text)}: expected ${expected}`);
  return { path: text.slice(0, eq).trim(), value: text.slice(eq + 1).trim() };
}

/**
 * `--set PATH=V1,V2,...` for sweeps: the path and its values, split on commas that are
 * not inside brackets, braces or quotes (so `topology.zones=[a,b],[a,b,c]` is two values).
 */
export function parseSetFlag(text: string): { path: string; values: string[] } {
  const { path, value } = splitAssignment(text, '--set', 'PATH=V1,V2, e.g. topology.controlPlane.count=3,5');
  const values: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const ch of value) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      values.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  values.push(cur.trim());
  return { path, values };
}

/**
 * Reads and loads a file, or a bundled scenario by name when no such file exists
 * (src/cli/bundled.ts); read failures are problems too. Never throws on input.
 */
export function loadScenarioResult(file: string, options: LoadOptions = {}): Result<LoadedScenario> {
  const path = resolveScenarioPath(file);
  const read = readCapped(path, MAX_FILE_BYTES);
  if (!read.ok) {
    const message =
      read.message === 'no such file' && path === file && !/[\\/]/.test(file)
        ? 'no such file, nor a bundled ' + 'scenario of that name (k8s-ha-sim list shows them)'
        : read.message;
    return readProblem(file, message, read.line, read.col);
  }
  return loadScenarioText(read.text, path, options);
}

/**
 * Reads at most `maxBytes` (+1, to notice more) from any path: a regular file, a pipe,
 * `/dev/stdin` or `/dev/zero`. The size from stat is not trusted (devices and pipes
 * report 0), so the cap is on the bytes actually read.
 */
export function readCapped(
  file: string,
  maxBytes: number,
): { ok: true; text: string } | { ok: false; message: string; line?: number; col?: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return { ok: false, message: readFailure(e) };
  }
  try {
    if (fstatSync(fd).isDirectory()) return { ok: false, message: 'is a directory, not a scenario file' };
    const buf = Buffer.alloc(maxBytes + 1);
    let len = 0;
    while (len < buf.length) {
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    if (len > maxBytes)
      return { ok: false, message: `the input is larger than ${maxBytes / 1024} KiB; a scenario is a few KiB at most` };
    const bytes = buf.subarray(0, len);
    const bad = firstInvalidUtf8(bytes);
    if (bad !== null) {
      const before = bytes.subarray(0, bad).toString('utf8');
      const lastBreak = before.lastIndexOf('\n');
      return {
        ok: false,
        message:
          `invalid UTF-8 (byte ` +
          `0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad}): a scenario file is UTF-8 text, ` +
          `notes and x- keys included`,
        line: before.split('\n').length,
        col: before.length - lastBreak,
      };
    }
    return { ok: true, text: bytes.toString('utf8') };
  } catch (e) {
    return { ok: false, message: readFailure(e) };
  } finally {
    closeSync(fd);
  }
}

/** The byte offset of the first invalid UTF-8 sequence in `b`, or null (binary search on prefixes). */
export function firstInvalidUtf8(b: Uint8Array): number | null {
  const invalid = (n: number, stream: boolean): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, n), { stream });
      return false;
    } catch {
      return true;
    }
  };
  if (!invalid(b.length, false)) return null;
  // A prefix read as a stream fails only on a bad byte, not on a character cut at its end.
  if (!invalid(b.length, true)) return Math.max(0, b.length - 1);
  let lo = 1;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (invalid(mid, true)) hi = mid;
    else lo = mid + 1;
  }
  // The decoder fails on the byte after a bad lead byte: point at the sequence's start.
  const at = lo - 1;
  for (let j = at; j >= Math.max(0, at - 3); j--) if (b[j]! >= 0xc0) return j;
  return at;
}

function readFailure(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a scenario file';
  return `cannot read the file: ${e instanceof Error ? e.message : String(e)}`;
}

function readProblem(file: string, message: string, line = 1, col = 1): Result<LoadedScenario> {
  return { ok: false, errors: [{ file, line, col, path: '', message, severity: 'error' }] };
}

/** Every problem, one `file:line:col key.path: message` line each. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join('\n');
}

/**
 * Loads a scenario for a command: warnings go to stderr (unless `quiet`), problems become
 * one InputError listing all of them.
 */
export function loadScenarioForCli(
  file: string,
  overrides: CliOverrides | LoadOptions = {},
  options: { readonly quiet?: boolean } = {},
): Scenario {
  const loadOptions = isLoadOptions(overrides) ? overrides : parseCliOverrides(overrides);
  const r = loadScenarioResult(file, loadOptions);
  if (!r.ok) throw new InputError(formatProblems(r.errors));
  if (!options.quiet && r.value.warnings.length > 0) {
    // On a terminal, wrapped to its width; into a pipe or log, one warning per line (grep-able).
    const text = formatProblems(r.value.warnings);
    writeStderr(`${process.stderr.isTTY === true ? wrapLines(text, terminalColumns(process.stderr)) : text}\n`);
  }
  return r.value.scenario;
}

function isLoadOptions(o: CliOverrides | LoadOptions): o is LoadOptions {
  return 'overrides' in o || (typeof (o as LoadOptions).slo === 'object' && !Array.isArray((o as LoadOptions).slo));
}
