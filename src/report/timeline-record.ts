/**
 * Records one seeded run of the model as a Timeline: the run is stepped event by event
 * and, after each, every lane's state is read from the model's public state (component
 * causes, effective up flags, etcd leader and term, apiserver readiness and back-off,
 * LB routing and VIP holder, lease holders, SLIs). A lane gets a new segment only when
 * its state changes. The narration comes from the same run's trace.
 */
import { ArrayTrace } from '../engine/trace.ts';
import { createCluster } from '../model/run.ts';
import type { Cluster } from '../model/cluster.ts';
import { SLIS, type Scenario, type Sli } from '../scenario/types.ts';
import type { Lane, LaneGroup, LaneSegment, LaneTone, Timeline } from './timeline-types.ts';

/** Options of `recordTimeline`; all optional. */
export interface RecordOptions {
  /** @default 0 */
  readonly replication?: number;
  /** @default scenario.simulation.horizonMs */
  readonly untilMs?: number;
  /** Stop after this many events (a year of random failures is too much to draw). @default 2000 */
  readonly maxEvents?: number;
}

interface State {
  readonly tone: LaneTone;
  readonly label: string;
}

interface Probe {
  readonly id: string;
  readonly group: LaneGroup;
  readonly label: string;
  readonly read: (c: Cluster) => State;
}

const up = (label = 'up'): State => ({ tone: 'ok', label });
const down = (label = 'down'): State => ({ tone: 'down', label });

function infraProbes(c: Cluster): Probe[] {
  const p = c.plan;
  const probes: Probe[] = [];
  p.zones.forEach((z, zi) =>
    probes.push({ id: `zone/${z}`, group: 'zone', label: `zone ${z}`, read: (k) => (k.causes[p.zoneComp[zi]!]! > 0 ? down() : up()) }),
  );
  p.hosts.forEach((h, hi) =>
    probes.push({
      id: `host/${h}`,
      group: 'host',
      label: `${h} (zone ${p.zones[p.hostZone[hi]!]})`,
      read: (k) => {
        if (k.causes[p.hostComp[hi]!]! > 0) return down();
        if (k.hostUp[hi] === 0) return { tone: 'warn', label: 'zone down' };
        return k.partitioned ? up(`up · network side ${k.group[hi]}`) : up();
      },
    }),
  );
  c.etcd.members.forEach((hi, m) =>
    probes.push({
      id: `etcd/${p.hosts[hi]}`,
      group: 'etcd',
      label: `etcd on ${p.hosts[hi]}`,
      read: (k) => {
        if (k.procUp.etcd[hi] === 0) return down();
        if (k.etcd.leader === m) return { tone: 'strong', label: `★ leader · term ${k.etcd.term}` };
        if (k.etcd.leader >= 0 && k.group[hi] === k.etcd.leaderGroup()) return up('follower');
        return { tone: 'warn', label: 'no leader in reach' };
      },
    }),
  );
  p.procHosts.apiserver.forEach((hi) =>
    probes.push({
      id: `apiserver/${p.hosts[hi]}`,
      group: 'apiserver',
      label: `apiserver on ${p.hosts[hi]}`,
      read: (k) => {
        if (k.procUp.apiserver[hi] === 0) return down();
        if (k.api.phase[hi] === 1) return { tone: 'warn', label: 'crash-loop back-off' };
        return k.api.ready[hi] === 1 ? up('ready') : { tone: 'warn', label: 'not ready (no etcd)' };
      },
    }),
  );
  return probes;
}

