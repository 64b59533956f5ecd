/**
 * What kubectl/kubeadm/etcdctl told us -> the shape of a scenario: which hosts run which
 * control-plane processes in which zones, stacked or external etcd, which endpoints the
 * apiservers use, what the load balancer probably is, and what the user must decide.
 * Pure; the text rendering is in render.ts.
 */
import { NAME_PATTERN } from '../scenario/schema.ts';
import {
  ImportError,
  hostOf,
  type EtcdEndpointStatus,
  type EtcdMember,
  type KubeadmFacts,
  type NodeFacts,
  type Provider,
  type StaticComponent,
  type StaticPod,
} from './kube.ts';
import { idHex } from './json.ts';

/** Parsed inputs, each with the file (or command) it came from. */
export interface ImportInputs {
  readonly name?: string;
  readonly nodes: { readonly facts: readonly NodeFacts[]; readonly source: string };
  readonly pods?: { readonly pods: readonly StaticPod[]; readonly source: string };
  readonly kubeadm?: { readonly facts: KubeadmFacts; readonly source: string };
  readonly members?: { readonly members: readonly EtcdMember[]; readonly source: string };
  readonly status?: { readonly status: readonly EtcdEndpointStatus[]; readonly source: string };
}

/** One host of the imported topology. */
export interface ImportedHost {
  readonly name: string;
  readonly zone: string;
  readonly runs: readonly StaticComponent[];
  /** Where this line came from, for a comment. */
  readonly note: string;
}

/** The load balancer as far as it could be told. */
export interface ImportedLoadBalancer {
  readonly kind: 'none' | 'haproxy' | 'keepalived' | 'cloud';
  /** A load-balancer preset name (see scenario-format.md), or null. */
  readonly preset: string | null;
  readonly note: string;
}

/** An imported self-managed control plane. */
export interface ImportedTopology {
  readonly kind: 'topology';
  readonly name: string;
  readonly provider: Provider;
  /** One line per input: what was read from where. */
  readonly sources: readonly string[];
  readonly zones: readonly string[];
  readonly zoneNote: string;
  readonly topologyKind: 'stacked' | 'external' | null;
  readonly hosts: readonly ImportedHost[];
  readonly etcdEndpoints: 'local' | 'all';
  readonly etcdEndpointsNote: string;
  readonly lb: ImportedLoadBalancer;
  /** Facts worth a comment (etcd leader, learners, worker count). */
  readonly notes: readonly string[];
  /** What the user must still decide. */
  readonly decide: readonly string[];
  /** Warnings for stderr. */
  readonly warnings: readonly string[];
  /** --max-requests-inflight + --max-mutating-requests-inflight of the first apiserver that sets them. */
  readonly inflight: { readonly readOnly: number; readonly mutating: number; readonly from: string };
}

/** A managed cluster: no control-plane node visible, only a preset can stand in for it. */
export interface ImportedManaged {
  readonly kind: 'managed';
  readonly name: string;
  readonly provider: Provider;
  readonly sources: readonly string[];
  readonly preset: string;
  readonly zones: readonly string[];
  readonly message: string;
}

/** Defaults of the kube-apiserver in-flight limits (facts §9). */
export const DEFAULT_INFLIGHT = { readOnly: 400, mutating: 200 } as const;

const NAME_RE = new RegExp(NAME_PATTERN);

/** A name the scenario format accepts: invalid characters become `-`, at most 63 characters. */
export function scenarioName(raw: string): string {
  if (NAME_RE.test(raw)) return raw;
  const s = raw
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return s === '' ? 'unnamed' : s;
}

/**
 * `names` with every repeat after the first made unique by a `-2`, `-3`... suffix (kept
 * within 63 characters, never equal to another name in the list): names that differ only
 * in characters a scenario name cannot hold (`cp a`, `cp/a`, `cp@a`) clean to one name,
 * and two hosts or zones of one name are what `validate` refuses. Each renaming is a warning.
 */
export function uniqueNames(names: readonly string[], what: string, warnings: string[]): string[] {
  const taken = new Set(names);
  const seen = new Set<string>();
  return names.map((n) => {
    if (!seen.has(n)) {
      seen.add(n);
      return n;
    }
    let k = 2;
    let c = n;
    do {
      const suffix = `-${k++}`;
      c = `${n.slice(0, 63 - suffix.length)}${suffix}`;
    } while (taken.has(c));
    taken.add(c);
    seen.add(c);
    warnings.push(
      `two ${what}s are named "${n}" once cleaned to the characters a scenario name allows: the second is written "${c}"`,
    );
    return c;
  });
}

