/**
 * `npm start`: the bundled comparison of topologies — the baseline scenarios of
 * scenarios/ run side by side with common random numbers, a table on stdout and
 * reports/report.{json,md,html}; 1,000 one-year replications per scenario.
 */
import { fileURLToPath } from 'node:url';
import { main } from './main.ts';
import { BUNDLED_COMPARISON } from './start-list.ts';


process.chdir(fileURLToPath(new URL('../../', import.meta.url)));
process.exitCode = await main(['run', ...BUNDLED_COMPARISON, '--replications', '1000', '--out', 'reports', ...process.argv.slice(2)]);
