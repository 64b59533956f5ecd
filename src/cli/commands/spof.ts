/**
 * `k8s-ha-sim spof SCENARIO [--json FILE|-] [--max-order N]`: single points of failure,
 * minimal cut sets of order 2 and 3, Birnbaum importance and one recommendation.
 */
import type { Command } from 'commander';
import { formatSpofReport, spofReport } from '../../analysis/index.ts';
import { terminalColumns } from '../columns.ts';
import { formatData, outputFormatOption, type DataFormat } from '../data-format.ts';
import { InputError, type ExitSink } from '../errors.ts';
import { loadScenarioForCli, type CliOverrides } from '../load-scenario.ts';
import { collect, writeOutput, writeStdout } from '../output.ts';

/** Parses `--max-order`. */
function parseOrder(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3) throw new InputError(`--max-order: expected 1, 2 or 3, got "${v}"`);
  return n;
}

/** Registers `spof` (it exits 0 unless it throws: main maps InputError to 2). */
export function register(program: Command, _exit: ExitSink): void {
  program
    .command('spof')
    .description('single points of failure, minimal cut sets (order 1-3) and Birnbaum importance')
    .argument('<scenario>', 'scenario YAML file')
    .option('--json <file>', 'write the report as JSON (- = stdout)')
    .option('--max-order <n>', 'largest cut-set order searched (1-3)', '3')
    .option('--set <path=value>', 'override a scenario key (repeatable)', collect)
    .option('--quiet', 'no warnings, no text report (with --json FILE)')
    .addOption(outputFormatOption())
    .action(
      (
        file: string,
        opts: { json?: string; maxOrder: string; set?: string[]; quiet?: boolean; output: DataFormat },
      ) => {
        const overrides: CliOverrides = { set: opts.set ?? [] };
        const s = loadScenarioForCli(file, overrides, { quiet: opts.quiet ?? false });
        const r = spofReport(s, { maxOrder: parseOrder(opts.maxOrder) });
        if (!r.ok) throw new InputError(r.errors.join('\n'));
        if (opts.json !== undefined) writeOutput(opts.json, `${JSON.stringify(r.value, null, 2)}\n`);
        if (opts.output !== 'text') return writeStdout(formatData(r.value, opts.output));
        if (opts.json !== '-' && !opts.quiet) writeStdout(formatSpofReport(r.value, s.file, terminalColumns()));
      },
    );
}
