/**
 * The playground's ONLY door into the model. Everything the page shows or does goes
 * through `openSession`: open a replication, step or run it, inject a student's action,
 * read a read-only snapshot of the cluster, draw its timeline, finish.
 *
 * It is built on the model's observer port: `openReplication(scenario, r, { observers })`
 * with three observers attached (the model's Narrator for the words of `explain`, the
 * src/timeline recorder for the lanes, and a downtime meter), and `inject` for the
 * student's actions. The snapshot reads only `ClusterView`, never the Cluster itself.
 *
 * An action is applied at the current instant through the model's scripted-fault path
 * (narration, SLI bookkeeping), then every event it scheduled for that instant is
 * delivered, so a replay of (scenario, seed, action log) is exact: `runUntil(atMs)` then
 * `inject(action)` for each logged action reproduces the same event order.
 */
import type { Distribution, TraceEntry } from '../engine/index.ts';
import {
  Narrator,
  openReplication,
  type Change,
  type ClusterView,
  type InjectAction,
  type Observer,
  type Replication,
  type ReplicationResult,
} from '../model/index.ts';
import { SLIS, type Scenario, type Sli } from '../scenario/types.ts';
import { TimelineRecorder, type Timeline } from '../timeline/index.ts';
/** Something a student does to the cluster. Targets are fault-target ids (`host/cp-1`). */
export type PlayAction =
  | { readonly kind: 'fail'; readonly target: string }
  | { readonly kind: 'restore'; readonly target: string }
  /** Each group is a list of `zone/…` or `host/…` ids; unnamed hosts form one more group. */
  | { readonly kind: 'partition'; readonly groups: readonly (readonly string[])[] }
  | { readonly kind: 'heal' };

/** An action and the simulated instant it was taken at. */
export interface LoggedAction {
  readonly atMs: number;
  readonly action: PlayAction;
}

/** How random failures run in a session. */
export interface RandomOptions {
  /** false: only the scenario's scripted faults and the student's actions. @default true */
  readonly enabled?: boolean;
  /** Failure rates are multiplied by this (times to failure divided). @default 1 */
  readonly rateMultiplier?: number;
}

/** State of one etcd member. */
export type MemberRole = 'leader' | 'follower' | 'down' | 'cut-off';
/** State of one apiserver. */
export type ApiserverState = 'ready' | 'not-ready' | 'crash-loop' | 'down';

/** A read-only snapshot of the cluster, plain data (what the page draws). */
export interface ClusterState {
  readonly nowMs: number;
  readonly zones: readonly { readonly id: string; readonly name: string; readonly up: boolean }[];
  readonly hosts: readonly {
    readonly id: string;
    readonly name: string;
    readonly zone: string;
    /** The host itself is up (its zone may still be down: see `reachable`). */
    readonly up: boolean;
    /** Host and zone up. */
    readonly reachable: boolean;
    /** Partition group (0 = hosts named in no group, or no partition). */
    readonly group: number;
  }[];
  readonly etcd: readonly { readonly id: string; readonly host: string; readonly role: MemberRole }[];
  readonly etcdTerm: number;
  /** Votes needed for a leader. */
  readonly quorum: number;
  readonly apiservers: readonly {
    readonly id: string;
    readonly host: string;
    readonly state: ApiserverState;
    readonly routed: boolean;
  }[];
  /** Controller-manager and scheduler processes, with the lease holder marked. */
  readonly controllers: readonly {
    readonly id: string;
    readonly host: string;
    readonly kind: 'controller-manager' | 'scheduler';
    readonly up: boolean;
    readonly leader: boolean;
  }[];
  readonly loadBalancer: {
    readonly kind: 'none' | 'haproxy' | 'keepalived' | 'cloud';
    readonly instances: readonly {
      readonly id: string;
      readonly host: string | null;
      readonly up: boolean;
      readonly vip: boolean;
    }[];
    /** `none`: the host clients talk to. */
    readonly directHost: string | null;
  };
  readonly partitioned: boolean;
  /** Per partition group (index = group): etcd members up there, and all members there. */
  readonly groups: readonly {
    readonly group: number;
    readonly hosts: readonly string[];
    readonly membersUp: number;
    readonly members: number;
  }[];
  readonly slis: { readonly [S in Sli]: boolean };
  /** Down time so far per SLI (ms). */
  readonly downMs: { readonly [S in Sli]: number };
}

/** One open replication the playground drives. */
export interface Session {
  readonly scenario: Scenario;
  /** Current simulated time (ms). */
  readonly nowMs: number;
  /** Narration so far, in the words of `explain`. */
  readonly narration: readonly TraceEntry[];
  /** Actions injected so far, with their instants. */
  readonly log: readonly LoggedAction[];
  /** Delivers every event up to `untilMs` and moves the clock there. */
  runUntil(untilMs: number): void;
  /**
   * Delivers the next instant's events (all of them) if it is <= `untilMs`; false when
   * nothing is left before `untilMs`.
   */
  step(untilMs: number): boolean;
  /** Applies a student's action now (delivered through the model's event path). */
  inject(action: PlayAction): void;
  /** The cluster now, as plain data. */
  state(): ClusterState;
  /**
   * The lanes recorded so far (every event, by the src/timeline recorder), closed at
   * `untilMs` (default: now; the page passes at least 1 ms so an empty run still draws).
   */
  timeline(untilMs?: number): Timeline;
  /** Ends the session at the current time and returns the SLI timelines (once only). */
  finish(): ReplicationResult;
}

