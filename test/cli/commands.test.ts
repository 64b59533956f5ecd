/**
 * The lazy command registry (src/cli/commands/index.ts): each entry's help term and
 * summary are what its module registers, every module registers its entries, and a
 * command's own help and the top-level help come out of main as before.
 */
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { bundledScenarios, resolveScenarioPath } from '../../src/cli/bundled.ts';
import { listText } from '../../src/cli/commands/list.ts';
import { runValidate } from '../../src/cli/commands/validate.ts';
import { formatData } from '../../src/cli/data-format.ts';
import { parse } from 'yaml';

describe('lazy command registry', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: term and summary match its module', async (_name, entry) => {
    const program = new Command();
    (await entry.load()).register(program, () => {});
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

describe('bundled scenarios by name', () => {
  it('a name resolves to its bundled file when no such file exists; files and paths win', () => {
    expect(resolveScenarioPath('stacked-3')).toMatch(/[/\\]scenarios[/\\]stacked-3\.yaml$/);
    expect(resolveScenarioPath('stacked-3.yaml')).toMatch(/[/\\]scenarios[/\\]stacked-3\.yaml$/);
    expect(resolveScenarioPath('stacked-3-ops')).toMatch(/[/\\]scenarios[/\\]operations[/\\]stacked-3\.yaml$/);
    expect(resolveScenarioPath('etcd-leader-killed')).toMatch(
      /[/\\]scenarios[/\\]teaching[/\\]etcd-leader-killed\.yaml$/,
    );
    expect(resolveScenarioPath('scenarios/stacked-5.yaml')).toBe('scenarios/stacked-5.yaml');
    expect(resolveScenarioPath('no/such.yaml')).toBe('no/such.yaml');
    expect(resolveScenarioPath('nosuch')).toBe('nosuch');
    expect(resolveScenarioPath('package.json')).toBe('package.json');
  });

  it('names are unique, every bundled file has one and a description', () => {
    const all = bundledScenarios();
    expect(all.length).toBeGreaterThan(30);
    expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
    for (const s of all) expect(s.description, s.file).not.toBe('');
  });

  it('list fits the width it is given; validate -o json|yaml is the same data', () => {
    for (const line of listText(80).split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    const v = runValidate(['stacked-3', 'nosuch']);
    expect(v.exitCode).toBe(2);
    expect(v.data.map((d) => [d.file, d.ok, d.name])).toEqual([
      ['stacked-3', true, 'stacked-3'],
      ['nosuch', false, null],
    ]);
    expect(v.data[1]!.errors[0]!.message).toContain('nor a bundled scenario');
    expect(parse(formatData(v.data, 'yaml'))).toEqual(JSON.parse(formatData(v.data, 'json')));
  });
});
