/**
 * `k8s-ha-sim validate FILE...`: checks every file and prints `ok FILE (name)` for each
 * valid one, warnings and every problem of the invalid ones (`file:line:col key.path:
 * message`); exit 2 when any file is invalid. `-o json|yaml` prints the same as data on
 * stdout: one entry per file with its name, errors and warnings.
 */
import type { Command } from 'commander';
import { EXIT_INPUT, EXIT_OK, type ExitSink } from '../errors.ts';
import { collect, writeStdout, writeStderr } from '../output.ts';
import { formatData, outputFormatOption, type DataFormat } from '../data-format.ts';
import type { Problem } from '../../scenario/problems.ts';
import { formatProblems, loadScenarioResult, parseCliOverrides, type CliOverrides } from '../load-scenario.ts';

/** The outcome of validating files: what goes to stdout and stderr, and the exit code. */
export interface ValidateOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** Per file, for `-o json|yaml`. */
  readonly data: readonly ValidatedFile[];
}

/** One file's outcome as `-o json|yaml` prints it. */
export interface ValidatedFile {
  readonly file: string;
  readonly ok: boolean;
  readonly name: string | null;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/** Validates `files` (pure apart from reading them). */
export function runValidate(files: readonly string[], overrides: CliOverrides = {}): ValidateOutcome {
  const options = parseCliOverrides(overrides);
  let stdout = '';
  let stderr = '';
  let bad = 0;
  const data: ValidatedFile[] = [];
  for (const file of files) {
    const r = loadScenarioResult(file, options);
    if (r.ok) {
      stdout += `ok ${file} (${r.value.scenario.name})\n`;
      if (r.value.warnings.length > 0) stderr += `${formatProblems(r.value.warnings)}\n`;
      data.push({ file, ok: true, name: r.value.scenario.name, errors: [], warnings: r.value.warnings });
    } else {
      bad++;
      data.push({ file, ok: false, name: null, errors: r.errors, warnings: [] });
      stderr += `${formatProblems(r.errors)}\n`;
    }
  }
  if (bad > 0 && files.length > 1) stderr += `${bad} of ${files.length} files are invalid\n`;
  return { stdout, stderr, exitCode: bad > 0 ? EXIT_INPUT : EXIT_OK, data };
}

/** Registers `validate`. */
export function register(program: Command, exit: ExitSink): void {
  program
    .command('validate')
    .description('check scenario files and print every problem as file:line:col key.path: message')
    .argument('<scenario...>', 'scenario YAML files')
    .option('--set <path=value>', 'override a key before validation (repeatable)', collect, [])
    .addOption(outputFormatOption())
    .action((files: string[], opts: { set: string[]; output: DataFormat }) => {
      const out = runValidate(files, { set: opts.set });
      if (opts.output !== 'text') writeStdout(formatData(out.data, opts.output));
      else {
        writeStdout(out.stdout);
        writeStderr(out.stderr);
      }
      exit(out.exitCode);
    });
}
