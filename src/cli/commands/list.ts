/**
 * `k8s-ha-sim list [-o json|yaml]`: the scenarios shipped with the package, which every
 * command takes by name (`run stacked-3`, `explain etcd-leader-killed`).
 */
import type { Command } from 'commander';
import type { ExitSink } from '../errors.ts';
import { bundledScenarios } from '../bundled.ts';
import { formatData, outputFormatOption, type DataFormat } from '../data-format.ts';
import { writeStdout } from '../output.ts';
import { terminalColumns } from '../columns.ts';
import { wrapText } from '../../units/fit.ts';

/** The list as printed: one line per scenario, descriptions cut to `columns`. */
export function listText(columns: number): string {
  const all = bundledScenarios();
  const w = Math.max(...all.map((s) => s.name.length), 4);
  const g = Math.max(...all.map((s) => s.group.length), 5);
  const lines = [`${'NAME'.padEnd(w)}  ${'GROUP'.padEnd(g)}  DESCRIPTION`];
  for (const s of all) {
    const head = `${s.name.padEnd(w)}  ${s.group.padEnd(g)}  `;
    const room = Math.max(20, columns - head.length);
    const d = [...s.description];
    lines.push(head + (d.length > room ? `${d.slice(0, room - 1).join('')}…` : s.description));
  }
  return `${lines.join('\n')}\n${wrapText('run one by name: k8s-ha-sim run stacked-3 (a file of that name takes precedence)', columns)}\n`;
}

/** Registers `list` (it exits 0 unless it throws: main maps InputError to 2). */
export function register(program: Command, _exit: ExitSink): void {
  program
    .command('list')
    .description('the bundled scenarios, which every command takes by name (run stacked-3)')
    .addOption(outputFormatOption())
    .action((opts: { output: DataFormat }) => {
      if (opts.output !== 'text') {
        writeStdout(
          formatData(
            bundledScenarios().map(({ name, group, file, description }) => ({ name, group, file, description })),
            opts.output,
          ),
        );
        return;
      }
      writeStdout(listText(terminalColumns()));
    });
}
