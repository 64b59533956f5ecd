/**
 * The playground's timeline: lanes built from the session's ClusterState snapshots (one
 * per instant with events), in the Timeline shape the Gantt chart draws. It reads only
 * the read-only state, so it does not care how the model is run or recorded elsewhere.
 */
import type { TraceEntry } from '../engine/trace.ts';
import type { Lane, LaneGroup, LaneTone, Timeline } from '../timeline/types.ts';
import { SLIS, type Scenario } from '../scenario/types.ts';
import type { ClusterState } from './session.ts';

interface Probe {
  readonly id: string;
  readonly group: LaneGroup;
  readonly label: string;
  readonly read: (s: ClusterState) => { readonly tone: LaneTone; readonly label: string };
}

const ok = (label = 'up'): { tone: LaneTone; label: string } => ({ tone: 'ok', label });
const down = (label = 'down'): { tone: LaneTone; label: string } => ({ tone: 'down', label });

function probesOf(s: ClusterState): Probe[] {
  const probes: Probe[] = SLIS.map((sli) => ({ id: `sli/${sli}`, group: 'sli', label: sli === 'api' ? 'API' : sli, read: (k: ClusterState) => (k.slis[sli] ? ok() : down()) }));
  s.hosts.forEach((h, i) =>
    probes.push({ id: h.id, group: 'host', label: `${h.name} (zone ${h.zone})`, read: (k) => (!k.hosts[i]!.up ? down() : !k.hosts[i]!.reachable ? { tone: 'warn', label: 'zone down' } : k.partitioned ? ok(`up · side ${k.hosts[i]!.group}`) : ok()) }),
  );
  s.etcd.forEach((m, i) =>
    probes.push({
      id: m.id,
      group: 'etcd',
      label: `etcd on ${m.host}`,
      read: (k) => {
        const r = k.etcd[i]!.role;
        if (r === 'leader') return { tone: 'strong', label: `★ leader · term ${k.etcdTerm}` };
        return r === 'follower' ? ok('follower') : r === 'down' ? down() : { tone: 'warn', label: 'no leader in reach' };
      },
    }),
  );
  s.apiservers.forEach((a, i) =>
    probes.push({
      id: a.id,
      group: 'apiserver',
      label: `apiserver on ${a.host}`,
      read: (k) => {
        const st = k.apiservers[i]!.state;
        return st === 'ready' ? ok('ready') : st === 'down' ? down() : { tone: 'warn', label: st === 'crash-loop' ? 'crash-loop back-off' : 'not ready (no etcd)' };
      },
    }),
  );
  s.lb.instances.forEach((l, i) =>
    probes.push({ id: l.id, group: 'lb', label: l.host === null ? 'cloud LB' : `${s.lb.kind} on ${l.host}`, read: (k) => { const x = k.lb.instances[i]!; return !x.up ? down() : x.vip && k.lb.kind === 'keepalived' ? { tone: 'strong', label: '● VIP' } : ok(k.lb.kind === 'keepalived' ? 'standby' : 'up'); } }),
  );
  for (const kind of ['controller-manager', 'scheduler'] as const) {
    probes.push({ id: `lease/${kind}`, group: 'lease', label: `${kind} lease`, read: (k) => { const l = k.controllers.find((c) => c.kind === kind && c.leader); return l === undefined ? down('no holder') : { tone: 'strong', label: `held by ${l.host}` }; } });
  }
  return probes;
}

/** Builds lanes from successive snapshots of one session. */
export class StateRecorder {
  private readonly probes: Probe[];
  private readonly open: { fromMs: number; tone: LaneTone; label: string }[];
  private readonly segs: { fromMs: number; toMs: number; tone: LaneTone; label: string }[][];

  constructor(first: ClusterState) {
    this.probes = probesOf(first);
    this.open = this.probes.map((p) => ({ fromMs: first.nowMs, ...p.read(first) }));
    this.segs = this.probes.map(() => []);
  }

  /** Records the state after an instant's events. */
  sample(s: ClusterState): void {
    this.probes.forEach((p, i) => {
      const st = p.read(s);
      const o = this.open[i]!;
      if (st.tone === o.tone && st.label === o.label) return;
      if (s.nowMs > o.fromMs) this.segs[i]!.push({ ...o, toMs: s.nowMs });
      this.open[i] = { fromMs: s.nowMs, ...st };
    });
  }

  /** The timeline from 0 to `nowMs`. */
  timeline(scenario: Scenario, replication: number, nowMs: number, events: readonly TraceEntry[]): Timeline {
    const lanes: Lane[] = this.probes.map((p, i) => {
      const o = this.open[i]!;
      const last = nowMs > o.fromMs || this.segs[i]!.length === 0 ? [{ fromMs: o.fromMs, toMs: Math.max(nowMs, o.fromMs), tone: o.tone, label: o.label }] : [];
      return { id: p.id, group: p.group, label: p.label, segments: [...this.segs[i]!, ...last] };
    });
    const outageOf = (id: string): { fromMs: number; toMs: number }[] =>
      lanes.find((l) => l.id === id)!.segments.filter((x) => x.tone === 'down').map((x) => ({ fromMs: x.fromMs, toMs: x.toMs }));
    return {
      scenario: scenario.name,
      description: scenario.description,
      file: scenario.file,
      seed: scenario.simulation.seed,
      replication,
      untilMs: nowMs,
      truncated: false,
      lanes,
      events,
      outages: { etcd: outageOf('sli/etcd'), api: outageOf('sli/api'), controllers: outageOf('sli/controllers'), scheduler: outageOf('sli/scheduler') },
    };
  }
}
