/**
 * The full-model part of `npm run bench` (issue 5), run by bench.ts in its own process:
 * test/bench/stacked-3-bench.yaml with 1-year replications, timed on the wall clock with
 * worker start-up included, from the compiled package in dist/. Prints one JSON object (FullModel) on stdout.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MS_PER } from '../../src/engine/time.ts';
import type { Scenario } from '../../src/scenario/types.ts';

// The compiled package (dist/, built by `prebench`), as users run it: the worker threads
// then load compiled JavaScript too, not TypeScript through tsx.
const { runMonteCarlo, loadScenarioText } = (await import(
  new URL('../../dist/index.js', import.meta.url).href
)) as typeof import('../../src/index.ts');

/** What bench.json's `fullModel` holds. */
export interface FullModel {
  readonly eventsPerSecond: number;
  readonly eventsPerClusterYear: number;
  readonly clusterYearsPerSecond: { readonly workers1: number; readonly workers2: number };
  readonly precision: { readonly replications: number; readonly seconds: number; readonly halfWidthMinutes: number };
}

const BENCH_SCENARIO = 'test/bench/stacked-3-bench.yaml';

function loadBenchScenario(replications: number): Scenario {
  const r = loadScenarioText(readFileSync(BENCH_SCENARIO, 'utf8'), BENCH_SCENARIO, { replications });
  if (!r.ok) throw new Error(`${BENCH_SCENARIO} is invalid: ${JSON.stringify(r.errors)}`);
  return r.value.scenario;
}

/** Times a Monte Carlo run of the bench scenario. */
async function timeMonteCarlo(
  replications: number,
  workers: number,
): Promise<{ seconds: number; events: number; years: number }> {
  const s = loadBenchScenario(replications);
  const t0 = performance.now();
  const r = await runMonteCarlo([s], { workers });
  const seconds = (performance.now() - t0) / 1000;
  const run = r.runs[0]!;
  return { seconds, events: run.stats.events, years: (run.stats.replications * s.simulation.horizonMs) / MS_PER.y };
}

async function main(): Promise<FullModel> {
  await timeMonteCarlo(500, 1); // warm-up
  const one = await timeMonteCarlo(15000, 1);
  const two = await timeMonteCarlo(30000, 2);
  const s = loadBenchScenario(100);
  const t0 = performance.now();
  const p = await runMonteCarlo([s], { workers: 2, precisionMinutes: 1, precisionSli: 'api' });
  const seconds = (performance.now() - t0) / 1000;
  const st = p.runs[0]!.stats;
  const [lo, hi] = st.slis.api.downtimeMinutesPerYearCi95;
  return {
    eventsPerSecond: one.events / one.seconds,
    eventsPerClusterYear: one.events / one.years,
    clusterYearsPerSecond: { workers1: one.years / one.seconds, workers2: two.years / two.seconds },
    precision: { replications: st.replications, seconds, halfWidthMinutes: (hi - lo) / 2 },
  };
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
