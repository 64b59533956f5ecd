/**
 * The command line: parses argv, dispatches to a command, maps the outcome to an exit
 * code. Never lets a stack trace reach the user for bad input (exit 2); an output that
 * cannot be written exits 4; an unexpected exception is a bug (exit 3) and says so.
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { EXIT_BUG, EXIT_INPUT, EXIT_IO, EXIT_OK, InputError, OutputError, type ExitSink } from './errors.ts';
import { writeStderr } from './output.ts';
import { packageVersion } from './version.ts';

export { packageVersion };

/**
 * Builds the commander program: the command `argv` names (or `help` names) loaded and
 * registered in full, every other one as a help-only stub (commands load lazily). Each
 * command's action hands its exit code to `exit`.
 */
export async function buildProgram(argv: readonly string[] = [], exit: ExitSink = () => {}): Promise<Command> {
  const program = new Command();
  program
    .name('k8s-ha-sim')
    .description(
      'Discrete-event failure simulator for Kubernetes control-plane high availability.\n' +
        'How available is this topology, under these failure and repair rates, and why?',
    )
    .version(`k8s-ha-sim ${packageVersion()}`, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
  const first = argv.findIndex((a) => !a.startsWith('-'));
  const wanted = first < 0 ? undefined : argv[first] === 'help' ? argv[first + 1] : argv[first];
  await registerCommands(program, wanted, exit);
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  try {
    const program = await buildProgram(argv, (c) => {
      code = c;
    });
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_OK;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors were printed.
      return err.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
    }
    if (err instanceof InputError) {
      reportError(err.message);
      return EXIT_INPUT;
    }
    if (err instanceof OutputError) {
      reportError(`k8s-ha-sim: ${err.message}`);
      return EXIT_IO;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    reportError(`k8s-ha-sim: internal error (a bug, please report it with the command line):\n${detail}`);
    return EXIT_BUG;
  }
}

/** Prints an error message on stderr, ending in a newline. */
function reportError(message: string): void {
  writeStderr(message.endsWith('\n') ? message : `${message}\n`);
}
