/**
 * `run` and `check`: Monte Carlo over one or more scenarios (several = a comparison with
 * common random numbers), a table on stdout, report.json / report.md / report.html.
 * `check` then exits 1 when an SLO's 95% CI lower bound is below its target.
 */
import type { Command } from 'commander';
import type { ExitSink } from '../errors.ts';
import { addSimulationOptions, runOrCheck, type RunFlags } from '../run-flow.ts';

/** Registers `run` and `check`. */
export function register(program: Command, exit: ExitSink): void {
  addSimulationOptions(
    program
      .command('run')
      .description('Monte Carlo availability of one or more scenarios (several = a side-by-side comparison)')
      .argument('<scenario...>', 'scenario YAML files'),
  ).action(async (files: string[], flags: RunFlags) => exit(await runOrCheck(files, flags, 'run')));
  addSimulationOptions(
    program
      .command('check')
      .description('like run, then exit 1 if an SLO is not met with 95% confidence (CI lower bound below target)')
      .argument('<scenario...>', 'scenario YAML files'),
  ).action(async (files: string[], flags: RunFlags) => exit(await runOrCheck(files, flags, 'check')));
}
