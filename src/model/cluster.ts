/**
 * The state of one replication and the propagation of changes through it. Components
 * (zones, hosts, processes, the cloud LB) are down while any cause holds (reference
 * counts: random failure, scripted down, upgrade). A change of a component's effective
 * state is pushed synchronously to the actors that depend on it (etcd quorum,
 * apiservers, load balancer, leases); protocol delays are timers on the engine. Derived
 * state is kept incrementally, so an event costs the same whatever the cluster's size.
 *
 * This class is the one place that fans out changes: actors see it as their ActorCtx
 * and report what changed (`etcdLeaderChanged`, `apiserverChanged`, ...); the cluster
 * decides which actors and observers hear of it (docs/architecture.md, "Synchronous
 * fan-out"). Observers see it as a read-only ClusterView.
 */
import { compileSampler, type Simulation, type StreamFactory, type TraceEntry } from '../engine/index.ts';
import { componentLabel } from '../scenario/components.ts';
import type { FaultEvent } from '../faults/events.ts';
import type { FaultHost } from '../faults/fault-host.ts';
import { RandomFailures, type FailureBias } from '../faults/random-failures.ts';
import { ScriptedFaults } from '../faults/scripted.ts';
import { Operations } from '../faults/operations.ts';
import {
  SLIS,
  type FailureClass,
  type HangKind,
  type PartitionTraffic,
  type ProcessKind,
  type ResolvedFault,
  type ResolvedTiming,
  type Sli,
} from '../scenario/types.ts';
import type { ActorCtx } from './actor-ctx.ts';
import { Apiservers } from './apiservers.ts';
import { EtcdQuorum } from './etcd.ts';
import type { LeaseKind, ModelEvent } from './events.ts';
import { LeaderElection } from './leader-election.ts';
import { LoadBalancer } from './load-balancer.ts';
import type { Change, Observer } from './observer.ts';
import type { Plan } from './plan.ts';
import { SLI_BIT, SliTracker } from './sli.ts';
import { OverloadCascade } from './overload-cascade.ts';
import type { ClusterView } from './view.ts';
import { assertNever } from '../engine/assert-never.ts';

/** The constant change reports, preallocated: reporting a change allocates nothing. */
const ETCD_LEADER_CHANGE: Change = { kind: 'etcd-leader' };
const PARTITION_CHANGE: Change = { kind: 'partition' };
const LEASE_CHANGE: Readonly<Record<LeaseKind, Change>> = {
  'controller-manager': { kind: 'lease', lease: 'controller-manager' },
  scheduler: { kind: 'lease', lease: 'scheduler' },
};
const SLI_CHANGE: Readonly<Record<Sli, Change>> = {
  etcd: { kind: 'sli', sli: 'etcd' },
  api: { kind: 'sli', sli: 'api' },
  controllers: { kind: 'sli', sli: 'controllers' },
  scheduler: { kind: 'sli', sli: 'scheduler' },
};
/** The narration note of each SLI going down and coming up (emitted in SLIS order). */
const SLI_NOTE: Readonly<Record<Sli, readonly [down: string, up: string]>> = {
  etcd: ['writes stop', 'writes resume'],
  api: ['api down', 'api up'],
  controllers: ['controllers down', 'controllers up'],
  scheduler: ['scheduler down', 'scheduler up'],
};

