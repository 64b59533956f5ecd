/**
 * The static part of a scenario, compiled once and shared by every replication: index
 * tables for hosts, zones, processes and components, and compiled failure samplers.
 * Replications only allocate the mutable state (cluster.ts).
 */
import { compileSampler, type Sampler } from '../engine/index.ts';
import { PROCESS_ORDER, componentTable } from '../scenario/components.ts';
import type { FailureClass, ProcessKind, Scenario } from '../scenario/types.ts';

/** What a component is: a zone, a host, a process on a host, or the cloud LB. */
export type ComponentKind = 'zone' | 'host' | 'process' | 'cloud';

/** A component's compiled failure process (alternating ttf / ttr). */
export interface CompiledFailure {
  readonly ttf: Sampler;
  readonly ttr: Sampler;
}

/** Static tables of one scenario. */
export interface Plan {
  readonly scenario: Scenario;
  readonly zones: readonly string[];
  readonly hosts: readonly string[];
  readonly hostIndex: ReadonlyMap<string, number>;
  readonly hostZone: Int32Array;
  readonly zoneHosts: readonly (readonly number[])[];
  readonly hostProcs: readonly (readonly ProcessKind[])[];
  /** Component tables, indexed by component number. */
  readonly compIds: readonly string[];
  readonly compKind: readonly ComponentKind[];
  /** Zone index (zone), host index (host, process) or -1 (cloud). */
  readonly compRef: Int32Array;
  readonly compProc: readonly (ProcessKind | null)[];
  readonly compIndex: ReadonlyMap<string, number>;
  readonly compFailure: readonly (CompiledFailure | null)[];
  /** Failure class (`failures:` key) by component number. */
  readonly compClass: readonly FailureClass[];
  readonly zoneComp: Int32Array;
  readonly hostComp: Int32Array;
  /** Per process kind, per host: the component number, or -1 when the host does not run it. */
  readonly procComp: Readonly<Record<ProcessKind, Int32Array>>;
  /** Hosts running each process, in host order. */
  readonly procHosts: Readonly<Record<ProcessKind, readonly number[]>>;
  /** Per host: its etcd member number (index into procHosts.etcd), or -1. */
  readonly memberOfHost: Int32Array;
  /** LB instances in VIP priority order: component numbers and hosts (-1 = cloud). */
  readonly lbComps: readonly number[];
  readonly lbHosts: readonly number[];
  /** `none`: the host clients use directly; else -1. */
  readonly directHost: number;
}

const cache = new WeakMap<Scenario, Plan>();

/** The plan of `scenario`, compiled on first use and cached per scenario object. */
export function planOf(scenario: Scenario): Plan {
  let p = cache.get(scenario);
  if (p === undefined) {
    p = compilePlan(scenario);
    cache.set(scenario, p);
  }
  return p;
}

function compilePlan(scenario: Scenario): Plan {
  const topo = scenario.topology;
  const zones = topo.zones;
  const hosts = topo.hosts.map((h) => h.name);
  const hostIndex = new Map(hosts.map((h, i) => [h, i] as const));
  const zoneIdx = new Map(zones.map((z, i) => [z, i] as const));
  const hostZone = Int32Array.from(
    topo.hosts,
    (h) => zoneIdx.get(h.zone) ?? fail(`host ${h.name}: unknown zone ${h.zone}`),
  );
  const zoneHosts = zones.map((_, z) => hosts.map((_, i) => i).filter((i) => hostZone[i] === z));
  // The shared component table (scenario/components.ts): its order is the component numbering.
  const rows = componentTable(topo);
  const zoneComp = new Int32Array(zones.length).fill(-1);
  const hostComp = new Int32Array(hosts.length).fill(-1);
  const procComp = {} as Record<ProcessKind, Int32Array>;
  const procHosts = {} as Record<ProcessKind, number[]>;
  for (const kind of PROCESS_ORDER) {
    procComp[kind] = new Int32Array(hosts.length).fill(-1);
    procHosts[kind] = [];
  }
  rows.forEach((r, comp) => {
    if (r.kind === 'zone') zoneComp[r.ref] = comp;
    else if (r.kind === 'host') hostComp[r.ref] = comp;
    else if (r.proc !== null) {
      procComp[r.proc][r.ref] = comp;
      procHosts[r.proc].push(r.ref);
    }
  });
  const t = {
    ids: rows.map((r) => r.id),
    kinds: rows.map((r): ComponentKind => r.kind),
    refs: rows.map((r) => r.ref),
    procs: rows.map((r) => r.proc),
    classes: rows.map((r) => r.failureClass),
  };
  const cloudComp = rows.findIndex((r) => r.kind === 'cloud');
  const lb = topo.loadBalancer;
  const compIndex = new Map(t.ids.map((id, i) => [id, i] as const));
  const lbComps = lb.instances.map((id) => compIndex.get(id) ?? fail(`load balancer instance ${id} runs on no host`));
  const lbHosts = lb.instanceHosts.map((h) => (h === null ? -1 : (hostIndex.get(h) ?? fail(`unknown LB host ${h}`))));
  if (lb.kind === 'cloud' && lbComps[0] !== cloudComp) fail('cloud LB must be the single instance lb/cloud');
  const memberOfHost = new Int32Array(hosts.length).fill(-1);
  procHosts.etcd.forEach((h, m) => (memberOfHost[h] = m));
  const directHost =
    lb.directHost === null ? -1 : (hostIndex.get(lb.directHost) ?? fail(`unknown direct host ${lb.directHost}`));
  const compFailure = t.classes.map((cls) => {
    const f = scenario.failures[cls];
    return f === undefined ? null : { ttf: compileSampler(f.ttf), ttr: compileSampler(f.ttr) };
  });
  return {
    scenario,
    zones,
    hosts,
    hostIndex,
    hostZone,
    zoneHosts,
    hostProcs: topo.hosts.map((h) => PROCESS_ORDER.filter((k) => h.runs.includes(k))),
    compIds: t.ids,
    compKind: t.kinds,
    compRef: Int32Array.from(t.refs),
    compProc: t.procs,
    compIndex,
    compFailure,
    compClass: t.classes,
    zoneComp,
    hostComp,
    procComp,
    procHosts,
    memberOfHost,
    lbComps,
    lbHosts,
    directHost,
  };
}

function fail(msg: string): never {
  throw new Error(`invalid resolved scenario: ${msg}`);
}
