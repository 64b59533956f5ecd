/** The `validate` and `schema` commands, run as a user runs them (a child process). */
import { describe, expect, it } from 'vitest';
import { runAsync, type Ran } from '../cli-async.ts';

// Awaited, not spawnSync'ed: a child process must not block the worker's event loop.
function cli(...args: string[]): Promise<Ran> {
  return runAsync(process.execPath, ['bin/k8s-ha-sim', ...args]);
}

describe('k8s-ha-sim validate / schema', () => {
  it('exits 2 on a bad file, prints every problem as file:line:col key.path: message, no stack trace', async () => {
    const r = await cli(
      'validate',
      'scenarios/stacked-3.yaml',
      'test/fixtures/invalid/many-problems.yaml',
      'test/fixtures/invalid/proto-key.yaml',
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('ok scenarios/stacked-3.yaml (stacked-3)\n');
    const lines = r.stderr.trim().split('\n');
    expect(
      lines.slice(0, 5).every((l) => /^test\/fixtures\/invalid\/many-problems\.yaml:\d+:\d+ [a-z.]+: /.test(l)),
    ).toBe(true);
    expect(lines).toContain('test/fixtures/invalid/proto-key.yaml:7:1 __proto__: the key "__proto__" is not allowed');
    expect(lines[lines.length - 1]).toBe('2 of 3 files are invalid');
    expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
  });

  it('exits 0 with warnings on stderr for a valid but weak scenario', async () => {
    const r = await cli('validate', 'scenarios/two-control-plane.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok scenarios/two-control-plane.yaml (two-control-plane)\n');
    expect(r.stderr).toMatch(/^scenarios\/two-control-plane\.yaml:\d+:\d+ topology\.zones: warning: losing zone "a"/);
  });

  it('reports a missing file and a bad --set as input errors', async () => {
    const missing = await cli('validate', 'no/such/file.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('no/such/file.yaml:1:1: no such file\n');
    const bad = await cli('validate', 'scenarios/stacked-3.yaml', '--set', 'topology.controlPlane.count=zero');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--set:1:29 topology\.controlPlane\.count: expected a control-plane host count/);
    const good = await cli('validate', 'scenarios/stacked-3.yaml', '--set', 'topology.controlPlane.count=5');
    expect(good.code).toBe(0);
  });

  it('prints the JSON Schema', async () => {
    const r = await cli('schema');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: Record<string, { description?: string }>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual([
      'name',
      'description',
      'topology',
      'failures',
      'timing',
      'faults',
      'simulation',
      'slo',
      'badMinute',
      'load',
      'operations',
    ]);
    expect(schema.required).toEqual(['name', 'topology']);
    expect(schema.properties.topology?.description).toMatch(/hosts/i);
  });
});
