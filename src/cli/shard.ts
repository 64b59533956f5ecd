/**
 * Sharded runs (`run`/`check`/`sweep --shard I/N`) and their merge. A shard runs the
 * contiguous block of replications `shardRange` gives it and writes a partial result:
 * the resolved scenarios, their identity (hash, seed, replications, horizon), the raw
 * ChunkResults in replication order (encoded field by field by the generic codec) and,
 * for a sweep, the variant plan. `merge` checks the set of partials, replays every chunk
 * in replication order through the accumulator an unsharded run uses, and renders the
 * same report: byte-identical to the unsharded run but for wall-clock fields.
 */
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chunkProblems } from '../montecarlo/chunk-check.ts';
import { windowsPerReplication } from '../montecarlo/chunk.ts';
import { ScenarioAccumulator } from '../montecarlo/aggregate.ts';
import type { ChunkResult } from '../montecarlo/chunk.ts';
import { decodeValue, encodeValue, type Encoded } from '../montecarlo/codec.ts';
import { DEFAULT_WINDOW_MS } from '../montecarlo/chunk.ts';
import { accumulatorConfig, assembleResult, runMonteCarloShard, shardRange, type MonteCarloResult, type Shard } from '../montecarlo/run.ts';
import { scenarioHash } from '../report/json.ts';
import type { FailureClass, Scenario } from '../scenario/types.ts';
import type { PlannedVariant } from '../sweep/build.ts';
import type { CostWeights } from '../sweep/cost.ts';
import type { SweepAxis } from '../sweep/grid.ts';
import { InputError } from './errors.ts';
import { packageVersion } from './main.ts';
import { writeOutput } from './output.ts';
import { ProgressBar } from './progress.ts';
import { effectiveWorkers, type SimulateOptions } from './simulate.ts';

/** The `format` tag of a partial result file. */
export const PARTIAL_FORMAT = 'k8s-ha-sim/partial';
/** Bumped when the partial layout changes; merge refuses other versions. */
export const PARTIAL_FORMAT_VERSION = 2;

/** The command a partial came from (merge renders what that command renders). */
export type ShardCommand = 'run' | 'check' | 'sweep';

/** What must be equal in every shard of one run. */
export interface ShardIdentity {
  readonly name: string;
  readonly hash: string;
  readonly seed: number;
  readonly replications: number;
  readonly horizonMs: number;
}

/**
 * The run flags that change a shard's figures or their verdicts, recorded in every
 * partial so the merge aggregates and judges exactly as the unsharded run would:
 * `--window` (chunks count window breaches), `--importance` (chunks run biased),
 * `--estimator` (the accumulator's estimator) and `check --max-breach-risk`.
 */
export interface ShardSettings {
  readonly windowMs: number;
  readonly importance: { readonly [C in FailureClass]?: number } | null;
  readonly estimator: 'auto' | 'crude';
  readonly maxBreachRisk: number | null;
}

/** The settings of a run with `options`. */
export function shardSettings(options: SimulateOptions): ShardSettings {
  return {
    windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
    importance: options.importance ?? null,
    estimator: options.estimator ?? 'auto',
    maxBreachRisk: options.maxBreachRisk ?? null,
  };
}

/** A sweep's plan, carried so the merge can rebuild the sweep report. */
export interface SweepPlan {
  readonly base: { readonly name: string; readonly file: string };
  readonly axes: readonly SweepAxis[];
  readonly planned: readonly PlannedVariant[];
  /** `--cost` weights (null without), so the merge prices the variants the same way. */
  readonly weights: CostWeights | null;
}

