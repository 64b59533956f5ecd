/**
 * Monte Carlo orchestration: replications of each scenario over worker threads (or
 * inline for one worker), optional sequential stopping on a precision target, and paired
 * comparisons between scenarios (docs/spec.md §6).
 */
import type { AnalysisResult, ExactAnalysis } from '../analysis/exact.ts';
import type { FailureClass, Scenario, Sli } from '../scenario/types.ts';
import {
  MIN_EVENT_REPLICATIONS,
  ScenarioAccumulator,
  compare,
  type AccumulatorConfig,
  type Comparison,
  type ScenarioStats,
} from './aggregate.ts';
import { DEFAULT_WINDOW_MS, runChunk, type ChunkOptions, type ChunkResult } from './chunk.ts';
import { chooseEstimator } from './estimator.ts';
import { WorkerPool, type ChunkTask } from './pool.ts';

/** Progress of a run, reported after every chunk. */
export interface Progress {
  readonly scenario: string;
  readonly scenarioIndex: number;
  readonly scenarios: number;
  /** Replications done and planned, over all scenarios. */
  readonly done: number;
  readonly total: number;
}

/** Options of `runMonteCarlo`; all optional. */
export interface MonteCarloOptions {
  /** Executors: this thread plus workers - 1 worker threads (1 runs inline). @default 1 */
  readonly workers?: number;
  /**
   * Sequential stopping: keep adding replications until the 95% CI half-width of yearly
   * downtime of `precisionSli` is at most this many minutes (or `maxReplications`).
   */
  readonly precisionMinutes?: number;
  /**
   * Sequential stopping on a relative target: CI half-width over the estimate of yearly
   * downtime (0.1 = ±10%), applied to the estimator actually used.
   */
  readonly precisionRelative?: number;
  /** SLO window length in ms (breach risk, downtime per window). @default 30 days */
  readonly windowMs?: number;
  /** Importance sampling: failure-rate bias factor per class (exponential ttf only). */
  readonly importance?: { readonly [C in FailureClass]?: number };
  /** `crude` forces the plain replication mean; `auto` picks (estimator.ts). @default 'auto' */
  readonly estimator?: 'auto' | 'crude';
  /** @default 'api' */
  readonly precisionSli?: Sli;
  /** Cap for sequential stopping. @default 100000 */
  readonly maxReplications?: number;
  readonly onProgress?: (p: Progress) => void;
  /** Run the model's state checkers after every event (slow; a broken one throws). @default false */
  readonly checkInvariants?: boolean;
  /** Wall clock in seconds (injected by the CLI; the library reads no clock itself). */
  readonly clock?: () => number;
  /**
   * The exact analysis of each scenario (index for index) when the caller already has it,
   * so a scenario is analysed once (src/study); computed per scenario when absent.
   */
  readonly analyses?: readonly (AnalysisResult<ExactAnalysis> | undefined)[];
}

/** One scenario's outcome. */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly stats: ScenarioStats;
  readonly wallSeconds: number;
  /** True when sequential stopping reached its precision target. */
  readonly precisionReached: boolean | null;
}

/** The whole run. */
export interface MonteCarloResult {
  readonly runs: readonly ScenarioRun[];
  /** Every scenario against the first, paired by replication. */
  readonly comparisons: readonly Comparison[];
  /** Every scenario against the one before it (neighbours in a list are the close calls). */
  readonly adjacentComparisons: readonly Comparison[];
}

/** Replications per chunk: small enough to balance two workers, large enough to amortise messages. */
export function chunkSize(replications: number, workers: number): number {
  return Math.max(1, Math.min(250, Math.ceil(replications / (workers * 8))));
}

/** The chunk options of a run (plain data, sent to worker threads once). */
function chunkOptionsOf(options: MonteCarloOptions): ChunkOptions {
  return {
    checkInvariants: options.checkInvariants ?? false,
    windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
    ...(options.importance !== undefined ? { importance: options.importance } : {}),
  };
}

/** The accumulator configuration of one scenario: horizon, window, SLOs and estimator. */
export function accumulatorConfig(
  scenario: Scenario,
  options: Pick<MonteCarloOptions, 'windowMs' | 'importance' | 'estimator'> = {},
  analysis?: AnalysisResult<ExactAnalysis>,
): AccumulatorConfig {
  return {
    horizonMs: scenario.simulation.horizonMs,
    windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
    slo: scenario.slo,
    ...(scenario.badMinute !== undefined ? { badMinute: scenario.badMinute } : {}),
    estimator: chooseEstimator(scenario, options.importance, options.estimator ?? 'auto', analysis),
  };
}

