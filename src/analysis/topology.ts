/**
 * The structural view of a scenario used by the exact analysis: every component that can
 * fail (docs/spec.md §4 fault targets) with its steady-state availability, and the host layout
 * compiled into index arrays so structure functions evaluate without string lookups.
 */
import { mean } from '../engine/distributions.ts';
import { PROCESS_FAILURE_CLASS, componentTable, hostGroupedOrder, type ComponentRow } from '../scenario/components.ts';
import { quorumOf } from '../scenario/quorum.ts';
import type { FailureClass, LoadBalancerKind, Scenario } from '../scenario/types.ts';
import { commonModes, componentFactors } from './operations.ts';

/** What a component is; processes are named after the process they run. */
export type ComponentKind =
  | 'zone'
  | 'host'
  | 'etcd'
  | 'apiserver'
  | 'controller-manager'
  | 'scheduler'
  | 'lb'
  /** A common-mode operational component (analysis/operations.ts): change, certificates, region, ... */
  | 'common';

/** One component of the structure: a fault target with its failure class. */
export interface ComponentInfo {
  /** The fault target, e.g. `zone/a`, `host/cp-1`, `etcd/cp-1`, `lb/lb-1`. */
  readonly id: string;
  readonly kind: ComponentKind;
  readonly failureClass: FailureClass | 'operations';
  /** Steady-state availability E[TTF] / (E[TTF] + E[TTR]); 1 for a class that never fails. */
  readonly availability: number;
  /** 1 - availability, computed directly (E[TTR] / (E[TTF] + E[TTR])) to keep precision. */
  readonly unavailability: number;
}

/** A host with the component indexes of what it runs (-1 = does not run it). */
export interface CompiledHost {
  readonly name: string;
  readonly zone: number;
  readonly host: number;
  readonly etcd: number;
  readonly apiserver: number;
  readonly controllerManager: number;
  readonly scheduler: number;
  /** LB instances living on this host. */
  readonly loadBalancers: readonly number[];
}

/** The scenario's structure as index arrays over `components`. */
export interface CompiledTopology {
  /** Canonical order: zones, then per host: host, etcd, apiserver, controller-manager, scheduler, lb; then hostless LBs. */
  readonly components: readonly ComponentInfo[];
  /** Component index of each zone, in topology order. */
  readonly zones: readonly number[];
  readonly hosts: readonly CompiledHost[];
  /** LB instances without a host (`lb/cloud`). */
  readonly hostlessLoadBalancers: readonly number[];
  /** Number of etcd voting members. */
  readonly members: number;
  /** quorumOf(members). */
  readonly quorum: number;
  /** `local` etcd endpoints: an apiserver needs the member on its own host. */
  readonly localEndpoints: boolean;
  readonly loadBalancerKind: LoadBalancerKind;
  /** `none`: index into `hosts` of the host clients use directly; -1 if none. */
  readonly directHost: number;
  /** Common-mode components: index into `components` and the SLI bits each takes down. */
  readonly common: readonly { readonly comp: number; readonly sliMask: number }[];
}

/** Steady-state availability of a failure class: [a, 1 - a], computed from the means. */
export function classAvailability(scenario: Scenario, cls: FailureClass): [number, number] {
  const f = scenario.failures[cls];
  if (f === undefined) return [1, 0];
  const up = mean(f.ttf);
  const down = mean(f.ttr);
  const total = up + down;
  if (!(total > 0) || !Number.isFinite(total)) return [1, 0];
  return [up / total, down / total];
}

/** The failure class of each component kind: the shared table of src/scenario/components.ts. */
const CLASS_OF: Record<Exclude<ComponentKind, 'common'>, FailureClass> = {
  zone: 'zone',
  host: 'host',
  etcd: PROCESS_FAILURE_CLASS.etcd,
  apiserver: PROCESS_FAILURE_CLASS.apiserver,
  'controller-manager': PROCESS_FAILURE_CLASS['controller-manager'],
  scheduler: PROCESS_FAILURE_CLASS.scheduler,
  lb: PROCESS_FAILURE_CLASS['load-balancer'],
};

