/**
 * Sharded runs (`run`/`check`/`sweep --shard I/N`) and their merge. A shard runs the
 * contiguous block of replications `shardRange` gives it and writes a partial result:
 * the resolved scenarios, their identity (hash, seed, replications, horizon), the raw
 * ChunkResults in replication order (encoded field by field by the generic codec) and,
 * for a sweep, the variant plan. `merge` checks the set of partials, replays every chunk
 * in replication order through the accumulator an unsharded run uses, and renders the
 * same report: byte-identical to the unsharded run but for wall-clock fields.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
  const text = `${JSON.stringify(partial)}\n`;
  const file = flags.json ?? (flags.out !== undefined ? join(flags.out, partialFileName(shard)) : '-');
  writeOutput(file, text);
  return file;
}

/** The identity of a scenario in a shard. */
export function identityOf(s: Scenario): ShardIdentity {
  return { name: s.name, hash: scenarioHash(s), seed: s.simulation.seed, replications: s.simulation.replications, horizonMs: s.simulation.horizonMs };
}

/** Reads partial results: from files, or from a stream of JSON lines (e.g. `kubectl logs`). */
export function readPartials(files: readonly string[]): { file: string; partial: PartialResult }[] {
  const out: { file: string; partial: PartialResult }[] = [];
  const problems: string[] = [];
  for (const file of files.flatMap(expandDirectory)) {
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (err) {
      problems.push(`${file}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    // Lines that start with `{`: a file holds one partial, `kubectl logs` output one per line.
    const lines = text.split('\n').flatMap((l, i) => (l.trim().startsWith('{') ? [{ l, n: i + 1 }] : []));
    if (lines.length === 0) problems.push(`${file}: not a k8s-ha-sim partial result (no JSON object in it)`);
    for (const { l, n } of lines) {
      const where = lines.length > 1 ? `${file}:${n}` : file;
      try {
        out.push({ file: where, partial: decodePartial(JSON.parse(l)) });
      } catch (err) {
        problems.push(`${where}: not a k8s-ha-sim partial result: ${err instanceof Error ? err.message : String(err)}`);
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
  const parts = (p.parts as Record<string, unknown>[]).map((x) => ({
    from: x.from as number,
    to: x.to as number,
    wallSeconds: x.wallSeconds as number,
    chunks: (x.chunks as unknown[]).map((c) => decodeValue(c) as ChunkResult),
  }));
  return { ...(p as unknown as PartialResult), scenarios: decodeValue(p.scenarios) as Scenario[], parts };
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
    if (scenarioHash(s) !== id.hash) problems.push(`${file}: scenario ${id.name} does not match its recorded hash (the file was altered)`);
    const want = shardRange(id.replications, p.shard);
    const part = p.parts[i]!;
    if (part.from !== want.from || part.to !== want.to) {
      problems.push(`${file}: scenario ${id.name} covers replications ${part.from}..${part.to - 1}, shard ${p.shard.index}/${p.shard.count} must cover ${want.from}..${want.to - 1}`);
    }
    let at = part.from;
    for (const c of part.chunks) {
      if (c.from !== at || c.scenarioIndex !== i) problems.push(`${file}: scenario ${id.name}: chunk at replication ${c.from}, expected ${at}`);
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
