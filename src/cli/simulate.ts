/**
 * The shared pipeline of `run`, `check`, `sweep` and `npm start`: load scenarios, run the
 * Monte Carlo replications, add the exact analysis and SPOFs, build the report.
 */
import { availableParallelism } from 'node:os';
import { analyzeScenario, spofReport } from '../analysis/index.ts';
import { MS_PER } from '../engine/time.ts';
import { runMonteCarlo, type MonteCarloResult } from '../montecarlo/run.ts';
import type { Report } from '../report/report-types.ts';
import { buildReport, type AnalysisExtras, type VerdictOptions } from '../report/json.ts';
import { SLIS, type FailureClass, type Scenario, type Sli } from '../scenario/types.ts';
import { InputError } from './errors.ts';
import { packageVersion } from './main.ts';
import { ProgressBar } from './progress.ts';

/** How to run (resolved from flags). */
export interface SimulateOptions {
  readonly workers?: number;
  readonly progress?: boolean;
  readonly quiet?: boolean;
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

/** The default worker count: the machine's cores. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * The worker threads actually started: as asked, but never more than the cores. Each
 * worker holds its own copy of the model (tens of MB); `--workers 256` on a small machine
 * used 7 GB for no speed-up, and results do not depend on the count.
 */
export function effectiveWorkers(requested: number | undefined): number {
  const cores = defaultWorkers();
  return Math.max(1, Math.min(requested ?? cores, cores));
}

/** Exact analysis and SPOFs of a scenario; null fields where the analysis refused. */
export function analysisExtras(s: Scenario): AnalysisExtras {
  const a = analyzeScenario(s);
  const sp = spofReport(s);
  if (!sp.ok) {
    return { analytic: a.ok ? a.value.availability : null, spofBySli: null, cutSets: null, recommendation: null };
  }
  const slis = sp.value.slis;
  const pick = <T>(f: (sli: Sli) => T): Record<Sli, T> => Object.fromEntries(SLIS.map((sli) => [sli, f(sli)])) as Record<Sli, T>;
  return {
    analytic: a.ok ? a.value.availability : null,
    spofBySli: pick((sli) => slis[sli].spof),
    cutSets: pick((sli) => slis[sli].cutSets),
    recommendation: sp.value.recommendation,
  };
}

/** Runs scenarios and returns the report; `replays[i]` is scenario i's replay (see `replayArgs`). */
export async function simulate(scenarios: readonly Scenario[], o: SimulateOptions = {}, replays: readonly (readonly string[])[] = []): Promise<Report> {
  checkPlausibleSize(scenarios);
  checkMemory(scenarios, o);
  const bar = new ProgressBar(ProgressBar.wanted(o.progress, o.quiet ?? false));
  const result = await runMonteCarlo(scenarios, {
    workers: effectiveWorkers(o.workers),
    ...(o.precisionMinutes !== undefined ? { precisionMinutes: o.precisionMinutes } : {}),
    ...(o.precisionRelative !== undefined ? { precisionRelative: o.precisionRelative } : {}),
    ...(o.precisionSli !== undefined ? { precisionSli: o.precisionSli } : {}),
    ...(o.windowMs !== undefined ? { windowMs: o.windowMs } : {}),
    ...(o.importance !== undefined ? { importance: o.importance } : {}),
    ...(o.estimator !== undefined ? { estimator: o.estimator } : {}),
    ...(o.maxReplications !== undefined ? { maxReplications: o.maxReplications } : {}),
    checkInvariants: o.checkInvariants ?? false,
    onProgress: (p) => bar.update(p),
    clock: () => performance.now() / 1000,
  });
  bar.done();
  return reportOf(scenarios, result, replays, o.maxBreachRisk !== undefined ? { maxBreachRisk: o.maxBreachRisk } : {});
}

/** The report of a finished run (an unsharded one, or the merge of its shards). */
export function reportOf(
  scenarios: readonly Scenario[],
  result: MonteCarloResult,
  replays: readonly (readonly string[])[] = [],
  verdicts: VerdictOptions = {},
): Report {
  return buildReport(result, scenarios.map(analysisExtras), `k8s-ha-sim ${packageVersion()}`, replays, verdicts);
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
      `this run would simulate ${years.toExponential(2)} cluster-years (replications x horizon), over the limit of ${limit.toExponential(0)}; ` +
        'lower simulation.replications or simulation.horizon, or use --precision to stop when the CI is tight enough',
    );
  }
}

/** Bytes a run keeps per replication per scenario (ChunkResult's per-replication arrays and their aggregation). */
export const BYTES_PER_REPLICATION = 400;

/** Largest memory a run may plan to keep for per-replication figures. */
export const MEMORY_BUDGET_BYTES = 2 ** 31;

/**
 * Refuses runs whose per-replication figures would not fit the memory budget (issue 10):
 * outage lengths and window downtime are sketched in fixed memory, but paired
 * comparisons need every replication's value of every scenario.
 */
function checkMemory(scenarios: readonly Scenario[], o: SimulateOptions): void {
  const sequential = o.precisionMinutes !== undefined || o.precisionRelative !== undefined;
  const reps = scenarios.reduce((n, s) => n + Math.max(s.simulation.replications, sequential ? (o.maxReplications ?? 100_000) : 0), 0);
  const bytes = reps * BYTES_PER_REPLICATION;
  if (bytes > MEMORY_BUDGET_BYTES) {
    throw new InputError(
      `this run would keep about ${(bytes / 2 ** 30).toFixed(1)} GiB of per-replication figures (${reps.toExponential(2)} replications in all), ` +
        `over the budget of ${MEMORY_BUDGET_BYTES / 2 ** 30} GiB; lower the replications or --max-replications, or run fewer scenarios at once`,
    );
  }
}
