/**
 * Presets (docs/scenario-format.md): `topology.preset` for the shapes people compare against (managed
 * control planes as their providers describe them, kubeadm's HA recipes) and
 * `topology.loadBalancer.preset` for common load balancers with their health-check
 * timings (facts §3, §5). A preset only fills keys the file leaves out: anything written
 * next to it wins. A topology preset of a managed provider also offers the provider's
 * published SLA as the default `slo.api` (facts §6), so comparison rows have a target.
 */
import { errorAt, quote, type PathProblem } from './problems.ts';
import {
  LOAD_BALANCER_PRESET_NAMES,
  TOPOLOGY_PRESET_NAMES,
  type LoadBalancerPresetName,
  type TopologyPresetName,
} from './preset-names.ts';
import type { ScenarioFile } from './schema.ts';

export { LOAD_BALANCER_PRESET_NAMES, TOPOLOGY_PRESET_NAMES, type LoadBalancerPresetName, type TopologyPresetName };

type TopologyFile = ScenarioFile['topology'];
type LoadBalancerFile = NonNullable<TopologyFile['loadBalancer']>;

/** A load-balancer preset: kind, health check, fail-open, and the VIP takeover delay. */
export interface LoadBalancerPreset {
  readonly kind: 'haproxy' | 'keepalived' | 'cloud';
  readonly healthCheck: {
    readonly kind: 'http' | 'tcp';
    readonly intervalMs: number;
    readonly fall: number;
    readonly rise: number;
  };
  readonly failOpen: boolean;
  /** keepalived-style VIP takeover (timing.loadBalancer.vipFailover), when the preset has a VIP. */
  readonly vipFailoverMs: number | null;
  /** The spread of the takeover below vipFailover (timing.loadBalancer.advertInterval), when the preset has a VIP. */
  readonly advertIntervalMs: number | null;
  readonly source: string;
}

/** Load-balancer presets (facts §3, §5). */
export const LOAD_BALANCER_PRESETS = {
  'aws-nlb': {
    kind: 'cloud',
    healthCheck: { kind: 'tcp', intervalMs: 30_000, fall: 2, rise: 5 },
    failOpen: true,
    vipFailoverMs: null,
    advertIntervalMs: null,
    source:
      'AWS NLB target group defaults: interval 30 s, unhealthy 2, healthy 5; fails open when every target is unhealthy (facts §5)',
  },
  gcp: {
    kind: 'cloud',
    healthCheck: { kind: 'http', intervalMs: 5000, fall: 2, rise: 2 },
    failOpen: false,
    vipFailoverMs: null,
    advertIntervalMs: null,
    source: 'GCP health-check defaults: interval 5 s, unhealthy 2, healthy 2 (facts §5)',
  },
  azure: {
    kind: 'cloud',
    healthCheck: { kind: 'tcp', intervalMs: 15_000, fall: 2, rise: 2 },
    failOpen: false,
    vipFailoverMs: null,
    advertIntervalMs: null,
    source: 'Azure LB probe: interval 15 s (classic API default), thresholds 2/2: UNVERIFIED (facts §5)',
  },
  'haproxy-keepalived': {
    kind: 'keepalived',
    healthCheck: { kind: 'http', intervalMs: 2000, fall: 3, rise: 2 },
    failOpen: false,
    vipFailoverMs: 3600,
    advertIntervalMs: 1000,
    source:
      'kubeadm HA recipe: haproxy /healthz checks (inter 2 s, fall 3, rise 2) and a ' +
      'keepalived VIP (master-down 3 x advert_int + skew = 3.6 s from the last advert: takeover U(2.6 s, ' +
      '3.6 s]) (facts §5, §10)',
  },
  'kube-vip': {
    kind: 'keepalived',
    healthCheck: { kind: 'http', intervalMs: 2000, fall: 3, rise: 2 },
    failOpen: false,
    vipFailoverMs: 7000,
    advertIntervalMs: 2000,
    source:
      'kube-vip ARP mode: VIP by leader election (lease 5 s, renew 3 s, retry 1 s: takeover ' +
      "U(5 s, 7 s]); its backend check timings are UNVERIFIED, haproxy's are used (facts §3, §5)",
  },
} as const satisfies Record<LoadBalancerPresetName, LoadBalancerPreset>;