/** Combines the inputs; a managed cluster becomes ImportedManaged (or an ImportError when its provider is unknown). */
export function buildImport(inp: ImportInputs): ImportedTopology | ImportedManaged {
  const nodes = inp.nodes.facts;
  const podNodes = new Set((inp.pods?.pods ?? []).filter((p) => p.component === 'apiserver').map((p) => p.node));
  const cp = nodes.filter((n) => n.controlPlane || podNodes.has(n.name));
  const provider = nodes.map((n) => n.provider).find((p) => p !== null) ?? null;
  const name = scenarioName(inp.name ?? 'imported');
  const sources = sourceLines(inp, cp.length);
  if (cp.length === 0) return managed(inp, name, provider, sources);
  const warnings: string[] = [];
  const decide: string[] = [];
  const { zoneOf, zones, zoneNote } = placeZones(cp, warnings, inp.nodes.source);
  const etcd = etcdLayout(inp, cp, warnings);
  const assumedPods: string[] = [];
  const built: ImportedHost[] = cp.map((n) => cpHost(n, zoneOf(n), inp, etcd.stackedOn, assumedPods));
  if (assumedPods.length > 0) {
    decide.push(
      `static pods not in ${inp.pods!.source}, assumed from the kubeadm layout (every ` +
        `control-plane node runs kube-controller-manager and kube-scheduler): ${assumedPods.join(', ')}`,
    );
  }
  const guessed: string[] = [];
  etcd.externalHosts.forEach((h, i) => {
    const bySubnet = subnetZone(h.address, nodes);
    if (bySubnet !== null && !zones.includes(bySubnet.zone)) zones.push(bySubnet.zone);
    if (bySubnet === null) guessed.push(h.name);
    const zone = bySubnet?.zone ?? zones[i % zones.length]!;
    built.push({
      name: h.name,
      zone,
      runs: ['etcd'],
      note: bySubnet === null ? h.note : `${h.note}; zone from ${bySubnet.why}`,
    });
  });
  const hostNames = uniqueNames(
    built.map((h) => h.name),
    'host',
    warnings,
  );
  const hosts: ImportedHost[] = built.map((h, i) =>
    hostNames[i] === h.name
      ? h
      : {
          ...h,
          name: hostNames[i]!,
          note: `${h.note}; renamed: another ` + `host has the name ${h.name} once cleaned`,
        },
  );
  if (guessed.length > 0) {
    decide.push(
      `the zones of the external etcd hosts ${guessed.join(', ')} (not Kubernetes nodes, ` +
        `so no zone label, and no node shares their /24 subnet): placed round-robin over the control-plane ` +
        `zones`,
    );
  }
  if (etcd.assumed)
    decide.push(
      'etcd placement: nothing said where etcd runs, so the kubeadm ' +
        'default (stacked: a member on every control-plane node) is assumed',
    );
  const apis = hosts.filter((h) => h.runs.includes('apiserver'));
  const ep = etcdEndpointsOf(inp, hosts, nodes, etcd.externalHosts.length > 0);
  const lb = loadBalancerOf(inp, provider, apis.length, nodes);
  if (lb.preset !== null || (lb.kind !== 'none' && apis.length > 1)) decide.push(`the load balancer: ${lb.note}`);
  const kinds = new Set(hosts.map((h) => (h.runs.includes('etcd') ? 1 : 0) + (h.runs.includes('apiserver') ? 2 : 0)));
  const topologyKind = [...kinds].every((k) => k === 3 || k === 0)
    ? 'stacked'
    : [...kinds].every((k) => k !== 3)
      ? 'external'
      : null;
  return {
    kind: 'topology',
    name,
    provider,
    sources,
    zones,
    zoneNote,
    topologyKind,
    hosts,
    etcdEndpoints: ep.value,
    etcdEndpointsNote: ep.note,
    lb,
    notes: [
      ...etcd.notes,
      ...statusNotes(inp, hosts, warnings),
      `${nodes.length - cp.length} ` + `worker node(s) not modelled (they do not run control-plane processes)`,
    ],
    decide: [
      ...decide,
      'failure and repair rates (failures:): the block below holds the facts §6 ' +
        'defaults, not measurements of this cluster',
      'the SLO (slo:)',
    ],
    warnings,
    inflight: inflightOf(inp),
  };
}