/** One replication's model: state, actors and the event dispatcher. */
export class Cluster implements FaultHost, ActorCtx, ClusterView {
  readonly plan: Plan;
  readonly sim: Simulation<ModelEvent>;
  readonly timing: ResolvedTiming;
  readonly streams: StreamFactory;
  /** True when an observer narrates: actors then build their words. */
  readonly tracing: boolean;
  /** The narration line of the event just handled (tracing only). */
  narration: TraceEntry | null = null;
  private readonly observers: readonly Observer[];
  private readonly componentObservers: readonly Observer[];
  private readonly changeObservers: readonly Observer[];
  private readonly eventObservers: readonly Observer[];
  /** Down causes per component. */
  readonly causes: Int32Array;
  /** Per host: 1 when the host and its zone are up. */
  readonly hostUp: Uint8Array;
  /** Per process kind, per host: 1 when the process is effectively up. */
  readonly procUp: Readonly<Record<ProcessKind, Uint8Array>>;
  /** 1 while notifying a process that resumes from a hang (set by refreshProc). */
  private resumed = 0;
  /** Hang causes per component (docs/model.md; only etcd and apiserver processes hang). */
  readonly hangs: Int32Array;
  /** Per host: 1 while the etcd / apiserver process hangs (host up, no down cause, a hang cause). */
  readonly hung: Readonly<Record<HangKind, Uint8Array>>;
  /** Per host: its partition group (0 = hosts named in no group; all 0 when healed). */
  readonly group: Int32Array;
  /** Number of partition groups including group 0. */
  groupCount = 1;
  /** Per host: its etcd peer-traffic group (docs/model.md; equals `group` unless a partition cuts only etcd peer traffic). */
  readonly peerGroup: Int32Array;
  /** Number of peer groups including group 0. */
  peerGroupCount = 1;
  /** True while a partition cuts only etcd peer traffic (port 2380). */
  peerOnly = false;
  partitioned = false;
  readonly etcd: EtcdQuorum;
  readonly api: Apiservers;
  readonly loadBalancer: LoadBalancer;
  readonly cm: LeaderElection;
  readonly sched: LeaderElection;
  readonly sli: SliTracker;
  private readonly random: RandomFailures;
  /** docs/model.md: random hangs of etcd / apiserver processes (`failures.etcdHang`, `apiserverHang`); null without. */
  private readonly hangRandom: RandomFailures | null;
  private readonly scripted: ScriptedFaults;
  /** Operational processes (null without `operations:`). */
  private readonly ops: Operations | null;
  /** docs/scenario-format.md: the optional overload cascade (`load.cascade`); null without one. */
  private readonly cascade: OverloadCascade | null;
  /** Cluster-wide write blocks (NOSPACE) and blocks in front of the API (dependencies). */
  writesBlocked = 0;
  apiBlocked = 0;
  private headKind = '';
  private headTarget = '';
  private head = '';
  private readonly notes: string[] = [];
  /** Preallocated change reports per host (empty without change observers), and the LB holder's. */
  private readonly apiserverChange: readonly Change[];
  private readonly loadBalancerChange: readonly Change[];
  private readonly loadBalancerHolderChange: Change = { kind: 'loadBalancer', host: -1 };

  /**
   * @param observers watchers of the run, called in this order
   * @param importance importance-sampling bias factor per failure class (docs/statistics.md); only
   *   classes with an exponential time to failure are biased (`failureBiases`)
   */
  constructor(
    plan: Plan,
    sim: Simulation<ModelEvent>,
    streams: StreamFactory,
    observers: readonly Observer[] = [],
    importance?: { readonly [C in FailureClass]?: number },
  ) {
    this.plan = plan;
    this.sim = sim;
    this.timing = plan.scenario.timing;
    this.streams = streams;
    this.observers = observers;
    this.componentObservers = observers.filter((o) => o.onComponentChange !== undefined);
    this.changeObservers = observers.filter((o) => o.onChange !== undefined);
    this.eventObservers = observers.filter((o) => o.afterEvent !== undefined);
    this.tracing = observers.some((o) => o.narrates === true);
    const n = plan.hosts.length;
    const perHost = this.changeObservers.length > 0 ? n : 0;
    this.apiserverChange = Array.from({ length: perHost }, (_, host): Change => ({ kind: 'apiserver', host }));
    this.loadBalancerChange = Array.from({ length: perHost }, (_, host): Change => ({ kind: 'loadBalancer', host }));
    this.causes = new Int32Array(plan.compIds.length);
    this.hostUp = new Uint8Array(n).fill(1);
    const up = (kind: ProcessKind): Uint8Array => Uint8Array.from(plan.procComp[kind], (c) => (c >= 0 ? 1 : 0));
    this.procUp = {
      etcd: up('etcd'),
      apiserver: up('apiserver'),
      'controller-manager': up('controller-manager'),
      scheduler: up('scheduler'),
      'load-balancer': up('load-balancer'),
    };
    this.hangs = new Int32Array(plan.compIds.length);
    this.hung = { etcd: new Uint8Array(n), apiserver: new Uint8Array(n) };
    this.group = new Int32Array(n);
    this.peerGroup = new Int32Array(n);
    this.etcd = new EtcdQuorum(this);
    this.api = new Apiservers(this);
    this.loadBalancer = new LoadBalancer(this);
    this.cm = new LeaderElection(this, 'controller-manager');
    this.sched = new LeaderElection(this, 'scheduler');
    this.sli = new SliTracker(plan.scenario.load ?? null, plan.scenario.badMinute);
    this.random = new RandomFailures(plan.compIds, plan.compFailure, streams, failureBiases(plan, importance));
    this.hangRandom = hangFailures(plan, streams);
    this.scripted = new ScriptedFaults(plan.scenario.faults, plan.compIds);
    const ops = plan.scenario.operations;
    this.ops = ops === undefined ? null : new Operations(plan.scenario, ops, streams);
    const load = plan.scenario.load;
    this.cascade = load?.cascade === undefined ? null : new OverloadCascade(this, load, load.cascade);
  }

