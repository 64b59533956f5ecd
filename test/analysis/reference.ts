/**
 * A deliberately dumb reference for the exact analysis: the structure functions written
 * straight from the brief's definitions over sets of component ids, and 2^n enumeration.
 * Shares no code with src/analysis.
 */
import { mean } from '../../src/engine/distributions.ts';
import { SLIS, type FailureClass, type Scenario, type Sli } from '../../src/scenario/types.ts';

export interface RefComponent {
  readonly id: string;
  readonly a: number;
}

const PROCS = ['etcd', 'apiserver', 'controller-manager', 'scheduler'] as const;

function availabilityOf(s: Scenario, cls: FailureClass): number {
  const f = s.failures[cls];
  if (f === undefined) return 1;
  return mean(f.ttf) / (mean(f.ttf) + mean(f.ttr));
}

/** Every component with its availability. */
export function refComponents(s: Scenario): RefComponent[] {
  const out: RefComponent[] = [];
  for (const z of s.topology.zones) out.push({ id: `zone/${z}`, a: availabilityOf(s, 'zone') });
  for (const h of s.topology.hosts) {
    out.push({ id: `host/${h.name}`, a: availabilityOf(s, 'host') });
    for (const p of PROCS) if (h.runs.includes(p)) out.push({ id: `${p}/${h.name}`, a: availabilityOf(s, p) });
  }
  for (const lb of s.topology.loadBalancer.instances) out.push({ id: lb, a: availabilityOf(s, 'loadBalancer') });
  return out;
}

/** SLI states when exactly `up` is up. */
export function refSlis(s: Scenario, up: ReadonlySet<string>): Record<Sli, boolean> {
  const t = s.topology;
  const hostUp = (h: string): boolean => {
    const host = t.hosts.find((x) => x.name === h);
    return host !== undefined && up.has(`host/${h}`) && up.has(`zone/${host.zone}`);
  };
  const eff = (id: string, h: string | null): boolean => up.has(id) && (h === null || hostUp(h));
  const runs = (h: string, p: string): boolean => t.hosts.find((x) => x.name === h)?.runs.includes(p as never) ?? false;
  const members = t.hosts.filter((h) => h.runs.includes('etcd'));
  const q = Math.floor(members.length / 2) + 1;
  const quorum = members.filter((h) => eff(`etcd/${h.name}`, h.name)).length >= q;
  const ready = (h: string): boolean =>
    runs(h, 'apiserver') &&
    eff(`apiserver/${h}`, h) &&
    quorum &&
    (t.apiserver.etcdEndpoints === 'all' || (runs(h, 'etcd') && eff(`etcd/${h}`, h)));
  const someReady = t.hosts.some((h) => ready(h.name));
  const lbs = t.loadBalancer.instances.map((id, i) => eff(id, t.loadBalancer.instanceHosts[i] ?? null));
  let api: boolean;
  switch (t.loadBalancer.kind) {
    case 'none':
      api = t.loadBalancer.directHost !== null && ready(t.loadBalancer.directHost);
      break;
    case 'haproxy':
    case 'cloud':
      api = lbs[0] === true && someReady;
      break;
    case 'keepalived':
      api = lbs.some((x) => x) && someReady;
      break;
  }
  const leader = (p: string): boolean =>
    t.hosts.some((h) => runs(h.name, p) && eff(`${p}/${h.name}`, h.name) && ready(h.name));
  return { etcd: quorum, api, controllers: leader('controller-manager'), scheduler: leader('scheduler') };
}

/** P(SLI up) by enumerating the states of the components that can fail. */
export function refAvailability(s: Scenario, force: ReadonlyMap<string, boolean> = new Map()): Record<Sli, number> {
  const comps = refComponents(s);
  const fixedUp = new Set<string>();
  const random: RefComponent[] = [];
  for (const c of comps) {
    const f = force.get(c.id);
    if (f !== undefined) {
      if (f) fixedUp.add(c.id);
    } else if (c.a === 1) fixedUp.add(c.id);
    else if (c.a > 0) random.push(c);
  }
  const acc: Record<Sli, number> = { etcd: 0, api: 0, controllers: 0, scheduler: 0 };
  for (let m = 0; m < 2 ** random.length; m++) {
    const up = new Set(fixedUp);
    let p = 1;
    random.forEach((c, i) => {
      if ((m >> i) & 1) {
        up.add(c.id);
        p *= c.a;
      } else p *= 1 - c.a;
    });
    const r = refSlis(s, up);
    for (const sli of SLIS) if (r[sli]) acc[sli] += p;
  }
  return acc;
}

/** Minimal cut sets of order <= 3 by checking every subset and all its proper subsets. */
export function refCutSets(s: Scenario): Record<Sli, string[][]> {
  const ids = refComponents(s).map((c) => c.id);
  const downFor = (set: readonly string[]): Record<Sli, boolean> => {
    const r = refSlis(s, new Set(ids.filter((id) => !set.includes(id))));
    return { etcd: !r.etcd, api: !r.api, controllers: !r.controllers, scheduler: !r.scheduler };
  };
  const subsets: string[][] = [[]];
  for (let i = 0; i < ids.length; i++) {
    subsets.push([ids[i] as string]);
    for (let j = i + 1; j < ids.length; j++) {
      subsets.push([ids[i] as string, ids[j] as string]);
      for (let k = j + 1; k < ids.length; k++) subsets.push([ids[i] as string, ids[j] as string, ids[k] as string]);
    }
  }
  const out: Record<Sli, string[][]> = { etcd: [], api: [], controllers: [], scheduler: [] };
  for (const set of subsets) {
    const d = downFor(set);
    const proper = subsets.filter((x) => x.length < set.length && x.every((c) => set.includes(c)));
    for (const sli of SLIS) if (d[sli] && proper.every((x) => !downFor(x)[sli])) out[sli].push(set);
  }
  return out;
}
