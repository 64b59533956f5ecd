/**
 * Tests' scenario files through the library (src/index.ts), not the CLI: read the file,
 * `loadScenarioText`, every problem as one Error. The CLI's own reader (bundled names,
 * size cap, UTF-8 checks, warnings to stderr) is tested in test/cli and test/robust.
 */
import { readFileSync } from 'node:fs';
import { formatProblem, loadScenarioText, type LoadOptions, type LoadedScenario, type Result } from '../src/index.ts';
import type { Scenario } from '../src/scenario/types.ts';

/** The load result of a scenario file (problems as data). */
export function loadScenarioFileResult(file: string, options: LoadOptions = {}): Result<LoadedScenario> {
  return loadScenarioText(readFileSync(file, 'utf8'), file, options);
}

/** The scenario of a file; throws with every problem when it does not load. */
export function loadScenarioFile(file: string, options: LoadOptions = {}): Scenario {
  const r = loadScenarioFileResult(file, options);
  if (!r.ok) throw new Error(r.errors.map(formatProblem).join('\n'));
  return r.value.scenario;
}