  /**
   * Schedules the random failure processes and scripted faults, and settles the start
   * state (docs/spec.md §5 Start). In every preset topology everything is up and ready at t = 0;
   * a custom topology may start with an unready apiserver or leader, whose timers start here.
   */
  start(): void {
    this.api.recomputeAll();
    this.cm.start();
    this.sched.start();
    const s = this.sli;
    s.setShare(0, this.apiShare(), this.loadBalancer.spread());
    s.set('etcd', 0, this.etcdUp());
    s.set('api', 0, this.apiUp());
    s.set('controllers', 0, this.cm.up());
    s.set('scheduler', 0, this.sched.up());
    this.notes.length = 0;
    this.random.start(this);
    this.hangRandom?.start(this);
    this.scripted.start(this);
    this.ops?.start(this);
    this.cascade?.check(this);
    for (const o of this.observers) o.onStart?.(this);
  }

  /** Ends the run at `untilMs`: tells the observers (SLI timelines: `sli.finish`). */
  end(untilMs: number): void {
    for (const o of this.observers) o.onEnd?.(this, untilMs);
  }

  /** Which replication this is. */
  get replication(): number {
    return this.streams.replication;
  }

  /** Events scheduled and not yet delivered. */
  get pendingEvents(): number {
    return this.sim.pending;
  }

  /** The etcd SLI: a leader, and no NOSPACE alarm. */
  private etcdUp(): boolean {
    return this.etcd.leader >= 0 && this.writesBlocked === 0;
  }

  /** The api SLI: the endpoint reaches a ready apiserver, and no dependency blocks clients. */
  private apiUp(): boolean {
    return this.apiBlocked === 0 && this.loadBalancer.apiUp();
  }

  private apiShare(): number {
    return this.apiBlocked === 0 ? this.loadBalancer.share() : 0;
  }

  /** Current simulated time (ms). */
  get nowMs(): number {
    return this.sim.nowMs;
  }

  /** The lease election of `kind`. */
  lease(kind: 'controller-manager' | 'scheduler'): LeaderElection {
    return kind === 'scheduler' ? this.sched : this.cm;
  }

