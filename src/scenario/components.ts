/**
 * The one component table shared by the model (src/model/plan.ts), the faults and the
 * exact analysis (src/analysis/topology.ts): how each process kind is named and which
 * failure class it draws from. Component ids are the SPEC §4 fault targets: `zone/a`,
 * `host/cp-1`, `etcd/cp-1`, `apiserver/cp-2`, `controller-manager/cp-3`, `scheduler/cp-1`,
 * `lb/lb-1`, `lb/cp-2`, `lb/cloud`. Each id names one component with its own failure
 * process and random stream.
 */
import type { FailureClass, ProcessKind } from './types.ts';

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
