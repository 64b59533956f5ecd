/**
 * `k8s-ha-sim schema`: prints the JSON Schema of scenario files (from the same zod schema
 * that validates them), for editors with a YAML language server:
 * `# yaml-language-server: $schema=./scenario.schema.json`.
 */
import { writeStdout } from '../output.ts';
import type { Command } from 'commander';
import type { ExitSink } from '../errors.ts';
import { scenarioJsonSchema } from '../../scenario/schema.ts';

/** The schema as printed: pretty JSON with a trailing newline. */
export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** Registers `schema` (it exits 0 unless it throws: main maps InputError to 2). */
export function register(program: Command, _exit: ExitSink): void {
  program
    .command('schema')
    .description('print the scenario JSON Schema (for editor completion and help)')
    .action(() => {
      writeStdout(schemaText());
    });
}