/** The analysis kind of a component-table row. */
function kindOf(r: ComponentRow): Exclude<ComponentKind, 'common'> {
  if (r.kind === 'zone' || r.kind === 'host') return r.kind;
  if (r.kind === 'cloud' || r.proc === 'load-balancer') return 'lb';
  return r.proc!;
}

/** What the topology names but does not hold together (the model would refuse it). */
function layoutErrors(scenario: Scenario): string[] {
  const topo = scenario.topology;
  const errors: string[] = [];
  const hosts = new Set(topo.hosts.map((h) => h.name));
  for (const h of topo.hosts)
    if (!topo.zones.includes(h.zone)) errors.push(`host "${h.name}" is in unknown zone "${h.zone}"`);
  const lost = new Map<string, string[]>();
  topo.loadBalancer.instances.forEach((id, i) => {
    const h = topo.loadBalancer.instanceHosts[i] ?? null;
    if (h !== null && !hosts.has(h)) lost.set(h, [...(lost.get(h) ?? []), id]);
  });
  for (const [h, ids] of lost) errors.push(`load balancer ${ids.join(', ')} is on unknown host "${h}"`);
  return errors;
}

/**
 * Compiles a scenario's topology. Returns the problems instead when the topology is not
 * self-consistent (a host in an unknown zone, an LB instance on an unknown host).
 *
 * The components are the rows of the shared component table (scenario/components.ts),
 * listed in its host-grouped order (`hostGroupedOrder`).
 */
export function compileTopology(
  scenario: Scenario,
): { ok: true; value: CompiledTopology } | { ok: false; errors: string[] } {
  const topo = scenario.topology;
  const errors = layoutErrors(scenario);
  const components: ComponentInfo[] = [];
  const factors = componentFactors(scenario);
  const rows = componentTable(topo);
  const indexOfRow = new Int32Array(rows.length);
  for (const row of hostGroupedOrder(rows)) {
    const r = rows[row]!;
    const kind = kindOf(r);
    const [a0, u0] = classAvailability(scenario, CLASS_OF[kind]);
    const f = factors.get(r.id);
    // An operational factor (upgrades, a gated change, defrag) multiplies the availability.
    const [a, u] = f === undefined ? [a0, u0] : [a0 * f, 1 - a0 * f];
    indexOfRow[row] =
      components.push({ id: r.id, kind, failureClass: CLASS_OF[kind], availability: a, unavailability: u }) - 1;
  }
  const zones: number[] = [];
  const hostlessLoadBalancers: number[] = [];
  const hosts = topo.hosts.map((h) => ({
    name: h.name,
    zone: -1,
    host: -1,
    etcd: -1,
    apiserver: -1,
    controllerManager: -1,
    scheduler: -1,
    loadBalancers: [] as number[],
  }));
  rows.forEach((r, row) => {
    const c = indexOfRow[row]!;
    if (r.kind === 'zone') zones.push(c);
    else if (r.kind === 'cloud') hostlessLoadBalancers.push(c);
    else if (r.kind === 'host') hosts[r.ref]!.host = c;
    else if (r.proc === 'load-balancer') hosts[r.ref]!.loadBalancers.push(c);
    else hosts[r.ref]![r.proc === 'controller-manager' ? 'controllerManager' : r.proc!] = c;
  });
  const zoneIndex = new Map(topo.zones.map((z, i) => [z, zones[i]!] as const));
  topo.hosts.forEach((h, i) => (hosts[i]!.zone = zoneIndex.get(h.zone) ?? -1));
  const common = commonModes(scenario).map((m) => {
    components.push({
      id: m.id,
      kind: 'common',
      failureClass: 'operations',
      availability: m.availability,
      unavailability: 1 - m.availability,
    });
    return { comp: components.length - 1, sliMask: m.sliMask };
  });
  if (errors.length > 0) return { ok: false, errors };
  const members = hosts.filter((h) => h.etcd >= 0).length;
  const direct = topo.loadBalancer.directHost;
  return {
    ok: true,
    value: {
      components,
      zones,
      hosts,
      hostlessLoadBalancers,
      members,
      quorum: quorumOf(members),
      localEndpoints: topo.apiserver.etcdEndpoints === 'local',
      loadBalancerKind: topo.loadBalancer.kind,
      directHost: direct === null ? -1 : hosts.findIndex((h) => h.name === direct),
      common,
    },
  };
}
