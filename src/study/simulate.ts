/**
 * The pipeline of `run`, `check`, `sweep` and `npm start` as a library: run the Monte
 * Carlo replications, add the exact analysis and SPOFs, build the report. Each scenario
 * is analysed once: the same analysis chooses the estimator and fills the report.
 */
import { analyzeScenario, spofReport, type AnalysisResult, type ExactAnalysis } from '../analysis/index.ts';
import { MS_PER } from '../engine/time.ts';
import { runMonteCarlo, type MonteCarloResult, type Progress } from '../montecarlo/run.ts';
import type { Report } from '../report/report-types.ts';
import { buildReport, type AnalysisExtras, type VerdictOptions } from '../report/json.ts';
import { SLIS, type FailureClass, type Scenario, type Sli } from '../scenario/types.ts';
import { InputError } from './errors.ts';

/** How to run a study; all optional. */
export interface RunStudyOptions {
  /** Executors (this thread plus worker threads). @default 1 */
  readonly workers?: number;
  /** Sequential stopping target, minutes of yearly downtime (CI half-width). */
  readonly precisionMinutes?: number;
  /** Sequential stopping target relative to the estimate (0.1 = ±10%). */
  readonly precisionRelative?: number;
  readonly precisionSli?: Sli;
  /** SLO window (ms). @default 30 days */
  readonly windowMs?: number;
  /** `check --max-breach-risk` (a share). */
  readonly maxBreachRisk?: number;
  /** `--estimator crude` forces the plain mean. @default 'auto' */
  readonly estimator?: 'auto' | 'crude';
  /** `--importance`: failure-rate bias per class. */
  readonly importance?: { readonly [C in FailureClass]?: number };
  readonly maxReplications?: number;
  readonly checkInvariants?: boolean;
}

/** What a study needs from its caller: progress, a wall clock and the generator's name. */
export interface RunStudyHooks {
  /** Called after every chunk. */
  readonly onProgress?: (p: Progress) => void;
  /** Wall clock in seconds (the library reads no clock itself). */
  readonly clock?: () => number;
  /** The report's `generator`, e.g. `k8s-ha-sim 1.2.0`. @default 'k8s-ha-sim' */
  readonly generator?: string;
}

/** Exact analysis and SPOFs of a scenario; null fields where the analysis refused. */
export function analysisExtras(
  s: Scenario,
  analysis: AnalysisResult<ExactAnalysis> = analyzeScenario(s),
): AnalysisExtras {
  const a = analysis;
  const sp = spofReport(s);
  if (!sp.ok) {
    return { analytic: a.ok ? a.value.availability : null, spofBySli: null, cutSets: null, recommendation: null };
  }
  const slis = sp.value.slis;
  const pick = <T>(f: (sli: Sli) => T): Record<Sli, T> =>
    Object.fromEntries(SLIS.map((sli) => [sli, f(sli)])) as Record<Sli, T>;
  return {
    analytic: a.ok ? a.value.availability : null,
    spofBySli: pick((sli) => slis[sli].spof),
    cutSets: pick((sli) => slis[sli].cutSets),
    recommendation: sp.value.recommendation,
  };
}

/**
 * Runs scenarios and returns the report; `replays[i]` is scenario i's replay command
 * arguments. Throws InputError for a run too large to be meant.
 */
export async function simulate(
  scenarios: readonly Scenario[],
  o: RunStudyOptions = {},
  replays: readonly (readonly string[])[] = [],
  hooks: RunStudyHooks = {},
): Promise<Report> {
  checkPlausibleSize(scenarios);
  checkMemory(scenarios, o);
  if (o.checkInvariants === true) checkInvariantsCost(scenarios);
  const analyses = scenarios.map(analyzeScenario);
  const result = await runMonteCarlo(scenarios, {
    workers: o.workers ?? 1,
    ...(o.precisionMinutes !== undefined ? { precisionMinutes: o.precisionMinutes } : {}),
    ...(o.precisionRelative !== undefined ? { precisionRelative: o.precisionRelative } : {}),
    ...(o.precisionSli !== undefined ? { precisionSli: o.precisionSli } : {}),
    ...(o.windowMs !== undefined ? { windowMs: o.windowMs } : {}),
    ...(o.importance !== undefined ? { importance: o.importance } : {}),
    ...(o.estimator !== undefined ? { estimator: o.estimator } : {}),
    ...(o.maxReplications !== undefined ? { maxReplications: o.maxReplications } : {}),
    checkInvariants: o.checkInvariants ?? false,
    ...(hooks.onProgress !== undefined ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.clock !== undefined ? { clock: hooks.clock } : {}),
    analyses,
  });
  const verdicts = o.maxBreachRisk !== undefined ? { maxBreachRisk: o.maxBreachRisk } : {};
  return reportOf(scenarios, result, replays, verdicts, hooks.generator ?? 'k8s-ha-sim', analyses);
}

