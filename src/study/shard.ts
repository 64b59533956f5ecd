/**
 * Sharded runs as data: a shard runs the contiguous block of replications `shardRange`
 * gives it and becomes a partial result (the resolved scenarios, their identity, the raw
 * ChunkResults in replication order, encoded field by field by the generic codec, and,
 * for a sweep, the variant plan). Merging checks the set of partials, replays every chunk
 * in replication order through the accumulator an unsharded run uses, and so yields the
 * same result: byte-identical to the unsharded run but for wall-clock fields. Reading,
 * signing and writing partial files is the CLI's (src/cli/shard.ts).
 */
import { analyzeScenario, type AnalysisResult, type ExactAnalysis } from '../analysis/exact.ts';
import { chunkProblems } from '../montecarlo/chunk-check.ts';
import { DEFAULT_WINDOW_MS, windowsPerReplication, type ChunkResult } from '../montecarlo/chunk.ts';
import { ScenarioAccumulator } from '../montecarlo/aggregate.ts';
import { decodeValue, encodeValue, type Encoded } from '../montecarlo/codec.ts';
import {
  accumulatorConfig,
  assembleResult,
  runMonteCarloShard,
  shardRange,
  type MonteCarloResult,
  type Shard,
} from '../montecarlo/run.ts';
import { scenarioHash } from '../report/json.ts';
import type { FailureClass, Scenario } from '../scenario/types.ts';
import { InputError } from './errors.ts';
import type { RunStudyHooks, RunStudyOptions } from './simulate.ts';
import type { SweepPlan } from './sweep.ts';

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
export function shardSettings(options: RunStudyOptions): ShardSettings {
  return {
    windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
    importance: options.importance ?? null,
    estimator: options.estimator ?? 'auto',
    maxBreachRisk: options.maxBreachRisk ?? null,
  };
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
  readonly parts: readonly {
    readonly from: number;
    readonly to: number;
    readonly wallSeconds: number;
    readonly chunks: readonly ChunkResult[];
  }[];
}
/** The file name of shard I of N inside `--out DIR`. */
export function partialFileName(shard: Shard): string {
  const w = String(shard.count - 1).length;
  return `shard-${String(shard.index).padStart(w, '0')}-of-${shard.count}.json`;
}
/** The extra fields of a partial: the replay commands and, for a sweep, its plan. */
export interface PartialExtra {
  readonly replays: readonly (readonly string[])[];
  readonly sweep: SweepPlan | null;
}

/**
 * Runs shard `shard` of `scenarios` and returns its partial result as encoded, plain data
 * (JSON.stringify it for the file; `decodePartial` reads it back).
 */
export async function runShardPartial(
  command: ShardCommand,
  scenarios: readonly Scenario[],
  shard: Shard,
  options: RunStudyOptions,
  extra: PartialExtra,
  hooks: RunStudyHooks = {},
): Promise<object> {
  const settings = shardSettings(options);
  const parts = await runMonteCarloShard(scenarios, shard, {
    workers: options.workers ?? 1,
    windowMs: settings.windowMs,
    ...(settings.importance !== null ? { importance: settings.importance } : {}),
    estimator: settings.estimator,
    checkInvariants: options.checkInvariants ?? false,
    ...(hooks.onProgress !== undefined ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.clock !== undefined ? { clock: hooks.clock } : {}),
  });
  return {
    format: PARTIAL_FORMAT,
    formatVersion: PARTIAL_FORMAT_VERSION,
    generator: hooks.generator ?? 'k8s-ha-sim',
    command,
    shard,
    identity: scenarios.map(identityOf),
    sweep: extra.sweep,
    settings,
    replays: extra.replays,
    scenarios: encodeValue(scenarios),
    parts: parts.map((p) => ({
      from: p.from,
      to: p.to,
      wallSeconds: p.wallSeconds,
      chunks: p.chunks.map((c) => encodeValue(c)),
    })),
  };
}

/** The identity of a scenario in a shard. */
export function identityOf(s: Scenario): ShardIdentity {
  return {
    name: s.name,
    hash: scenarioHash(s),
    seed: s.simulation.seed,
    replications: s.simulation.replications,
    horizonMs: s.simulation.horizonMs,
  };
}

