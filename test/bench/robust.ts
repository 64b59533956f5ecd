/**
 * The `robust` part of `npm run bench` (issue 20), run by bench.ts in its own process:
 * the robustness study of `npm start`'s stacked-vs-external pair at its defaults (512
 * input sets, 16 simulated sets x 100 replications, Sobol 64 rows), split into the
 * simulated sets and the outer level, as input sets per second, against a single study:
 * one `run` of the pair at npm start's 1,000 replications, 2 workers.
 * Prints one JSON object (RobustBench) on stdout.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import { scenarioLoader } from '../../src/scenario/load.ts';
import { mcDesign, robustStudy, simulateSets, studyInputs, type StudySubject } from '../../src/uncertainty/index.ts';

/** What bench.json's `robust` holds. */
export interface RobustBench {
  readonly inputs: number;
  readonly simulatedSeconds: number;
  readonly outerSeconds: number;
  readonly totalSeconds: number;
  /** Exact-plus-gap evaluations of one input set (both scenarios) per second. */
  readonly inputSetsPerSecond: number;
  readonly singleRunSeconds: number;
  /** Robustness study / single run. */
  readonly costRatio: number;
}

const FILES = ['scenarios/operations/stacked-3.yaml', 'scenarios/operations/external-3x3.yaml'];

function subjects(replications: number): StudySubject[] {
  return FILES.map((f) => {
    const r = scenarioLoader(readFileSync(f, 'utf8'), f, { replications });
    if (!r.ok) throw new Error(`${f}: ${r.errors.map((e) => e.message).join('; ')}`);
    return { name: r.value.central.scenario.name, loader: r.value };
  });
}

async function main(): Promise<void> {
  const s = subjects(100);
  const inputs = studyInputs(s);
  const design = mcDesign(inputs, {});
  let t0 = performance.now();
  const sets = await simulateSets(s, inputs, design, { from: 0, to: design.length }, { monteCarlo: { workers: 2 } });
  const simulatedSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const r = await robustStudy(s, { simulated: sets });
  const outerSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await runMonteCarlo(
    subjects(1000).map((x) => x.loader.central.scenario),
    { workers: 2 },
  );
  const singleRunSeconds = (performance.now() - t0) / 1000;
  const out: RobustBench = {
    inputs: inputs.length,
    simulatedSeconds,
    outerSeconds,
    totalSeconds: simulatedSeconds + outerSeconds,
    inputSetsPerSecond: r.cost.evaluations / s.length / outerSeconds,
    singleRunSeconds,
    costRatio: (simulatedSeconds + outerSeconds) / singleRunSeconds,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