/** Ids of the components a student may click, in drawing order. */
export function targetsOf(session: Session): readonly string[] {
  return (session as SessionImpl).view.plan.compIds;
}

/** Opens replication `replication` of `scenario` at t = 0 (all up, docs/spec.md §5 Start). */
export function openSession(scenario: Scenario, replication = 0, random: RandomOptions = {}): Session {
  return new SessionImpl(withRandom(scenario, random), replication);
}

/**
 * Opens a session and replays `log` up to `untilMs` (actions after it are ignored): the
 * deterministic scrub. Same scenario, seed and log give the same state, always.
 */
export function replaySession(
  scenario: Scenario,
  replication: number,
  random: RandomOptions,
  log: readonly LoggedAction[],
  untilMs: number,
): Session {
  const s = openSession(scenario, replication, random);
  for (const a of log) {
    if (a.atMs > untilMs) break;
    s.runUntil(a.atMs);
    s.inject(a.action);
  }
  s.runUntil(untilMs);
  return s;
}

function scaleDist(d: Distribution, k: number): Distribution {
  switch (d.kind) {
    case 'exponential':
      return { kind: 'exponential', meanMs: d.meanMs / k };
    case 'weibull':
      return { kind: 'weibull', shape: d.shape, scaleMs: d.scaleMs / k };
    case 'lognormal':
      return { kind: 'lognormal', medianMs: d.medianMs / k, sigma: d.sigma };
    case 'fixed':
      return { kind: 'fixed', valueMs: d.valueMs / k };
    case 'uniform':
      return { kind: 'uniform', minMs: d.minMs / k, maxMs: d.maxMs / k };
  }
}

/** The scenario with its random failures switched off or their rates multiplied. */
export function withRandom(scenario: Scenario, random: RandomOptions): Scenario {
  const enabled = random.enabled ?? true;
  const k = random.rateMultiplier ?? 1;
  if (enabled && k === 1) return scenario;
  if (!(k > 0)) throw new Error(`rate multiplier must be positive, got ${k}`);
  const failures: Record<string, { ttf: Distribution; ttr: Distribution }> = {};
  if (enabled)
    for (const [cls, f] of Object.entries(scenario.failures))
      if (f !== undefined) failures[cls] = { ttf: scaleDist(f.ttf, k), ttr: f.ttr };
  return { ...scenario, failures };
}

/**
 * Down time so far per SLI, from the model's `sli` change reports: an outage counts from
 * the instant its SLI went down; a down and up at the same instant counts 0 (as the
 * model's own SLI timelines drop zero-length outages).
 */
class DowntimeMeter implements Observer {
  private readonly downMs: Record<Sli, number> = { etcd: 0, api: 0, controllers: 0, scheduler: 0 };
  private readonly since: Record<Sli, number> = { etcd: 0, api: 0, controllers: 0, scheduler: 0 };

  onChange(v: ClusterView, change: Change): void {
    if (change.kind !== 'sli') return;
    const sli = change.sli;
    if (!v.sli.isUp(sli)) this.since[sli] = v.nowMs;
    else this.downMs[sli] += v.nowMs - this.since[sli];
  }

  /** Per SLI (SLIS order), down time up to `v.nowMs`, the open outage included. */
  read(v: ClusterView): { [S in Sli]: number } {
    return Object.fromEntries(SLIS.map((s) => [s, this.downMs[s] + (v.sli.isUp(s) ? 0 : v.nowMs - this.since[s])])) as {
      [S in Sli]: number;
    };
  }
}

class SessionImpl implements Session {
  readonly scenario: Scenario;
  private readonly rep: Replication;
  private readonly narrator = new Narrator();
  private readonly recorder = new TimelineRecorder({ maxEvents: Infinity });
  private readonly meter = new DowntimeMeter();
  private readonly actions: LoggedAction[] = [];

  constructor(scenario: Scenario, replication: number) {
    this.scenario = scenario;
    this.rep = openReplication(scenario, replication, { observers: [this.narrator, this.recorder, this.meter] });
  }

  /** The model's read-only view (the only thing of the model this file reads). */
  get view(): ClusterView {
    return this.rep.view;
  }

  get nowMs(): number {
    return this.rep.nowMs;
  }

  get narration(): readonly TraceEntry[] {
    return this.narrator.entries;
  }

  get log(): readonly LoggedAction[] {
    return this.actions;
  }

  runUntil(untilMs: number): void {
    if (untilMs >= this.nowMs) this.rep.runUntil(untilMs);
  }

  step(untilMs: number): boolean {
    if (!this.rep.step(untilMs)) return false;
    this.rep.runUntil(this.rep.nowMs);
    return true;
  }

