/**
 * `k8s-ha-sim robust A.yaml [B.yaml]`: the robustness study of docs/uncertainty.md (src/uncertainty,
 * docs/uncertainty.md) — how yearly downtime, the SLO verdict and the A-vs-B answer hold
 * up across the plausible values of every uncertain input, what drives them, and what to
 * measure first. Parses flags, reads files, calls the library, renders.
 */
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { renderRobustHtml } from '../../report/robust-html.ts';
import { renderRobustTerminal } from '../../report/robust-text.ts';
import { scenarioLoader } from '../../scenario/load.ts';
import { SLIS, type Sli } from '../../scenario/types.ts';
import {
  mergeShards,
  parseObserved,
  robustStudy,
  simulateShard,
  StudyError,
  type ObservedCount,
  type StudyOptions,
  type StudyShard,
  type StudySubject,
} from '../../uncertainty/index.ts';
import { parseShard } from '../shard.ts';
import { InputError, type ExitSink } from '../errors.ts';
import { formatProblems, parseCliOverrides, readCapped } from '../load-scenario.ts';
import { collect, parsePositiveInt, writeOutput, writeStdout } from '../output.ts';
import { ProgressBar } from '../progress.ts';
import { effectiveWorkers } from '../simulate.ts';
import { MAX_FILE_BYTES } from '../../scenario/yaml-source.ts';

interface RobustFlags {
  readonly slo?: string[];
  readonly set?: string[];
  readonly seed?: string;
  readonly replications: string;
  readonly sets: string;
  readonly sobolRows: string;
  readonly mcSets: string;
  readonly sli?: string;
  readonly workers?: string;
  readonly observed?: string;
  readonly json?: string;
  readonly html?: string;
  readonly quiet?: boolean;
  readonly progress?: boolean;
  readonly shard?: string;
  readonly merge?: string[];
}

function subjectOf(file: string, flags: RobustFlags): StudySubject {
  const read = readCapped(file, MAX_FILE_BYTES);
  if (!read.ok) throw new InputError(`${file}: ${read.message}`);
  const options = {
    ...parseCliOverrides({
      set: flags.set ?? [],
      slo: flags.slo ?? [],
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    }),
    replications: flags.replications,
  };
  const r = scenarioLoader(read.text, file, options);
  if (!r.ok) throw new InputError(formatProblems(r.errors));
  return { name: r.value.central.scenario.name, loader: r.value };
}