/** A topology preset: the shape, its load balancer and (managed) the published SLA. */
export interface TopologyPreset {
  readonly kind: 'stacked' | 'external';
  readonly zones: number;
  readonly controlPlane: number;
  readonly etcd: number | null;
  readonly loadBalancer: LoadBalancerPresetName | 'none';
  /** The provider's published monthly uptime for the API endpoint; null for self-built. */
  readonly sla: number | null;
  readonly source: string;
}

/** Topology presets (facts §6 for the managed shapes and SLAs). */
export const TOPOLOGY_PRESETS = {
  eks: {
    kind: 'external',
    zones: 3,
    controlPlane: 2,
    etcd: 3,
    loadBalancer: 'aws-nlb',
    sla: 0.9995,
    source:
      'EKS: at least two API server instances and three etcd instances over three AZs behind an NLB; SLA 99.95 % (facts §6)',
  },
  'gke-zonal': {
    kind: 'stacked',
    zones: 1,
    controlPlane: 1,
    etcd: null,
    loadBalancer: 'none',
    sla: 0.995,
    source: 'GKE zonal: one control-plane replica in one zone; SLA 99.5 % (facts §6)',
  },
  'gke-regional': {
    kind: 'stacked',
    zones: 3,
    controlPlane: 3,
    etcd: null,
    loadBalancer: 'gcp',
    sla: 0.9995,
    source: 'GKE regional: control-plane replicas in three zones; SLA 99.95 % (facts §6)',
  },
  aks: {
    kind: 'stacked',
    zones: 1,
    controlPlane: 3,
    etcd: null,
    loadBalancer: 'azure',
    sla: 0.999,
    source:
      'AKS without availability zones: SLA 99.9 % (facts §6); the replica count is not published (3 in one zone assumed, UNVERIFIED)',
  },
  'aks-zones': {
    kind: 'stacked',
    zones: 3,
    controlPlane: 3,
    etcd: null,
    loadBalancer: 'azure',
    sla: 0.9995,
    source: 'AKS with availability zones: SLA 99.95 % (facts §6); replicas over three zones (count UNVERIFIED)',
  },
  'kubeadm-stacked-ha': {
    kind: 'stacked',
    zones: 3,
    controlPlane: 3,
    etcd: null,
    loadBalancer: 'haproxy-keepalived',
    sla: null,
    source:
      'kubeadm HA, stacked etcd: three control-plane nodes with haproxy + keepalived (kubeadm high-availability guide)',
  },
  'kubeadm-external-ha': {
    kind: 'external',
    zones: 3,
    controlPlane: 3,
    etcd: 3,
    loadBalancer: 'haproxy-keepalived',
    sla: null,
    source: 'kubeadm HA, external etcd: three control-plane nodes and three etcd hosts with haproxy + keepalived',
  },
} as const satisfies Record<TopologyPresetName, TopologyPreset>;

/**
 * Fills the keys a preset implies and the file leaves out: topology (kind, zones, counts,
 * load balancer), the load balancer's health check, fail-open and VIP takeover, and the
 * managed provider's SLA as `slo.api`. Conflicts are errors at the preset key.
 */