  /** Delivers one event (the engine's handler). */
  handle(ev: ModelEvent): void {
    switch (ev.kind) {
      case 'fail':
      case 'repair':
        (ev.hang === true ? this.hangRandom! : this.random).handle(this, ev.kind, ev.comp);
        break;
      case 'fault':
      case 'release':
      case 'partition-end':
      case 'upgrade':
        this.scripted.handle(this, ev);
        break;
      case 'operation':
        this.ops!.handle(this, ev.op, ev.arg);
        break;
      case 'overload-fail':
      case 'overload-restart':
        this.cascade!.handle(this, ev);
        break;
      case 'etcd-election':
        this.etcd.onElection();
        break;
      case 'etcd-step-down':
        this.etcd.onStepDown();
        break;
      case 'etcd-member-started':
        if (this.etcd.onMemberStarted(ev.member)) {
          this.api.onMemberChanged(ev.member, true);
          if (this.changeObservers.length > 0) this.changed(ETCD_LEADER_CHANGE);
        }
        break;
      case 'api-hang-end':
        this.api.onHangEnd(ev.host, ev.member);
        break;
      case 'api-liveness':
        this.api.onLiveness(ev.host);
        break;
      case 'api-backoff-end':
        this.api.onBackoffEnd(ev.host);
        break;
      case 'api-started':
        this.api.onStarted(ev.host);
        break;
      case 'health-check':
        this.loadBalancer.onHealthCheck(ev.host);
        break;
      case 'vip-failover':
        this.loadBalancer.onVipFailover();
        break;
      case 'vip-preempt':
        this.loadBalancer.onVipPreempt(ev.inst);
        break;
      case 'lease-step-down':
      case 'lease-expiry':
      case 'lease-attempt':
        this.lease(ev.lease).onTimer(ev.kind);
        break;
      default:
        assertNever(ev, 'event');
    }
    this.afterEvent(ev);
  }

  /**
   * Applies an interactive action now, as a scripted fault firing at the current time
   * (the playground drives this): `down`/`up` of a fault target, a partition, a heal.
   * Throws on an unknown target or host before changing anything.
   */
  inject(fault: ResolvedFault): void {
    this.scripted.inject(this, fault);
    this.afterEvent({ kind: 'fault', fault });
  }

  private afterEvent(ev: ModelEvent): void {
    const lb = this.loadBalancer;
    const s = this.sli;
    const nowMs = this.sim.nowMs;
    s.setShare(nowMs, this.apiBlocked === 0 ? lb.share() : 0, lb.spread());
    const changed =
      s.set('etcd', nowMs, this.etcd.leader >= 0 && this.writesBlocked === 0) |
      s.set('api', nowMs, this.apiBlocked === 0 && lb.apiUp()) |
      s.set('controllers', nowMs, this.cm.up()) |
      s.set('scheduler', nowMs, this.sched.up());
    if (this.cascade !== null) this.cascade.check(this);
    if (this.tracing) this.emit(changed);
    if (this.observers.length > 0) this.fanEvent(changed, ev);
  }

  /** Observers: SLI change reports, then afterEvent (out of the hot path). */
  private fanEvent(changed: number, ev: ModelEvent): void {
    if (changed !== 0) for (const sli of SLIS) if (changed & SLI_BIT[sli]) this.changed(SLI_CHANGE[sli]);
    const obs = this.eventObservers;
    for (let i = 0; i < obs.length; i++) obs[i]!.afterEvent!(this, ev);
  }

  private changed(change: Change): void {
    const obs = this.changeObservers;
    for (let i = 0; i < obs.length; i++) obs[i]!.onChange!(this, change);
  }

  /** ActorCtx: the etcd leader was lost or elected; every apiserver may change. */
  etcdLeaderChanged(): void {
    this.api.onLeaderChanged();
    if (this.changeObservers.length > 0) this.changed(ETCD_LEADER_CHANGE);
  }

  /** ActorCtx: apiserver h changed running or ready: its LB backend, and on readiness the leases. */
  apiserverChanged(h: number, readyChanged: boolean): void {
    this.loadBalancer.backendChanged(h);
    if (readyChanged) {
      this.cm.update(h);
      this.sched.update(h);
    }
    if (this.changeObservers.length > 0) this.changed(this.apiserverChange[h] ?? { kind: 'apiserver', host: h });
  }

  /** ActorCtx: the LB routing set (backend h) or the traffic-carrying instance (h = -1) changed. */
  loadBalancerChanged(h: number): void {
    if (this.changeObservers.length > 0)
      this.changed(
        h < 0 ? this.loadBalancerHolderChange : (this.loadBalancerChange[h] ?? { kind: 'loadBalancer', host: h }),
      );
  }

