/**
 * Reading what `kubectl` and `etcdctl` print: `kubectl get nodes -o json`,
 * `kubectl get pods -n kube-system -o json`, the `kube-system/kubeadm-config` ConfigMap
 * and `etcdctl member list -w json` / `endpoint status -w json`. Pure: text in, facts out;
 * bad or foreign input is one ImportError naming the file.
 */
import { parse as parseYaml } from 'yaml';
import { JsonSyntaxError, asId, parseJsonLossless, type JsonObject, type JsonValue } from './json.ts';

/** Bad or foreign input, worded for the user (`FILE: message`). */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** The zone labels, in the order they are tried. */
export const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'] as const;
/** Labels and taints that mark a control-plane node (current, then the legacy `master`). */
export const CONTROL_PLANE_KEYS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'] as const;

/** Where the cluster runs, as far as node labels and provider ids tell. */
export type Provider = 'aws' | 'gce' | 'azure' | 'kind' | 'minikube' | null;

/** One node of `kubectl get nodes -o json`. */
export interface NodeFacts {
  readonly name: string;
  readonly zone: string | null;
  /** The label the zone came from. */
  readonly zoneLabel: string | null;
  readonly controlPlane: boolean;
  /** Why it is a control-plane node, e.g. `label node-role.kubernetes.io/control-plane`. */
  readonly roleSource: string | null;
  readonly addresses: readonly string[];
  readonly provider: Provider;
}

/** A control-plane process seen as a static pod. */
export type StaticComponent = 'etcd' | 'apiserver' | 'controller-manager' | 'scheduler';
const STATIC_PREFIX: Record<StaticComponent, string> = {
  etcd: 'etcd',
  apiserver: 'kube-apiserver',
  'controller-manager': 'kube-controller-manager',
  scheduler: 'kube-scheduler',
};

/** One static control-plane pod. */
export interface StaticPod {
  readonly pod: string;
  readonly node: string;
  readonly component: StaticComponent;
  /** Command-line flags (`--name=value`) of its first container. */
  readonly flags: ReadonlyMap<string, string>;
}

/** The kubeadm ClusterConfiguration parts that matter here. */
export interface KubeadmFacts {
  readonly controlPlaneEndpoint: string | null;
  readonly etcd:
    | { readonly kind: 'local' }
    | { readonly kind: 'external'; readonly endpoints: readonly string[] }
    | null;
}

/** One etcd member (`etcdctl member list -w json`). */
export interface EtcdMember {
  readonly id: bigint;
  readonly name: string;
  readonly peerURLs: readonly string[];
  readonly clientURLs: readonly string[];
  readonly isLearner: boolean;
}

/** One endpoint of `etcdctl endpoint status -w json`. */
export interface EtcdEndpointStatus {
  readonly endpoint: string;
  readonly memberId: bigint;
  readonly leader: bigint;
  readonly version: string | null;
}

