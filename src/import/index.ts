/**
 * `k8s-ha-sim import`: the shape of an existing cluster from what kubectl, kubeadm and
 * etcdctl print, as a scenario YAML text to edit. Pure: texts in, text out.
 */
import { buildImport } from './build.ts';
import { ImportError, parseEtcdMembers, parseEtcdStatus, parseKubeadmConfig, parseNodes, parsePods } from './kube.ts';
import { renderManaged, renderTopology } from './render.ts';

export { ImportError } from './kube.ts';
export { parseJsonLossless } from './json.ts';

/** One input: its text and where it came from (a file name or a command line). */
export interface ImportText {
  readonly text: string;
  readonly source: string;
}

/** What `import` reads; `nodes` is required. */
export interface ImportTexts {
  readonly name?: string;
  readonly nodes?: ImportText;
  readonly pods?: ImportText;
  readonly kubeadmConfig?: ImportText;
  readonly etcdMembers?: ImportText;
  readonly etcdStatus?: ImportText;
}

/** The scenario text, and warnings (and the managed-cluster message) for stderr. */
export interface ImportResult {
  readonly yaml: string;
  readonly warnings: readonly string[];
  readonly managed: boolean;
}

/** Parses and combines the inputs; bad or foreign input throws one ImportError. */
export function importScenario(t: ImportTexts): ImportResult {
  if (t.nodes === undefined)
    throw new ImportError('import: give --nodes FILE (kubectl get nodes -o json) or --from-cluster');
  const built = buildImport({
    ...(t.name !== undefined ? { name: t.name } : {}),
    nodes: { facts: parseNodes(t.nodes.text, t.nodes.source), source: t.nodes.source },
    ...(t.pods ? { pods: { pods: parsePods(t.pods.text, t.pods.source), source: t.pods.source } } : {}),
    ...(t.kubeadmConfig
      ? {
          kubeadm: {
            facts: parseKubeadmConfig(t.kubeadmConfig.text, t.kubeadmConfig.source),
            source: t.kubeadmConfig.source,
          },
        }
      : {}),
    ...(t.etcdMembers
      ? {
          members: {
            members: parseEtcdMembers(t.etcdMembers.text, t.etcdMembers.source),
            source: t.etcdMembers.source,
          },
        }
      : {}),
    ...(t.etcdStatus
      ? { status: { status: parseEtcdStatus(t.etcdStatus.text, t.etcdStatus.source), source: t.etcdStatus.source } }
      : {}),
  });
  if (built.kind === 'managed') return { yaml: renderManaged(built), warnings: [built.message], managed: true };
  return { yaml: renderTopology(built), warnings: built.warnings, managed: false };
}