/** The report of a finished run (an unsharded one, or the merge of its shards). */
export function reportOf(
  scenarios: readonly Scenario[],
  result: MonteCarloResult,
  replays: readonly (readonly string[])[] = [],
  verdicts: VerdictOptions = {},
  generator = 'k8s-ha-sim',
  analyses: readonly AnalysisResult<ExactAnalysis>[] = scenarios.map(analyzeScenario),
): Report {
  const extras = scenarios.map((s, i) => analysisExtras(s, analyses[i]));
  return buildReport(result, extras, generator, replays, verdicts);
}

/**
 * Refuses runs that would take days: total simulated years over a generous limit. The
 * scenario schema already caps each field; this caps their product.
 */
function checkPlausibleSize(scenarios: readonly Scenario[]): void {
  const years = scenarios.reduce((y, s) => y + (s.simulation.replications * s.simulation.horizonMs) / MS_PER.y, 0);
  const limit = 1e7;
  if (years > limit) {
    throw new InputError(
      `this run would simulate ${years.toExponential(2)} cluster-years (replications x horizon), ` +
        `over the limit of ${limit.toExponential(0)}; ` +
        'lower simulation.replications or simulation.horizon, or use --precision to stop when the CI is tight enough',
    );
  }
}

/**
 * The most work `--check-invariants` may take on, in host²-years (hosts × hosts ×
 * replications × horizon in years): the checkers re-read every host after every event, and
 * events grow with the hosts, so the cost grows with the square of the topology. 5e5 is about
 * two minutes on one core here (a 301-host month took 2 s); beyond it the run is refused
 * rather than left to look hung (docs/robustness.md).
 */
export const MAX_INVARIANT_WORK = 5e5;

/** Refuses `--check-invariants` runs whose checking would take hours. */
export function checkInvariantsCost(scenarios: readonly Scenario[]): void {
  const work = scenarios.reduce(
    (w, s) => w + s.topology.hosts.length ** 2 * s.simulation.replications * (s.simulation.horizonMs / MS_PER.y),
    0,
  );
  if (work > MAX_INVARIANT_WORK) {
    throw new InputError(
      `--check-invariants: this run would check ${work.toExponential(2)} host²-years ` +
        `(hosts² × replications × horizon), over the limit of ${MAX_INVARIANT_WORK.toExponential(0)}; ` +
        'check fewer replications (--replications), a shorter --horizon or a smaller topology',
    );
  }
}

/** Bytes a run keeps per replication per scenario (ChunkResult's per-replication arrays and their aggregation). */
export const BYTES_PER_REPLICATION = 400;

/** Largest memory a run may plan to keep for per-replication figures. */
export const MEMORY_BUDGET_BYTES = 2 ** 31;

/**
 * Refuses runs whose per-replication figures would not fit the memory budget (docs/robustness.md):
 * outage lengths and window downtime are sketched in fixed memory, but paired
 * comparisons need every replication's value of every scenario.
 */
function checkMemory(scenarios: readonly Scenario[], o: RunStudyOptions): void {
  const sequential = o.precisionMinutes !== undefined || o.precisionRelative !== undefined;
  const reps = scenarios.reduce(
    (n, s) => n + Math.max(s.simulation.replications, sequential ? (o.maxReplications ?? 100_000) : 0),
    0,
  );
  const bytes = reps * BYTES_PER_REPLICATION;
  if (bytes > MEMORY_BUDGET_BYTES) {
    throw new InputError(
      `this run would keep about ${(bytes / 2 ** 30).toFixed(1)} GiB of per-replication figures ` +
        `(${reps.toExponential(2)} replications in all), ` +
        `over the budget of ${MEMORY_BUDGET_BYTES / 2 ** 30} GiB; lower the replications or ` +
        `--max-replications, or run fewer scenarios at once`,
    );
  }
}