function sourceLines(inp: ImportInputs, cpCount: number): string[] {
  const nodes = inp.nodes.facts;
  const out = [`nodes: ${inp.nodes.source} (${nodes.length} node(s), ${cpCount} control-plane)`];
  if (inp.pods)
    out.push(
      `static pods: ${inp.pods.source} (${inp.pods.pods.length} on ` +
        `${new Set(inp.pods.pods.map((p) => p.node)).size} node(s))`,
    );
  if (inp.kubeadm) {
    const k = inp.kubeadm.facts;
    const etcd =
      k.etcd === null
        ? 'no etcd section'
        : k.etcd.kind === 'local'
          ? 'etcd.local'
          : `etcd.external.endpoints ` + `${k.etcd.endpoints.join(', ')}`;
    out.push(
      `kubeadm ClusterConfiguration: ${inp.kubeadm.source} (controlPlaneEndpoint ${k.controlPlaneEndpoint ?? '(none)'}, ${etcd})`,
    );
  }
  if (inp.members)
    out.push(
      `etcd members: ${inp.members.source} ` +
        `(${inp.members.members.map((m) => `${m.name || '(unstarted)'} ${idHex(m.id)}`).join(', ')})`,
    );
  if (inp.status) out.push(`etcd endpoint status: ${inp.status.source} (${inp.status.status.length} endpoint(s))`);
  return out;
}

const MANAGED_PRESETS: Partial<Record<NonNullable<Provider>, (zones: number) => string>> = {
  aws: () => 'eks',
  gce: (z) => (z >= 3 ? 'gke-regional' : 'gke-zonal'),
  azure: (z) => (z >= 2 ? 'aks-zones' : 'aks'),
};

function managed(inp: ImportInputs, name: string, provider: Provider, sources: string[]): ImportedManaged {
  const zones = [...new Set(inp.nodes.facts.map((n) => n.zone).filter((z): z is string => z !== null))];
  const pick = provider === null ? undefined : MANAGED_PRESETS[provider];
  const head =
    `${inp.nodes.source}: no control-plane node among ${inp.nodes.facts.length} node(s) (no ` +
    `${'node-role.kubernetes.io/control-plane'} or master label or taint): ` +
    'the control plane is managed by the provider and cannot be imported';
  if (pick === undefined) {
    throw new ImportError(
      `${head}; the provider is not recognisable from the nodes, so write a scenario with a preset instead: ` +
        'topology: { preset: eks | gke-zonal | gke-regional | aks | aks-zones }',
    );
  }
  const preset = pick(zones.length);
  const message =
    `${head}; using topology preset ${preset} (provider ${provider}, worker nodes in ` +
    `${zones.length} zone(s)): check it matches your cluster's tier`;
  return { kind: 'managed', name, provider, sources, preset, zones, message };
}

/**
 * The zone of an external etcd host from its IPv4 address: the zone of the nodes in the
 * same /24 subnet, when there are some and they agree (cloud subnets do not span zones).
 */
function subnetZone(address: string | null, nodes: readonly NodeFacts[]): { zone: string; why: string } | null {
  const m = address === null ? null : /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(address);
  if (m === null) return null;
  const prefix = `${m[1]!}.`;
  const near = nodes.filter((n) => n.zone !== null && n.addresses.some((a) => a.startsWith(prefix)));
  const found = [...new Set(near.map((n) => scenarioName(n.zone!)))];
  if (found.length !== 1) return null;
  return { zone: found[0]!, why: `subnet ${prefix}0/24, shared with node ${near[0]!.name}` };
}