/** Checks the outer shape and decodes the encoded fields; throws a plain Error on junk. */
export function decodePartial(raw: unknown): PartialResult {
  if (typeof raw !== 'object' || raw === null) throw new Error('expected a JSON object');
  const p = raw as Record<string, unknown>;
  if (p.format !== PARTIAL_FORMAT)
    throw new Error(`"format" is ${JSON.stringify(p.format)}, expected ${JSON.stringify(PARTIAL_FORMAT)}`);
  if (p.formatVersion !== PARTIAL_FORMAT_VERSION) {
    throw new Error(
      `format version ${JSON.stringify(p.formatVersion)}; this k8s-ha-sim reads ` +
        `version ${PARTIAL_FORMAT_VERSION} (written by ${JSON.stringify(p.generator)})`,
    );
  }
  if (
    !Array.isArray(p.parts) ||
    !Array.isArray(p.identity) ||
    !Array.isArray(p.replays) ||
    typeof p.shard !== 'object' ||
    typeof p.settings !== 'object' ||
    p.settings === null
  ) {
    throw new Error('"parts", "identity", "replays", "shard" or "settings" missing');
  }
  const shape = shapeProblem(p);
  if (shape !== null) throw new Error(shape);
  const parts = (p.parts as Record<string, unknown>[]).map((x, i) => ({
    from: x.from as number,
    to: x.to as number,
    wallSeconds: x.wallSeconds as number,
    chunks: (x.chunks as unknown[]).map((c, j) => {
      if (typeof c !== 'object' || c === null || Array.isArray(c))
        throw new Error(`parts[${i}].chunks[${j}]: expected an object`);
      return decodeValue(c) as ChunkResult;
    }),
  }));
  const scenarios = decodeValue(p.scenarios);
  if (
    !Array.isArray(scenarios) ||
    scenarios.some(
      (s) => typeof s !== 'object' || s === null || typeof (s as { simulation?: unknown }).simulation !== 'object',
    )
  )
    throw new Error('"scenarios": expected a list ' + 'of scenarios');
  return { ...(p as unknown as PartialResult), scenarios: scenarios as Scenario[], parts };
}

const isCount = (x: unknown, min: number, max: number): x is number =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= max;
const isFiniteIn = (x: unknown, min: number, max: number): x is number =>
  typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;

/**
 * The outer schema of a partial: shard, identities, settings, parts and replays have their
 * types and ranges (whole counts, finite positive durations, a breach risk in [0, 1]).
 * The chunks are checked after decoding (`chunkProblems`). Returns the first problem.
 */
function shapeProblem(p: Record<string, unknown>): string | null {
  const shard = p.shard as Record<string, unknown>;
  if (!isCount(shard.count, 1, 100_000) || !isCount(shard.index, 0, shard.count - 1))
    return `"shard": expected {index, ` + `count} with 0 <= index < count <= 100000, found ${JSON.stringify(p.shard)}`;
  if (p.command !== 'run' && p.command !== 'check' && p.command !== 'sweep')
    return `"command": expected run, ` + `check or sweep, found ${JSON.stringify(p.command)}`;
  if (typeof p.generator !== 'string') return '"generator": expected a string';
  const ids = p.identity as unknown[];
  for (const [i, x] of ids.entries()) {
    const id = x as Record<string, unknown>;
    if (
      typeof id !== 'object' ||
      id === null ||
      typeof id.name !== 'string' ||
      typeof id.hash !== 'string' ||
      !isCount(id.seed, 0, Number.MAX_SAFE_INTEGER) ||
      !isCount(id.replications, 1, Number.MAX_SAFE_INTEGER) ||
      !isFiniteIn(id.horizonMs, 1, Number.MAX_VALUE)
    ) {
      return `"identity[${i}]": expected {name, hash, seed, replications, horizonMs} with whole, positive counts and a finite horizon`;
    }
  }
  const st = p.settings as Record<string, unknown>;
  if (!isFiniteIn(st.windowMs, 1, Number.MAX_VALUE))
    return (
      `"settings.windowMs": expected a finite ` + `positive duration, found ${JSON.stringify(st.windowMs ?? null)}`
    );
  if (st.estimator !== 'auto' && st.estimator !== 'crude')
    return `"settings.estimator": expected ` + `auto or crude, found ${JSON.stringify(st.estimator ?? null)}`;
  if (st.maxBreachRisk !== null && !isFiniteIn(st.maxBreachRisk, 0, 1))
    return (
      `"settings.maxBreachRisk": ` +
      `expected null or a share from 0 to 1, found ${JSON.stringify(st.maxBreachRisk ?? null)}`
    );
  if (st.importance !== null) {
    if (typeof st.importance !== 'object' || Array.isArray(st.importance))
      return '"settings.importance": expected null or {class: factor}';
    for (const [k, v] of Object.entries(st.importance as object))
      if (!isFiniteIn(v, Number.MIN_VALUE, 1e6))
        return `"settings.importance.${k}": ` + `expected a finite positive factor, found ${JSON.stringify(v)}`;
  }
  for (const [i, x] of (p.parts as unknown[]).entries()) {
    const part = x as Record<string, unknown>;
    if (
      typeof part !== 'object' ||
      part === null ||
      !isCount(part.from, 0, Number.MAX_SAFE_INTEGER) ||
      !isCount(part.to, 0, Number.MAX_SAFE_INTEGER) ||
      !isFiniteIn(part.wallSeconds, 0, Number.MAX_VALUE) ||
      !Array.isArray(part.chunks)
    ) {
      return `"parts[${i}]": expected {from, to, wallSeconds, chunks} with whole replication numbers and a finite time`;
    }
  }
  if (!(p.replays as unknown[]).every((r) => Array.isArray(r) && r.every((w) => typeof w === 'string')))
    return '"replays": expected lists of ' + 'strings';
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
      if (JSON.stringify(a) !== JSON.stringify(b))
        problems.push(
          `${file}: foreign shard: ${what} ` + `is ${JSON.stringify(a)}, but ${ref!.file} has ${JSON.stringify(b)}`,
        );
    };
    differs('the k8s-ha-sim version', p.generator, r.generator);
    differs('the command', p.command, r.command);
    differs('the shard count', p.shard.count, r.shard.count);
    differs(
      'the scenario list',
      p.identity.map((s) => s.name),
      r.identity.map((s) => s.name),
    );
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
    const shown =
      missing.length > 20 ? `${missing.slice(0, 20).join(', ')} and ${missing.length - 20} more` : missing.join(', ');
    problems.push(
      `missing shard${missing.length === 1 ? '' : 's'} ${shown} of ${r.shard.count} ` +
        `(shard indexes run from 0 to ${r.shard.count - 1})`,
    );
  }
  return problems;
}

