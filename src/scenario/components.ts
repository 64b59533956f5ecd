/**
 * The one component table shared by the model (src/model/plan.ts), the faults and the
 * exact analysis (src/analysis/topology.ts): how each process kind is named and which
 * failure class it draws from. Component ids are the docs/spec.md §4 fault targets: `zone/a`,
 * `host/cp-1`, `etcd/cp-1`, `apiserver/cp-2`, `controller-manager/cp-3`, `scheduler/cp-1`,
 * `lb/lb-1`, `lb/cp-2`, `lb/cloud`. Each id names one component with its own failure
 * process and random stream.
 */
import type { FailureClass, ProcessKind, ResolvedTopology } from './types.ts';

/** The id prefix of each process kind (`load-balancer` instances are `lb/<host>`). */
export const PROCESS_PREFIX: Readonly<Record<ProcessKind, string>> = {
  etcd: 'etcd',
  apiserver: 'apiserver',
  'controller-manager': 'controller-manager',
  scheduler: 'scheduler',
  'load-balancer': 'lb',
};

/** The failure class (`failures:` key) of each process kind. */
export const PROCESS_FAILURE_CLASS: Readonly<Record<ProcessKind, FailureClass>> = {
  etcd: 'etcd',
  apiserver: 'apiserver',
  'controller-manager': 'controller-manager',
  scheduler: 'scheduler',
  'load-balancer': 'loadBalancer',
};

/** The managed cloud load balancer's id. */
export const CLOUD_LB_ID = 'lb/cloud';

/** `zone/a`. */
export function zoneId(zone: string): string {
  return `zone/${zone}`;
}

/** `host/cp-1`. */
export function hostId(host: string): string {
  return `host/${host}`;
}

/** `etcd/cp-1`, `lb/cp-2`. */
export function processId(kind: ProcessKind, host: string): string {
  return `${PROCESS_PREFIX[kind]}/${host}`;
}

/** Plain words for a component id: `zone a`, `host cp-1`, `etcd on cp-1`, `cloud LB`. */
export function componentLabel(id: string): string {
  const slash = id.indexOf('/');
  const prefix = id.slice(0, slash);
  const name = id.slice(slash + 1);
  if (prefix === 'zone') return `zone ${name}`;
  if (prefix === 'host') return `host ${name}`;
  if (id === CLOUD_LB_ID) return 'cloud LB';
  if (prefix === 'lb') return `LB on ${name}`;
  return `${prefix} on ${name}`;
}

/** The order of a host's processes in the component table. */
export const PROCESS_ORDER: readonly ProcessKind[] = [
  'etcd',
  'apiserver',
  'controller-manager',
  'scheduler',
  'load-balancer',
];

/** One row of the component table: a fault target with its own failure process. */
export interface ComponentRow {
  /** The fault-target id (`zone/a`, `host/cp-1`, `etcd/cp-1`, `lb/cloud`). */
  readonly id: string;
  readonly kind: 'zone' | 'host' | 'process' | 'cloud';
  /** Zone number (topology.zones) for a zone, host number (topology.hosts) for a host or process, -1 for the cloud LB. */
  readonly ref: number;
  /** The process kind of a `process` row, else null. */
  readonly proc: ProcessKind | null;
  readonly failureClass: FailureClass;
}

/**
 * The one ordered component table of a topology, shared by the model and the analysis.
 * Its order is the model's component numbering (plan.compIds), which fixes the order in
 * which the first failure of every component is drawn and scheduled (ties between equal
 * times break by it): zones, then every host, then per host its processes in
 * PROCESS_ORDER, then the cloud LB.
 */
export function componentTable(topo: ResolvedTopology): ComponentRow[] {
  const rows: ComponentRow[] = [];
  topo.zones.forEach((z, i) => rows.push({ id: zoneId(z), kind: 'zone', ref: i, proc: null, failureClass: 'zone' }));
  topo.hosts.forEach((h, i) =>
    rows.push({ id: hostId(h.name), kind: 'host', ref: i, proc: null, failureClass: 'host' }),
  );
  topo.hosts.forEach((h, i) => {
    for (const kind of PROCESS_ORDER)
      if (h.runs.includes(kind))
        rows.push({
          id: processId(kind, h.name),
          kind: 'process',
          ref: i,
          proc: kind,
          failureClass: PROCESS_FAILURE_CLASS[kind],
        });
  });
  if (topo.loadBalancer.kind === 'cloud')
    rows.push({ id: CLOUD_LB_ID, kind: 'cloud', ref: -1, proc: null, failureClass: 'loadBalancer' });
  return rows;
}

/**
 * The analysis's listing order as a permutation of `rows` (row numbers): zones, then per
 * host the host followed by its processes, then hostless LBs. The analysis lists (SPOFs,
 * cut sets, reports) have always grouped a host with what runs on it; the model cannot
 * take this order without reordering its first draws, so the two orders stay and this is
 * the one explicit mapping between them (docs/architecture.md, "One component table").
 */
export function hostGroupedOrder(rows: readonly ComponentRow[]): number[] {
  const order: number[] = [];
  const byHost = new Map<number, number[]>();
  rows.forEach((r, i) => {
    if (r.kind === 'process') byHost.set(r.ref, [...(byHost.get(r.ref) ?? []), i]);
  });
  rows.forEach((r, i) => {
    if (r.kind === 'zone') order.push(i);
  });
  rows.forEach((r, i) => {
    if (r.kind === 'host') order.push(i, ...(byHost.get(r.ref) ?? []));
  });
  rows.forEach((r, i) => {
    if (r.kind === 'cloud') order.push(i);
  });
  return order;
}
