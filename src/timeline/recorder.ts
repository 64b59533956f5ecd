/**
 * The timeline recorder: an observer that turns one replication into lanes of states
 * (`explain --html`). Each lane reads its state from ClusterView; a lane is re-read only
 * when a change that can affect it was reported (a component flip, an apiserver, the
 * etcd leader, the LB, a lease, an SLI, the partition), so an event costs O(lanes that
 * may have changed), not O(lanes): a 1,000-host run records as fast per event as a
 * 5-host one. A lane gets a new segment only when its state changes.
 */
import type { TraceEntry } from '../engine/index.ts';
import type { Change, ClusterView, LeaseKind, Observer } from '../model/index.ts';
import { SLIS, type Sli } from '../scenario/types.ts';
import type { Lane, LaneGroup, LaneSegment, LaneTone, Timeline } from './types.ts';
import { assertNever } from '../engine/assert-never.ts';

/** Options of the recorder; all optional. */
export interface RecorderOptions {
  /** Stop recording after this many events (a year of random failures is too much to draw). @default 2000 */
  readonly maxEvents?: number | undefined;
  /** Re-read every lane after every event, ignoring change reports (the test reference). @default false */
  readonly rereadAll?: boolean | undefined;
}

interface State {
  readonly tone: LaneTone;
  readonly label: string;
}

interface Probe {
  readonly id: string;
  readonly group: LaneGroup;
  readonly label: string;
  /** The component whose own flip can change this lane. */
  readonly comp?: number;
  /** The host this lane's process runs on (a host's or its zone's flip can change it). */
  readonly host?: number;
  readonly read: (v: ClusterView) => State;
}

const up = (label = 'up'): State => ({ tone: 'ok', label });
const down = (label = 'down'): State => ({ tone: 'down', label });

/** Lane numbers by what they show, to route change reports to lanes. */
interface LaneIndex {
  readonly byComp: number[][];
  readonly host: number[];
  readonly etcd: number[];
  readonly apiserver: Int32Array;
  readonly loadBalancerInstances: number[];
  routing: number;
  readonly lease: Record<LeaseKind, number>;
  readonly sli: Record<Sli, number>;
}

/** Records lanes of one replication; read the result with `timeline(events)` after finish(). */
export class TimelineRecorder implements Observer {
  private readonly maxEvents: number;
  private readonly rereadAll: boolean;
  private probes: Probe[] = [];
  private open: { fromMs: number; state: State }[] = [];
  private segs: LaneSegment[][] = [];
  private idx: LaneIndex | null = null;
  private dirty = new Uint8Array(0);
  private readonly dirtyList: number[] = [];
  private steps = 0;
  private truncated = false;
  private untilMs = 0;
  private view: ClusterView | null = null;

  constructor(options: RecorderOptions = {}) {
    this.maxEvents = options.maxEvents ?? 2000;
    this.rereadAll = options.rereadAll === true;
  }

  /** Builds the lanes and reads every one once. */
  onStart(v: ClusterView): void {
    this.view = v;
    const idx: LaneIndex = {
      byComp: v.plan.compIds.map(() => []),
      host: [],
      etcd: [],
      apiserver: new Int32Array(v.plan.hosts.length).fill(-1),
      loadBalancerInstances: [],
      routing: -1,
      lease: { 'controller-manager': -1, scheduler: -1 },
      sli: { etcd: -1, api: -1, controllers: -1, scheduler: -1 },
    };
    this.probes = buildProbes(v, idx);
    this.idx = idx;
    this.open = this.probes.map((pr) => ({ fromMs: 0, state: pr.read(v) }));
    this.segs = this.probes.map(() => []);
    this.dirty = new Uint8Array(this.probes.length);
  }

  private mark(lane: number): void {
    if (lane < 0 || this.dirty[lane] === 1) return;
    this.dirty[lane] = 1;
    this.dirtyList.push(lane);
  }

  /** A component flipped: its lane and the lanes of what runs on it. */
  onComponentChange(_v: ClusterView, comp: number): void {
    if (this.truncated) return;
    for (const lane of this.idx!.byComp[comp]!) this.mark(lane);
  }

  /** An actor's state changed: the lanes that show it. */
  onChange(_v: ClusterView, change: Change): void {
    if (this.truncated) return;
    const idx = this.idx!;
    switch (change.kind) {
      case 'etcd-leader':
        for (const lane of idx.etcd) this.mark(lane);
        return;
      case 'apiserver':
        this.mark(idx.apiserver[change.host]!);
        this.mark(idx.routing);
        return;
      case 'loadBalancer':
        if (change.host < 0) for (const lane of idx.loadBalancerInstances) this.mark(lane);
        this.mark(idx.routing);
        return;
      case 'lease':
        this.mark(idx.lease[change.lease]);
        return;
      case 'sli':
        this.mark(idx.sli[change.sli]);
        return;
      case 'partition':
        for (const lane of idx.host) this.mark(lane);
        for (const lane of idx.etcd) this.mark(lane);
        this.mark(idx.routing);
        return;
      default:
        assertNever(change, 'change');
    }
  }