function placeZones(
  cp: readonly NodeFacts[],
  warnings: string[],
  source: string,
): { zoneOf: (n: NodeFacts) => string; zones: string[]; zoneNote: string } {
  const labelled = cp.filter((n) => n.zone !== null);
  if (labelled.length === 0) {
    warnings.push(
      `${source}: no control-plane node has a ${'topology.kubernetes.io/zone'} (or ` +
        `failure-domain.beta.kubernetes.io/zone) label: all of them are put in one zone "a"`,
    );
    return { zoneOf: () => 'a', zones: ['a'], zoneNote: 'no zone labels: one zone assumed' };
  }
  const unknown = cp.filter((n) => n.zone === null).map((n) => n.name);
  if (unknown.length > 0) warnings.push(`${source}: ${unknown.join(', ')} without a zone label: put in zone "unknown"`);
  const rawZones = [...new Set(cp.flatMap((n) => (n.zone === null ? [] : [n.zone])))];
  const cleanZones = uniqueNames(rawZones.map(scenarioName), 'zone', warnings);
  const zoneName = new Map(rawZones.map((z, i) => [z, cleanZones[i]!]));
  const zoneOf = (n: NodeFacts): string => (n.zone === null ? 'unknown' : zoneName.get(n.zone)!);
  const zones = [...new Set(cp.map(zoneOf))];
  const labels = [...new Set(labelled.map((n) => n.zoneLabel))].join(', ');
  return { zoneOf, zones, zoneNote: `from node label ${labels}` };
}

interface EtcdLayout {
  readonly stackedOn: ReadonlySet<string>;
  /** With the address they were named from (an IP or DNS name), for their zone. */
  readonly externalHosts: readonly { name: string; note: string; address: string | null }[];
  readonly notes: readonly string[];
  /** Nothing said where etcd runs: stacked assumed. */
  readonly assumed: boolean;
}

function etcdLayout(inp: ImportInputs, cp: readonly NodeFacts[], warnings: string[]): EtcdLayout {
  const cpNames = new Set(cp.map((n) => n.name));
  const notes: string[] = [];
  const voters = (inp.members?.members ?? []).filter((m) => {
    if (m.isLearner)
      notes.push(`etcd member ${m.name} (${idHex(m.id)}) is a learner: it does not vote, so it is not modelled`);
    return !m.isLearner;
  });
  const podEtcd = new Set((inp.pods?.pods ?? []).filter((p) => p.component === 'etcd').map((p) => p.node));
  const memberOnCp = new Set(
    voters
      .filter((m) => cpNames.has(m.name) || cp.some((n) => m.peerURLs.some((u) => n.addresses.includes(hostOf(u)))))
      .map((m) => memberNode(m, cp)),
  );
  const kubeadm = inp.kubeadm?.facts.etcd ?? null;
  const remote = remoteEtcdServers(inp, cp);
  let stackedOn: Set<string>;
  if (podEtcd.size > 0) stackedOn = podEtcd;
  else if (memberOnCp.size > 0) stackedOn = memberOnCp;
  else if (kubeadm?.kind === 'external' || voters.length > 0 || remote.length > 0) stackedOn = new Set();
  else stackedOn = new Set(cpNames);
  if (kubeadm?.kind === 'external' && podEtcd.size > 0) {
    warnings.push(
      `${inp.kubeadm!.source}: ClusterConfiguration says etcd.external but ` +
        `${inp.pods!.source} has etcd static pods; the pods win`,
    );
  }
  const external = voters.filter((m) => !memberOnCp.has(memberNode(m, cp)) && !stackedOn.has(memberNode(m, cp)));
  const memberAddress = (m: EtcdMember): string | null => {
    const u = m.peerURLs[0] ?? m.clientURLs[0];
    return u === undefined ? null : hostOf(u);
  };
  let externalHosts = external.map((m) => ({
    name: scenarioName(m.name || hostOf(m.peerURLs[0] ?? 'etcd')),
    note: `etcd member ${m.name} (id ` + `${idHex(m.id)}) from ${inp.members!.source}`,
    address: memberAddress(m),
  }));
  if (externalHosts.length === 0 && kubeadm?.kind === 'external' && stackedOn.size === 0) {
    externalHosts = kubeadm.endpoints.map((e) => ({
      name: scenarioName(hostOf(e)),
      note: `etcd.external endpoint ${e} ` + `from ${inp.kubeadm!.source}`,
      address: hostOf(e),
    }));
  }
  if (externalHosts.length === 0 && stackedOn.size === 0) {
    externalHosts = remote.map((e) => ({
      name: scenarioName(hostOf(e.url)),
      note: `--etcd-servers ${e.url} of ` + `${e.pod} (${inp.pods!.source})`,
      address: hostOf(e.url),
    }));
  }
  if (stackedOn.size === 0 && externalHosts.length === 0) {
    throw new ImportError(
      `${inp.kubeadm?.source ?? inp.nodes.source}: external etcd without any ` +
        `endpoint or member: give --etcd-members (etcdctl member list -w json)`,
    );
  }
  const assumed =
    podEtcd.size === 0 && memberOnCp.size === 0 && kubeadm === null && voters.length === 0 && remote.length === 0;
  return { stackedOn, externalHosts, notes, assumed };
}

