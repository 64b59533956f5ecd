/**
 * `npm start`: the bundled comparison of topologies — the baseline scenarios of
 * scenarios/ run side by side with common random numbers, a table on stdout and
 * reports/report.{json,md,html}; 1,000 one-year replications per scenario.
 */
import { fileURLToPath } from 'node:url';
import { main } from './main.ts';

/** The bundled baseline scenarios, in report order (the first is the comparison baseline). */
export const BUNDLED_COMPARISON: readonly string[] = [
  'scenarios/single-node.yaml',
  'scenarios/two-control-plane.yaml',
  'scenarios/no-lb.yaml',
  'scenarios/haproxy-single.yaml',
  'scenarios/stacked-3-one-zone.yaml',
  'scenarios/stacked-3-two-zones.yaml',
  'scenarios/stacked-3.yaml',
  'scenarios/stacked-5.yaml',
  'scenarios/external-3x3.yaml',
  'scenarios/external-5x5.yaml',
];

process.chdir(fileURLToPath(new URL('../../', import.meta.url)));
process.exitCode = await main(['run', ...BUNDLED_COMPARISON, '--replications', '1000', '--out', 'reports', ...process.argv.slice(2)]);