  /** ActorCtx: a lease changed role or holder. */
  leaseChanged(kind: LeaseKind): void {
    if (this.changeObservers.length > 0) this.changed(LEASE_CHANGE[kind]);
  }

  private emit(changed: number): void {
    this.narration = null;
    if (changed !== 0) {
      const s = this.sli;
      for (const sli of SLIS) if (changed & SLI_BIT[sli]) this.note(SLI_NOTE[sli][s.isUp(sli) ? 1 : 0]);
    }
    if (this.head !== '' || this.notes.length > 0) {
      const head = this.head === '' ? 'meanwhile' : this.head;
      const sep = head.includes(': ') ? '; ' : ': ';
      const text = this.notes.length > 0 ? `${head}${sep}${this.notes.join('; ')}` : head;
      this.narration = { timeMs: this.sim.nowMs, kind: this.headKind || 'change', target: this.headTarget, text };
    }
    this.head = '';
    this.headKind = '';
    this.headTarget = '';
    this.notes.length = 0;
  }

  /** Sets the head of the current event's narration line (tracing only). */
  narrate(kind: string, target: string, head: string): void {
    this.headKind = kind;
    this.headTarget = target;
    this.head = head;
  }

  /** Adds a consequence to the current narration line; callers check `tracing` first. */
  note(text: string): void {
    this.notes.push(text);
  }

  /** FaultHost: schedules a fault event. */
  scheduleFault(delayMs: number, ev: FaultEvent): void {
    this.sim.schedule(delayMs, ev);
  }

  /** FaultHost: component number of an id. */
  componentOf(id: string): number | undefined {
    return this.plan.compIndex.get(id);
  }

  /** FaultHost: resolves a fault target (selectors by the current leaders). */
  resolveTarget(target: string): number | null {
    const p = this.plan;
    const hostOf = (h: number, kind: 'host' | 'etcd'): number | null =>
      h < 0 ? null : kind === 'host' ? p.hostComp[h]! : p.procComp.etcd[h]!;
    switch (target) {
      case 'host/@etcd-leader':
        return hostOf(this.etcd.leaderHost(), 'host');
      case 'etcd/@leader':
        return hostOf(this.etcd.leaderHost(), 'etcd');
      case 'host/@controller-manager-leader':
        return hostOf(this.cm.holder, 'host');
      case 'host/@scheduler-leader':
        return hostOf(this.sched.holder, 'host');
      default: {
        const c = p.compIndex.get(target);
        if (c === undefined) throw new Error(`unknown fault target ${target}`);
        return c;
      }
    }
  }

  /** FaultHost: adds or removes down causes; a change of up/down propagates at once. */
  addCause(comp: number, delta: number): void {
    const before = this.causes[comp]!;
    const after = before + delta;
    if (after < 0) throw new Error(`component ${this.plan.compIds[comp]} has negative down causes`);
    this.causes[comp] = after;
    if ((before === 0) !== (after === 0)) {
      this.componentChanged(comp);
      if (this.componentObservers.length > 0) this.fanComponent(comp, after === 0);
    }
  }

  /**
   * FaultHost: adds or removes hang causes of a process component (SIGSTOP: the process
   * stays, its connections stay open, nothing answers). A hung process is not effectively
   * up; `hung` tells its peers why (their clients detect it by keepalive only).
   */
  addHang(comp: number, delta: number): void {
    const before = this.hangs[comp]!;
    const after = before + delta;
    if (after < 0) throw new Error(`component ${this.plan.compIds[comp]} has negative hang causes`);
    this.hangs[comp] = after;
    if ((before === 0) !== (after === 0) && this.plan.compKind[comp] === 'process')
      this.refreshProc(this.plan.compProc[comp]!, this.plan.compRef[comp]!);
  }

  /** Observers' onComponentChange (kept out of addCause so the hot path stays small). */
  private fanComponent(comp: number, up: boolean): void {
    const obs = this.componentObservers;
    for (let i = 0; i < obs.length; i++) obs[i]!.onComponentChange!(this, comp, up);
  }

