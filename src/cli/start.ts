/**
 * `npm start`: the bundled comparison of topologies. Until the Monte Carlo command
 * lands it prints the help.
 */
import { main } from './main.ts';

process.exitCode = await main(['--help']);
