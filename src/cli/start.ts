/**
 * `npm start`: the bundled comparison of topologies (src/study/compare-topologies.ts).
 * The side-by-side run is the `run` command on the comparison's files (so npm start's
 * extra flags are run's flags): a table on stdout and reports/report.{json,md,html}.
 * Then the side-by-side view: hardware-only against operational availability and the
 * providers' band (src/report/operations-view.ts), and (docs/model.md) the stacked-or-external
 * verdict on the three API SLIs with CIs, from the study's paired runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './main.ts';
import {
  BUNDLED_COMPARISON,
  COMPARISON_REPLICATIONS,
  OPERATIONAL_COMPARISON,
  compareStackedVsExternal,
} from '../study/compare-topologies.ts';
import { renderStackedVsExternal } from '../report/stacked-vs-external.ts';
import { renderOperationsView } from '../report/operations-view.ts';
import { terminalColumns } from './columns.ts';
import type { Report } from '../report/report-types.ts';
import { loadScenarioForCli } from './load-scenario.ts';
import { simulateOptions } from './run-flow.ts';
import { effectiveWorkers, generatorName } from './simulate.ts';
import { EXIT_INPUT, InputError } from './errors.ts';
import { writeStderr } from './output.ts';

process.chdir(fileURLToPath(new URL('../../', import.meta.url)));
const extra = process.argv.slice(2);
const outAt = extra.lastIndexOf('--out');
const out = outAt >= 0 ? (extra[outAt + 1] ?? 'reports') : 'reports';
const json = join(out, 'report.json');
process.exitCode = await main([
  'run',
  ...BUNDLED_COMPARISON,
  ...OPERATIONAL_COMPARISON,
  '--replications',
  String(COMPARISON_REPLICATIONS),
  '--out',
  'reports',
  ...extra,
]);
if (process.exitCode === 0 && existsSync(json)) {
  process.stdout.write(
    `\n${renderOperationsView(JSON.parse(readFileSync(json, 'utf8')) as Report, terminalColumns())}`,
  );
  // The pairs run quietly with run's defaults: no progress bar, no warnings (the side-by-side run printed them).
  const { progress: _p, quiet: _q, ...options } = simulateOptions({ quiet: true });
  try {
    const pairs = await compareStackedVsExternal(
      (file, replications) => loadScenarioForCli(file, { replications }, { quiet: true }),
      { ...options, workers: effectiveWorkers(options.workers) },
      { clock: () => performance.now() / 1000, generator: generatorName() },
    );
    if (pairs.length > 0) process.stdout.write(`\n${renderStackedVsExternal(pairs)}`);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    writeStderr(`k8s-ha-sim: ${e.message}\n`);
    process.exitCode = EXIT_INPUT;
  }
}