  private componentChanged(comp: number): void {
    const p = this.plan;
    const ref = p.compRef[comp]!;
    switch (p.compKind[comp]!) {
      case 'zone':
        for (const h of p.zoneHosts[ref]!) this.refreshHost(h, true);
        return;
      case 'host':
        this.refreshHost(ref, false);
        return;
      case 'process':
        this.refreshProc(p.compProc[comp]!, ref);
        return;
      case 'cloud':
        this.loadBalancer.instanceChanged(0);
        return;
    }
  }

  private refreshHost(h: number, fromZone: boolean): void {
    const p = this.plan;
    const up = this.causes[p.hostComp[h]!] === 0 && this.causes[p.zoneComp[p.hostZone[h]!]!] === 0 ? 1 : 0;
    if (up === this.hostUp[h]) return;
    this.hostUp[h] = up;
    if (this.tracing && fromZone) this.note(`${p.hosts[h]} ${up ? 'up' : 'down'}`);
    // Set every process's state first, then notify: the actors then see the whole host
    // change at once (no transient "apiserver not ready" while its host is going down).
    const procs = p.hostProcs[h]!;
    let changed = 0;
    for (let i = 0; i < procs.length; i++) {
      const kind = procs[i]!;
      const comp = p.procComp[kind][h]!;
      const alive = up === 1 && this.causes[comp] === 0;
      const pu = alive && this.hangs[comp] === 0 ? 1 : 0;
      if (kind === 'etcd' || kind === 'apiserver') this.hung[kind][h] = alive && pu === 0 ? 1 : 0;
      if (pu === this.procUp[kind][h]) continue;
      this.resumed = 0;
      this.procUp[kind][h] = pu;
      changed |= 1 << i;
    }
    for (let i = 0; i < procs.length; i++) if (changed & (1 << i)) this.notifyProc(procs[i]!, h, up);
  }

  private refreshProc(kind: ProcessKind, h: number): void {
    const comp = this.plan.procComp[kind][h]!;
    const alive = this.hostUp[h] === 1 && this.causes[comp] === 0;
    const up = alive && this.hangs[comp] === 0 ? 1 : 0;
    let resumed = 0;
    if (kind === 'etcd' || kind === 'apiserver') {
      resumed = this.hung[kind][h]! & up;
      this.hung[kind][h] = alive && up === 0 ? 1 : 0;
    }
    const arr = this.procUp[kind];
    if (up === arr[h]) return;
    this.resumed = resumed;
    arr[h] = up;
    this.notifyProc(kind, h, up);
  }

  private notifyProc(kind: ProcessKind, h: number, up: number): void {
    switch (kind) {
      case 'etcd':
        // A resumed (SIGCONT) member continues where it stopped: no start-up.
        if (this.etcd.memberChanged(this.plan.memberOfHost[h]!, up === 1, this.resumed === 1))
          this.api.onMemberChanged(this.plan.memberOfHost[h]!, up === 1);
        return;
      case 'apiserver':
        this.api.processChanged(h);
        return;
      case 'controller-manager':
        this.cm.update(h);
        return;
      case 'scheduler':
        this.sched.update(h);
        return;
      case 'load-balancer':
        this.loadBalancer.hostInstanceChanged(h);
        return;
    }
  }

  /**
   * Replaces the partition: each group of host names reaches only itself. `traffic`
   * `etcd-peer` cuts only etcd peer traffic (port 2380): the network groups stay whole and
   * only the etcd peer groups (quorum, leader election) split (docs/model.md).
   */
  setPartition(groups: readonly (readonly string[])[] | null, traffic: PartitionTraffic = 'all'): void {
    const p = this.plan;
    for (const name of groups?.flat() ?? [])
      if (!p.hostIndex.has(name)) throw new Error(`partition names unknown host ${name}`);
    this.group.fill(0);
    this.peerGroup.fill(0);
    this.groupCount = 1;
    this.peerGroupCount = 1;
    this.partitioned = groups !== null && groups.length > 0;
    this.peerOnly = this.partitioned && traffic === 'etcd-peer';
    if (groups !== null) {
      groups.forEach((g, i) => {
        for (const name of g) {
          const h = p.hostIndex.get(name)!;
          this.peerGroup[h] = i + 1;
          if (!this.peerOnly) this.group[h] = i + 1;
        }
      });
      this.peerGroupCount = groups.length + 1;
      if (!this.peerOnly) this.groupCount = groups.length + 1;
    }
    this.etcd.regroup();
    this.api.recomputeAll();
    this.loadBalancer.onPartitionChanged();
    if (this.changeObservers.length > 0) this.changed(PARTITION_CHANGE);
  }