  inject(action: PlayAction): void {
    const a = injectOf(this.rep.view, action);
    this.rep.inject(a);
    this.actions.push({ atMs: this.nowMs, action });
    this.rep.runUntil(this.rep.nowMs);
  }

  state(): ClusterState {
    return snapshot(this.rep.view, this.meter.read(this.rep.view));
  }

  timeline(untilMs = this.nowMs): Timeline {
    return this.recorder.timelineAt(Math.max(untilMs, this.nowMs), this.narrator.entries);
  }

  finish(): ReplicationResult {
    return this.rep.finish();
  }
}

/** The model's action for a student's (partition groups of zones and hosts become host names). */
function injectOf(v: ClusterView, action: PlayAction): InjectAction {
  const p = v.plan;
  const known = (id: string): string => {
    if (!p.compIndex.has(id)) throw new Error(`unknown component ${id}`);
    return id;
  };
  switch (action.kind) {
    case 'fail':
      return { kind: 'down', target: known(action.target) };
    case 'restore':
      return { kind: 'up', target: known(action.target) };
    case 'heal':
      return { kind: 'heal' };
    case 'partition': {
      const groups = action.groups.map((g) => [...new Set(g.flatMap((id) => hostsOfTarget(v, known(id))))].sort());
      return { kind: 'partition', groups, labels: action.groups };
    }
  }
}

function hostsOfTarget(v: ClusterView, id: string): string[] {
  const p = v.plan;
  const comp = p.compIndex.get(id)!;
  const ref = p.compRef[comp]!;
  if (p.compKind[comp] === 'zone') return p.zoneHosts[ref]!.map((h) => p.hosts[h]!);
  if (ref >= 0) return [p.hosts[ref]!];
  throw new Error(`${id} is not a zone or a host: a partition groups zones and hosts`);
}

function memberRole(v: ClusterView, h: number, m: number): MemberRole {
  if (v.procUp.etcd[h] === 0) return 'down';
  if (v.etcd.leader === m) return 'leader';
  // A minority leader still believes it leads until check-quorum steps it down.
  if (v.etcd.staleLeader === m) return 'leader';
  if (v.etcd.leader >= 0 && v.group[h] === v.etcd.leaderGroup()) return 'follower';
  return 'cut-off';
}

function apiState(v: ClusterView, h: number): ApiserverState {
  if (v.procUp.apiserver[h] === 0) return 'down';
  if (v.api.phase[h] === 1) return 'crash-loop';
  return v.api.ready[h] === 1 ? 'ready' : 'not-ready';
}

function snapshot(v: ClusterView, downMs: { readonly [S in Sli]: number }): ClusterState {
  const p = v.plan;
  const name = (h: number): string => p.hosts[h]!;
  const etcd = v.etcd.members.map((h, m) => ({ id: `etcd/${name(h)}`, host: name(h), role: memberRole(v, h, m) }));
  const controllers = (['controller-manager', 'scheduler'] as const).flatMap((kind) =>
    p.procHosts[kind].map((h) => ({
      id: `${kind}/${name(h)}`,
      host: name(h),
      kind,
      up: v.procUp[kind][h] === 1,
      leader: v.lease(kind).holder === h && v.lease(kind).renewing,
    })),
  );
  const instances = p.lbComps.map((comp, i) => {
    const h = p.lbHosts[i]!;
    const up = h >= 0 ? v.procUp['load-balancer'][h] === 1 : v.causes[comp] === 0;
    return { id: p.compIds[comp]!, host: h >= 0 ? name(h) : null, up, vip: up && v.loadBalancer.holder === i };
  });
  const groups = Array.from({ length: v.groupCount }, (_, g) => {
    const hosts = p.hosts.filter((_, h) => v.group[h] === g);
    const members = v.etcd.members.filter((h) => v.group[h] === g);
    return {
      group: g,
      hosts,
      members: members.length,
      membersUp: members.filter((h) => v.procUp.etcd[h] === 1).length,
    };
  }).filter((g) => g.hosts.length > 0);
  return {
    nowMs: v.nowMs,
    zones: p.zones.map((z, zi) => ({ id: `zone/${z}`, name: z, up: v.causes[p.zoneComp[zi]!] === 0 })),
    hosts: p.hosts.map((h, hi) => ({
      id: `host/${h}`,
      name: h,
      zone: p.zones[p.hostZone[hi]!]!,
      up: v.causes[p.hostComp[hi]!] === 0,
      reachable: v.hostUp[hi] === 1,
      group: v.group[hi]!,
    })),
    etcd,
    etcdTerm: v.etcd.term,
    quorum: v.etcd.q,
    apiservers: p.procHosts.apiserver.map((h) => ({
      id: `apiserver/${name(h)}`,
      host: name(h),
      state: apiState(v, h),
      routed: v.loadBalancer.routed[h] === 1,
    })),
    controllers,
    loadBalancer: { kind: v.loadBalancer.kind, instances, directHost: p.directHost >= 0 ? name(p.directHost) : null },
    partitioned: v.partitioned,
    groups,
    slis: Object.fromEntries(SLIS.map((s) => [s, v.sli.isUp(s)])) as { [S in Sli]: boolean },
    downMs,
  };
}
