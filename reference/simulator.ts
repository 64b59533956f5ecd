/**
 * The simulator side of the reference comparison, behind one function so that the model
 * can change underneath it: the same data `k8s-ha-sim explain SCENARIO --seed N --json -`
 * prints, for many seeds, computed in this process.
 */
import { runExplain } from '../src/cli/commands/explain.ts';
import { explainJson, type ExplainJson } from '../src/report/explain.ts';

/** `explain --json` of `scenarioFile` for seeds 1..count (replication 0 of each). */
export function simulateSeeds(scenarioFile: string, count: number): ExplainJson[] {
  const runs: ExplainJson[] = [];
  for (let seed = 1; seed <= count; seed++) {
    runs.push(explainJson(runExplain(scenarioFile, { seed: String(seed), quiet: true })));
  }
  return runs;
}