/** A partial's own consistency: hashes match its scenarios, ranges are its shard's. */
function selfProblems(file: string, p: PartialResult): string[] {
  const problems: string[] = [];
  if (p.scenarios.length !== p.identity.length || p.parts.length !== p.identity.length)
    return [`${file}: scenario, identity ` + `and part counts differ`];
  p.scenarios.forEach((s, i) => {
    const id = p.identity[i]!;
    if (
      s.simulation.horizonMs !== id.horizonMs ||
      s.simulation.replications !== id.replications ||
      s.simulation.seed !== id.seed
    ) {
      problems.push(`${file}: scenario ${id.name}: its simulation settings differ from its recorded identity`);
      return;
    }
    if (scenarioHash(s) !== id.hash)
      problems.push(`${file}: scenario ${id.name} does not match its recorded hash (the file was altered)`);
    const want = shardRange(id.replications, p.shard);
    const part = p.parts[i]!;
    if (part.from !== want.from || part.to !== want.to) {
      problems.push(
        `${file}: scenario ${id.name} covers replications ${part.from}..${part.to - 1}, ` +
          `shard ${p.shard.index}/${p.shard.count} must cover ${want.from}..${want.to - 1}`,
      );
    }
    const windows = windowsPerReplication(id.horizonMs, p.settings.windowMs);
    let at = part.from;
    for (const [j, c] of part.chunks.entries()) {
      const bad = chunkProblems(
        c,
        { scenarioIndex: i, replications: id.replications, horizonMs: id.horizonMs, windows },
        `${file}: scenario ` + `${id.name}: parts[${i}].chunks[${j}]`,
      );
      if (bad.length > 0) {
        problems.push(...bad.slice(0, 5));
        return;
      }
      if (c.from !== at)
        problems.push(
          `${file}: scenario ${id.name}: chunk ${j} starts at ` +
            `replication ${c.from}, expected ${at} (where the previous chunk ended)`,
        );
      at = c.to;
    }
    if (at !== part.to)
      problems.push(`${file}: scenario ${id.name}: chunks end at replication ${at}, expected ${part.to}`);
  });
  return problems;
}

/**
 * Merges a complete set of partials: every chunk of every shard, in replication order,
 * through the accumulator the unsharded run uses. Throws an InputError listing every
 * problem when the set is not one complete run.
 */
export function mergePartials(list: readonly { file: string; partial: PartialResult }[]): {
  result: MonteCarloResult;
  first: PartialResult;
  /** Each scenario's exact analysis, made once for the estimator; pass it on to `reportOf`. */
  analyses: AnalysisResult<ExactAnalysis>[];
} {
  const problems = partialProblems(list);
  if (problems.length > 0) throw new InputError(`merge: refused:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const shards = [...list].map((x) => x.partial).sort((a, b) => a.shard.index - b.shard.index);
  const first = shards[0]!;
  const st = first.settings;
  const options = {
    windowMs: st.windowMs,
    estimator: st.estimator,
    ...(st.importance !== null ? { importance: st.importance } : {}),
  };
  const analyses = first.scenarios.map(analyzeScenario);
  const result = assembleResult(
    first.scenarios.map((scenario, i) => {
      const acc = new ScenarioAccumulator(accumulatorConfig(scenario, options, analyses[i]));
      let wallSeconds = 0;
      for (const s of shards) {
        for (const c of s.parts[i]!.chunks) acc.add(c);
        wallSeconds += s.parts[i]!.wallSeconds;
      }
      return { scenario, acc, wallSeconds, precisionReached: null };
    }),
  );
  return { result, first, analyses };
}

/** Encoded form, re-exported for tests that build partials by hand. */
export type { Encoded };
