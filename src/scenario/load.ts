/**
 * YAML text -> a validated, fully resolved Scenario, or every problem found, each with
 * file, line, column and key path. Order: size limit, YAML syntax, command-line
 * overrides, dangerous keys, alias expansion, shape (schema.ts), then cross-field checks
 * and resolution (resolve*.ts). Never throws on input.
 */
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Scenario } from './types.ts';
import { describeValue, formatPath, type KeyPath, type PathProblem, type Problem, type Result } from './problems.ts';
import { scenarioFileSchema } from './schema.ts';
import { issuesToProblems, scenarioErrorMap, type KeyProblem } from './zod-issues.ts';
import { resolveScenario } from './resolve.ts';
import { withProfile } from './profiles.ts';
import { applyUncertain, type UncertainInput } from './uncertain.ts';
import {
  MAX_FILE_BYTES,
  applyOverrides,
  forbiddenKeys,
  linePos,
  offsetOf,
  parseYaml,
  toData,
  type PathOverride,
  type YamlSource,
} from './yaml-source.ts';

/** `--set PATH=VALUE`: a key path (`topology.controlPlane.count`, `faults[0].at`) and a YAML value. */
export interface Override {
  readonly path: string;
  /** Parsed as YAML: `5` is a number, `external` a string, `[a, b]` a list. */
  readonly value: string;
  /** Where it came from, used as the problem's file (default `--set`). */
  readonly source?: string;
}

/** Changes applied to the document before validation (command-line flags). */
export interface LoadOptions {
  /** Applied in order. */
  readonly overrides?: readonly Override[];
  /** `simulation.seed` (a number, or a string parsed as YAML). */
  readonly seed?: number | string;
  /** `simulation.replications`. */
  readonly replications?: number | string;
  /** `simulation.horizon`, a duration string such as `30d`. */
  readonly horizon?: string;
  /** `slo.<sli>` targets, e.g. `{ api: "99.95%" }`; replaces the file's `slo` entries it names. */
  readonly slo?: Readonly<Record<string, string | number>>;
  /** Values of uncertain inputs by key path (ms, fraction or number); others take their median. */
  readonly inputs?: Readonly<Record<string, number>>;
}

/** A valid scenario and the warnings it earned. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly warnings: readonly Problem[];
  /** The uncertain inputs of the file and its profile (src/scenario/uncertain.ts), in file order. */
  readonly uncertain: readonly UncertainInput[];
}

/** At most this many problems are reported (the rest are counted). */
export const MAX_PROBLEMS = 100;

interface Origin {
  readonly path: KeyPath;
  readonly file: string;
  readonly col: number;
}

/** Loads a scenario from YAML text; `file` names it in problems and in `Scenario.file`. */
export function loadScenarioText(
  text: string,
  file: string,
  options: LoadOptions = {},
  onData?: (raw: unknown, locate: (ps: readonly PathProblem[]) => Problem[]) => void,
): Result<LoadedScenario> {
  if (text.length > MAX_FILE_BYTES || new TextEncoder().encode(text).length > MAX_FILE_BYTES) {
    return fail([
      at(file, 1, 1, '', `the file is larger than ${MAX_FILE_BYTES / 1024} KiB; a scenario is a few KiB at most`),
    ]);
  }
  const parsed = parseYaml(text);
  const src = parsed.source;
  if (!src || parsed.problems.length > 0) {
    return fail(
      parsed.problems.map((p) => {
        const pos = src ? linePos(src, p.offset) : { line: 1, col: 1 };
        return at(file, pos.line, pos.col, p.path ?? '', p.message);
      }),
    );
  }
  if (src.doc.contents === null && (options.overrides ?? []).length === 0) {
    return fail([at(file, 1, 1, '', 'the file is empty; expected a mapping with name, topology, ...')]);
  }
  const root = src.doc.contents;
  if (root !== null && !isMap(root)) {
    // The file's fault, not that of a --set or --replications that could not be applied to it.
    const pos = linePos(src, root.range?.[0] ?? 0);
    const rootData = toData(src);
    const found = rootData.error === null ? describeValue(rootData.data) : isSeq(root) ? 'a list' : 'a single value';
    return fail([at(file, pos.line, pos.col, '', `expected a mapping, found ${found}`)]);
  }
  const { overrides, origins, problems: overrideProblems } = collectOverrides(options);
  const locate = (ps: readonly PathProblem[]) => ps.map((p) => locateProblem(src, file, origins, p));
  const applied = applyOverrides(src, overrides);
  // Problems under what an override created or replaced are reported at the flag.
  applied.owned.forEach((path, i) => {
    const o = origins[i];
    if (o) origins[i] = { ...o, path };
  });
  const early = [...overrideProblems, ...locate(applied.problems)];
  for (const k of forbiddenKeys(src)) {
    const pos = linePos(src, k.offset);
    early.push(at(file, pos.line, pos.col, k.path, `the key ${JSON.stringify(k.key)} is not allowed`));
  }
  if (early.length > 0) return fail(early);
  const data = toData(src);
  if (data.error !== null) {
    const pos = linePos(src, data.offset);
    return fail([at(file, pos.line, pos.col, '', data.error)]);
  }
  const raw = withProfile(withoutExtensions(data.data));
  onData?.(raw, locate);
  return validateData(raw, file, options.inputs, locate);
}

