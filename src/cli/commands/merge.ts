/**
 * `merge PART...`: the report of a sharded run from its partial results (files written by
 * `run`/`check`/`sweep --shard I/N`, or `kubectl logs` output with one JSON line per
 * shard). Byte-identical to the unsharded run's report but for wall-clock fields (the
 * partials record `--window`, `--importance`, `--estimator` and `--max-breach-risk`); a
 * merged `check` gates like `check` (exit 1 when an SLO is not met or a breach risk is
 * over its limit; `merge --max-breach-risk` sets or replaces the shards' limit). Refuses,
 * exit 2, any set that is not exactly one run's shards.
 */
import type { Command } from 'commander';
import type { ExitSink } from '../errors.ts';
import { mergePartials } from '../../study/shard.ts';
import { SHARD_KEY_ENV, readPartials, shardKey } from '../shard.ts';
import { reportOf } from '../simulate.ts';
import { finishRunOrCheck, parseMaxBreachRisk, type RunFlags } from '../run-flow.ts';
import { finishSweep } from '../sweep-flow.ts';

/** Flags of `merge`. */
type MergeFlags = Pick<RunFlags, 'out' | 'json' | 'md' | 'html' | 'junit' | 'quiet' | 'maxBreachRisk' | 'key'>;

/** Merges the partials in `files`; returns the exit code. */
export function runMerge(files: readonly string[], flags: MergeFlags): number {
  const flagLimit = parseMaxBreachRisk(flags.maxBreachRisk);
  const { result, first, analyses } = mergePartials(readPartials(files, shardKey(flags.key)));
  const maxBreachRisk = flagLimit ?? first.settings.maxBreachRisk ?? undefined;
  const report = reportOf(
    first.scenarios,
    result,
    first.replays,
    maxBreachRisk !== undefined ? { maxBreachRisk } : {},
    analyses,
  );
  if (first.command === 'sweep' && first.sweep !== null)
    return finishSweep(first.sweep, first.scenarios, report, flags);
  return finishRunOrCheck(report, flags, first.command === 'check' ? 'check' : 'run');
}

/** Registers `merge`. */
export function register(program: Command, exit: ExitSink): void {
  program
    .command('merge')
    .description(
      'merge the partial results of a sharded run (--shard I/N) into its report; refuses missing, duplicate or foreign shards',
    )
    .argument(
      '<part...>',
      'partial result files (shard-*.json), or files of JSON lines such as kubectl logs output (- = stdin)',
    )
    .option('--out <dir>', 'write report.json, report.md and report.html into DIR')
    .option('--json <file>', 'write report.json here (- = stdout)')
    .option('--md <file>', 'write the Markdown report here (- = stdout)')
    .option('--html <file>', 'write the HTML report here (- = stdout)')
    .option('--junit <file>', 'write JUnit XML here (- = stdout)')
    .option('--quiet', 'print nothing on stdout but requested outputs')
    .option(
      '--key <file>',
      `verify every partial's HMAC-SHA256 with the key in FILE (or ` +
        `$${SHARD_KEY_ENV}); unsigned or altered partials are refused`,
    )
    .option(
      '--max-breach-risk <share>',
      'fail (exit 1) when the 95% CI upper bound of the share of ' +
        'windows below the SLO exceeds this, e.g. 5% (default: the limit the shards were run with)',
    )
    .action((files: string[], flags: MergeFlags) => exit(runMerge(files, flags)));
}
