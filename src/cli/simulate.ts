/**
 * The CLI's side of the study pipeline (src/study/simulate.ts): the worker count from the
 * machine's cores, the progress bar, the wall clock and the generator's version.
 */
import { availableParallelism } from 'node:os';
import type { AnalysisResult, ExactAnalysis } from '../analysis/index.ts';
import type { MonteCarloResult } from '../montecarlo/run.ts';
import type { Report } from '../report/report-types.ts';
import type { VerdictOptions } from '../report/json.ts';
import type { Scenario } from '../scenario/types.ts';
import { reportOf as studyReportOf, simulate as studySimulate, type RunStudyOptions } from '../study/simulate.ts';
import { packageVersion } from './version.ts';
import { ProgressBar } from './progress.ts';

/** How to run (resolved from flags): the study's options plus the progress bar's. */
export interface SimulateOptions extends RunStudyOptions {
  readonly progress?: boolean;
  readonly quiet?: boolean;
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

/** The report's generator: this program and its version. */
export function generatorName(): string {
  return `k8s-ha-sim ${packageVersion()}`;
}

/** Runs scenarios with a progress bar and returns the report; `replays[i]` is scenario i's replay. */
export async function simulate(
  scenarios: readonly Scenario[],
  o: SimulateOptions = {},
  replays: readonly (readonly string[])[] = [],
): Promise<Report> {
  const { progress: _p, quiet: _q, ...study } = o;
  const bar = new ProgressBar(ProgressBar.wanted(o.progress, o.quiet ?? false));
  const report = await studySimulate(scenarios, { ...study, workers: effectiveWorkers(o.workers) }, replays, {
    onProgress: (p) => bar.update(p),
    clock: () => performance.now() / 1000,
    generator: generatorName(),
  });
  bar.done();
  return report;
}

/** The report of a finished run (an unsharded one, or the merge of its shards). */
export function reportOf(
  scenarios: readonly Scenario[],
  result: MonteCarloResult,
  replays: readonly (readonly string[])[] = [],
  verdicts: VerdictOptions = {},
  analyses?: readonly AnalysisResult<ExactAnalysis>[],
): Report {
  return studyReportOf(
    scenarios,
    result,
    replays,
    verdicts,
    generatorName(),
    ...(analyses !== undefined ? [analyses] : []),
  );
}