/** A file read once and loaded again per set of uncertain-input values (the study of src/uncertainty). */
export interface ScenarioLoader {
  /** The file loaded with every input at its median (what a plain run uses). */
  readonly central: LoadedScenario;
  /** Loads the file with `inputs` (by key path; the rest at their medians), without reading the YAML again. */
  load(inputs: Readonly<Record<string, number>>): Result<LoadedScenario>;
}

/** Reads `text` once for many loads with different uncertain-input values. */
export function scenarioLoader(text: string, file: string, options: LoadOptions = {}): Result<ScenarioLoader> {
  let raw: unknown = null;
  let where: ((ps: readonly PathProblem[]) => Problem[]) | null = null;
  const central = loadScenarioText(text, file, options, (r, l) => {
    raw = r;
    where = l;
  });
  if (!central.ok) return central;
  const locate =
    where ?? ((ps: readonly PathProblem[]) => ps.map((p) => at(file, 1, 1, formatPath(p.path), p.message)));
  return { ok: true, value: { central: central.value, load: (inputs) => validateData(raw, file, inputs, locate) } };
}

/** Uncertain inputs, shape, then resolution, of data after overrides and the profile. */
function validateData(
  raw: unknown,
  file: string,
  inputs: Readonly<Record<string, number>> | undefined,
  locate: (ps: readonly PathProblem[]) => Problem[],
): Result<LoadedScenario> {
  const pass = applyUncertain(raw, inputs);
  if (pass.problems.length > 0) return fail(locate(pass.problems));
  const shape = scenarioFileSchema.safeParse(pass.data, { error: scenarioErrorMap as never });
  if (!shape.success) return fail(locate(issuesToProblems(shape.error.issues)));
  const problems: PathProblem[] = [];
  let scenario: Scenario | null = null;
  try {
    scenario = resolveScenario(shape.data, file, problems);
  } catch (e) {
    // A bug, but the user still gets a message with a position rather than a stack trace.
    problems.push({
      path: [],
      message: `internal error while resolving: ` + `${e instanceof Error ? e.message : String(e)}`,
      severity: 'error',
    });
  }
  const located = locate(problems);
  const errors = located.filter((p) => p.severity === 'error');
  if (!scenario || errors.length > 0) return fail(errors.length > 0 ? errors : located);
  return { ok: true, value: { scenario, warnings: sortProblems(located), uncertain: pass.inputs } };
}

/** Top-level keys starting with `x-` are free for the user (e.g. to hold YAML anchors); they are dropped. */
export const EXTENSION_PREFIX = 'x-';

function withoutExtensions(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith(EXTENSION_PREFIX)));
}

function at(file: string, line: number, col: number, path: string, message: string): Problem {
  return { file, line, col, path, message, severity: 'error' };
}

