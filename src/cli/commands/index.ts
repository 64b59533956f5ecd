/**
 * Every CLI command, loaded lazily: each entry names a command, gives its help line and
 * how to load the module that registers it, so `--help` and a command's start-up load
 * only commander and that one module (`--help` within 2.5x `node -e 0`, see
 * test/bench/startup.ts). Each module exports `register(program, exit)`, adding its commander
 * sub-command(s) whose action hands its exit code to `exit` (main maps it).
 * A new command: one entry here (test/cli/commands.test.ts checks term and summary
 * against the module's own registration).
 */
import { Help, type Command } from 'commander';
import type { ExitSink } from '../errors.ts';

/** A command module. */
export interface CommandModule {
  register(program: Command, exit: ExitSink): void;
}

/** One command: what the top-level help shows and how to load it. */
export interface CommandEntry {
  readonly name: string;
  /** The help's term, as commander prints it for the registered command. */
  readonly term: string;
  /** The command's description, as its module registers it. */
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

/** Registered in help order. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    term: 'run [options] <scenario...>',
    summary: 'Monte Carlo availability of one or ' + 'more scenarios (several = a side-by-side comparison)',
    load: () => import('./run.ts'),
  },
  {
    name: 'check',
    term: 'check [options] <scenario...>',
    summary: 'like run, then exit 1 if an SLO ' + 'is not met with 95% confidence (CI lower bound below target)',
    load: () => import('./run.ts'),
  },
  {
    name: 'validate',
    term: 'validate [options] <scenario...>',
    summary: 'check scenario files and ' + 'print every problem as file:line:col key.path: message',
    load: () => import('./validate.ts'),
  },
  {
    name: 'schema',
    term: 'schema',
    summary: 'print the scenario JSON Schema (for editor completion ' + 'and help)',
    load: () => import('./schema.ts'),
  },
  {
    name: 'analyze',
    term: 'analyze [options] <scenario...>',
    summary: 'exact structural ' + 'availability of each SLI (no simulation, ideal timing)',
    load: () => import('./analyze.ts'),
  },
  {
    name: 'spof',
    term: 'spof [options] <scenario>',
    summary: 'single points of failure, minimal ' + 'cut sets (order 1-3) and Birnbaum importance',
    load: () => import('./spof.ts'),
  },
  {
    name: 'explain',
    term: 'explain [options] <scenario>',
    summary:
      'one seeded run (replication 0 ' + "unless --replication), narrated event by event, then each SLI's outages",
    load: () => import('./explain.ts'),
  },
  {
    name: 'sweep',
    term: 'sweep [options] <scenario>',
    summary:
      'capacity planning: run every ' +
      'combination of --set PATH=V1,V2 values (common random numbers), name the cheapest variant meeting ' +
      'the SLO',
    load: () => import('./sweep.ts'),
  },
  {
    name: 'play',
    term: 'play [options] [scenario]',
    summary:
      'write the interactive playground: ' + 'one self-contained HTML page (break a control plane and watch it react)',
    load: () => import('./play.ts'),
  },
  {
    name: 'import',
    term: 'import [options]',
    summary: 'write a scenario from an existing cluster ' + '(kubectl, kubeadm, etcdctl JSON) to edit and run',
    load: () => import('./import.ts'),
  },
  {
    name: 'merge',
    term: 'merge [options] <part...>',
    summary:
      'merge the partial results of a ' +
      'sharded run (--shard I/N) into its report; refuses missing, duplicate or foreign shards',
    load: () => import('./merge.ts'),
  },
  {
    name: 'list',
    term: 'list [options]',
    summary: 'the bundled scenarios, which every command ' + 'takes by name (run stacked-3)',
    load: () => import('./list.ts'),
  },
  {
    name: 'job',
    term: 'job [options] <scenario>',
    summary: 'print Kubernetes manifests that run ' + 'SCENARIO sharded as an Indexed Job, and the merge step',
    load: () => import('./job.ts'),
  },
  {
    name: 'robust',
    term: 'robust [options] <a> [b]',
    summary:
      'robustness of the SLO verdict and ' +
      'of A vs B across the plausible ranges of uncertain inputs; what drives it, what to measure first',
    load: () => import('./robust.ts'),
  },
];

/**
 * Registers every command on `program`: the module of `wanted` (a command name, if
 * any) in full, every other command as a help-only stub with its entry's term and summary.
 */
export async function registerCommands(program: Command, wanted: string | undefined, exit: ExitSink): Promise<void> {
  const entry = COMMANDS.find((c) => c.name === wanted);
  if (entry !== undefined) (await entry.load()).register(program, exit);
  for (const c of COMMANDS) {
    if (program.commands.some((x) => x.name() === c.name)) continue;
    program
      .command(c.name)
      .description(c.summary)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new Error(`command ${c.name} was not loaded`);
      });
  }
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  program.configureHelp({
    subcommandTerm(this: Help, cmd: Command): string {
      return terms.get(cmd.name()) ?? Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
}
