/**
 * The playground's ONLY door into the model. Everything the page shows or does goes
 * through `openSession`: open a replication, step or run it, inject a student's action,
 * read a read-only view of the cluster, finish. The shape mirrors the observer port
 * (`openReplication(scenario, r, { observers })` → `{ view, nowMs, step, runUntil,
 * inject, finish }`); today it is built on `createCluster` / `Cluster`, so swapping the
 * internals for the port touches this file only.
 *
 * Actions are delivered as scripted-fault events scheduled for the current instant, so
 * they travel the model's own event path (narration, SLI bookkeeping) and a replay of
 * (scenario, seed, action log) is exact: `runUntil(atMs)` then `inject(action)` for each
 * logged action reproduces the same event order.
 */
import { ArrayTrace, type Distribution, type TraceEntry } from '../engine/index.ts';
import { createCluster, Narrator, type Cluster, type ReplicationResult } from '../model/index.ts';
import { SLIS, type ResolvedFault, type Scenario, type Sli } from '../scenario/types.ts';

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
  readonly apiservers: readonly { readonly id: string; readonly host: string; readonly state: ApiserverState; readonly routed: boolean }[];
  /** Controller-manager and scheduler processes, with the lease holder marked. */
  readonly controllers: readonly { readonly id: string; readonly host: string; readonly kind: 'controller-manager' | 'scheduler'; readonly up: boolean; readonly leader: boolean }[];
  readonly lb: {
    readonly kind: 'none' | 'haproxy' | 'keepalived' | 'cloud';
    readonly instances: readonly { readonly id: string; readonly host: string | null; readonly up: boolean; readonly vip: boolean }[];
    /** `none`: the host clients talk to. */
    readonly directHost: string | null;
  };
  readonly partitioned: boolean;
  /** Per partition group (index = group): etcd members up there, and all members there. */
  readonly groups: readonly { readonly group: number; readonly hosts: readonly string[]; readonly membersUp: number; readonly members: number }[];
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
  /** The SLI timelines up to now. */
  finish(): ReplicationResult;
}

/** Ids of the components a student may click, in drawing order. */
export function targetsOf(session: Session): readonly string[] {
  return (session as SessionImpl).cluster.plan.compIds;
}

/** Opens replication `replication` of `scenario` at t = 0 (all up, SPEC §5 Start). */
export function openSession(scenario: Scenario, replication = 0, random: RandomOptions = {}): Session {
  return new SessionImpl(withRandom(scenario, random), replication);
}

/**
 * Opens a session and replays `log` up to `untilMs` (actions after it are ignored): the
 * deterministic scrub. Same scenario, seed and log give the same state, always.
 */
export function replaySession(scenario: Scenario, replication: number, random: RandomOptions, log: readonly LoggedAction[], untilMs: number): Session {
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
  if (enabled) for (const [cls, f] of Object.entries(scenario.failures)) if (f !== undefined) failures[cls] = { ttf: scaleDist(f.ttf, k), ttr: f.ttr };
  return { ...scenario, failures };
}

class SessionImpl implements Session {
  readonly scenario: Scenario;
  readonly cluster: Cluster;
  private readonly trace = new ArrayTrace();
  private readonly actions: LoggedAction[] = [];

  constructor(scenario: Scenario, replication: number) {
    this.scenario = scenario;
    this.cluster = createCluster(scenario, replication, [new Narrator(this.trace)]);
  }

  get nowMs(): number {
    return this.cluster.sim.nowMs;
  }

  get narration(): readonly TraceEntry[] {
    return this.trace.entries;
  }

  get log(): readonly LoggedAction[] {
    return this.actions;
  }

  runUntil(untilMs: number): void {
    if (untilMs >= this.nowMs) this.cluster.sim.run(untilMs);
  }

  step(untilMs: number): boolean {
    const sim = this.cluster.sim;
    if (!sim.step(untilMs)) return false;
    sim.run(sim.nowMs);
    return true;
  }

  inject(action: PlayAction): void {
    const c = this.cluster;
    const fault = this.faultOf(action);
    this.actions.push({ atMs: this.nowMs, action });
    c.sim.schedule(0, { kind: 'fault', fault });
    c.sim.run(c.sim.nowMs);
  }

