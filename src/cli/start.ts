/**
 * `npm start`: the bundled comparison of topologies — the baseline scenarios of
 * scenarios/ and their operational variants (scenarios/operations/) run side by side
 * with common random numbers, a table on stdout and reports/report.{json,md,html};
 * 1,000 one-year replications per scenario. Then the side-by-side view: hardware-only
 * against operational availability and the providers' band (src/report/operations-view.ts),
 * and (docs/model.md) the stacked-or-external verdict on the three API SLIs with CIs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './main.ts';
import { BUNDLED_COMPARISON, OPERATIONAL_COMPARISON, STACKED_VS_EXTERNAL } from './start-list.ts';
import { renderStackedVsExternal } from '../report/stacked-vs-external.ts';
import { renderOperationsView } from '../report/operations-view.ts';
import { terminalColumns } from './columns.ts';
import type { Report } from '../report/report-types.ts';

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
  '1000',
  '--out',
  'reports',
  ...extra,
]);
if (process.exitCode === 0 && existsSync(json)) {
  process.stdout.write(
    `\n${renderOperationsView(JSON.parse(readFileSync(json, 'utf8')) as Report, terminalColumns())}`,
  );
  // docs/model.md: each stacked/external pair run again on its own (the same replications:
  // common random numbers), so the paired difference and its CI come out directly.
  const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-pairs-'));
  const pairs: Report[] = [];
  for (const [i, [a, b]] of STACKED_VS_EXTERNAL.entries()) {
    const file = join(dir, `pair-${i}.json`);
    const code = await main(['run', a, b, '--replications', '1000', '--json', file, '--quiet']);
    if (code === 0 && existsSync(file)) pairs.push(JSON.parse(readFileSync(file, 'utf8')) as Report);
  }
  rmSync(dir, { recursive: true, force: true });
  if (pairs.length > 0) process.stdout.write(`\n${renderStackedVsExternal(pairs)}`);
}
