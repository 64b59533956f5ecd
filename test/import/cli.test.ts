/**
 * `k8s-ha-sim import` as a user runs it: files, `--out`, exit 2 with one line on bad
 * input, and `--from-cluster` against a fake `kubectl` on PATH that prints fixtures
 * (and fails like kubectl does when the kubeadm-config ConfigMap does not exist).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAsync, type Ran } from '../cli-async.ts';

const DIR = resolve('test/fixtures/import');
const tmp = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Awaited, not spawnSync'ed: a child process must not block the worker's event loop.
function cli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return runAsync(process.execPath, ['bin/k8s-ha-sim', ...args], { env: { ...process.env, ...env } });
}

/** A fake kubectl serving one fixture cluster; it logs its argv. */
function fakeKubectl(cluster: string): string {
  const bin = join(tmp, cluster);
  mkdirSync(bin, { recursive: true });
  const script = `#!/bin/sh
echo "$*" >> "${bin}/calls.log"
d="${DIR}/${cluster}"
case "$*" in
  "get nodes -o json") cat "$d/nodes.json" ;;
  "get pods -n kube-system -o json") cat "$d/pods.json" ;;
  "get configmap -n kube-system kubeadm-config -o json")
    if [ -f "$d/kubeadm-config.json" ]; then cat "$d/kubeadm-config.json"; else echo 'Error from server (NotFound): configmaps "kubeadm-config" not found' >&2; exit 1; fi ;;
  *) echo "fake kubectl: unexpected $*" >&2; exit 1 ;;
esac
`;
  writeFileSync(join(bin, 'kubectl'), script);
  chmodSync(join(bin, 'kubectl'), 0o755);
  return bin;
}

describe('k8s-ha-sim import (CLI)', () => {
  it('--from-cluster runs kubectl from PATH and gives the same scenario as the files', async () => {
    const bin = fakeKubectl('kubeadm-stacked-3z');
    const live = await cli(['import', '--from-cluster', '--name', 'x'], { PATH: `${bin}:${process.env.PATH}` });
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(readFileSync(join(bin, 'calls.log'), 'utf8')).toBe(
      'get nodes -o json\nget pods -n ' + 'kube-system -o json\nget configmap -n kube-system kubeadm-config -o json\n',
    );
    const f = `${DIR}/kubeadm-stacked-3z`;
    const files = await cli([
      'import',
      '--nodes',
      `${f}/nodes.json`,
      '--pods',
      `${f}/pods.json`,
      '--kubeadm-config',
      `${f}/kubeadm-config.json`,
      '--name',
      'x',
    ]);
    const body = (s: string) =>
      s
        .split('\n')
        .filter((l) => !l.startsWith('#   '))
        .join('\n');
    expect(body(live.stdout)).toBe(body(files.stdout));
    expect(live.stdout).toContain('#   nodes: kubectl get nodes -o json (6 node(s), 3 control-plane)');
  });

  it('--from-cluster on a managed cluster: no ConfigMap, no static pods, a preset and a message', async () => {
    const bin = fakeKubectl('managed-eks');
    const r = await cli(['import', '--from-cluster', '--out', join(tmp, 'eks.yaml')], {
      PATH: `${bin}:${process.env.PATH}`,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: kubectl get nodes -o json: no control-plane node among 4 node\(s\).*using topology preset eks/,
    );
    expect(r.stderr).toContain(`wrote ${join(tmp, 'eks.yaml')}`);
    const v = await cli(['validate', join(tmp, 'eks.yaml')]);
    expect(v.code).toBe(0);
  });

  it('import -> validate -> run from the command line', async () => {
    const f = `${DIR}/kubeadm-external-etcd`;
    const out = join(tmp, 'ext.yaml');
    expect(
      (
        await cli([
          'import',
          '--nodes',
          `${f}/nodes.json`,
          '--pods',
          `${f}/pods.json`,
          '--kubeadm-config',
          `${f}/kubeadm-config.json`,
          '--etcd-members',
          `${f}/etcd-members.json`,
          '--out',
          out,
        ])
      ).code,
    ).toBe(0);
    expect((await cli(['validate', out])).code).toBe(0);
    const run = await cli(['run', out, '--replications', '20', '--quiet', '--json', '-', '--workers', '1']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { scenarios: { topology: { kind: string; etcdMembers: number } }[] };
    expect(report.scenarios[0]!.topology).toMatchObject({ kind: 'external', etcdMembers: 3 });
  });

  it('bad input: one line, exit 2, no stack trace', async () => {
    writeFileSync(join(tmp, 'table.txt'), 'NAME      STATUS   ROLES\ncp-1      Ready    control-plane\n');
    const r = await cli(['import', '--nodes', join(tmp, 'table.txt')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${join(tmp, 'table.txt')}:1:1: not JSON (unexpected character "N"); ` +
        `expected the output of kubectl get nodes -o json\n`,
    );
    const missing = await cli(['import', '--nodes', 'no/such.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('--nodes no/such.json: no such file\n');
    const noKubectl = await cli(['import', '--from-cluster'], { PATH: tmp });
    expect(noKubectl.code).toBe(2);
    expect(noKubectl.stderr).toBe('import --from-cluster: kubectl not found on PATH\n');
  });
});
