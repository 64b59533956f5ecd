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
import type { Shard } from '../montecarlo/run.ts';
import type { Scenario } from '../scenario/types.ts';
import {
  decodePartial,
  partialFileName,
  runShardPartial,
  type PartialExtra,
  type PartialResult,
  type ShardCommand,
} from '../study/shard.ts';
import { InputError } from './errors.ts';
import { writeOutput } from './output.ts';
import { ProgressBar } from './progress.ts';
import { effectiveWorkers, generatorName, type SimulateOptions } from './simulate.ts';

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

export type { PartialResult, ShardCommand };

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
  for (const [flag, v] of [
    ['--md', flags.md],
    ['--html', flags.html],
    ['--junit', flags.junit],
  ] as const) {
    if (v !== undefined)
      throw new InputError(
        `${flag} with --shard: a shard writes a partial ` +
          `result, not a report; give ${flag} to \`k8s-ha-sim merge\``,
      );
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
  extra: PartialExtra,
): Promise<string> {
  const bar = new ProgressBar(ProgressBar.wanted(options.progress, options.quiet ?? false));
  const { progress: _p, quiet: _q, ...study } = options;
  const partial = await runShardPartial(
    command,
    scenarios,
    shard,
    { ...study, workers: effectiveWorkers(options.workers) },
    extra,
    {
      onProgress: (p) => bar.update(p),
      clock: () => performance.now() / 1000,
      generator: generatorName(),
    },
  );
  bar.done();
  // One line: `--json -` on a Kubernetes pod is one JSON line per shard in `kubectl logs`.
  const key = shardKey(flags.key);
  const text = `${key === null ? JSON.stringify(partial) : signPartial(JSON.stringify(partial), key)}\n`;
  const file = flags.json ?? (flags.out !== undefined ? join(flags.out, partialFileName(shard)) : '-');
  writeOutput(file, text);
  return file;
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
      throw new InputError(
        `--key ${JSON.stringify(file)}: cannot read: ${(err as { code?: string }).code ?? String(err)}`,
      );
    }
    try {
      const buf = Buffer.alloc(MAX_KEY_BYTES + 1);
      let len = 0;
      for (let n = 1; n > 0 && len < buf.length; len += n) n = readSync(fd, buf, len, buf.length - len, null);
      if (len > MAX_KEY_BYTES)
        throw new InputError(
          `--key ${JSON.stringify(file)}: larger than ` + `${MAX_KEY_BYTES / 1024} KiB; a key is a few dozen bytes`,
        );
      key = buf.subarray(0, buf[len - 1] === 0x0a ? len - 1 : len);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(
        `--key ${JSON.stringify(file)}: cannot read: ${(err as { code?: string }).code ?? String(err)}`,
      );
    } finally {
      closeSync(fd);
    }
  } else {
    const v = env[SHARD_KEY_ENV];
    if (v === undefined || v === '') return null;
    key = Buffer.from(v, 'utf8');
  }
  if (key.length < 16)
    throw new InputError(
      `${file !== undefined ? `--key ${JSON.stringify(file)}` : `$${SHARD_KEY_ENV}`}: ` +
        `${key.length} byte(s); use a key of at least 16 bytes (e.g. head -c 32 /dev/urandom | base64)`,
    );
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
  return timingSafeEqual(want, Buffer.from(m[1]!, 'hex'))
    ? null
    : 'the HMAC does not match: the ' + 'file was altered, or signed with another key';
}

/** The lines of `file` (or stdin for `-`) that start with `{`, each at most MAX_PARTIAL_BYTES; read in blocks. */
function jsonLines(file: string, problems: string[]): { l: string; n: number }[] {
  const out: { l: string; n: number }[] = [];
  let fd: number;
  try {
    fd = file === '-' ? 0 : openSync(file, 'r');
  } catch (err) {
    problems.push(
      `${file}: cannot read: ` +
        `${(err as { code?: string }).code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err)}`,
    );
    return out;
  }
  try {
    const block = Buffer.alloc(1 << 20);
    let parts: Buffer[] = [];
    let size = 0;
    let lineNo = 1;
    let tooLong = false;
    const endLine = (): void => {
      if (tooLong)
        problems.push(
          `${file}:${lineNo}: a partial result larger than ` +
            `${MAX_PARTIAL_BYTES / 2 ** 20} MiB; split the run into more shards`,
        );
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
    problems.push(
      `${file}: cannot read: ` +
        `${(err as { code?: string }).code === 'EISDIR' ? 'is a directory' : err instanceof Error ? err.message : String(err)}`,
    );
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
export function readPartials(
  files: readonly string[],
  key: Buffer | null = null,
): { file: string; partial: PartialResult }[] {
  const out: { file: string; partial: PartialResult }[] = [];
  const problems: string[] = [];
  for (const file of files.flatMap(expandDirectory)) {
    // Lines that start with `{`: a file holds one partial, `kubectl logs` output one per line.
    const before = problems.length;
    const lines = jsonLines(file, problems);
    if (lines.length === 0 && problems.length === before)
      problems.push(`${file}: not a k8s-ha-sim partial result (no JSON object in it)`);
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
        problems.push(
          `${where}: not a k8s-ha-sim partial result: ` +
            `${err instanceof RangeError ? 'nested too deeply' : err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return out;
}

/** A directory stands for the `*.json` files in it (no shell glob needed in a pod). */
function expandDirectory(path: string): string[] {
  if (path === '-' || !existsSync(path) || !statSync(path).isDirectory()) return [path];
  const found = readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return found.length === 0 ? [`${path}/*.json`] : found.map((f) => join(path, f));
}