function fail(problems: readonly Problem[]): Result<LoadedScenario> {
  // One value can break two rules with the same message (an integer that is also too big).
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const k = `${p.file}:${p.line}:${p.col}:${p.path}:${p.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  const sorted = sortProblems(unique);
  if (sorted.length <= MAX_PROBLEMS) return { ok: false, errors: sorted };
  const first = sorted[0] as Problem;
  const more = at(first.file, first.line, first.col, '', `... and ${sorted.length - MAX_PROBLEMS} more problems`);
  return { ok: false, errors: [...sorted.slice(0, MAX_PROBLEMS), more] };
}

function sortProblems(ps: readonly Problem[]): Problem[] {
  return ps
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.p.col - b.p.col || a.i - b.i)
    .map((x) => x.p);
}

function locateProblem(src: YamlSource, file: string, origins: readonly Origin[], p: PathProblem): Problem {
  const base = { path: formatPath(p.path), message: p.message, severity: p.severity };
  let origin: Origin | null = null;
  for (const o of origins) {
    if (o.path.length <= p.path.length && o.path.every((s, i) => String(s) === String(p.path[i]))) {
      if (!origin || o.path.length >= origin.path.length) origin = o;
    }
  }
  const atKey = (p as Partial<KeyProblem>).at === 'key';
  // An override's key starts at column 1 of the flag's value, its value after the `=`.
  if (origin) return { file: origin.file, line: 1, col: atKey ? 1 : origin.col, ...base };
  const pos = linePos(src, offsetOf(src, p.path, atKey ? 'key' : 'value'));
  return { file, line: pos.line, col: pos.col, ...base };
}

/** Parses `a.b[2].c` (or `a.b.2.c`) into segments; null when malformed. */
export function parseKeyPath(text: string): KeyPath | null {
  if (text.length === 0 || text.length > 200) return null;
  const out: (string | number)[] = [];
  for (const part of text.split('.')) {
    const m = /^([A-Za-z_@-][A-Za-z0-9_@-]*)?((\[[0-9]+\])*)$/.exec(part);
    if (m && (m[1] !== undefined || m[2] !== '')) {
      if (m[1] !== undefined) out.push(m[1]);
      for (const idx of (m[2] ?? '').matchAll(/\[([0-9]+)\]/g)) out.push(Number(idx[1]));
    } else if (/^[0-9]+$/.test(part) && out.length > 0) {
      out.push(Number(part));
    } else {
      return null;
    }
  }
  return out;
}

function parseValue(text: string): { value: unknown } | { error: string } {
  try {
    const doc = parseDocument(text, { version: '1.2' });
    if (doc.errors.length > 0)
      return { error: lowerFirst((doc.errors[0]?.message ?? 'invalid').split('\n')[0] ?? 'invalid') };
    return { value: doc.toJS({ maxAliasCount: 0 }) };
  } catch (e) {
    return { error: lowerFirst(e instanceof Error ? e.message : String(e)) };
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function collectOverrides(options: LoadOptions): { overrides: PathOverride[]; origins: Origin[]; problems: Problem[] } {
  const overrides: PathOverride[] = [];
  const origins: Origin[] = [];
  const problems: Problem[] = [];
  const add = (source: string, pathText: string, raw: unknown, col: number) => {
    const path = parseKeyPath(pathText);
    if (!path) {
      problems.push(
        at(
          source,
          1,
          1,
          pathText,
          `invalid key path ${JSON.stringify(pathText)}: ` +
            `expected keys separated by dots, such as topology.controlPlane.count or faults[0].at`,
        ),
      );
      return;
    }
    let value = raw;
    if (typeof raw === 'string') {
      const v = parseValue(raw);
      if ('error' in v) {
        problems.push(
          at(source, 1, col, formatPath(path), `cannot parse the value ${JSON.stringify(raw)}: ${v.error}`),
        );
        return;
      }
      value = v.value;
    }
    overrides.push({ path, value });
    origins.push({ path, file: source, col });
  };
  for (const o of options.overrides ?? []) add(o.source ?? '--set', o.path, o.value, o.path.length + 2);
  if (options.seed !== undefined) add('--seed', 'simulation.seed', options.seed, 1);
  if (options.replications !== undefined) add('--replications', 'simulation.replications', options.replications, 1);
  if (options.horizon !== undefined) add('--horizon', 'simulation.horizon', options.horizon, 1);
  for (const [sli, target] of Object.entries(options.slo ?? {})) {
    // A percentage stays a string; "0.999" becomes a number.
    add(
      '--slo',
      `slo.${sli}`,
      typeof target === 'string' && target.endsWith('%') ? `"${target}"` : target,
      sli.length + 2,
    );
  }
  return { overrides, origins, problems };
}
