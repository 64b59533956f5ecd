/**
 * The one-line recommendation of `spof`: the structural change that removes the most
 * serious weakness, checked in order of how much of the cluster each weakness takes down.
 */
import { SLIS, type Sli } from '../scenario/types.ts';
import type { Scenario } from '../scenario/types.ts';
import type { SpofSli } from './spof-sli.ts';
import type { CompiledTopology } from './topology.ts';
import { commonModes } from './operations.ts';

type Rule = (s: Scenario, t: CompiledTopology, slis: Record<Sli, SpofSli>) => string | null;

/** First matching rule wins; the last one always matches. */
const RULES: readonly Rule[] = [
  noQuorumEver,
  singleMember,
  directClients,
  hostedLoadBalancer,
  evenMembers,
  zoneSpof,
  otherSpof,
  noSpof,
];

/**
 * One line saying what would help most, for a compiled topology and its SPOF analysis.
 * A common-mode operational component that is a single point of failure (a change, the
 * certificates, the region, a dependency, NOSPACE) comes first with its own remedy — more
 * replicas do not help against it — then the structural advice without those components.
 */
export function recommend(s: Scenario, t: CompiledTopology, slis: Record<Sli, SpofSli>): string {
  const common = new Set(t.components.filter((c) => c.kind === 'common').map((c) => c.id));
  const structural = structuralAdvice(s, t, common.size === 0 ? slis : withoutCommon(slis, common));
  const first = commonModeAdvice(s, t, slis, common);
  return first === null ? structural : `${first}; structurally: ${structural}`;
}

function structuralAdvice(s: Scenario, t: CompiledTopology, slis: Record<Sli, SpofSli>): string {
  for (const rule of RULES) {
    const r = rule(s, t, slis);
    if (r !== null) return r;
  }
  return 'no recommendation';
}

function withoutCommon(slis: Record<Sli, SpofSli>, common: ReadonlySet<string>): Record<Sli, SpofSli> {
  const out = {} as Record<Sli, SpofSli>;
  for (const sli of SLIS) {
    const x = slis[sli];
    out[sli] = {
      spof: x.spof.filter((id) => !common.has(id)),
      cutSets: x.cutSets.filter((c) => !c.some((id) => common.has(id))),
      importance: Object.fromEntries(Object.entries(x.importance).filter(([id]) => !common.has(id))),
    };
  }
  return out;
}

/** The common-mode SPOF costing the most downtime, with what helps against it; null if none. */
function commonModeAdvice(
  s: Scenario,
  t: CompiledTopology,
  slis: Record<Sli, SpofSli>,
  common: ReadonlySet<string>,
): string | null {
  if (common.size === 0) return null;
  const spofs = new Set(SLIS.flatMap((sli) => slis[sli].spof).filter((id) => common.has(id)));
  const worst = t.components
    .filter((c) => spofs.has(c.id))
    .sort((x, y) => y.unavailability - x.unavailability || (x.id < y.id ? -1 : 1))[0];
  if (worst === undefined) return null;
  const remedy = commonModes(s).find((m) => m.id === worst.id)?.remedy ?? 'a common-mode failure';
  const hours = worst.unavailability * 8760;
  return `${remedy} (${worst.id}: about ${hours < 1 ? `${(hours * 60).toFixed(0)} min` : `${hours.toFixed(1)} h`} a year)`;
}

function noQuorumEver(_s: Scenario, t: CompiledTopology, slis: Record<Sli, SpofSli>): string | null {
  const down = SLIS.filter((sli) => slis[sli].cutSets.some((c) => c.length === 0));
  if (down.length === 0) return null;
  if (t.members === 0) return 'add etcd members: without etcd no SLI can ever be up';
  return `fix the topology: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down even with every component up`;
}

function directClients(_s: Scenario, t: CompiledTopology): string | null {
  if (t.loadBalancerKind !== 'none') return null;
  const h = t.hosts[t.directHost];
  if (h === undefined) return 'use a load balancer: clients have no apiserver to reach';
  return `use a load balancer: clients reach only ${h.name}'s apiserver, so host/${h.name} is a single point of failure for the API`;
}

function hostedLoadBalancer(_s: Scenario, _t: CompiledTopology, slis: Record<Sli, SpofSli>): string | null {
  const lb = slis.api.spof.find((id) => id.startsWith('lb/') && id !== 'lb/cloud');
  if (lb === undefined) return null;
  return `add a second load balancer (e.g. keepalived on the control-plane hosts): ${lb} is a single point of failure for the API`;
}

function singleMember(_s: Scenario, t: CompiledTopology): string | null {
  if (t.members !== 1) return null;
  const h = t.hosts.find((x) => x.etcd >= 0);
  return `run 3 etcd members on 3 hosts: with one member, host/${h?.name ?? '?'} takes every SLI down`;
}

function evenMembers(_s: Scenario, t: CompiledTopology): string | null {
  if (t.members === 0 || t.members % 2 !== 0) return null;
  return (
    `use an odd number of etcd members: ${t.members} need a quorum of ${t.quorum} and tolerate ` +
    `no more failures than ${t.members - 1}`
  );
}

function zoneSpof(_s: Scenario, t: CompiledTopology, slis: Record<Sli, SpofSli>): string | null {
  const zone = SLIS.flatMap((sli) => slis[sli].spof).find((id) => id.startsWith('zone/'));
  if (zone === undefined) return null;
  if (t.zones.length === 1) return `spread the control-plane hosts over 3 zones: ${zone} is a single point of failure`;
  const zoneIdx = t.components.findIndex((c) => c.id === zone);
  const membersIn = (z: number): number => t.hosts.filter((h) => h.zone === z && h.etcd >= 0).length;
  const inZone = t.hosts.filter((h) => h.zone === zoneIdx && h.etcd >= 0);
  const mover = inZone[inZone.length - 1];
  if (mover === undefined || membersIn(zoneIdx) < t.quorum) {
    return `spread the hosts of ${zone} over more zones: ${zone} is a single point of failure`;
  }
  if (t.zones.length < 3) {
    return `put ${mover.name} in a third zone: ${zone} holds ${inZone.length} of ${t.members} etcd members`;
  }
  const target = [...t.zones].sort((x, y) => membersIn(x) - membersIn(y))[0] as number;
  const name = t.components[target]?.id ?? '?';
  return `move ${mover.name} to ${name}: ${zone} holds ${inZone.length} of ${t.members} etcd members`;
}

function otherSpof(_s: Scenario, _t: CompiledTopology, slis: Record<Sli, SpofSli>): string | null {
  for (const sli of SLIS) {
    const ids = slis[sli].spof;
    if (ids.length === 0) continue;
    if (ids.length === 1 && ids[0] === 'lb/cloud') {
      return 'lb/cloud is the only single point of failure of the API: its SLA bounds the availability';
    }
    return `add redundancy for ${ids.join(', ')}: single point${ids.length > 1 ? 's' : ''} of failure of ${sli}`;
  }
  return null;
}

function noSpof(_s: Scenario, _t: CompiledTopology, slis: Record<Sli, SpofSli>): string {
  const entries = Object.entries(slis.api.importance).sort((x, y) => y[1] - x[1]);
  const top = entries[0];
  const pair = slis.api.cutSets.find((c) => c.length === 2);
  const lead = 'no single point of failure';
  if (top === undefined || top[1] === 0) return `${lead}; nothing here limits the API`;
  const tail = pair === undefined ? '' : `; ${pair.join(' + ')} together still take the API down`;
  return `${lead}; most important for the API: ${top[0]} (Birnbaum ${top[1].toExponential(2)})${tail}`;
}