/** The apiservers' --etcd-servers endpoints on no control-plane node (external etcd seen from the pods), first seen first. */
function remoteEtcdServers(inp: ImportInputs, cp: readonly NodeFacts[]): { url: string; pod: string }[] {
  const local = new Set([...LOOPBACK, ...cp.flatMap((n) => [n.name, ...n.addresses])]);
  const seen = new Map<string, { url: string; pod: string }>();
  for (const p of inp.pods?.pods ?? []) {
    if (p.component !== 'apiserver') continue;
    for (const url of (p.flags.get('etcd-servers') ?? '').split(',').filter((u) => u !== '')) {
      const h = hostOf(url);
      if (!local.has(h) && !seen.has(h)) seen.set(h, { url, pod: p.pod });
    }
  }
  return [...seen.values()];
}

function memberNode(m: EtcdMember, cp: readonly NodeFacts[]): string {
  const byAddr = cp.find((n) => n.name === m.name || m.peerURLs.some((u) => n.addresses.includes(hostOf(u))));
  return byAddr?.name ?? m.name;
}

/**
 * A control-plane node's processes. From its static pods when the pods file shows some,
 * completed to the kubeadm layout: kube-apiserver, kube-controller-manager and
 * kube-scheduler on every control-plane node (the missing ones added to `assumed`, a
 * DECIDE note), etcd where the etcd layout puts a stacked member.
 */