  /** Re-reads the lanes marked during the event; stops after maxEvents. */
  afterEvent(v: ClusterView): void {
    if (this.truncated) return;
    const t = v.nowMs;
    if (this.rereadAll) for (let i = 0; i < this.probes.length; i++) this.mark(i);
    const list = this.dirtyList;
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      this.dirty[i] = 0;
      const s = this.probes[i]!.read(v);
      const o = this.open[i]!;
      if (s.tone === o.state.tone && s.label === o.state.label) continue;
      if (t > o.fromMs) this.segs[i]!.push({ fromMs: o.fromMs, toMs: t, ...o.state });
      this.open[i] = { fromMs: t, state: s };
    }
    list.length = 0;
    if (++this.steps >= this.maxEvents && v.pendingEvents > 0) {
      this.truncated = true;
      this.untilMs = t;
    }
  }

  /** Closes every lane at the end of the run (or where recording stopped). */
  onEnd(_v: ClusterView, untilMs: number): void {
    if (!this.truncated) this.untilMs = untilMs;
    const end = this.untilMs;
    this.open.forEach((o, i) => {
      if (end > o.fromMs || this.segs[i]!.length === 0) this.segs[i]!.push({ fromMs: o.fromMs, toMs: end, ...o.state });
    });
  }

  /** The recorded run, with the narration lines up to where recording stopped. */
  timeline(events: readonly TraceEntry[]): Timeline {
    return this.build(this.segs, this.untilMs, events);
  }

  /**
   * The run so far, every open lane closed at `nowMs` (or where recording stopped),
   * without ending the recording: a live view for a run still being driven (the
   * playground). Call between events; `nowMs` is the replication's current time.
   */
  timelineAt(nowMs: number, events: readonly TraceEntry[]): Timeline {
    const end = this.truncated ? this.untilMs : nowMs;
    const segs = this.open.map((o, i) => {
      const done = this.segs[i]!;
      return end > o.fromMs || done.length === 0
        ? [...done, { fromMs: o.fromMs, toMs: Math.max(end, o.fromMs), ...o.state }]
        : done.slice();
    });
    return this.build(segs, end, events);
  }

  private build(segs: readonly LaneSegment[][], untilMs: number, events: readonly TraceEntry[]): Timeline {
    const v = this.view;
    if (v === null) throw new Error('the timeline recorder was never started');
    const scenario = v.plan.scenario;
    const lanes: Lane[] = this.probes.map((pr, i) => ({
      id: pr.id,
      group: pr.group,
      label: pr.label,
      segments: segs[i]!,
    }));
    const outages = Object.fromEntries(
      SLIS.map((sli) => [
        sli,
        lanes
          .find((l) => l.id === `sli/${sli}`)!
          .segments.filter((s) => s.tone === 'down')
          .map((s) => ({ fromMs: s.fromMs, toMs: s.toMs })),
      ]),
    ) as Record<Sli, { fromMs: number; toMs: number }[]>;
    return {
      scenario: scenario.name,
      description: scenario.description,
      file: scenario.file,
      seed: scenario.simulation.seed,
      replication: v.replication,
      untilMs,
      truncated: this.truncated,
      lanes,
      events: events.filter((e) => e.timeMs <= untilMs),
      outages,
    };
  }
}

/** Builds every lane, in drawing order, and the index that routes changes to lanes. */
function buildProbes(v: ClusterView, idx: LaneIndex): Probe[] {
  const probes: Probe[] = [];
  const add = (pr: Probe): number => probes.push(pr) - 1;
  for (const sli of SLIS) idx.sli[sli] = add(sliProbe(sli));
  infraProbes(v, idx, add);
  loadBalancerProbes(v, idx, add);
  for (const kind of LEASE_KINDS) idx.lease[kind] = add(leaseProbe(kind));
  // A component's flip can change its own lane; a host's or zone's, every lane on the host.
  const p = v.plan;
  probes.forEach((pr, lane) => {
    if (pr.comp !== undefined) idx.byComp[pr.comp]!.push(lane);
    if (pr.host !== undefined && pr.host >= 0) {
      idx.byComp[p.hostComp[pr.host]!]!.push(lane);
      idx.byComp[p.zoneComp[p.hostZone[pr.host]!]!]!.push(lane);
    }
  });
  return probes;
}

type Add = (pr: Probe) => number;