/** Where chunks run: inline (`workers` 1) or on a pool of worker threads; one for both run kinds. */
interface Executors {
  readonly pool: WorkerPool | null;
  readonly workers: number;
  readonly chunkOptions: ChunkOptions;
}

/** Opens the executors of a run (the caller closes `pool`). */
function openExecutors(
  scenarios: readonly Scenario[],
  options: Pick<MonteCarloOptions, 'workers'> & Parameters<typeof chunkOptionsOf>[0],
): Executors {
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const chunkOptions = chunkOptionsOf(options);
  return { pool: workers > 1 ? new WorkerPool(scenarios, workers, chunkOptions) : null, workers, chunkOptions };
}

/** Runs replications [from, to) of scenario `i` in chunks, inline or on the pool. */
async function runRange(
  scenario: Scenario,
  i: number,
  range: { readonly from: number; readonly to: number },
  ctx: Executors,
  onResult: (c: ChunkResult) => void,
): Promise<void> {
  const { from, to } = range;
  const size = chunkSize(to - from, ctx.workers);
  const tasks: ChunkTask[] = [];
  for (let r = from; r < to; r += size) tasks.push({ scenarioIndex: i, from: r, to: Math.min(to, r + size) });
  if (ctx.pool === null) for (const t of tasks) onResult(runChunk(scenario, i, t.from, t.to, ctx.chunkOptions));
  else await ctx.pool.runAll(tasks, onResult);
}

/** The result of a run from each scenario's accumulated chunks: statistics and comparisons. */
export function assembleResult(
  parts: readonly {
    readonly scenario: Scenario;
    readonly acc: ScenarioAccumulator;
    readonly wallSeconds: number;
    readonly precisionReached: boolean | null;
  }[],
): MonteCarloResult {
  const runs: ScenarioRun[] = parts.map((p) => ({
    scenario: p.scenario,
    stats: p.acc.stats(),
    wallSeconds: p.wallSeconds,
    precisionReached: p.precisionReached,
  }));
  const comparisons = runs
    .slice(1)
    .flatMap((r) => compare(runs[0]!.scenario.name, runs[0]!.stats, r.scenario.name, r.stats));
  const adjacentComparisons = runs
    .slice(2)
    .flatMap((r, i) => compare(runs[i + 1]!.scenario.name, runs[i + 1]!.stats, r.scenario.name, r.stats));
  return { runs, comparisons, adjacentComparisons };
}

/** Runs every scenario and compares each with the first. */
export async function runMonteCarlo(
  scenarios: readonly Scenario[],
  options: MonteCarloOptions = {},
): Promise<MonteCarloResult> {
  const clock = options.clock ?? (() => 0);
  const ctx = openExecutors(scenarios, options);
  const pool = ctx.pool;
  try {
    const parts: Parameters<typeof assembleResult>[0][number][] = [];
    let doneBefore = 0;
    const plannedTotal = scenarios.reduce((n, s) => n + s.simulation.replications, 0);
    for (let i = 0; i < scenarios.length; i++) {
      const scenario = scenarios[i]!;
      const t0 = clock();
      const acc = new ScenarioAccumulator(accumulatorConfig(scenario, options, options.analyses?.[i]));
      const exec = async (from: number, to: number, total: number): Promise<void> =>
        runRange(scenario, i, { from, to }, ctx, (c) => {
          acc.add(c);
          options.onProgress?.({
            scenario: scenario.name,
            scenarioIndex: i,
            scenarios: scenarios.length,
            done: doneBefore + acc.replications,
            total,
          });
        });
      await exec(0, scenario.simulation.replications, plannedTotal);
      const precise = options.precisionMinutes !== undefined || options.precisionRelative !== undefined;
      const reached = precise ? await refine(acc, exec, options, plannedTotal) : null;
      doneBefore += acc.replications;
      parts.push({ scenario, acc, wallSeconds: clock() - t0, precisionReached: reached });
    }
    return assembleResult(parts);
  } finally {
    await pool?.close();
  }
}

/** Which part of the replications a shard runs. */
export interface Shard {
  /** 0-based, below `count`. */
  readonly index: number;
  readonly count: number;
}