  /** The importance-sampling likelihood ratio of this run up to `untilMs` (1 unbiased). */
  likelihoodRatio(untilMs: number): number {
    return this.random.likelihoodRatio(untilMs);
  }

  /** FaultHost: graceful etcd stop on `host`; a leader there hands over. */
  maybeTransferLeadership(host: string): boolean {
    const h = this.plan.hostIndex.get(host);
    return h !== undefined && this.procUp.etcd[h] === 1 && this.etcd.maybeTransferLeadership(h);
  }

  /** FaultHost: the etcd leader steps down (slow disk). */
  maybeStepDownLeader(reason: string): boolean {
    return this.etcd.maybeStepDown(reason);
  }

  /** FaultHost: NOSPACE alarms raised (+1) or disarmed (-1). */
  blockWrites(delta: number): void {
    this.writesBlocked += delta;
    if (this.writesBlocked < 0) throw new Error('negative write blocks');
  }

  /** FaultHost: dependency outages in front of the API begin (+1) or end (-1). */
  blockApi(delta: number): void {
    this.apiBlocked += delta;
    if (this.apiBlocked < 0) throw new Error('negative API blocks');
  }

  /** FaultHost: the upgrade health gate (hosts up, apiservers ready, members up, a leader). */
  hostsHealthy(hosts: readonly string[]): boolean {
    if (this.etcd.leader < 0) return false;
    const p = this.plan;
    for (const name of hosts) {
      const h = p.hostIndex.get(name);
      if (h === undefined || this.hostUp[h] === 0) return false;
      if (p.procComp.apiserver[h]! >= 0 && this.api.ready[h] === 0) return false;
      if (p.procComp.etcd[h]! >= 0 && this.procUp.etcd[h] === 0) return false;
    }
    return true;
  }

  /** `componentLabel` of a component number, for narration. */
  label(comp: number): string {
    return componentLabel(this.plan.compIds[comp]!);
  }
}

/** docs/model.md: the hang processes of etcd / apiserver components whose `failures.<kind>Hang` is set; null when none is. */
function hangFailures(plan: Plan, streams: StreamFactory): RandomFailures | null {
  const f = plan.scenario.failures;
  if (f.etcdHang === undefined && f.apiserverHang === undefined) return null;
  const samplers = plan.compIds.map((_, i) => {
    if (plan.compKind[i] !== 'process') return null;
    const kind = plan.compProc[i];
    const h = kind === 'etcd' ? f.etcdHang : kind === 'apiserver' ? f.apiserverHang : undefined;
    return h === undefined ? null : { ttf: compileSampler(h.ttf), ttr: compileSampler(h.ttr) };
  });
  return new RandomFailures(plan.compIds, samplers, streams, [], true);
}

/**
 * Per component: its failure bias, when its class has a factor > 1 and an exponential
 * time to failure (the likelihood ratio is closed-form only there). Throws for a biased
 * class whose ttf is not exponential: the CLI checks that first (`importanceProblems`).
 */
export function failureBiases(
  plan: Plan,
  importance?: { readonly [C in FailureClass]?: number },
): (FailureBias | null)[] {
  if (importance === undefined) return [];
  return plan.compClass.map((cls, i) => {
    const b = importance[cls];
    const f = plan.scenario.failures[cls];
    if (b === undefined || b === 1 || f === undefined || plan.compFailure[i] === null) return null;
    if (f.ttf.kind !== 'exponential')
      throw new Error(`importance sampling of ${cls}: time to failure is not exponential`);
    return { factor: b, ratePerMs: 1 / f.ttf.meanMs };
  });
}