export function expandPresets(file: ScenarioFile, problems: PathProblem[]): ScenarioFile {
  const t = file.topology;
  const tp = t.preset === undefined ? null : TOPOLOGY_PRESETS[t.preset];
  let topology: TopologyFile = t;
  if (tp !== null) {
    if (t.hosts !== undefined) {
      problems.push(
        errorAt(['topology', 'preset'], 'a preset describes its own hosts; remove topology.hosts or the preset'),
      );
      return file;
    }
    const etcd = t.etcd ?? (tp.etcd === null ? undefined : { count: tp.etcd });
    topology = {
      ...t,
      kind: t.kind ?? tp.kind,
      zones: t.zones ?? tp.zones,
      controlPlane: t.controlPlane ?? { count: tp.controlPlane },
      ...(etcd !== undefined && (t.kind ?? tp.kind) === 'external' ? { etcd } : {}),
      loadBalancer: t.loadBalancer ?? (tp.loadBalancer === 'none' ? { kind: 'none' } : { preset: tp.loadBalancer }),
    };
  }
  const lb = expandLoadBalancer(topology.loadBalancer, problems);
  topology = lb.file === undefined ? topology : { ...topology, loadBalancer: lb.file };
  const out: ScenarioFile = { ...file, topology };
  const sla = tp?.sla ?? null;
  const withSlo = sla === null || file.slo?.api !== undefined ? out : { ...out, slo: { ...file.slo, api: sla } };
  const vip = lb.vipFailoverMs;
  if (vip === null || withSlo.timing === 'ideal') return withSlo;
  const given = withSlo.timing?.loadBalancer;
  const vipFailover = given?.vipFailover ?? vip;
  // The preset's spread goes with the preset's interval: a file that sets only vipFailover keeps the default spread.
  const advert = given?.vipFailover === undefined ? lb.advertIntervalMs : null;
  const advertInterval = given?.advertInterval ?? advert ?? undefined;
  return {
    ...withSlo,
    timing: {
      ...withSlo.timing,
      loadBalancer: { ...given, vipFailover, ...(advertInterval === undefined ? {} : { advertInterval }) },
    },
  };
}

interface ExpandedLoadBalancer {
  readonly file: LoadBalancerFile | undefined;
  readonly vipFailoverMs: number | null;
  readonly advertIntervalMs: number | null;
}

function expandLoadBalancer(lb: LoadBalancerFile | undefined, problems: PathProblem[]): ExpandedLoadBalancer {
  if (lb === undefined) return { file: undefined, vipFailoverMs: null, advertIntervalMs: null };
  if (lb.preset === undefined) {
    if (lb.kind !== undefined) return { file: lb, vipFailoverMs: null, advertIntervalMs: null };
    problems.push(
      errorAt(
        ['topology', 'loadBalancer', 'kind'],
        `missing required key (expected one ` +
          `of "none", "haproxy", "keepalived", "cloud", or a preset: ` +
          `${LOAD_BALANCER_PRESET_NAMES.map(quote).join(', ')})`,
      ),
    );
    // Without a kind the rest of the block cannot be judged: drop it rather than add a misleading second problem.
    return { file: { kind: 'none' }, vipFailoverMs: null, advertIntervalMs: null };
  }
  const p: LoadBalancerPreset = LOAD_BALANCER_PRESETS[lb.preset];
  if (lb.kind !== undefined && lb.kind !== p.kind) {
    problems.push(
      errorAt(
        ['topology', 'loadBalancer', 'kind'],
        `preset ${quote(lb.preset)} is a ` +
          `load balancer of kind ${quote(p.kind)}, not ${quote(lb.kind)}; remove kind or the preset`,
      ),
    );
  }
  const hc = lb.healthCheck ?? {};
  return {
    file: {
      ...lb,
      kind: p.kind,
      failOpen: lb.failOpen ?? p.failOpen,
      healthCheck: {
        kind: hc.kind ?? p.healthCheck.kind,
        interval: hc.interval ?? p.healthCheck.intervalMs,
        fall: hc.fall ?? p.healthCheck.fall,
        rise: hc.rise ?? p.healthCheck.rise,
      },
    },
    vipFailoverMs: p.vipFailoverMs,
    advertIntervalMs: p.advertIntervalMs,
  };
}