/** A decoded partial result. */
export interface PartialResult {
  readonly format: typeof PARTIAL_FORMAT;
  readonly formatVersion: number;
  readonly generator: string;
  readonly command: ShardCommand;
  readonly shard: Shard;
  readonly identity: readonly ShardIdentity[];
  readonly sweep: SweepPlan | null;
  /** `--window`, `--importance`, `--estimator`, `--max-breach-risk` of the shard's run. */
  readonly settings: ShardSettings;
  /** Per scenario, the replay command arguments the report prints. */
  readonly replays: readonly (readonly string[])[];
  readonly scenarios: readonly Scenario[];
  readonly parts: readonly { readonly from: number; readonly to: number; readonly wallSeconds: number; readonly chunks: readonly ChunkResult[] }[];
}

/**
 * Parses `--shard I/N` (0 ≤ I < N), or `--shard N` / `--shard /N`, whose index then comes from
 * $JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job).
 */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^(?:(\d*)\/)?(\d+)$/.exec(text.trim());
  const bad = (why: string): InputError => new InputError(`--shard ${JSON.stringify(text)}: ${why}`);
  if (m === null) throw bad('expected I/N, e.g. 0/4, or N with the index in $JOB_COMPLETION_INDEX');
  const count = Number(m[2]);
  if (count < 1 || count > 100_000) throw bad('the shard count N must be from 1 to 100000');
  let indexText = m[1];
  if (indexText === undefined || indexText === '') {
    indexText = env.JOB_COMPLETION_INDEX;
    if (indexText === undefined || !/^\d+$/.test(indexText)) {
      throw bad(`no shard index: give I/N, or set JOB_COMPLETION_INDEX (now ${JSON.stringify(indexText ?? null)})`);
    }
  }
  const index = Number(indexText);
  if (index >= count) throw bad(`shard index ${index} is not below the shard count ${count}`);
  return { index, count };
}

/** The file name of shard I of N inside `--out DIR`. */
export function partialFileName(shard: Shard): string {
  const w = String(shard.count - 1).length;
  return `shard-${String(shard.index).padStart(w, '0')}-of-${shard.count}.json`;
}

/** Flags that select where a partial goes. */
export interface PartialTargets {
  /** `--key FILE`: sign the partial with HMAC-SHA256 (also K8S_HA_SIM_SHARD_KEY). */
  readonly key?: string;
  readonly out?: string;
  readonly json?: string;
  readonly md?: string;
  readonly html?: string;
  readonly junit?: string;
}

/** Refuses what a shard cannot do: reports (they need every shard) and sequential stopping. */
export function checkShardFlags(flags: PartialTargets, options: SimulateOptions): void {
  for (const [flag, v] of [['--md', flags.md], ['--html', flags.html], ['--junit', flags.junit]] as const) {
    if (v !== undefined) throw new InputError(`${flag} with --shard: a shard writes a partial result, not a report; give ${flag} to \`k8s-ha-sim merge\``);
  }
  if (options.precisionMinutes !== undefined) {
    throw new InputError(
      '--precision with --shard: sequential stopping decides after each batch from every replication so far, which no single shard sees; ' +
        'shard a fixed count instead (--replications N, e.g. the count an unsharded --precision pilot run reported)',
    );
  }
}