function lbProbes(c: Cluster): Probe[] {
  const p = c.plan;
  const probes: Probe[] = [];
  const kind = c.lb.kind;
  p.lbComps.forEach((comp, i) => {
    const hi = p.lbHosts[i]!;
    const id = p.compIds[comp]!;
    probes.push({
      id,
      group: 'lb',
      label: kind === 'keepalived' ? `keepalived on ${p.hosts[hi]}` : kind === 'cloud' ? 'cloud LB' : `haproxy on ${hi >= 0 ? p.hosts[hi] : '?'}`,
      read: (k) => {
        const alive = hi >= 0 ? k.procUp['load-balancer'][hi] === 1 : k.causes[comp] === 0;
        if (!alive) return down();
        if (kind === 'keepalived') return k.lb.holder === i ? { tone: 'strong', label: '● VIP' } : up('standby');
        return up();
      },
    });
  });
  const backends = p.procHosts.apiserver;
  probes.push({
    id: 'lb/routing',
    group: 'lb',
    label: kind === 'none' ? `clients → ${p.hosts[p.directHost] ?? '?'}` : 'routes requests to',
    read: (k) => {
      if (kind === 'none') return k.lb.apiUp() ? up('direct, ready') : down('not ready');
      if (k.lb.holder < 0) return down('no LB');
      const routed = backends.filter((h) => k.lb.routed[h] === 1);
      if (routed.length === 0) return down('nothing');
      const failing = routed.filter((h) => k.api.ready[h] === 0).map((h) => p.hosts[h]);
      const names = routed.map((h) => p.hosts[h]).join(', ');
      return failing.length > 0 ? { tone: 'warn', label: `${names} (${failing.join(', ')} failing)` } : up(names);
    },
  });
  return probes;
}

function leaseProbes(c: Cluster): Probe[] {
  return (['controller-manager', 'scheduler'] as const).map((kind) => ({
    id: `lease/${kind}`,
    group: 'lease' as const,
    label: `${kind} lease`,
    read: (k: Cluster): State => {
      const le = k.lease(kind);
      const name = le.holder >= 0 ? k.plan.hosts[le.holder]! : '';
      if (le.renewing) return { tone: 'strong', label: `held by ${name}` };
      if (le.holder >= 0 && !le.expired) return { tone: 'warn', label: `${name} not renewing` };
      return down('expired, no holder');
    },
  }));
}

function sliProbes(): Probe[] {
  return SLIS.map((sli, i) => ({ id: `sli/${sli}`, group: 'sli' as const, label: sli === 'api' ? 'API' : sli, read: (k: Cluster) => (k.sli.up[i] ? up() : down()) }));
}

/** Records replication `replication` of `scenario` as a Timeline. */
export function recordTimeline(scenario: Scenario, options: RecordOptions = {}): Timeline {
  const replication = options.replication ?? 0;
  const horizon = options.untilMs ?? scenario.simulation.horizonMs;
  const maxEvents = options.maxEvents ?? 2000;
  const trace = new ArrayTrace();
  const c = createCluster(scenario, replication, trace);
  const probes = [...sliProbes(), ...infraProbes(c), ...lbProbes(c), ...leaseProbes(c)];
  const open: { fromMs: number; state: State }[] = probes.map((pr) => ({ fromMs: 0, state: pr.read(c) }));
  const segs: LaneSegment[][] = probes.map(() => []);
  let truncated = false;
  let steps = 0;
  while (c.sim.step(horizon)) {
    const t = c.sim.nowMs;
    probes.forEach((pr, i) => {
      const s = pr.read(c);
      const o = open[i]!;
      if (s.tone === o.state.tone && s.label === o.state.label) return;
      if (t > o.fromMs) segs[i]!.push({ fromMs: o.fromMs, toMs: t, ...o.state });
      open[i] = { fromMs: t, state: s };
    });
    if (++steps >= maxEvents && c.sim.pending > 0) {
      truncated = true;
      break;
    }
  }
  const untilMs = truncated ? c.sim.nowMs : horizon;
  probes.forEach((_, i) => {
    const o = open[i]!;
    if (untilMs > o.fromMs || segs[i]!.length === 0) segs[i]!.push({ fromMs: o.fromMs, toMs: untilMs, ...o.state });
  });
  const lanes: Lane[] = probes.map((pr, i) => ({ id: pr.id, group: pr.group, label: pr.label, segments: segs[i]! }));
  const outages = Object.fromEntries(
    SLIS.map((sli) => [sli, lanes.find((l) => l.id === `sli/${sli}`)!.segments.filter((s) => s.tone === 'down').map((s) => ({ fromMs: s.fromMs, toMs: s.toMs }))]),
  ) as Record<Sli, { fromMs: number; toMs: number }[]>;
  return {
    scenario: scenario.name,
    description: scenario.description,
    file: scenario.file,
    seed: scenario.simulation.seed,
    replication,
    untilMs,
    truncated,
    lanes,
    events: trace.entries.filter((e) => e.timeMs <= untilMs),
    outages,
  };
}
