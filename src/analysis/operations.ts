/**
 * What the operational processes (`operations:`, docs/scenario-format.md) mean for the structure
 * function. Two kinds of contribution:
 *
 * - Common-mode components, in series with the SLIs they take down, each an alternating
 *   renewal process with steady-state availability E[up] / (E[up] + E[down]):
 *   `change/all-at-once` (a bad change on every instance; apiserver: api, controllers,
 *   scheduler; etcd: every SLI; load-balancer: api), `certificates/expiry` (every
 *   apiserver: api, controllers, scheduler), `etcd-space/nospace` (writes: etcd),
 *   `region/outage` (every SLI), `dependency/<name>` (api). Exact under `timing: ideal`,
 *   except certificates with upgrades rarer than the validity (an approximation, below).
 * - Factors on existing components: in-place upgrades (each host down perHost, plus
 *   probability x E[repair], once per cycle), a health-gated bad change (the first
 *   instance only), defragmentation (each member perMember per pass). These treat the
 *   hosts of one rolling pass as independent although a pass never overlaps two of
 *   them: an approximation that overstates their joint downtime (conservative).
 *
 * Protocol-only processes (slow-disk leader churn, random partitions) cost nothing under
 * ideal timing and are not in the structure; `run` shows their cost as the gap between
 * simulated and analytic availability.
 */
import { mean } from '../engine/distributions.ts';
import type { ResolvedOperations } from '../scenario/operations-types.ts';
import type { Scenario } from '../scenario/types.ts';

/** SLI bits in SLIS order: etcd, api, controllers, scheduler. */
/** Component ids as in docs/spec.md §4 (the analysis does not depend on the fault layer). */
const hostId = (h: string): string => `host/${h}`;
const processId = (kind: 'etcd' | 'apiserver', h: string): string => `${kind}/${h}`;
const CLOUD_LB_ID = 'lb/cloud';

const ETCD = 1;
const API = 2;
const CONTROLLERS = 4 | 8;

/** A common-mode component of the structure. */
export interface CommonMode {
  /** Component id (`change/all-at-once`, `certificates/expiry`, ...). */
  readonly id: string;
  readonly availability: number;
  /** Bits of the SLIs it takes down (SLIS order). */
  readonly sliMask: number;
  /** What helps against it (for `spof`'s recommendation). */
  readonly remedy: string;
}

function renewal(upMs: number, downMs: number): number {
  const total = upMs + downMs;
  return total > 0 && Number.isFinite(total) ? upMs / total : 1;
}

/** The common-mode components of a scenario's operations, in a fixed order. */
export function commonModes(s: Scenario): CommonMode[] {
  const o = s.operations;
  if (o === undefined) return [];
  const out: CommonMode[] = [];
  const c = o.changes;
  if (c !== null && c.rollout === 'all-at-once' && c.everyMs !== null) {
    const mask =
      c.component === 'etcd' ? ETCD | API | CONTROLLERS : c.component === 'load-balancer' ? API : API | CONTROLLERS;
    out.push({
      id: 'change/all-at-once',
      availability: renewal(c.everyMs, mean(c.detect) + mean(c.rollback)),
      sliMask: mask,
      remedy:
        `roll changes out with a health gate (one host first, rollback on failure): a bad ` +
        `${c.component} change reaches every instance at once, and no replica or zone masks it`,
    });
  }
  const certA = certificateAvailability(o);
  if (certA < 1) {
    out.push({
      id: 'certificates/expiry',
      availability: certA,
      sliMask: API | CONTROLLERS,
      remedy:
        'upgrade the control plane at least once a year (kubeadm renews the certificates on ' +
        'upgrade) or run `kubeadm certs renew` on a schedule: an expiry stops every apiserver at once',
    });
  }
  const e = o.etcdSpace;
  if (e !== null && e.fill !== null) {
    out.push({
      id: 'etcd-space/nospace',
      availability: renewal(mean(e.fill), mean(e.recovery)),
      sliMask: ETCD,
      remedy:
        'alert on the etcd database size against --quota-backend-bytes and compact/defragment ' +
        'before it fills: NOSPACE stops writes on every member at once',
    });
  }
  if (o.region !== null) {
    out.push({
      id: 'region/outage',
      availability: renewal(mean(o.region.ttf), mean(o.region.ttr)),
      sliMask: ETCD | API | CONTROLLERS,
      remedy:
        'a regional outage takes every zone: only a second control plane in another region ' +
        '(or a failover plan) helps, not more replicas',
    });
  }
  for (const d of o.dependencies) {
    out.push({
      id: `dependency/${d.name}`,
      availability: renewal(mean(d.failure.ttf), mean(d.failure.ttr)),
      sliMask: API,
      remedy:
        `give clients a way around ${d.name} (a second provider, cached records, a static ` +
        `endpoint): while it is down no client reaches the API, however many apiservers run`,
    });
  }
  return out;
}

/**
 * Steady-state availability of the certificates. Renewed by upgrades at most `validity`
 * apart (cadence + window): 1. Never renewed but by hand: validity / (validity + E[manual]).
 * Upgrades rarer than the validity: each cycle of length `every` loses
 * min(E[manual], every - validity) — an approximation (it uses the mean, not the
 * distribution, of the manual renewal time).
 */
export function certificateAvailability(o: ResolvedOperations): number {
  const c = o.certificates;
  if (c === null) return 1;
  const u = o.upgrades;
  const m = mean(c.manualRenewal);
  if (c.renewal === 'none' || u === null) return renewal(c.validityMs, m);
  if (u.everyMs + u.windowMs <= c.validityMs) return 1;
  return 1 - Math.min(m, u.everyMs - c.validityMs) / u.everyMs;
}

/** Availability factors of existing components (by id) from upgrades, gated changes and defrag. */
export function componentFactors(s: Scenario): Map<string, number> {
  const out = new Map<string, number>();
  const o = s.operations;
  if (o === undefined) return out;
  const mul = (id: string, f: number): void => {
    out.set(id, (out.get(id) ?? 1) * f);
  };
  const u = o.upgrades;
  if (u !== null && u.policy === 'in-place') {
    const down = u.perHostMs + u.failureProbability * mean(u.repair);
    for (const h of u.hosts) mul(hostId(h), 1 - down / u.everyMs);
  }
  const c = o.changes;
  if (c !== null && c.rollout === 'health-gated' && c.everyMs !== null) {
    const first = firstInstance(s, c.component);
    if (first !== null) mul(first, renewal(c.everyMs, mean(c.detect) + mean(c.rollback)));
  }
  const d = o.defrag;
  if (d !== null) {
    for (const h of s.topology.hosts)
      if (h.runs.includes('etcd')) mul(processId('etcd', h.name), 1 - d.perMemberMs / d.everyMs);
  }
  return out;
}

function firstInstance(s: Scenario, component: 'apiserver' | 'etcd' | 'load-balancer'): string | null {
  const t = s.topology;
  if (component === 'load-balancer')
    return t.loadBalancer.instances[0] ?? (t.loadBalancer.kind === 'cloud' ? CLOUD_LB_ID : null);
  const h = t.hosts.find((x) => x.runs.includes(component));
  return h === undefined ? null : processId(component, h.name);
}