function observedOf(file: string): ObservedCount[] {
  const read = readCapped(file, MAX_FILE_BYTES);
  if (!read.ok) throw new InputError(`${file}: ${read.message}`);
  let data: unknown;
  try {
    data = parseYaml(read.text);
  } catch (e) {
    throw new InputError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = parseObserved(data);
  if (!r.ok) throw new InputError(r.errors.map((m) => `${file}: ${m}`).join('\n'));
  return r.value;
}

function mergedSets(
  subjects: readonly StudySubject[],
  files: readonly string[],
  flags: RobustFlags,
): NonNullable<StudyOptions['simulated']> {
  const parts = files.map((f) => {
    const read = readCapped(f, 512 * 1024 * 1024);
    if (!read.ok) throw new InputError(`${f}: ${read.message}`);
    try {
      return JSON.parse(read.text) as StudyShard;
    } catch (e) {
      throw new InputError(`${f}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  });
  const m = mergeShards(subjects, parts, {
    mcSets: parsePositiveInt('--mc-sets', flags.mcSets, 10_000) ?? 16,
    ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
  });
  if (!m.ok) throw new InputError(m.errors.join('\n'));
  return m.sets;
}

/** Registers `robust` (it exits 0 unless it throws: main maps InputError to 2). */
export function register(program: Command, _exit: ExitSink): void {
  program
    .command('robust')
    .description(
      'robustness of the SLO verdict and of A vs B across the plausible ranges of ' +
        'uncertain inputs; what drives it, what to measure first',
    )
    .argument('<a>', 'scenario YAML file (the baseline)')
    .argument('[b]', 'a second scenario to compare with the first (common inputs per set)')
    .option('--slo <sli=target>', 'SLO, e.g. api=99.95% (repeatable; overrides the scenario slo)', collect)
    .option('--set <path=value>', 'override a scenario key (repeatable)', collect)
    .option('--seed <n>', 'master seed of the simulated sets and of the outer design')
    .option('--replications <n>', 'replications per simulated input set', '100')
    .option('--sets <n>', 'outer input sets (Latin hypercube)', '512')
    .option(
      '--sobol-rows <n>',
      'base rows of the Sobol design (cost: rows x (inputs + 2) exact evaluations; 0 = none)',
      '64',
    )
    .option('--mc-sets <n>', 'input sets simulated in full to fit the simulated gap', '16')
    .option('--sli <sli>', `SLI of the verdict and indices (${SLIS.join(', ')})`)
    .option('--observed <file>', 'counts of past incidents per input over a period: updates the ranges (gamma-Poisson)')
    .option('--workers <n>', 'worker threads; results do not depend on it')
    .option('--json <file>', 'write the study as JSON (- = stdout)')
    .option('--html <file>', 'write the HTML report with the tornado chart')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .option('--no-progress', 'never show progress')
    .option('--quiet', 'print nothing on stdout but requested outputs')
    .option(
      '--shard <I/N>',
      'simulate only shard I of N of the simulated sets; write the part as ' +
        'JSON (--json FILE, default stdout) for --merge',
    )
    .option(
      '--merge <part.json>',
      'the study from the parts of every shard (repeatable): byte-identical to an unsharded study',
      collect,
    )
    .action(async (a: string, b: string | undefined, flags: RobustFlags) => {
      const subjects = [a, ...(b === undefined ? [] : [b])].map((f) => subjectOf(f, flags));
      if (flags.sli !== undefined && !SLIS.includes(flags.sli as Sli))
        throw new InputError(`--sli: expected one of ` + `${SLIS.join(', ')}, got "${flags.sli}"`);
      const sobolRows = flags.sobolRows === '0' ? 0 : parsePositiveInt('--sobol-rows', flags.sobolRows, 100_000);
      const bar = new ProgressBar(ProgressBar.wanted(flags.progress, flags.quiet ?? false));
      const options: StudyOptions = {
        sets: parsePositiveInt('--sets', flags.sets, 1_000_000) ?? 512,
        sobolRows: sobolRows ?? 64,
        mcSets: parsePositiveInt('--mc-sets', flags.mcSets, 10_000) ?? 16,
        ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
        ...(flags.sli !== undefined ? { sli: flags.sli as Sli } : {}),
        ...(flags.observed !== undefined ? { observed: observedOf(flags.observed) } : {}),
        ...(flags.merge !== undefined ? { simulated: mergedSets(subjects, flags.merge, flags) } : {}),
        monteCarlo: {
          workers: effectiveWorkers(parsePositiveInt('--workers', flags.workers, 1024)),
          onProgress: (p) => bar.update(p),
          clock: () => performance.now() / 1000,
        },
      };
      // biome-ignore lint/suspicious/noImplicitAnyLet: TypeScript types it from the assignments in both branches
      let report;
      try {
        if (flags.shard !== undefined) {
          const part = await simulateShard(subjects, parseShard(flags.shard), options);
          writeOutput(flags.json ?? '-', `${JSON.stringify(part)}\n`);
          return;
        }
        report = await robustStudy(subjects, options);
      } catch (e) {
        if (e instanceof StudyError) throw new InputError(e.message);
        throw e;
      } finally {
        bar.done();
      }
      if (flags.json !== undefined) writeOutput(flags.json, `${JSON.stringify(report, null, 2)}\n`);
      if (flags.html !== undefined) writeOutput(flags.html, renderRobustHtml(report));
      if (flags.json !== '-' && !flags.quiet) writeStdout(renderRobustTerminal(report));
    });
}
