/**
 * `k8s-ha-sim analyze SCENARIO... [--json FILE|-]`: exact structural availability of every
 * SLI (docs/spec.md §8), no simulation. A table per scenario on stdout; JSON on request.
 */
import type { Command } from 'commander';
import {
  analyzeJsonEntry,
  analyzeScenario,
  capacityReport,
  formatAnalyzeTable,
  formatCapacity,
  type CapacityReport,
  type AnalyzeJson,
  type AnalyzeJsonEntry,
} from '../../analysis/index.ts';
import { InputError, type ExitSink } from '../errors.ts';
import { loadScenarioForCli, type CliOverrides } from '../load-scenario.ts';
import { collect, writeOutput, writeStdout } from '../output.ts';
import { terminalColumns } from '../columns.ts';
import { wrapLines } from '../../units/fit.ts';
import { formatData, outputFormatOption, type DataFormat } from '../data-format.ts';

/** Analyses every file; bad input or a refused topology is an InputError (exit 2). */
export function runAnalyze(
  files: readonly string[],
  opts: AnalyzeFlags = {},
): AnalyzeJson & { scenarios: (AnalyzeJsonEntry & { capacity?: CapacityReport })[] } {
  const scenarios: (AnalyzeJsonEntry & { capacity?: CapacityReport })[] = [];
  const overrides: CliOverrides = { set: opts.set ?? [] };
  for (const file of files) {
    const s = loadScenarioForCli(file, overrides, { quiet: opts.quiet ?? false });
    const r = analyzeScenario(s);
    if (!r.ok) throw new InputError(r.errors.join('\n'));
    const capacity = capacityReport(s);
    scenarios.push(capacity === null ? analyzeJsonEntry(s, r.value) : { ...analyzeJsonEntry(s, r.value), capacity });
  }
  return { scenarios };
}

/** Flags of `analyze` as commander hands them over. */
export interface AnalyzeFlags {
  readonly json?: string;
  readonly set?: string[];
  readonly quiet?: boolean;
  /** `-o json|yaml`: the result on stdout instead of the table. */
  readonly output?: DataFormat;
}

/** Registers `analyze` (it exits 0 unless it throws: main maps InputError to 2). */
export function register(program: Command, _exit: ExitSink): void {
  program
    .command('analyze')
    .description('exact structural availability of each SLI (no simulation, ideal timing)')
    .argument('<scenario...>', 'scenario YAML files')
    .option('--json <file>', 'write the result as JSON (- = stdout)')
    .option('--set <path=value>', 'override a scenario key (repeatable)', collect)
    .option('--quiet', 'no warnings, no table (with --json FILE)')
    .addOption(outputFormatOption())
    .action((files: string[], opts: AnalyzeFlags) => {
      const result = runAnalyze(files, opts);
      if (opts.json !== undefined) writeOutput(opts.json, `${JSON.stringify(result, null, 2)}\n`);
      if (opts.output !== undefined && opts.output !== 'text') return writeStdout(formatData(result, opts.output));
      const cols = terminalColumns();
      const table = (e: AnalyzeJsonEntry & { capacity?: CapacityReport }) =>
        formatAnalyzeTable(e, cols) + (e.capacity ? wrapLines(formatCapacity(e.capacity), cols) : '');
      if (opts.json !== '-' && !opts.quiet) writeStdout(result.scenarios.map(table).join('\n'));
    });
}