function infraProbes(v: ClusterView, idx: LaneIndex, add: Add): void {
  const p = v.plan;
  p.zones.forEach((z, zi) => {
    const comp = p.zoneComp[zi]!;
    add({
      id: `zone/${z}`,
      group: 'zone',
      label: `zone ${z}`,
      comp,
      read: (k) => (k.causes[comp]! > 0 ? down() : up()),
    });
  });
  p.hosts.forEach((h, hi) => {
    const comp = p.hostComp[hi]!;
    const lane = add({
      id: `host/${h}`,
      group: 'host',
      label: `${h} (zone ${p.zones[p.hostZone[hi]!]})`,
      host: hi,
      read: (k) => {
        if (k.causes[comp]! > 0) return down();
        if (k.hostUp[hi] === 0) return { tone: 'warn', label: 'zone down' };
        return k.partitioned ? up(`up · network side ${k.group[hi]}`) : up();
      },
    });
    idx.host.push(lane);
  });
  v.etcd.members.forEach((hi, m) => {
    const lane = add({
      id: `etcd/${p.hosts[hi]}`,
      group: 'etcd',
      label: `etcd on ${p.hosts[hi]}`,
      comp: p.procComp.etcd[hi]!,
      host: hi,
      read: (k) => {
        if (k.procUp.etcd[hi] === 0) return down();
        if (k.etcd.serving[hi] === 0) return { tone: 'warn', label: 'starting' };
        if (k.etcd.leader === m) return { tone: 'strong', label: `★ leader · term ${k.etcd.term}` };
        if (k.etcd.staleLeader === m)
          return { tone: 'warn', label: 'leader cut off (no writes; steps down on check-quorum)' };
        if (k.etcd.leader >= 0 && k.group[hi] === k.etcd.leaderGroup()) return up('follower');
        return { tone: 'warn', label: 'no leader in reach' };
      },
    });
    idx.etcd.push(lane);
  });
  p.procHosts.apiserver.forEach((hi) => {
    idx.apiserver[hi] = add({
      id: `apiserver/${p.hosts[hi]}`,
      group: 'apiserver',
      label: `apiserver on ${p.hosts[hi]}`,
      comp: p.procComp.apiserver[hi]!,
      host: hi,
      read: (k) => {
        if (k.procUp.apiserver[hi] === 0) return down();
        if (k.api.phase[hi] === 1) return { tone: 'warn', label: 'crash-loop back-off' };
        if (k.api.phase[hi] === 2) return { tone: 'warn', label: 'starting' };
        return k.api.ready[hi] === 1 ? up('ready') : { tone: 'warn', label: 'not ready (no etcd)' };
      },
    });
  });
}

function loadBalancerProbes(v: ClusterView, idx: LaneIndex, add: Add): void {
  const p = v.plan;
  const kind = v.loadBalancer.kind;
  p.lbComps.forEach((comp, i) => {
    const hi = p.lbHosts[i]!;
    const lane = add({
      id: p.compIds[comp]!,
      group: 'lb',
      label:
        kind === 'keepalived'
          ? `keepalived on ${p.hosts[hi]}`
          : kind === 'cloud'
            ? 'cloud LB'
            : `haproxy on ` + `${hi >= 0 ? p.hosts[hi] : '?'}`,
      comp,
      host: hi,
      read: (k) => {
        const alive = hi >= 0 ? k.procUp['load-balancer'][hi] === 1 : k.causes[comp] === 0;
        if (!alive) return down();
        if (kind === 'keepalived')
          return k.loadBalancer.holder === i ? { tone: 'strong', label: '● VIP' } : up('standby');
        return up();
      },
    });
    idx.loadBalancerInstances.push(lane);
  });
  const backends = p.procHosts.apiserver;
  idx.routing = add({
    id: 'lb/routing',
    group: 'lb',
    label: kind === 'none' ? `clients → ${p.hosts[p.directHost] ?? '?'}` : 'routes requests to',
    read: (k) => {
      if (kind === 'none') return k.loadBalancer.apiUp() ? up('direct, ready') : down('not ready');
      if (k.loadBalancer.holder < 0) return down('no LB');
      const routed = backends.filter((h) => k.loadBalancer.routed[h] === 1);
      if (routed.length === 0) return down('nothing');
      const failing = routed.filter((h) => k.api.ready[h] === 0).map((h) => p.hosts[h]);
      const names = routed.map((h) => p.hosts[h]).join(', ');
      return failing.length > 0 ? { tone: 'warn', label: `${names} (${failing.join(', ')} failing)` } : up(names);
    },
  });
}

/** The leases' lanes, in this order. */
const LEASE_KINDS: readonly LeaseKind[] = ['controller-manager', 'scheduler'];

function leaseProbe(kind: LeaseKind): Probe {
  return {
    id: `lease/${kind}`,
    group: 'lease' as const,
    label: `${kind} lease`,
    read: (k: ClusterView): State => {
      const le = k.lease(kind);
      const name = le.holder >= 0 ? k.plan.hosts[le.holder]! : '';
      if (le.role === 'renewing') return { tone: 'strong', label: `held by ${name}` };
      if (le.role === 'stalled') return { tone: 'warn', label: `${name} not renewing` };
      return down('expired, no holder');
    },
  };
}

function sliProbe(sli: Sli): Probe {
  return {
    id: `sli/${sli}`,
    group: 'sli' as const,
    label: sli === 'api' ? 'API' : sli,
    read: (k: ClusterView) => (k.sli.isUp(sli) ? up() : down()),
  };
}
