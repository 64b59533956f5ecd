/**
 * `import` on fixtures in the shapes of real clusters (test/fixtures/import/*): what is
 * read (hosts, zones, stacked/external, endpoints, load balancer), the round trip
 * import -> validate -> run, the managed-cluster message, and one clear error for bad or
 * foreign input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ImportError, importScenario, type ImportTexts } from '../../src/import/index.ts';
import { providerOf } from '../../src/import/kube.ts';
import { runReplication } from '../../src/model/index.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const DIR = 'test/fixtures/import';
const INPUTS = {
  nodes: 'nodes.json',
  pods: 'pods.json',
  kubeadmConfig: 'kubeadm-config.json',
  etcdMembers: 'etcd-members.json',
  etcdStatus: 'etcd-status.json',
} as const;

function texts(cluster: string, only?: readonly (keyof typeof INPUTS)[]): ImportTexts {
  const out: Record<string, { text: string; source: string }> = {};
  for (const [k, f] of Object.entries(INPUTS) as [keyof typeof INPUTS, string][]) {
    const p = `${DIR}/${cluster}/${f}`;
    if ((only === undefined || only.includes(k)) && existsSync(p))
      out[k] = { text: readFileSync(p, 'utf8'), source: p };
  }
  return { name: cluster, ...out };
}

function load(yaml: string): { scenario: Scenario; warnings: string[] } {
  const r = loadScenarioText(yaml, 'imported.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n'));
  return { scenario: r.value.scenario, warnings: r.value.warnings.map((w) => w.message) };
}

const hostsOf = (s: Scenario) => s.topology.hosts.map((h) => `${h.name}@${h.zone}:${h.runs.join('+')}`);
const CP = 'etcd+apiserver+controller-manager+scheduler';

describe('import: fixtures of real cluster shapes round-trip through validate and run', () => {
  it('kubeadm stacked, 3 control-plane nodes over 3 zones', () => {
    const r = importScenario(texts('kubeadm-stacked-3z'));
    const { scenario: s } = load(r.yaml);
    expect(s.topology.kind).toBe('stacked');
    expect(s.topology.zones).toEqual(['dc1-a', 'dc1-b', 'dc1-c']);
    expect(hostsOf(s)).toEqual([
      `k8s-cp-1@dc1-a:${CP}+load-balancer`,
      `k8s-cp-2@dc1-b:${CP}+load-balancer`,
      `k8s-cp-3@dc1-c:${CP}+load-balancer`,
    ]);
    expect(s.topology.apiserver.etcdEndpoints).toBe('local');
    expect(s.topology.loadBalancer.kind).toBe('keepalived');
    // provenance and decisions are written down
    expect(r.yaml).toContain('# DECIDE (not in the inputs');
    expect(r.yaml).toContain('--etcd-servers=https://127.0.0.1:2379');
    expect(r.yaml).toContain('controlPlaneEndpoint k8s-api.dc1.example.internal:6443 is not a node');
    // the leader id of endpoint status matched a member only because the ids are exact
    expect(r.yaml).toContain('etcd leader at import time: k8s-cp-2 (id e3f6bbfd061cb195)');
    expect(r.yaml).toContain('3 worker node(s) not modelled');
    expect(r.warnings).toEqual([]);
    const res = runReplication({ ...s, simulation: { ...s.simulation, horizonMs: 30 * 86_400_000 } }, 0, {
      checkInvariants: true,
    });
    expect(res.horizonMs).toBe(30 * 86_400_000);
  });

  it('kubeadm with external etcd on AWS, legacy master label and zone label', () => {
    const r = importScenario(texts('kubeadm-external-etcd'));
    const { scenario: s } = load(r.yaml);
    expect(s.topology.kind).toBe('external');
    expect(s.topology.zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(r.yaml).toContain('from node label failure-domain.beta.kubernetes.io/zone');
    expect(r.yaml).toContain('label node-role.kubernetes.io/master');
    expect(s.topology.hosts.filter((h) => h.runs.includes('etcd')).map((h) => `${h.name}@${h.zone}`)).toEqual([
      'etcd-a@us-east-1a',
      'etcd-b@us-east-1b',
      'etcd-c@us-east-1c',
    ]);
    expect(s.topology.apiserver.etcdEndpoints).toBe('all');
    // on AWS the unknown endpoint becomes the NLB preset, marked as a decision
    expect(s.topology.loadBalancer.kind).toBe('cloud');
    expect(s.topology.loadBalancer.healthCheck).toEqual({ kind: 'tcp', intervalMs: 30_000, fall: 2, rise: 5 });
    expect(r.yaml).toMatch(/loadBalancer: \{ ?preset: aws-nlb ?\}\s+# DECIDE/);
    expect(r.yaml).toContain('etcd leader at import time: etcd-c (id fcec10dbb2790873)');
    // etcd-a at 10.0.1.20 shares 10.0.1.0/24 with ip-10-0-1-10 (us-east-1a): no guess left to decide
    expect(r.yaml).toContain('zone from subnet 10.0.1.0/24, shared with node ip-10-0-1-10.ec2.internal');
    expect(r.yaml).not.toContain('zones of the external etcd hosts');
    runReplication(s, 0, { checkInvariants: true });
  });

  it('external etcd known only from kubeadm-config: hosts named after the endpoints', () => {
    const r = importScenario(texts('kubeadm-external-etcd', ['nodes', 'kubeadmConfig']));
    const { scenario: s } = load(r.yaml);
    expect(s.topology.hosts.filter((h) => h.runs.includes('etcd')).map((h) => h.name)).toEqual([
      '10.0.1.20',
      '10.0.2.20',
      '10.0.3.20',
    ]);
    expect(s.topology.apiserver.etcdEndpoints).toBe('all');
  });

  it("external etcd known only from the apiservers' --etcd-servers", () => {
    const r = importScenario(texts('kubeadm-external-etcd', ['nodes', 'pods']));
    const { scenario: s } = load(r.yaml);
    expect(s.topology.kind).toBe('external');
    expect(s.topology.hosts.filter((h) => h.runs.includes('etcd')).map((h) => h.name)).toEqual([
      '10.0.1.20',
      '10.0.2.20',
      '10.0.3.20',
    ]);
    expect(r.yaml).toContain('--etcd-servers https://10.0.1.20:2379 of kube-apiserver-ip-10-0-1-10.ec2.internal');
    // the in-flight limits read from the flags are offered in a commented load block
    expect(r.yaml).toContain(
      '#   apiserver: { maxRequestsInflight: 800, maxMutatingRequestsInflight: 400, serviceTime: 1s }',
    );
  });

  it('single node without zone labels: one zone, with a warning; no load balancer', () => {
    const r = importScenario(texts('single-node'));
    const { scenario: s } = load(r.yaml);
    expect(hostsOf(s)).toEqual([`k8s-lab@a:${CP}`]);
    expect(s.topology.loadBalancer.kind).toBe('none');
    expect(r.warnings).toEqual([expect.stringContaining('no control-plane node has a topology.kubernetes.io/zone')]);
    runReplication(s, 0, { checkInvariants: true });
  });

  it('kind with 3 control-plane nodes: its haproxy container', () => {
    const { scenario: s } = load(importScenario(texts('kind-ha')).yaml);
    expect(s.topology.hosts.map((h) => h.name)).toEqual([
      'kind-control-plane',
      'kind-control-plane2',
      'kind-control-plane3',
      'lb-1',
    ]);
    expect(s.topology.loadBalancer.kind).toBe('haproxy');
  });

  it('minikube: one node, endpoint is the node alias', () => {
    const r = importScenario(texts('minikube'));
    const { scenario: s } = load(r.yaml);
    expect(hostsOf(s)).toEqual([`minikube@a:${CP}`]);
    expect(r.yaml).toContain(
      'one apiserver: clients use it directly (controlPlaneEndpoint control-plane.minikube.internal:8443)',
    );
  });

  it('nodes only: kubeadm defaults assumed and said so', () => {
    const r = importScenario(texts('kubeadm-stacked-3z', ['nodes']));
    const { scenario: s } = load(r.yaml);
    expect(s.topology.kind).toBe('stacked');
    expect(r.yaml).toContain('etcd placement: nothing said where etcd runs');
    expect(r.yaml).toContain('processes assumed');
  });

  it('a managed cluster (only workers): a clear message and a preset that validates', () => {
    const r = importScenario(texts('managed-eks', ['nodes']));
    expect(r.managed).toBe(true);
    expect(r.warnings[0]).toMatch(/no control-plane node among 4 node\(s\).*managed by the provider.*preset eks/);
    const { scenario: s } = load(r.yaml);
    expect(s.topology.hosts.filter((h) => h.runs.includes('apiserver'))).toHaveLength(2);
    expect(s.slo.api).toBe(0.9995);
  });

  it('a managed cluster of an unknown provider: one error naming the presets', () => {
    const nodes = readFileSync(`${DIR}/managed-eks/nodes.json`, 'utf8')
      .replace(/aws:\/\//g, 'openstack://')
      .replace(/eks\.amazonaws\.com/g, 'example.com')
      .replace(/ip-(\d+)-(\d+)-(\d+)-(\d+)\.ec2\.internal/g, 'node-$4')
      .replace(/us-east-1([a-c])/g, 'rack-$1');
    expect(() => importScenario({ nodes: { text: nodes, source: 'n.json' } })).toThrow(
      /n\.json: no control-plane node.*topology: \{ preset: eks \| gke-zonal/,
    );
  });
});

describe('import: bad or foreign input is one clear error', () => {
  const nodes = { text: readFileSync(`${DIR}/kubeadm-stacked-3z/nodes.json`, 'utf8'), source: 'nodes.json' };
  const cases: [string, ImportTexts, RegExp][] = [
    [
      'not JSON (kubectl table output)',
      { nodes: { text: 'NAME STATUS ROLES\ncp-1 Ready ' + 'control-plane\n', source: 'n.txt' } },
      /^n\.txt:1:1: not JSON \(unexpected character "N"\); expected the output of kubectl get nodes -o json$/,
    ],
    [
      'pods given as nodes',
      { nodes: { text: readFileSync(`${DIR}/kubeadm-stacked-3z/pods.json`, 'utf8'), source: 'p.json' } },
      /^p\.json: expected a list of Node objects .* found an item of kind "Pod"$/,
    ],
    [
      'a ConfigMap as nodes',
      { nodes: { text: readFileSync(`${DIR}/kubeadm-stacked-3z/kubeadm-config.json`, 'utf8'), source: 'c.json' } },
      /^c\.json: expected a list of Node objects .* found kind "ConfigMap"$/,
    ],
    [
      'pods without static pods',
      { nodes, pods: { text: readFileSync(`${DIR}/managed-eks/pods.json`, 'utf8'), source: 'p.json' } },
      /^p\.json: no static control-plane pods .* among 5 pods/,
    ],
    [
      'member list that is a status',
      {
        nodes,
        etcdMembers: { text: readFileSync(`${DIR}/kubeadm-stacked-3z/etcd-status.json`, 'utf8'), source: 'm.json' },
      },
      /^m\.json: expected \{"header": \.\.\., "members": \[\.\.\.\]\}/,
    ],
    [
      'kubeadm-config of a foreign kind',
      { nodes, kubeadmConfig: { text: nodes.text, source: 'k.json' } },
      /^k\.json: expected the kube-system\/kubeadm-config ConfigMap or a ClusterConfiguration, found kind "List"$/,
    ],
    ['no nodes', {}, /^import: give --nodes FILE/],
  ];
  it.each(cases)('%s', (_, input, re) => {
    let err: unknown;
    try {
      importScenario(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message.split('\n')).toHaveLength(1);
  });

  it('a leader id that matches no member is reported (what a rounded id would cause)', () => {
    const status = readFileSync(`${DIR}/kubeadm-stacked-3z/etcd-status.json`, 'utf8').replaceAll(
      '"leader":16426523386284126613',
      '"leader":16426523386284126612',
    );
    const r = importScenario({ ...texts('kubeadm-stacked-3z'), etcdStatus: { text: status, source: 's.json' } });
    expect(r.warnings).toEqual([
      's.json: leader id e3f6bbfd061cb194 matches no member of ' +
        'test/fixtures/import/kubeadm-stacked-3z/etcd-members.json',
    ]);
  });

  it('is deterministic: the same inputs give the same text', () => {
    expect(importScenario(texts('kubeadm-external-etcd')).yaml).toBe(
      importScenario(texts('kubeadm-external-etcd')).yaml,
    );
  });
});

describe('import: pods completed to the kubeadm layout, providers from names, IDs and zones, external etcd zones', () => {
  it('a pods file with only etcd and kube-apiserver: controller-manager and scheduler assumed, with a DECIDE note', () => {
    const r = importScenario(texts('aws-by-name'));
    const { scenario: s } = load(r.yaml);
    expect(hostsOf(s)).toEqual(
      [
        'ip-10-20-1-10.ec2.internal@us-west-2a',
        'ip-10-20-2-10.ec2.internal@us-west-2b',
        'ip-10-20-3-10.ec2.internal@us-west-2c',
      ].map((h) => `${h}:${CP}`),
    );
    expect(r.yaml).toMatch(
      /# DECIDE[\s\S]*static pods not in .*aws-by-name\/pods\.json, assumed from the kubeadm layout.*kube-controller-manager-ip-10-20-1-10\.ec2\.internal, kube-scheduler-ip-10-20-1-10\.ec2\.internal/,
    );
    expect(r.warnings).toEqual([]);
    runReplication(s, 0, { checkInvariants: true });
  });

  it('AWS from node names and zones alone (no providerID): the NLB preset, not "provider not recognisable"', () => {
    const { scenario: s, warnings } = load(importScenario(texts('aws-by-name')).yaml);
    expect(warnings).toEqual([]);
    expect(s.topology.loadBalancer.kind).toBe('cloud');
    expect(parse(importScenario(texts('aws-by-name')).yaml).topology.loadBalancer).toEqual({ preset: 'aws-nlb' });
  });

  it('managed GKE from node names, managed AKS from zone names', () => {
    const gke = importScenario(texts('gke-by-name'));
    expect(gke.managed).toBe(true);
    expect(gke.warnings[0]).toContain('preset gke-regional (provider gce');
    const aks = importScenario(texts('aks-by-zone'));
    expect(aks.managed).toBe(true);
    expect(aks.warnings[0]).toContain('preset aks-zones (provider azure');
  });

  it.each([
    ['aws:///us-west-2a/i-0abc', {}, 'x', null, 'aws'],
    ['gce://proj/europe-west1-b/vm-1', {}, 'x', null, 'gce'],
    [
      'azure:///subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm',
      {},
      'x',
      null,
      'azure',
    ],
    [null, {}, 'ip-10-0-1-10.ec2.internal', null, 'aws'],
    [null, {}, 'ip-10-0-1-10.us-west-2.compute.internal', null, 'aws'],
    [null, {}, 'gke-prod-pool-1-abcd1234-x9z2', null, 'gce'],
    [null, {}, 'aks-nodepool1-12345678-vmss000000', null, 'azure'],
    [null, {}, 'cp-1', 'us-west-2a', 'aws'],
    [null, {}, 'cp-1', 'us-gov-west-1b', 'aws'],
    [null, {}, 'cp-1', 'europe-west1-b', 'gce'],
    [null, {}, 'cp-1', 'us-central1-a', 'gce'],
    [null, {}, 'cp-1', 'eastus-1', 'azure'],
    [null, {}, 'cp-1', 'westeurope-3', 'azure'],
    [null, {}, 'cp-1', 'dc1-a', null],
    [null, {}, 'cp-1', 'zone-1', null],
    [null, {}, 'k8s-cp-1', null, null],
  ] as const)('providerOf(%s, %o, %s, %s) = %s', (id, labels, name, zone, want) => {
    expect(providerOf(id, labels, name, zone)).toBe(want);
  });

  it('external etcd named by IP: zones from the /24 subnets nodes share, else round-robin with a DECIDE note', () => {
    const r = importScenario(texts('external-etcd-ips'));
    const { scenario: s } = load(r.yaml);
    expect(s.topology.hosts.filter((h) => h.runs.includes('etcd')).map((h) => `${h.name}@${h.zone}`)).toEqual([
      '10.1.1.20@dc1-a',
      '10.1.2.20@dc1-b',
      '192.168.50.20@dc1-c',
    ]);
    expect(r.yaml).toContain('zone from subnet 10.1.1.0/24, shared with node cp-1');
    expect(r.yaml).toMatch(
      /# DECIDE[\s\S]*the zones of the external etcd hosts 192\.168\.50\.20 \(not Kubernetes nodes, so no zone label, and no node shares their \/24 subnet\)/,
    );
    runReplication(s, 0, { checkInvariants: true });
  });
});