  private faultOf(action: PlayAction): ResolvedFault {
    const p = this.cluster.plan;
    const atMs = this.nowMs;
    const known = (id: string): string => {
      if (!p.compIndex.has(id)) throw new Error(`unknown component ${id}`);
      return id;
    };
    switch (action.kind) {
      case 'fail':
        return { kind: 'down', atMs, target: known(action.target), forMs: null, index: -1 };
      case 'restore':
        return { kind: 'up', atMs, target: known(action.target), index: -1 };
      case 'heal':
        return { kind: 'heal', atMs, index: -1 };
      case 'partition': {
        const groups = action.groups.map((g) =>
          [...new Set(g.flatMap((id) => hostsOfTarget(this.cluster, known(id))))].sort(),
        );
        return { kind: 'partition', atMs, groups, groupLabels: action.groups, forMs: null, index: -1 };
      }
    }
  }

  state(): ClusterState {
    return snapshot(this.cluster);
  }

  finish(): ReplicationResult {
    const c = this.cluster;
    const { slis, apiRequestSuccessMs } = c.sli.finish(c.sim.nowMs);
    return { replication: 0, horizonMs: c.sim.nowMs, events: c.sim.events, slis, apiRequestSuccessMs };
  }
}

function hostsOfTarget(c: Cluster, id: string): string[] {
  const p = c.plan;
  const comp = p.compIndex.get(id)!;
  const ref = p.compRef[comp]!;
  if (p.compKind[comp] === 'zone') return p.zoneHosts[ref]!.map((h) => p.hosts[h]!);
  if (ref >= 0) return [p.hosts[ref]!];
  throw new Error(`${id} is not a zone or a host: a partition groups zones and hosts`);
}

function memberRole(c: Cluster, h: number, m: number): MemberRole {
  if (c.procUp.etcd[h] === 0) return 'down';
  if (c.etcd.leader === m) return 'leader';
  // A minority leader still believes it leads until check-quorum steps it down.
  if (c.etcd.staleLeader === m) return 'leader';
  if (c.etcd.leader >= 0 && c.group[h] === c.etcd.leaderGroup()) return 'follower';
  return 'cut-off';
}

function apiState(c: Cluster, h: number): ApiserverState {
  if (c.procUp.apiserver[h] === 0) return 'down';
  if (c.api.phase[h] === 1) return 'crash-loop';
  return c.api.ready[h] === 1 ? 'ready' : 'not-ready';
}

function snapshot(c: Cluster): ClusterState {
  const p = c.plan;
  const name = (h: number): string => p.hosts[h]!;
  const etcd = c.etcd.members.map((h, m) => ({ id: `etcd/${name(h)}`, host: name(h), role: memberRole(c, h, m) }));
  const controllers = (['controller-manager', 'scheduler'] as const).flatMap((kind) =>
    p.procHosts[kind].map((h) => ({ id: `${kind}/${name(h)}`, host: name(h), kind, up: c.procUp[kind][h] === 1, leader: c.lease(kind).holder === h && c.lease(kind).renewing })),
  );
  const instances = p.lbComps.map((comp, i) => {
    const h = p.lbHosts[i]!;
    const up = h >= 0 ? c.procUp['load-balancer'][h] === 1 : c.causes[comp] === 0;
    return { id: p.compIds[comp]!, host: h >= 0 ? name(h) : null, up, vip: up && c.lb.holder === i };
  });
  const groups = Array.from({ length: c.groupCount }, (_, g) => {
    const hosts = p.hosts.filter((_, h) => c.group[h] === g);
    const members = c.etcd.members.filter((h) => c.group[h] === g);
    return { group: g, hosts, members: members.length, membersUp: members.filter((h) => c.procUp.etcd[h] === 1).length };
  }).filter((g) => g.hosts.length > 0);
  const res = c.sli.finish(c.sim.nowMs).slis;
  return {
    nowMs: c.sim.nowMs,
    zones: p.zones.map((z, zi) => ({ id: `zone/${z}`, name: z, up: c.causes[p.zoneComp[zi]!] === 0 })),
    hosts: p.hosts.map((h, hi) => ({ id: `host/${h}`, name: h, zone: p.zones[p.hostZone[hi]!]!, up: c.causes[p.hostComp[hi]!] === 0, reachable: c.hostUp[hi] === 1, group: c.group[hi]! })),
    etcd,
    etcdTerm: c.etcd.term,
    quorum: c.etcd.q,
    apiservers: p.procHosts.apiserver.map((h) => ({ id: `apiserver/${name(h)}`, host: name(h), state: apiState(c, h), routed: c.lb.routed[h] === 1 })),
    controllers,
    lb: { kind: c.lb.kind, instances, directHost: p.directHost >= 0 ? name(p.directHost) : null },
    partitioned: c.partitioned,
    groups,
    slis: Object.fromEntries(SLIS.map((s, i) => [s, c.sli.up[i]!])) as { [S in Sli]: boolean },
    downMs: Object.fromEntries(SLIS.map((s) => [s, res[s].downMs])) as { [S in Sli]: number },
  };
}
