/**
 * `sweep SCENARIO --set PATH=V1,V2 ...`: the cartesian grid of variants of one scenario,
 * all run with the same seed (common random numbers), then the Pareto frontier of
 * machines against API downtime and the cheapest variant that meets every SLO with 95%
 * confidence. Variants the loader refuses are reported as skipped, with its message.
 */
import type { Command } from 'commander';
import type { ExitSink } from '../errors.ts';
import { addSimulationOptions } from '../run-flow.ts';
import { runSweep, type SweepFlags } from '../sweep-flow.ts';

export { planVariants, runSweep, sweepAxes, type SweepFlags } from '../sweep-flow.ts';

/** Registers `sweep`. */
export function register(program: Command, exit: ExitSink): void {
  addSimulationOptions(
    program
      .command('sweep')
      .description(
        'capacity planning: run every combination of --set PATH=V1,V2 values (common ' +
          'random numbers), name the cheapest variant meeting the SLO',
      )
      .argument('<scenario>', 'scenario YAML file')
      .option(
        '--cost <weights>',
        'machine cost weights, e.g. host=1,etcd=0.5,lb=0.2: "cheapest" ' + 'means least cost (default: machine count)',
      ),
  ).action(async (file: string, flags: SweepFlags) => exit(await runSweep(file, flags)));
}
