/**
 * `k8s-ha-sim schema`: prints the JSON Schema of scenario files (from the same zod schema
 * that validates them), for editors with a YAML language server:
 * `# yaml-language-server: $schema=./scenario.schema.json`.
 */
import { writeStdout } from '../output.ts';
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../scenario/schema.ts';

/** The schema as printed: pretty JSON with a trailing newline. */
export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** Registers `schema`. */
export function register(program: Command): void {
  program
    .command('schema')
    .description('print the scenario JSON Schema (for editor completion and help)')
    .action(() => {
      writeStdout(schemaText());
    });
}