/** Runs this process's shard of `scenarios` and writes the partial result; returns what it wrote. */
export async function runShard(
  command: ShardCommand,
  scenarios: readonly Scenario[],
  shard: Shard,
  options: SimulateOptions,
  flags: PartialTargets,
  extra: { readonly replays: readonly (readonly string[])[]; readonly sweep: SweepPlan | null },
): Promise<string> {
  const bar = new ProgressBar(ProgressBar.wanted(options.progress, options.quiet ?? false));
  const settings = shardSettings(options);
  const parts = await runMonteCarloShard(scenarios, shard, {
    workers: effectiveWorkers(options.workers),
    windowMs: settings.windowMs,
    ...(settings.importance !== null ? { importance: settings.importance } : {}),
    estimator: settings.estimator,
    checkInvariants: options.checkInvariants ?? false,
    onProgress: (p) => bar.update(p),
    clock: () => performance.now() / 1000,
  });
  bar.done();
  const partial = {
    format: PARTIAL_FORMAT,
    formatVersion: PARTIAL_FORMAT_VERSION,
    generator: `k8s-ha-sim ${packageVersion()}`,
    command,
    shard,
    identity: scenarios.map(identityOf),
    sweep: extra.sweep,
    settings,
    replays: extra.replays,
    scenarios: encodeValue(scenarios),
    parts: parts.map((p) => ({ from: p.from, to: p.to, wallSeconds: p.wallSeconds, chunks: p.chunks.map((c) => encodeValue(c)) })),
  };
  // One line: `--json -` on a Kubernetes pod is one JSON line per shard in `kubectl logs`.
  const key = shardKey(flags.key);
  const text = `${key === null ? JSON.stringify(partial) : signPartial(JSON.stringify(partial), key)}\n`;
  const file = flags.json ?? (flags.out !== undefined ? join(flags.out, partialFileName(shard)) : '-');
  writeOutput(file, text);
  return file;
}

/** The identity of a scenario in a shard. */
export function identityOf(s: Scenario): ShardIdentity {
  return { name: s.name, hash: scenarioHash(s), seed: s.simulation.seed, replications: s.simulation.replications, horizonMs: s.simulation.horizonMs };
}

/**
 * Largest partial result (one JSON line) `merge` reads: 128 MiB. A shard of a 3-node plan
 * is about 0.8 KB per replication, so this is ~150,000 replications per shard; shard a
 * bigger run further. (A 535 MB line is past what one V8 string can hold.)
 */
export const MAX_PARTIAL_BYTES = 128 * 2 ** 20;
/** Largest `--key` file: a key is a few dozen bytes. */
export const MAX_KEY_BYTES = 64 * 1024;
/** The environment variable holding the shard key itself (instead of `--key FILE`). */
export const SHARD_KEY_ENV = 'K8S_HA_SIM_SHARD_KEY';
const MAC_PREFIX = 'hmac-sha256:';
const MAC_TAIL = /,"mac":"hmac-sha256:([0-9a-f]{64})"\}\s*$/;

/**
 * The shard key: the bytes of `--key FILE` (one trailing newline dropped), else the value of
 * $K8S_HA_SIM_SHARD_KEY, else null (partials unsigned, merge checks only the plain hashes).
 */
export function shardKey(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Buffer | null {
  let key: Buffer;
  if (file !== undefined) {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      throw new InputError(`--key ${JSON.stringify(file)}: cannot read: ${(err as { code?: string }).code ?? String(err)}`);
    }
    try {
      const buf = Buffer.alloc(MAX_KEY_BYTES + 1);
      let len = 0;
      for (let n = 1; n > 0 && len < buf.length; len += n) n = readSync(fd, buf, len, buf.length - len, null);
      if (len > MAX_KEY_BYTES) throw new InputError(`--key ${JSON.stringify(file)}: larger than ${MAX_KEY_BYTES / 1024} KiB; a key is a few dozen bytes`);
      key = buf.subarray(0, buf[len - 1] === 0x0a ? len - 1 : len);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`--key ${JSON.stringify(file)}: cannot read: ${(err as { code?: string }).code ?? String(err)}`);
    } finally {
      closeSync(fd);
    }
  } else {
    const v = env[SHARD_KEY_ENV];
    if (v === undefined || v === '') return null;
    key = Buffer.from(v, 'utf8');
  }
  if (key.length < 16) throw new InputError(`${file !== undefined ? `--key ${JSON.stringify(file)}` : `$${SHARD_KEY_ENV}`}: ${key.length} byte(s); use a key of at least 16 bytes (e.g. head -c 32 /dev/urandom | base64)`);
  return key;
}

function hmac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** `{...}` -> `{...,"mac":"hmac-sha256:HEX"}`, the MAC over the exact bytes of the unsigned line. */
export function signPartial(json: string, key: Buffer): string {
  return `${json.slice(0, -1)},"mac":"${MAC_PREFIX}${hmac(key, json)}"}`;
}

