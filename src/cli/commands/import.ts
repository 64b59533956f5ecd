/**
 * `k8s-ha-sim import`: a scenario from an existing cluster. From files (`--nodes`,
 * `--pods`, `--kubeadm-config`, `--etcd-members`, `--etcd-status`) or, with
 * `--from-cluster`, from the `kubectl` on PATH (current context). The scenario goes to
 * stdout unless `--out FILE`; warnings go to stderr; bad or foreign input is one error,
 * exit 2.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { ImportError, importScenario, type ImportText, type ImportTexts } from '../../import/index.ts';
import { EXIT_OK, InputError, type ExitSink } from '../errors.ts';
import { writeOutput } from '../output.ts';

/** Inputs larger than this are refused (a 5,000-node list is about 40 MiB). */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** The flags of `import`. */
export interface ImportFlags {
  readonly nodes?: string;
  readonly pods?: string;
  readonly kubeadmConfig?: string;
  readonly etcdMembers?: string;
  readonly etcdStatus?: string;
  readonly fromCluster?: boolean;
  readonly name?: string;
  readonly out?: string;
  readonly kubectl?: string;
}

function readInput(file: string | undefined, flag: string): ImportText | undefined {
  if (file === undefined) return undefined;
  try {
    if (statSync(file).size > MAX_INPUT_BYTES)
      throw new InputError(`${file}: larger than ${MAX_INPUT_BYTES >> 20} MiB`);
    return { text: readFileSync(file, 'utf8'), source: file };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as { code?: string }).code;
    throw new InputError(
      `${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Runs `kubectl ARGS`; null when it fails with NotFound and `optional`; else an InputError. */
function kubectl(bin: string, args: readonly string[], optional: boolean): ImportText | null {
  const source = `${bin} ${args.join(' ')}`;
  try {
    const text = execFileSync(bin, args, {
      encoding: 'utf8',
      maxBuffer: MAX_INPUT_BYTES,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { text, source };
  } catch (e) {
    const err = e as { code?: string; stderr?: string; status?: number };
    if (err.code === 'ENOENT') throw new InputError(`import --from-cluster: ${bin} not found on PATH`);
    const stderr = (err.stderr ?? '').trim();
    if (optional && /NotFound|not found/i.test(stderr)) return null;
    throw new InputError(
      `import --from-cluster: \`${source}\` failed (exit ` +
        `${err.status ?? '?'})${stderr ? `: ${stderr.split('\n')[0]}` : ''}`,
    );
  }
}

function clusterTexts(bin: string): Pick<ImportTexts, 'nodes' | 'pods' | 'kubeadmConfig'> {
  const nodes = kubectl(bin, ['get', 'nodes', '-o', 'json'], false)!;
  const pods = kubectl(bin, ['get', 'pods', '-n', 'kube-system', '-o', 'json'], false)!;
  const cm = kubectl(bin, ['get', 'configmap', '-n', 'kube-system', 'kubeadm-config', '-o', 'json'], true);
  return { nodes, pods: hasStaticPods(pods) ? pods : undefined, ...(cm ? { kubeadmConfig: cm } : {}) } as Pick<
    ImportTexts,
    'nodes' | 'pods' | 'kubeadmConfig'
  >;
}

/** A managed cluster's kube-system has no static control-plane pods: that is not an error from a live cluster. */
function hasStaticPods(t: ImportText): boolean {
  return /"(etcd|kube-apiserver)-[^"]+"/.test(t.text);
}

/** Runs `import`; returns the scenario text and stderr lines. */
export function runImport(flags: ImportFlags): { yaml: string; stderr: string } {
  const fromFiles = [flags.nodes, flags.pods, flags.kubeadmConfig].some((f) => f !== undefined);
  if (flags.fromCluster && fromFiles)
    throw new InputError('import: give either --from-cluster or ' + '--nodes/--pods/--kubeadm-config files, not both');
  const texts: ImportTexts = {
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    ...(flags.fromCluster
      ? clusterTexts(flags.kubectl ?? 'kubectl')
      : {
          nodes: readInput(flags.nodes, '--nodes'),
          pods: readInput(flags.pods, '--pods'),
          kubeadmConfig: readInput(flags.kubeadmConfig, '--kubeadm-config'),
        }),
    etcdMembers: readInput(flags.etcdMembers, '--etcd-members'),
    etcdStatus: readInput(flags.etcdStatus, '--etcd-status'),
  } as ImportTexts;
  try {
    const r = importScenario(texts);
    return { yaml: r.yaml, stderr: r.warnings.map((w) => `warning: ${w}\n`).join('') };
  } catch (e) {
    if (e instanceof ImportError) throw new InputError(e.message);
    throw e;
  }
}

/** Registers `import`. */
export function register(program: Command, exit: ExitSink): void {
  program
    .command('import')
    .description('write a scenario from an existing cluster (kubectl, kubeadm, etcdctl JSON) to edit and run')
    .option('--nodes <file>', 'kubectl get nodes -o json')
    .option('--pods <file>', 'kubectl get pods -n kube-system -o json (static pods etcd-<node>, kube-apiserver-<node>)')
    .option(
      '--kubeadm-config <file>',
      'kubectl get configmap -n kube-system kubeadm-config -o json (or a ClusterConfiguration YAML)',
    )
    .option('--etcd-members <file>', 'etcdctl member list -w json')
    .option('--etcd-status <file>', 'etcdctl endpoint status -w json (--cluster)')
    .option('--from-cluster', 'run kubectl (from PATH, current context) for nodes, pods and kubeadm-config')
    .option('--name <name>', 'scenario name', 'imported')
    .option('--out <file>', 'write the scenario here instead of stdout')
    .action((flags: ImportFlags) => {
      const { yaml, stderr } = runImport(flags);
      process.stderr.write(stderr);
      writeOutput(flags.out ?? '-', yaml);
      if (flags.out !== undefined) process.stderr.write(`wrote ${flags.out}\n`);
      exit(EXIT_OK);
    });
}