/**
 * The replications of shard `index` of `count`: the contiguous block
 * [floor(index·R/count), floor((index+1)·R/count)). Blocks tile [0, R) in shard order.
 */
export function shardRange(replications: number, shard: Shard): { readonly from: number; readonly to: number } {
  return {
    from: Math.floor((shard.index * replications) / shard.count),
    to: Math.floor(((shard.index + 1) * replications) / shard.count),
  };
}

/** One scenario's part of a shard: its raw chunks, in replication order. */
export interface ShardScenarioPart {
  readonly from: number;
  readonly to: number;
  readonly chunks: readonly ChunkResult[];
  readonly wallSeconds: number;
}

/**
 * Runs only shard `shard`'s replications of every scenario and returns the raw chunks
 * (what the accumulator takes), for a later `assembleResult` over every shard. Sequential
 * stopping is not available here: it needs every replication so far.
 */
export async function runMonteCarloShard(
  scenarios: readonly Scenario[],
  shard: Shard,
  options: Omit<MonteCarloOptions, 'precisionMinutes' | 'precisionRelative' | 'precisionSli' | 'maxReplications'> = {},
): Promise<ShardScenarioPart[]> {
  const clock = options.clock ?? (() => 0);
  const ctx = openExecutors(scenarios, options);
  const pool = ctx.pool;
  try {
    const parts: ShardScenarioPart[] = [];
    const ranges = scenarios.map((s) => shardRange(s.simulation.replications, shard));
    const total = ranges.reduce((n, r) => n + r.to - r.from, 0);
    let done = 0;
    for (let i = 0; i < scenarios.length; i++) {
      const scenario = scenarios[i]!;
      const t0 = clock();
      const chunks: ChunkResult[] = [];
      await runRange(scenario, i, ranges[i]!, ctx, (c) => {
        chunks.push(c);
        done += c.to - c.from;
        options.onProgress?.({ scenario: scenario.name, scenarioIndex: i, scenarios: scenarios.length, done, total });
      });
      chunks.sort((a, b) => a.from - b.from);
      parts.push({ ...ranges[i]!, chunks, wallSeconds: clock() - t0 });
    }
    return parts;
  } finally {
    await pool?.close();
  }
}

/**
 * Whether a sequential-stopping target is reached, and the half-width (minutes per year)
 * it asks for. Never reached on too little evidence: a zero-width interval or fewer
 * than MIN_EVENT_REPLICATIONS replications with an event (unless the value is exact).
 */
export function precisionTarget(
  s: ScenarioStats,
  sli: Sli,
  options: MonteCarloOptions,
): { reached: boolean; halfWidth: number; target: number } {
  const st = s.slis[sli];
  const [lo, hi] = st.downtimeMinutesPerYearCi95;
  const halfWidth = (hi - lo) / 2;
  const targets: number[] = [];
  if (options.precisionMinutes !== undefined) targets.push(options.precisionMinutes);
  if (options.precisionRelative !== undefined) targets.push(options.precisionRelative * st.downtimeMinutesPerYear);
  const target = Math.min(...targets);
  if (s.estimator.exact) return { reached: true, halfWidth, target };
  const enough = st.evidence.replicationsWithEvents >= MIN_EVENT_REPLICATIONS && halfWidth > 0;
  return { reached: enough && s.replications >= 2 && halfWidth <= target, halfWidth, target };
}

/**
 * Sequential stopping: after each batch, estimate the replications needed for the
 * target half-width (half-width shrinks as 1/sqrt(R)) and run up to that many more, at
 * most doubling each time. Deterministic: batches depend only on results.
 */
async function refine(
  acc: ScenarioAccumulator,
  exec: (from: number, to: number, total: number) => Promise<void>,
  options: MonteCarloOptions,
  plannedTotal: number,
): Promise<boolean> {
  const sli = options.precisionSli ?? 'api';
  const cap = options.maxReplications ?? 100_000;
  for (;;) {
    const s = acc.stats();
    const { reached, halfWidth, target } = precisionTarget(s, sli, options);
    const R = s.replications;
    if (reached) return true;
    if (R >= cap) return false;
    const ok = R >= 2 && target > 0 && halfWidth > 0 && Number.isFinite(halfWidth);
    const needed = ok ? Math.ceil(R * (halfWidth / target) ** 2 * 1.05) : 2 * Math.max(R, 10);
    const next = Math.min(cap, Math.max(R + 10, Math.min(needed, 2 * R)));
    await exec(R, next, plannedTotal + next - R);
  }
}