/** Checks a signed line against `key`; returns a problem or null. */
function verifyLine(line: string, key: Buffer): string | null {
  const m = MAC_TAIL.exec(line);
  if (m === null) return 'not signed (no "mac" at its end), but a shard key was given: refusing an unsigned partial';
  const body = `${line.slice(0, m.index)}}`;
  const want = Buffer.from(hmac(key, body), 'hex');
  return timingSafeEqual(want, Buffer.from(m[1]!, 'hex')) ? null : 'the HMAC does not match: the file was altered, or signed with another key';
}

/** The lines of `file` (or stdin for `-`) that start with `{`, each at most MAX_PARTIAL_BYTES; read in blocks. */
function jsonLines(file: string, problems: string[]): { l: string; n: number }[] {
  const out: { l: string; n: number }[] = [];
  let fd: number;
  try {
    fd = file === '-' ? 0 : openSync(file, 'r');
  } catch (err) {
    problems.push(`${file}: cannot read: ${(err as { code?: string }).code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err)}`);
    return out;
  }
  try {
    const block = Buffer.alloc(1 << 20);
    let parts: Buffer[] = [];
    let size = 0;
    let lineNo = 1;
    let tooLong = false;
    const endLine = (): void => {
      if (tooLong) problems.push(`${file}:${lineNo}: a partial result larger than ${MAX_PARTIAL_BYTES / 2 ** 20} MiB; split the run into more shards`);
      else {
        const l = Buffer.concat(parts, size).toString('utf8');
        if (l.trim().startsWith('{')) out.push({ l, n: lineNo });
      }
      parts = [];
      size = 0;
      tooLong = false;
      lineNo++;
    };
    for (;;) {
      const n = readSync(fd, block, 0, block.length, null);
      if (n === 0) break;
      let start = 0;
      for (let nl = block.indexOf(0x0a, 0); nl !== -1 && nl < n; nl = block.indexOf(0x0a, start)) {
        if (!tooLong) {
          parts.push(Buffer.from(block.subarray(start, nl)));
          size += nl - start;
          if (size > MAX_PARTIAL_BYTES) tooLong = true;
        }
        endLine();
        start = nl + 1;
      }
      if (start < n && !tooLong) {
        parts.push(Buffer.from(block.subarray(start, n)));
        size += n - start;
        if (size > MAX_PARTIAL_BYTES) {
          tooLong = true;
          parts = [];
        }
      }
    }
    if (size > 0 || tooLong) endLine();
  } catch (err) {
    problems.push(`${file}: cannot read: ${(err as { code?: string }).code === 'EISDIR' ? 'is a directory' : err instanceof Error ? err.message : String(err)}`);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  return out;
}

/**
 * Reads partial results: from files, or from a stream of JSON lines (e.g. `kubectl logs`).
 * With a key (`--key FILE` or $K8S_HA_SIM_SHARD_KEY) every partial must carry a matching
 * HMAC-SHA256; without one, signed and unsigned partials are read alike.
 */
export function readPartials(files: readonly string[], key: Buffer | null = null): { file: string; partial: PartialResult }[] {
  const out: { file: string; partial: PartialResult }[] = [];
  const problems: string[] = [];
  for (const file of files.flatMap(expandDirectory)) {
    // Lines that start with `{`: a file holds one partial, `kubectl logs` output one per line.
    const before = problems.length;
    const lines = jsonLines(file, problems);
    if (lines.length === 0 && problems.length === before) problems.push(`${file}: not a k8s-ha-sim partial result (no JSON object in it)`);
    for (const { l, n } of lines) {
      const where = lines.length > 1 ? `${file}:${n}` : file;
      const bad = key === null ? null : verifyLine(l, key);
      if (bad !== null) {
        problems.push(`${where}: ${bad}`);
        continue;
      }
      try {
        out.push({ file: where, partial: decodePartial(JSON.parse(l)) });
      } catch (err) {
        problems.push(`${where}: not a k8s-ha-sim partial result: ${err instanceof RangeError ? 'nested too deeply' : err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return out;
}

/** A directory stands for the `*.json` files in it (no shell glob needed in a pod). */
function expandDirectory(path: string): string[] {
  if (path === '-' || !existsSync(path) || !statSync(path).isDirectory()) return [path];
  const found = readdirSync(path).filter((f) => f.endsWith('.json')).sort();
  return found.length === 0 ? [`${path}/*.json`] : found.map((f) => join(path, f));
}

/** Checks the outer shape and decodes the encoded fields; throws a plain Error on junk. */
function decodePartial(raw: unknown): PartialResult {
  if (typeof raw !== 'object' || raw === null) throw new Error('expected a JSON object');
  const p = raw as Record<string, unknown>;
  if (p.format !== PARTIAL_FORMAT) throw new Error(`"format" is ${JSON.stringify(p.format)}, expected ${JSON.stringify(PARTIAL_FORMAT)}`);
  if (p.formatVersion !== PARTIAL_FORMAT_VERSION) {
    throw new Error(`format version ${JSON.stringify(p.formatVersion)}; this k8s-ha-sim reads version ${PARTIAL_FORMAT_VERSION} (written by ${JSON.stringify(p.generator)})`);
  }
  if (!Array.isArray(p.parts) || !Array.isArray(p.identity) || !Array.isArray(p.replays) || typeof p.shard !== 'object' || typeof p.settings !== 'object' || p.settings === null) {
    throw new Error('"parts", "identity", "replays", "shard" or "settings" missing');
  }
  const shape = shapeProblem(p);
  if (shape !== null) throw new Error(shape);
  const parts = (p.parts as Record<string, unknown>[]).map((x, i) => ({
    from: x.from as number,
    to: x.to as number,
    wallSeconds: x.wallSeconds as number,
    chunks: (x.chunks as unknown[]).map((c, j) => {
      if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new Error(`parts[${i}].chunks[${j}]: expected an object`);
      return decodeValue(c) as ChunkResult;
    }),
  }));
  const scenarios = decodeValue(p.scenarios);
  if (!Array.isArray(scenarios) || scenarios.some((s) => typeof s !== 'object' || s === null || typeof (s as { simulation?: unknown }).simulation !== 'object')) throw new Error('"scenarios": expected a list of scenarios');
  return { ...(p as unknown as PartialResult), scenarios: scenarios as Scenario[], parts };
}

const isCount = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= max;
const isFiniteIn = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;

/**
 * The outer schema of a partial: shard, identities, settings, parts and replays have their
 * types and ranges (whole counts, finite positive durations, a breach risk in [0, 1]).
 * The chunks are checked after decoding (`chunkProblems`). Returns the first problem.
 */
function shapeProblem(p: Record<string, unknown>): string | null {
  const shard = p.shard as Record<string, unknown>;
  if (!isCount(shard.count, 1, 100_000) || !isCount(shard.index, 0, shard.count - 1)) return `"shard": expected {index, count} with 0 <= index < count <= 100000, found ${JSON.stringify(p.shard)}`;
  if (p.command !== 'run' && p.command !== 'check' && p.command !== 'sweep') return `"command": expected run, check or sweep, found ${JSON.stringify(p.command)}`;
  if (typeof p.generator !== 'string') return '"generator": expected a string';
  const ids = p.identity as unknown[];
  for (const [i, x] of ids.entries()) {
    const id = x as Record<string, unknown>;
    if (typeof id !== 'object' || id === null || typeof id.name !== 'string' || typeof id.hash !== 'string' || !isCount(id.seed, 0, Number.MAX_SAFE_INTEGER) || !isCount(id.replications, 1, Number.MAX_SAFE_INTEGER) || !isFiniteIn(id.horizonMs, 1, Number.MAX_VALUE)) {
      return `"identity[${i}]": expected {name, hash, seed, replications, horizonMs} with whole, positive counts and a finite horizon`;
    }
  }
  const st = p.settings as Record<string, unknown>;
  if (!isFiniteIn(st.windowMs, 1, Number.MAX_VALUE)) return `"settings.windowMs": expected a finite positive duration, found ${JSON.stringify(st.windowMs ?? null)}`;
  if (st.estimator !== 'auto' && st.estimator !== 'crude') return `"settings.estimator": expected auto or crude, found ${JSON.stringify(st.estimator ?? null)}`;
  if (st.maxBreachRisk !== null && !isFiniteIn(st.maxBreachRisk, 0, 1)) return `"settings.maxBreachRisk": expected null or a share from 0 to 1, found ${JSON.stringify(st.maxBreachRisk ?? null)}`;
  if (st.importance !== null) {
    if (typeof st.importance !== 'object' || Array.isArray(st.importance)) return '"settings.importance": expected null or {class: factor}';
    for (const [k, v] of Object.entries(st.importance as object)) if (!isFiniteIn(v, Number.MIN_VALUE, 1e6)) return `"settings.importance.${k}": expected a finite positive factor, found ${JSON.stringify(v)}`;
  }
  for (const [i, x] of (p.parts as unknown[]).entries()) {
    const part = x as Record<string, unknown>;
    if (typeof part !== 'object' || part === null || !isCount(part.from, 0, Number.MAX_SAFE_INTEGER) || !isCount(part.to, 0, Number.MAX_SAFE_INTEGER) || !isFiniteIn(part.wallSeconds, 0, Number.MAX_VALUE) || !Array.isArray(part.chunks)) {
      return `"parts[${i}]": expected {from, to, wallSeconds, chunks} with whole replication numbers and a finite time`;
    }
  }
  if (!(p.replays as unknown[]).every((r) => Array.isArray(r) && r.every((w) => typeof w === 'string'))) return '"replays": expected lists of strings';
  return null;
}

/** Every reason the set of partials is not one complete run; empty when it is. */
export function partialProblems(list: readonly { file: string; partial: PartialResult }[]): string[] {
  if (list.length === 0) return ['merge: no partial results given'];
  const problems: string[] = [];
  const [ref, ...rest] = list;
  const r = ref!.partial;
  for (const { file, partial: p } of rest) {
    const differs = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${file}: foreign shard: ${what} is ${JSON.stringify(a)}, but ${ref!.file} has ${JSON.stringify(b)}`);
    };
    differs('the k8s-ha-sim version', p.generator, r.generator);
    differs('the command', p.command, r.command);
    differs('the shard count', p.shard.count, r.shard.count);
    differs('the scenario list', p.identity.map((s) => s.name), r.identity.map((s) => s.name));
    p.identity.forEach((s, i) => {
      const o = r.identity[i];
      if (o === undefined || s.name !== o.name) return;
      differs(`scenario ${s.name}'s hash`, s.hash, o.hash);
      differs(`scenario ${s.name}'s seed`, s.seed, o.seed);
      differs(`scenario ${s.name}'s replication count`, s.replications, o.replications);
      differs(`scenario ${s.name}'s horizon (ms)`, s.horizonMs, o.horizonMs);
    });
    differs('the sweep plan', p.sweep, r.sweep);
    differs('the run settings (--window, --importance, --estimator, --max-breach-risk)', p.settings, r.settings);
    differs('the replay commands', p.replays, r.replays);
  }
  for (const { file, partial: p } of list) problems.push(...selfProblems(file, p));
  if (problems.length > 0) return problems;
  const seen = new Map<number, string>();
  for (const { file, partial: p } of list) {
    const other = seen.get(p.shard.index);
    if (other !== undefined) problems.push(`duplicate shard ${p.shard.index}/${p.shard.count}: ${other} and ${file}`);
    else seen.set(p.shard.index, file);
  }
  const missing = Array.from({ length: r.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    const shown = missing.length > 20 ? `${missing.slice(0, 20).join(', ')} and ${missing.length - 20} more` : missing.join(', ');
    problems.push(`missing shard${missing.length === 1 ? '' : 's'} ${shown} of ${r.shard.count} (shard indexes run from 0 to ${r.shard.count - 1})`);
  }
  return problems;
}

/** A partial's own consistency: hashes match its scenarios, ranges are its shard's. */
function selfProblems(file: string, p: PartialResult): string[] {
  const problems: string[] = [];
  if (p.scenarios.length !== p.identity.length || p.parts.length !== p.identity.length) return [`${file}: scenario, identity and part counts differ`];
  p.scenarios.forEach((s, i) => {
    const id = p.identity[i]!;
    if (s.simulation.horizonMs !== id.horizonMs || s.simulation.replications !== id.replications || s.simulation.seed !== id.seed) {
      problems.push(`${file}: scenario ${id.name}: its simulation settings differ from its recorded identity`);
      return;
    }
    if (scenarioHash(s) !== id.hash) problems.push(`${file}: scenario ${id.name} does not match its recorded hash (the file was altered)`);
    const want = shardRange(id.replications, p.shard);
    const part = p.parts[i]!;
    if (part.from !== want.from || part.to !== want.to) {
      problems.push(`${file}: scenario ${id.name} covers replications ${part.from}..${part.to - 1}, shard ${p.shard.index}/${p.shard.count} must cover ${want.from}..${want.to - 1}`);
    }
    const windows = windowsPerReplication(id.horizonMs, p.settings.windowMs);
    let at = part.from;
    for (const [j, c] of part.chunks.entries()) {
      const bad = chunkProblems(c, { scenarioIndex: i, replications: id.replications, horizonMs: id.horizonMs, windows }, `${file}: scenario ${id.name}: parts[${i}].chunks[${j}]`);
      if (bad.length > 0) {
        problems.push(...bad.slice(0, 5));
        return;
      }
      if (c.from !== at) problems.push(`${file}: scenario ${id.name}: chunk ${j} starts at replication ${c.from}, expected ${at} (where the previous chunk ended)`);
      at = c.to;
    }
    if (at !== part.to) problems.push(`${file}: scenario ${id.name}: chunks end at replication ${at}, expected ${part.to}`);
  });
  return problems;
}

/**
 * Merges a complete set of partials: every chunk of every shard, in replication order,
 * through the accumulator the unsharded run uses. Throws an InputError listing every
 * problem when the set is not one complete run.
 */
export function mergePartials(list: readonly { file: string; partial: PartialResult }[]): { result: MonteCarloResult; first: PartialResult } {
  const problems = partialProblems(list);
  if (problems.length > 0) throw new InputError(`merge: refused:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const shards = [...list].map((x) => x.partial).sort((a, b) => a.shard.index - b.shard.index);
  const first = shards[0]!;
  const st = first.settings;
  const options = { windowMs: st.windowMs, estimator: st.estimator, ...(st.importance !== null ? { importance: st.importance } : {}) };
  const result = assembleResult(
    first.scenarios.map((scenario, i) => {
      const acc = new ScenarioAccumulator(accumulatorConfig(scenario, options));
      let wallSeconds = 0;
      for (const s of shards) {
        for (const c of s.parts[i]!.chunks) acc.add(c);
        wallSeconds += s.parts[i]!.wallSeconds;
      }
      return { scenario, acc, wallSeconds, precisionReached: null };
    }),
  );
  return { result, first };
}

/** Encoded form, re-exported for tests that build partials by hand. */
export type { Encoded };
