/**
 * The lazy command registry (src/cli/commands/index.ts): each entry's help term and
 * summary are what its module registers, every module registers its entries, and a
 * command's own help and the top-level help come out of main as before.
 */
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { buildProgram } from '../../src/cli/main.ts';

describe('lazy command registry', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: term and summary match its module', async (_name, entry) => {
    const program = new Command();
    (await entry.load()).register(program);
    const cmd = program.commands.find((c) => c.name() === entry.name);
    expect(cmd, `${entry.name} is registered by its module`).toBeDefined();
    expect(new Help().subcommandTerm(cmd!)).toBe(entry.term);
    expect(cmd!.description()).toBe(entry.summary);
  });

  it('the top-level help lists every command with its term; a named command is loaded in full', async () => {
    const help = (await buildProgram(['--help'])).helpInformation();
    for (const c of COMMANDS) expect(help).toContain(c.term);
    expect(help).toContain('help [command]');
    const run = (await buildProgram(['run', 'x.yaml'])).commands.find((c) => c.name() === 'run')!;
    expect(run.options.length).toBeGreaterThan(3);
    const job = (await buildProgram(['help', 'job'])).commands.find((c) => c.name() === 'job')!;
    expect(job.options.length).toBeGreaterThan(0);
  });
});