function parseJsonFile(text: string, file: string, what: string): JsonValue {
  try {
    return parseJsonLossless(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new ImportError(`${file}:${e.line}:${e.col}: not JSON (${e.message}); expected the output of ${what}`);
  }
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v !== 'bigint';
}

function str(v: JsonValue | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

function obj(v: JsonValue | undefined): JsonObject {
  return isObject(v) ? v : (Object.create(null) as JsonObject);
}

/** The items of a `List`/`<Kind>List` of `kind` objects, or one `kind` object; else an ImportError. */
function listItems(v: JsonValue, file: string, kind: string, what: string): JsonObject[] {
  if (!isObject(v))
    throw new ImportError(
      `${file}: expected a JSON object (the output of ${what}), ` + `found ${Array.isArray(v) ? 'an array' : typeof v}`,
    );
  const k = str(v.kind);
  if (k === kind) return [v];
  if (k !== 'List' && k !== `${kind}List`) {
    throw new ImportError(
      `${file}: expected a list of ${kind} objects (the output of ${what}), ` +
        `found kind ${JSON.stringify(k ?? '(none)')}`,
    );
  }
  const items = Array.isArray(v.items) ? v.items : [];
  const foreign = items.map((i) => str(obj(i).kind)).find((ik) => ik !== kind);
  if (foreign !== undefined) {
    throw new ImportError(
      `${file}: expected a list of ${kind} objects (the output of ${what}), ` +
        `found an item of kind ${JSON.stringify(foreign ?? '(none)')}`,
    );
  }
  return items.filter(isObject);
}

/**
 * The cloud from what a node shows, first match wins: its provider ID (aws:///, gce://,
 * azure://, kind://), the managed node-pool labels, its name (ip-10-0-1-10.ec2.internal or
 * ….compute.internal, gke-…, aks-…), then its zone's spelling (us-west-2a: AWS;
 * europe-west1-b: GCP; eastus-1: Azure).
 */
export function providerOf(
  providerId: string | null,
  labels: JsonObject,
  name = '',
  zone: string | null = null,
): Provider {
  if (str(labels['minikube.k8s.io/name']) !== null) return 'minikube';
  const scheme = providerId?.split(':')[0] ?? '';
  if (scheme === 'aws') return 'aws';
  if (scheme === 'gce') return 'gce';
  if (scheme === 'azure') return 'azure';
  if (scheme === 'kind') return 'kind';
  if (str(labels['eks.amazonaws.com/nodegroup']) !== null) return 'aws';
  if (str(labels['cloud.google.com/gke-nodepool']) !== null) return 'gce';
  if (str(labels['kubernetes.azure.com/cluster']) !== null) return 'azure';
  if (/^ip-\d+-\d+-\d+-\d+(\.[a-z0-9-]+)*\.(ec2|compute)\.internal$/.test(name)) return 'aws';
  if (/^gke-[a-z0-9-]+$/.test(name)) return 'gce';
  if (/^aks-[a-z0-9-]+$/.test(name)) return 'azure';
  if (zone !== null) {
    if (/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+[a-z]$/.test(zone)) return 'aws';
    if (/^[a-z]+-[a-z]+\d+-[a-z]$/.test(zone)) return 'gce';
    if (
      /^[a-z]*(us|europe|asia|uk|india|japan|korea|australia|canada|brazil|france|germany|norway|sweden|switzerland|uae|africa|qatar|israel|italy|poland|mexico|spain|newzealand|chile|indonesia|malaysia)[a-z]*\d*-[1-3]$/.test(
        zone,
      )
    )
      return 'azure';
  }
  return null;
}

function roleOf(labels: JsonObject, taints: JsonValue | undefined): string | null {
  for (const key of CONTROL_PLANE_KEYS) if (key in labels) return `label ${key}`;
  for (const t of Array.isArray(taints) ? taints : []) {
    const key = str(obj(t).key);
    if (key !== null && (CONTROL_PLANE_KEYS as readonly string[]).includes(key)) return `taint ${key}`;
  }
  return null;
}

/** `kubectl get nodes -o json` -> the nodes. */
export function parseNodes(text: string, file: string): NodeFacts[] {
  const what = 'kubectl get nodes -o json';
  const items = listItems(parseJsonFile(text, file, what), file, 'Node', what);
  if (items.length === 0) throw new ImportError(`${file}: the node list is empty`);
  return items.map((n, i) => {
    const meta = obj(n.metadata);
    const name = str(meta.name);
    if (name === null) throw new ImportError(`${file}: items[${i}] has no metadata.name`);
    const labels = obj(meta.labels);
    const zoneLabel = ZONE_LABELS.find((l) => str(labels[l]) !== null) ?? null;
    const spec = obj(n.spec);
    const roleSource = roleOf(labels, spec.taints);
    const addresses = (Array.isArray(obj(n.status).addresses) ? (obj(n.status).addresses as JsonValue[]) : [])
      .map((a) => str(obj(a).address))
      .filter((a): a is string => a !== null);
    const zone = zoneLabel === null ? null : str(labels[zoneLabel]);
    return {
      name,
      zone,
      zoneLabel,
      controlPlane: roleSource !== null,
      roleSource,
      addresses,
      provider: providerOf(str(spec.providerID), labels, name, zone),
    };
  });
}

function flagsOf(container: JsonObject): Map<string, string> {
  const flags = new Map<string, string>();
  const words = [
    ...(Array.isArray(container.command) ? container.command : []),
    ...(Array.isArray(container.args) ? container.args : []),
  ];
  for (const w of words) {
    const m = typeof w === 'string' ? /^--([^=]+)=(.*)$/.exec(w) : null;
    if (m) flags.set(m[1]!, m[2]!);
  }
  return flags;
}

function componentOf(pod: string, node: string, labels: JsonObject): StaticComponent | null {
  for (const c of Object.keys(STATIC_PREFIX) as StaticComponent[]) {
    const prefix = STATIC_PREFIX[c];
    if (pod === `${prefix}-${node}`) return c;
    if (str(labels.component) === prefix && str(labels.tier) === 'control-plane') return c;
  }
  return null;
}

/** `kubectl get pods -n kube-system -o json` -> the static control-plane pods (at least one). */
export function parsePods(text: string, file: string): StaticPod[] {
  const what = 'kubectl get pods -n kube-system -o json';
  const items = listItems(parseJsonFile(text, file, what), file, 'Pod', what);
  const pods: StaticPod[] = [];
  for (const p of items) {
    const meta = obj(p.metadata);
    const name = str(meta.name);
    const node = str(obj(p.spec).nodeName);
    if (name === null || node === null) continue;
    const component = componentOf(name, node, obj(meta.labels));
    if (component === null) continue;
    const containers = obj(p.spec).containers;
    const first = Array.isArray(containers) ? obj(containers[0]) : obj(undefined);
    pods.push({ pod: name, node, component, flags: flagsOf(first) });
  }
  if (pods.length === 0) {
    throw new ImportError(
      `${file}: no static control-plane pods (etcd-<node>, kube-apiserver-<node>, ...) among ${items.length} pods; ` +
        'give the kube-system pods of a kubeadm-style cluster (kubectl get pods -n kube-system -o json), or omit --pods',
    );
  }
  return pods;
}

/** The kubeadm-config ConfigMap (JSON or YAML), or a bare ClusterConfiguration (YAML). */
export function parseKubeadmConfig(text: string, file: string): KubeadmFacts {
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? parseJsonLossless(text) : parseYaml(text);
  } catch (e) {
    throw new ImportError(
      `${file}: neither JSON nor YAML ` +
        `(${e instanceof Error ? e.message.split('\n')[0] : String(e)}); expected kubectl get configmap -n ` +
        `kube-system kubeadm-config -o json`,
    );
  }
  const d = (doc ?? {}) as Record<string, unknown>;
  let cc: Record<string, unknown>;
  if (d.kind === 'ConfigMap') {
    const raw = (d.data as Record<string, unknown> | undefined)?.ClusterConfiguration;
    if (typeof raw !== 'string')
      throw new ImportError(
        `${file}: the ConfigMap has no ` + `data.ClusterConfiguration; is it kube-system/kubeadm-config?`,
      );
    try {
      cc = (parseYaml(raw) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new ImportError(
        `${file}: data.ClusterConfiguration is not YAML ` +
          `(${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
      );
    }
  } else if (d.kind === 'ClusterConfiguration') {
    cc = d;
  } else {
    throw new ImportError(
      `${file}: expected the kube-system/kubeadm-config ConfigMap or a ` +
        `ClusterConfiguration, found kind ${JSON.stringify(d.kind ?? '(none)')}`,
    );
  }
  const etcd = (cc.etcd ?? null) as Record<string, unknown> | null;
  const ext = etcd?.external as Record<string, unknown> | undefined;
  const endpoints = Array.isArray(ext?.endpoints)
    ? ext.endpoints.filter((e): e is string => typeof e === 'string')
    : [];
  return {
    controlPlaneEndpoint:
      typeof cc.controlPlaneEndpoint === 'string' && cc.controlPlaneEndpoint !== '' ? cc.controlPlaneEndpoint : null,
    etcd: ext !== undefined ? { kind: 'external', endpoints } : etcd !== null ? { kind: 'local' } : null,
  };
}

/** `etcdctl member list -w json` -> the members, ids exact. */
export function parseEtcdMembers(text: string, file: string): EtcdMember[] {
  const v = parseJsonFile(text, file, 'etcdctl member list -w json');
  const members = isObject(v) ? v.members : undefined;
  if (!Array.isArray(members))
    throw new ImportError(
      `${file}: expected {"header": ..., "members": ` + `[...]} (the output of etcdctl member list -w json)`,
    );
  return members.map((m, i) => {
    const o = obj(m);
    const id = asId(o.ID);
    if (id === null) throw new ImportError(`${file}: members[${i}] has no numeric ID`);
    const urls = (k: string) =>
      Array.isArray(o[k]) ? (o[k] as JsonValue[]).filter((u): u is string => typeof u === 'string') : [];
    // A member that was added but has not started has no name yet.
    return {
      id,
      name: str(o.name) ?? '',
      peerURLs: urls('peerURLs'),
      clientURLs: urls('clientURLs'),
      isLearner: o.isLearner === true,
    };
  });
}

/** `etcdctl endpoint status -w json` -> one entry per endpoint, ids exact. */
export function parseEtcdStatus(text: string, file: string): EtcdEndpointStatus[] {
  const v = parseJsonFile(text, file, 'etcdctl endpoint status -w json');
  if (!Array.isArray(v))
    throw new ImportError(`${file}: expected a JSON array (the output of etcdctl endpoint status -w json)`);
  return v.map((e, i) => {
    const o = obj(e);
    const s = obj(o.Status);
    const memberId = asId(obj(s.header).member_id);
    const leader = asId(s.leader);
    if (memberId === null || leader === null)
      throw new ImportError(`${file}: [${i}] has no Status.header.member_id or Status.leader`);
    return { endpoint: str(o.Endpoint) ?? '', memberId, leader, version: str(s.version) };
  });
}

/** The host part of a URL or `host:port` endpoint (brackets of IPv6 removed). */
export function hostOf(endpoint: string): string {
  const noScheme = endpoint.replace(/^[a-z]+:\/\//, '');
  const hostPort = noScheme.split('/')[0] ?? '';
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  return hostPort.replace(/:[0-9]+$/, '');
}
