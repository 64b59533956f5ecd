/**
 * Small builders of resolved `Scenario` objects for the analysis tests, following the
 * preset expansion of SPEC §4 (stacked / external, round-robin from zone a, LB instances).
 */
import { IDEAL_TIMING } from '../../src/scenario/resolve.ts';
import type { Distribution } from '../../src/engine/distributions.ts';
import type {
  FailureClass,
  LoadBalancerKind,
  ProcessKind,
  ResolvedFailure,
  ResolvedHost,
  ResolvedLoadBalancer,
  Scenario,
} from '../../src/scenario/types.ts';

const HOUR_MS = 3_600_000;

/** Failure classes as (mttf, mttr) in hours, or any distributions. */
export type FailureSpec = Partial<Record<FailureClass, { mttfH: number; mttrH: number } | ResolvedFailure>>;

export interface PresetOptions {
  readonly kind: 'stacked' | 'external';
  /** A count (zones a, b, ...) or names. */
  readonly zones: number | readonly string[];
  readonly controlPlane: number;
  /** external only. @default 3 */
  readonly etcd?: number;
  readonly lb: LoadBalancerKind;
  /** @default local for stacked, all for external */
  readonly etcdEndpoints?: 'local' | 'all';
  readonly failures?: FailureSpec;
  readonly name?: string;
}

/** Exponential shorthand. */
export function exp(meanH: number): Distribution {
  return { kind: 'exponential', meanMs: meanH * HOUR_MS };
}

function resolveFailures(spec: FailureSpec): Scenario['failures'] {
  const out: { [C in FailureClass]?: ResolvedFailure } = {};
  for (const [cls, f] of Object.entries(spec) as [FailureClass, FailureSpec[FailureClass]][]) {
    if (f === undefined) continue;
    out[cls] = 'ttf' in f ? f : { ttf: exp(f.mttfH), ttr: exp(f.mttrH) };
  }
  return out;
}

/** Zone names for a count: a, b, c, ... */
export function zoneNames(zones: number | readonly string[]): string[] {
  return typeof zones === 'number' ? Array.from({ length: zones }, (_, i) => String.fromCharCode(97 + i)) : [...zones];
}

/** A preset topology expanded as the scenario loader does. */
export function preset(o: PresetOptions): Scenario {
  const zones = zoneNames(o.zones);
  const zoneAt = (i: number): string => zones[i % zones.length] as string;
  const lbOnCp = o.lb === 'keepalived';
  const cpRuns: ProcessKind[] =
    o.kind === 'stacked'
      ? ['etcd', 'apiserver', 'controller-manager', 'scheduler']
      : ['apiserver', 'controller-manager', 'scheduler'];
  if (lbOnCp) cpRuns.push('load-balancer');
  const hosts: ResolvedHost[] = [];
  for (let i = 0; i < o.controlPlane; i++) hosts.push({ name: `cp-${i + 1}`, zone: zoneAt(i), runs: cpRuns });
  if (o.kind === 'external') {
    for (let i = 0; i < (o.etcd ?? 3); i++) hosts.push({ name: `etcd-${i + 1}`, zone: zoneAt(i), runs: ['etcd'] });
  }
  if (o.lb === 'haproxy') hosts.push({ name: 'lb-1', zone: zoneAt(0), runs: ['load-balancer'] });
  return custom({
    kind: o.kind,
    zones,
    hosts,
    lb: o.lb,
    etcdEndpoints: o.etcdEndpoints ?? (o.kind === 'stacked' ? 'local' : 'all'),
    failures: o.failures ?? {},
    name: o.name ?? `${o.kind}-${o.controlPlane}`,
  });
}

export interface CustomOptions {
  readonly kind?: 'stacked' | 'external' | 'custom';
  readonly zones: readonly string[];
  /** Hosts in priority order; LB instances are derived from `load-balancer` runs (keepalived) or added (haproxy lb-1 must be listed). */
  readonly hosts: readonly ResolvedHost[];
  readonly lb: LoadBalancerKind;
  readonly etcdEndpoints: 'local' | 'all';
  readonly failures: FailureSpec;
  readonly name?: string;
}

function loadBalancer(lb: LoadBalancerKind, hosts: readonly ResolvedHost[]): ResolvedLoadBalancer {
  const healthCheck = { kind: 'http', intervalMs: 2000, fall: 3, rise: 2 } as const;
  switch (lb) {
    case 'none':
      return {
        kind: lb,
        instances: [],
        instanceHosts: [],
        directHost: hosts.find((h) => h.runs.includes('apiserver'))?.name ?? null,
        healthCheck: null,
      };
    case 'haproxy':
      return { kind: lb, instances: ['lb/lb-1'], instanceHosts: ['lb-1'], directHost: null, healthCheck };
    case 'keepalived': {
      const on = hosts.filter((h) => h.runs.includes('load-balancer')).map((h) => h.name);
      return { kind: lb, instances: on.map((h) => `lb/${h}`), instanceHosts: on, directHost: null, healthCheck };
    }
    case 'cloud':
      return { kind: lb, instances: ['lb/cloud'], instanceHosts: [null], directHost: null, healthCheck };
  }
}

/** A scenario from an explicit host list. */
export function custom(o: CustomOptions): Scenario {
  return {
    name: o.name ?? 'custom',
    description: '',
    file: `${o.name ?? 'custom'}.yaml`,
    topology: {
      kind: o.kind ?? 'custom',
      zones: o.zones,
      hosts: o.hosts,
      apiserver: { etcdEndpoints: o.etcdEndpoints },
      loadBalancer: loadBalancer(o.lb, o.hosts),
    },
    failures: resolveFailures(o.failures),
    timing: IDEAL_TIMING,
    faults: [],
    simulation: { horizonMs: 365 * 24 * HOUR_MS, replications: 100, seed: 1 },
    slo: {},
  };
}

/** a = mttf / (mttf + mttr). */
export function avail(mttfH: number, mttrH: number): number {
  return mttfH / (mttfH + mttrH);
}