function cpHost(
  n: NodeFacts,
  zone: string,
  inp: ImportInputs,
  stackedOn: ReadonlySet<string>,
  assumed: string[],
): ImportedHost {
  const mine = (inp.pods?.pods ?? []).filter((p) => p.node === n.name);
  const role = n.roleSource ?? 'kube-apiserver static pod';
  if (mine.length > 0) {
    const has = (c: StaticComponent): boolean =>
      mine.some((p) => p.component === c) ||
      (c === 'etcd' ? stackedOn.has(n.name) : c !== 'apiserver' && mine.some((p) => p.component === 'apiserver'));
    const runs = (['etcd', 'apiserver', 'controller-manager', 'scheduler'] as const).filter(has);
    const missing = runs.filter((c) => !mine.some((p) => p.component === c));
    for (const c of missing) assumed.push(`${c === 'etcd' ? 'etcd' : `kube-${c}`}-${n.name}`);
    const seen = mine.map((p) => p.pod.slice(0, p.pod.length - n.name.length - 1)).join(', ');
    return {
      name: scenarioName(n.name),
      zone,
      runs,
      note: `${role}; static pods ` + `${seen}${missing.length > 0 ? `; assumed ${missing.join(', ')}` : ''}`,
    };
  }
  const runs: StaticComponent[] = [
    ...(stackedOn.has(n.name) ? (['etcd'] as const) : []),
    'apiserver',
    'controller-manager',
    'scheduler',
  ];
  return {
    name: scenarioName(n.name),
    zone,
    runs,
    note:
      `${role}; processes assumed (kubeadm ` +
      `control-plane node${stackedOn.has(n.name) ? ' with a stacked etcd member' : ''})`,
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function etcdEndpointsOf(
  inp: ImportInputs,
  hosts: readonly ImportedHost[],
  nodes: readonly NodeFacts[],
  external: boolean,
): { value: 'local' | 'all'; note: string } {
  const apis = (inp.pods?.pods ?? []).filter((p) => p.component === 'apiserver' && p.flags.has('etcd-servers'));
  const allStacked = hosts.filter((h) => h.runs.includes('apiserver')).every((h) => h.runs.includes('etcd'));
  if (apis.length === 0) {
    const value = external || !allStacked ? 'all' : 'local';
    return {
      value,
      note:
        `no --etcd-servers seen: kubeadm's default for ` +
        `${value === 'local' ? 'stacked (https://127.0.0.1:2379)' : 'external etcd (every endpoint)'}`,
    };
  }
  const local = apis.every((p) => {
    const own = new Set([...LOOPBACK, ...(nodes.find((n) => n.name === p.node)?.addresses ?? [])]);
    const urls = p.flags.get('etcd-servers')!.split(',');
    return urls.every((u) => own.has(hostOf(u)));
  });
  const value = local && allStacked ? 'local' : 'all';
  const sample = apis[0]!;
  return {
    value,
    note: `${sample.pod} --etcd-servers=${sample.flags.get('etcd-servers')} (${apis.length} apiserver(s) read)`,
  };
}

function loadBalancerOf(
  inp: ImportInputs,
  provider: Provider,
  apiCount: number,
  nodes: readonly NodeFacts[],
): ImportedLoadBalancer {
  const ep = inp.kubeadm?.facts.controlPlaneEndpoint ?? null;
  if (apiCount <= 1)
    return {
      kind: 'none',
      preset: null,
      note: `one apiserver: clients use it ` + `directly${ep ? ` (controlPlaneEndpoint ${ep})` : ''}`,
    };
  if (ep !== null) {
    const h = hostOf(ep);
    const node = nodes.find((n) => n.name === h || n.addresses.includes(h));
    if (node)
      return {
        kind: 'none',
        preset: null,
        note: `controlPlaneEndpoint ${ep} is node ` + `${node.name} itself: clients depend on that one apiserver`,
      };
  }
  const at =
    ep === null ? 'no controlPlaneEndpoint known (give --kubeadm-config)' : `controlPlaneEndpoint ${ep} is not a node`;
  switch (provider) {
    case 'aws':
      return {
        kind: 'cloud',
        preset: 'aws-nlb',
        note:
          `${at}; on AWS, assumed an NLB (preset ` +
          `aws-nlb): haproxy-keepalived, kube-vip or a classic ELB are possible too`,
      };
    case 'gce':
      return { kind: 'cloud', preset: 'gcp', note: `${at}; on GCP, assumed a Google Cloud load balancer (preset gcp)` };
    case 'azure':
      return {
        kind: 'cloud',
        preset: 'azure',
        note: `${at}; on Azure, assumed an Azure load ` + `balancer (preset azure, probe defaults UNVERIFIED)`,
      };
    case 'kind':
      return {
        kind: 'haproxy',
        preset: null,
        note:
          `${at}; kind runs one haproxy container ` +
          `(<cluster>-external-load-balancer) in front of the control-plane nodes`,
      };
    default:
      return {
        kind: 'keepalived',
        preset: 'haproxy-keepalived',
        note:
          `${at}; assumed the kubeadm ` +
          `HA recipe, haproxy + keepalived with a VIP on the control-plane nodes (kube-vip or an external LB ` +
          `are possible too)`,
      };
  }
}

function statusNotes(inp: ImportInputs, hosts: readonly ImportedHost[], warnings: string[]): string[] {
  if (!inp.status) return [];
  const members = inp.members?.members ?? [];
  const leaders = new Set(inp.status.status.map((s) => s.leader));
  if (leaders.size > 1)
    warnings.push(
      `${inp.status.source}: the endpoints disagree on the etcd ` +
        `leader (${[...leaders].map(idHex).join(', ')}): a partition or an election in progress`,
    );
  const leader = [...leaders][0]!;
  const m = members.find((x) => x.id === leader);
  const reporter = inp.status.status.find((s) => s.memberId === leader);
  if (members.length > 0 && m === undefined) {
    warnings.push(`${inp.status.source}: leader id ${idHex(leader)} matches no member of ${inp.members!.source}`);
    return [];
  }
  const name = m?.name ?? reporter?.endpoint ?? idHex(leader);
  const first = hosts.find((h) => h.runs.includes('etcd'));
  return [
    `etcd leader at import time: ${name} (id ${idHex(leader)}); the simulation starts with ` +
      `the first etcd host (${first?.name ?? '?'}) as leader`,
  ];
}

function inflightOf(inp: ImportInputs): { readOnly: number; mutating: number; from: string } {
  for (const p of inp.pods?.pods ?? []) {
    if (p.component !== 'apiserver') continue;
    const ro = p.flags.get('max-requests-inflight');
    const mut = p.flags.get('max-mutating-requests-inflight');
    if (ro === undefined && mut === undefined) continue;
    return {
      readOnly: Number(ro ?? DEFAULT_INFLIGHT.readOnly),
      mutating: Number(mut ?? DEFAULT_INFLIGHT.mutating),
      from: `${p.pod} flags`,
    };
  }
  return { ...DEFAULT_INFLIGHT, from: 'kube-apiserver defaults (facts §9)' };
}
