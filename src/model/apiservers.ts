/**
 * kube-apiservers (docs/spec.md §5, facts §2). Ready iff effectively up, running (not in a
 * crash-loop back-off) and able to reach an etcd member of the leader's group through
 * its endpoints:
 * - `local` (kubeadm stacked: `--etcd-servers=https://127.0.0.1:2379`): only the member
 *   on its own host; so a stacked apiserver whose local member is down, or in a minority,
 *   is not ready even while the others keep quorum.
 * - `all` (external; docs/model.md): the etcd client (clientv3 >= 3.4) round-robins every
 *   request over all k members it lists, using each connection it holds (no pinned member,
 *   no failover). Ready while it is up and the etcd leader sits in its partition group (the
 *   leader is then one of its reachable members). When a member it is connected to becomes
 *   unreachable, 1/k of its requests hang for a detection window before the client drops
 *   that connection: `etcdKeepaliveTimeout` (10 s; gRPC sets TCP_USER_TIMEOUT to it) when the
 *   member is black-holed (host down, partitioned away), `etcdKeepaliveTime` +
 *   `etcdKeepaliveTimeout` (40 s) when the member's process hangs (SIGSTOP: the kernel still
 *   ACKs), nothing when the connection is refused (process down on a live host). A member
 *   that comes back is used again at once. `hung[h]` counts the windows open for apiserver
 *   h; the load balancer weighs them into `requestSuccess` (hung requests miss any latency
 *   objective: reads succeed late, writes fail). Its /readyz etcd check (2 s timeout)
 *   hits the hung member once in k checks and never fails 3 in a row for k >= 3 in the
 *   reference measurement, so it stays ready and in rotation (docs/model.md).
 * A started apiserver (process up, host boot, end of back-off) serves after `startup`.
 * When etcd stays unreachable, the kubelet kills it: after `livenessDelay` (8 x 10 s
 * liveness probes) once its startup probe has passed, or `startupProbe` after its start
 * while the startup probe has not passed yet (kubeadm's startup probe holds liveness off).
 * The first restart is immediate; back-off starts with the second (10 s doubling to 300 s,
 * reset after 10 min of running; facts §2, CrashLoopBackOff). A host reboot resets the
 * back-off (a fresh kubelet).
 */
import type { Timer } from '../engine/index.ts';
import { formatMsAsSeconds } from '../units/format.ts';
import type { ActorCtx } from './actor-ctx.ts';
import type { ModelEvent } from './events.ts';
import type { ApiserverView } from './view.ts';

/**
 * docs/model.md: the share of etcd-bound API requests that are writes. Hung writes fail (the
 * client's request times out; clientv3 does not retry a mutation on another member), hung
 * reads are retried on another member and succeed late. Used only for `requestImpact`'s
 * failedShare; requestSuccess counts every hung request as lost (docs/model.md).
 */
export const API_WRITE_SHARE = 0.5;

/** Running time after which the kubelet forgets the back-off (facts §2). */
export const BACKOFF_RESET_MS = 600_000;

const RUNNING = 0;
const BACKOFF = 1;
const STARTING = 2;

/** Every apiserver's readiness, indexed by host. */
export class Apiservers implements ApiserverView {
  /** Per host: 1 when the apiserver process is up and not in back-off (a TCP check passes). */
  readonly running: Uint8Array;
  /** Per host: 1 when ready (/readyz passes). */
  readonly ready: Uint8Array;
  /** Per host: phase (0 running, 1 crash-loop back-off, 2 starting). */
  readonly phase: Uint8Array;
  /** Per host (`all` only): members whose connection is in a detection window (their requests hang). */
  readonly hung: Int32Array;
  /** `all`, etcd-peer partition: reachable serving members outside the leader's peer group (docs/model.md). */
  readonly cut: Int32Array;
  /** Members each `all` apiserver lists (k). */
  readonly listed: number;
  readonly local: boolean;
  private readonly c: ActorCtx;
  private readonly hosts: readonly number[];
  private readonly backoffNext: Float64Array;
  private readonly lastStart: Float64Array;
  /** Per host: 1 once the startup probe passed since the last start (liveness applies). */
  private readonly probed: Uint8Array;
  private readonly starting: (Timer<ModelEvent> | null)[];
  /** Per host: the phase at the last change report (observers see phase changes too). */
  private readonly shownPhase: Uint8Array;
  private readonly liveness: (Timer<ModelEvent> | null)[];
  private readonly backoff: (Timer<ModelEvent> | null)[];
  private readonly ev: { liveness: ModelEvent; backoff: ModelEvent; started: ModelEvent }[];
  /** Per host x member (`all`): 1 while the client holds a working connection to the member. */
  private readonly conn: Uint8Array;
  /** Per host x member (`all`): the end of the member's detection window, or null. */
  private readonly hangTimer: (Timer<ModelEvent> | null)[];
  private readonly hangEv: ModelEvent[];
  /** Per host: `hung` at the last change report. */
  private readonly shownHung: Int32Array;
  /** Per host: 1 while the process hangs (so its return is a resume, not a start). */
  private readonly wasHung: Uint8Array;
  /** While narrating a bulk recompute: readiness changes to summarise. */
  private changedNames: { name: string; ready: boolean }[] | null = null;

  constructor(c: ActorCtx) {
    this.c = c;
    const p = c.plan;
    const n = p.hosts.length;
    this.hosts = p.procHosts.apiserver;
    this.local = p.scenario.topology.apiserver.etcdEndpoints === 'local';
    this.running = Uint8Array.from(p.procComp.apiserver, (x) => (x >= 0 ? 1 : 0));
    this.ready = new Uint8Array(n);
    this.phase = new Uint8Array(n);
    this.backoffNext = new Float64Array(n);
    this.lastStart = new Float64Array(n).fill(-Infinity);
    this.probed = new Uint8Array(n).fill(1);
    this.starting = new Array<null>(n).fill(null);
    this.shownPhase = new Uint8Array(n);
    this.liveness = new Array<null>(n).fill(null);
    this.backoff = new Array<null>(n).fill(null);
    this.ev = p.hosts.map((_, host) => ({
      liveness: { kind: 'api-liveness', host },
      backoff: { kind: 'api-backoff-end', host },
      started: { kind: 'api-started', host },
    }));
    const k = p.procHosts.etcd.length;
    this.listed = k;
    this.hung = new Int32Array(n);
    this.cut = new Int32Array(n);
    this.shownHung = new Int32Array(n);
    this.wasHung = new Uint8Array(n);
    this.conn = new Uint8Array(this.local ? 0 : n * k);
    this.hangTimer = new Array<null>(this.local ? 0 : n * k).fill(null);
    this.hangEv = [];
    if (!this.local)
      for (let h = 0; h < n; h++)
        for (let member = 0; member < k; member++) this.hangEv.push({ kind: 'api-hang-end', host: h, member });
    for (const h of this.hosts) {
      if (!this.local && c.procUp.apiserver[h] === 1)
        for (let m = 0; m < k; m++) this.conn[h * k + m] = this.reachable(h, m) ? 1 : 0;
      this.ready[h] = this.etcdOk(h) ? 1 : 0;
    }
  }

  /**
   * The apiserver process on host h became effectively up or down, or hung (SIGSTOP: a
   * TCP check still passes, /readyz times out) or resumed (no start-up: it continues).
   */
  processChanged(h: number): void {
    const c = this.c;
    if (c.hostUp[h] === 0) this.resetBackoff(h);
    const resumed = this.wasHung[h] === 1;
    this.wasHung[h] = c.hung.apiserver[h]!;
    if (c.procUp.apiserver[h] === 1 && resumed) {
      if (!this.local) this.dialFresh(h);
    } else if (c.procUp.apiserver[h] === 1) this.start(h);
    else {
      this.stopStarting(h);
      if (!this.local) this.dropConnections(h);
    }
    this.recompute(h);
  }

  /** The process starts (again): it serves after `startup`; the startup probe runs. */
  private start(h: number): void {
    const c = this.c;
    this.stopStarting(h);
    this.lastStart[h] = c.nowMs;
    this.probed[h] = 0;
    if (!this.local) this.dialFresh(h);
    if (this.phase[h] === BACKOFF) return;
    if (c.timing.apiserver.startupMs > 0) {
      this.phase[h] = STARTING;
      this.starting[h] = c.sim.schedule(c.timing.apiserver.startupMs, this.ev[h]!.started);
    } else this.phase[h] = RUNNING;
  }

  private stopStarting(h: number): void {
    const t = this.starting[h];
    if (t != null) this.c.sim.cancel(t);
    this.starting[h] = null;
    if (this.phase[h] === STARTING) this.phase[h] = RUNNING;
  }

  /** Start-up is over: the apiserver serves. */
  onStarted(h: number): void {
    const c = this.c;
    this.starting[h] = null;
    this.phase[h] = RUNNING;
    if (c.tracing) {
      const name = c.plan.hosts[h]!;
      c.narrate(
        'apiserver-started',
        `apiserver/${name}`,
        `apiserver on ${name} has started: ` + `${this.etcdOk(h) ? 'etcd reachable, ready' : 'etcd unreachable'}`,
      );
    }
    this.recompute(h);
  }

  /** `all`: a fresh etcd client connects to every reachable member at once (nothing hangs). */
  private dialFresh(h: number): void {
    const k = this.listed;
    this.dropConnections(h);
    for (let m = 0; m < k; m++) this.conn[h * k + m] = this.reachable(h, m) ? 1 : 0;
  }

  /** `all`: the apiserver process stopped: its connections and detection windows go with it. */
  private dropConnections(h: number): void {
    const k = this.listed;
    for (let m = 0; m < k; m++) {
      const i = h * k + m;
      this.conn[i] = 0;
      const t = this.hangTimer[i];
      if (t != null) {
        this.c.sim.cancel(t);
        this.hangTimer[i] = null;
      }
    }
    this.hung[h] = 0;
  }

  private reachable(h: number, m: number): boolean {
    const mh = this.c.etcd.members[m]!;
    return this.c.etcd.serving[mh] === 1 && this.c.group[mh] === this.c.group[h];
  }

  /**
   * `all`: re-derives apiserver h's connection to member m. A connection lost opens a
   * detection window (see the file comment) during which 1/k of h's requests hang; a
   * member reachable again is used at once. Returns true when `hung[h]` changed.
   */
  private syncConn(h: number, m: number): boolean {
    const c = this.c;
    if (c.procUp.apiserver[h] === 0) return false;
    const i = h * this.listed + m;
    const r = this.reachable(h, m) ? 1 : 0;
    if (r === this.conn[i]) return false;
    this.conn[i] = r;
    const t = this.hangTimer[i];
    if (r === 1) {
      if (t == null) return false;
      c.sim.cancel(t);
      this.hangTimer[i] = null;
      this.hung[h]!--;
      return true;
    }
    const w = this.detectionMs(h, m);
    if (w <= 0 || t != null) return false;
    this.hangTimer[i] = c.sim.schedule(w, this.hangEv[i]!);
    this.hung[h]!++;
    return true;
  }

  /** How long the client of apiserver h keeps sending 1/k of its requests to lost member m. */
  private detectionMs(h: number, m: number): number {
    const c = this.c;
    const a = c.timing.apiserver;
    const mh = c.etcd.members[m]!;
    if (c.group[mh] !== c.group[h] || c.hostUp[mh] === 0) return a.etcdKeepaliveTimeoutMs;
    if (c.hung.etcd[mh] === 1) return a.etcdKeepaliveTimeMs + a.etcdKeepaliveTimeoutMs;
    return 0;
  }

  /** A detection window is over: the client drops its connection to the member. */
  onHangEnd(h: number, m: number): void {
    const c = this.c;
    this.hangTimer[h * this.listed + m] = null;
    this.hung[h]!--;
    if (c.tracing) {
      c.narrate(
        'apiserver-etcd-drop',
        `apiserver/${c.plan.hosts[h]}`,
        `apiserver on ` +
          `${c.plan.hosts[h]}: etcd client gives up its connection to etcd on ` +
          `${c.plan.hosts[c.etcd.members[m]!]} (keepalive): no more hung requests there`,
      );
    }
    this.recompute(h);
  }

  private resetBackoff(h: number): void {
    const t = this.backoff[h];
    if (t != null) this.c.sim.cancel(t);
    this.backoff[h] = null;
    this.phase[h] = RUNNING;
    this.backoffNext[h] = 0;
    this.lastStart[h] = -Infinity;
  }

  /** etcd member m became effectively up or down (serving or not). */
  onMemberChanged(m: number, up: boolean): void {
    if (m < 0) return;
    const c = this.c;
    if (this.local) {
      const h = c.etcd.members[m]!;
      if (c.plan.procComp.apiserver[h]! >= 0) this.recompute(h);
      return;
    }
    void up;
    const hosts = this.hosts;
    // Under an etcd-peer partition a member's serving state also changes the cut counts.
    for (let i = 0; i < hosts.length; i++) if (this.syncConn(hosts[i]!, m) || c.peerOnly) this.recompute(hosts[i]!);
  }

  /** The etcd leader changed (lost or elected): every apiserver may change. */
  onLeaderChanged(): void {
    this.recomputeEach();
  }

  /** The partition changed. */
  recomputeAll(): void {
    if (!this.local) for (const h of this.hosts) for (let m = 0; m < this.listed; m++) this.syncConn(h, m);
    this.recomputeEach();
  }

  /** Recomputes every apiserver, narrating readiness changes as one summary note. */
  private recomputeEach(): void {
    const c = this.c;
    if (c.tracing) this.changedNames = [];
    for (const h of this.hosts) this.recompute(h);
    const names = this.changedNames;
    this.changedNames = null;
    if (names === null || names.length === 0) return;
    const ready = names.filter((n) => n.ready).map((n) => n.name);
    const unready = names.filter((n) => !n.ready).map((n) => n.name);
    if (unready.length > 0) c.note(`${apiserverList(unready)} not ready (no etcd leader reachable)`);
    if (ready.length > 0) c.note(`${apiserverList(ready)} ready`);
  }

  /** True when apiserver h reaches a member of the leader's group. */
  private etcdOk(h: number): boolean {
    const c = this.c;
    const lg = c.etcd.leaderGroup();
    if (this.local) {
      return c.plan.memberOfHost[h]! >= 0 && c.etcd.serving[h] === 1 && c.peerGroup[h] === lg;
    }
    return c.procUp.apiserver[h] === 1 && lg >= 0 && c.group[h] === c.group[c.etcd.leaderHost()];
  }

  /**
   * `all`, etcd-peer partition (docs/model.md): listed members that apiserver h reaches and
   * that serve but sit outside the leader's peer group. Such a member has no leader: it
   * drops proposals (raft `stepCandidate`/`stepFollower`: "no leader at term; dropping
   * proposal", ErrProposalDropped) and its ReadIndex never completes (linearizable reads
   * time out after ReqTimeout and clientv3 retries them on another member). 0 otherwise.
   */
  private cutOffCount(h: number): number {
    const c = this.c;
    if (!c.peerOnly || c.procUp.apiserver[h] === 0) return 0;
    const lh = c.etcd.leaderHost();
    if (lh < 0) return 0;
    const lg = c.peerGroup[lh];
    const members = c.etcd.members;
    let n = 0;
    for (let m = 0; m < this.listed; m++) {
      const mh = members[m]!;
      if (c.etcd.serving[mh] === 1 && c.group[mh] === c.group[h] && c.peerGroup[mh] !== lg) n++;
    }
    return n;
  }

  /** Re-derives running / ready of apiserver h and tells the LB and leases on change. */
  recompute(h: number): void {
    const c = this.c;
    // A hung process still completes TCP handshakes (the kernel answers): a tcp check passes.
    const running = (c.procUp.apiserver[h] === 1 && this.phase[h] === RUNNING) || c.hung.apiserver[h] === 1 ? 1 : 0;
    const ok = this.etcdOk(h);
    const ready = ok && c.procUp.apiserver[h] === 1 && this.phase[h] === RUNNING ? 1 : 0;
    const lt = this.liveness[h];
    if (ready === 1) this.probed[h] = 1;
    const alive = c.procUp.apiserver[h] === 1 && this.phase[h] !== BACKOFF;
    if (alive && !ok && c.timing.apiserver.restartOnEtcdLoss) {
      if (lt == null) this.liveness[h] = this.scheduleKill(h);
    } else if (lt != null) {
      c.sim.cancel(lt);
      this.liveness[h] = null;
    }
    const readyChanged = ready !== this.ready[h];
    const phaseChanged = this.phase[h] !== this.shownPhase[h];
    const cut = this.local ? 0 : this.cutOffCount(h);
    const cutChanged = cut !== this.cut[h];
    if (cutChanged && c.tracing) {
      const name = c.plan.hosts[h]!;
      c.note(
        cut === 0
          ? `apiserver on ${name}: every etcd member it reaches has a leader again`
          : `apiserver on ${name}: ${cut} of ${this.listed} etcd members it reaches ${cut === 1 ? 'has' : 'have'} ` +
              `no leader (cut from their peers): ${cut}/${this.listed} of its requests wait, its writes there fail`,
      );
    }
    this.cut[h] = cut;
    const hungChanged = this.hung[h] !== this.shownHung[h] || cutChanged;
    this.shownPhase[h] = this.phase[h]!;
    this.shownHung[h] = this.hung[h]!;
    if (!readyChanged && running === this.running[h] && !phaseChanged && !hungChanged) return;
    if (c.tracing && readyChanged && running === this.running[h]) {
      const name = c.plan.hosts[h]!;
      if (this.changedNames !== null) this.changedNames.push({ name, ready: ready === 1 });
      else c.note(`apiserver on ${name} ${ready ? 'ready' : 'not ready (no etcd leader reachable)'}`);
    }
    this.running[h] = running;
    this.ready[h] = ready;
    c.apiserverChanged(h, readyChanged);
  }

  /** Liveness after the startup probe passed; before, the startup probe's budget from the start. */
  private scheduleKill(h: number): Timer<ModelEvent> {
    const c = this.c;
    const a = c.timing.apiserver;
    if (this.probed[h] === 1) return c.sim.schedule(a.livenessDelayMs, this.ev[h]!.liveness);
    return c.sim.scheduleAt(Math.max(c.nowMs, this.lastStart[h]! + a.startupProbeMs), this.ev[h]!.liveness);
  }

  /** Liveness has failed for livenessDelay: the kubelet kills the apiserver. */
  onLiveness(h: number): void {
    const c = this.c;
    const a = c.timing.apiserver;
    this.liveness[h] = null;
    if (c.nowMs - this.lastStart[h]! >= BACKOFF_RESET_MS) this.backoffNext[h] = 0;
    // The kubelet's first restart is immediate; back-off starts with the second.
    const delay = this.backoffNext[h]!;
    this.backoffNext[h] = delay === 0 ? a.backoffInitialMs : Math.min(2 * delay, a.backoffMaxMs);
    this.stopStarting(h);
    this.phase[h] = BACKOFF;
    this.backoff[h] = c.sim.schedule(delay, this.ev[h]!.backoff);
    if (c.tracing) {
      const name = c.plan.hosts[h]!;
      c.narrate(
        'apiserver-restart',
        `apiserver/${name}`,
        `kubelet kills apiserver on ${name} ` +
          `(${this.probed[h] === 1 ? 'liveness' : 'startup probe'} failed: no etcd); ` +
          `${delay === 0 ? 'first restart at once' : `crash-loop back-off ${formatMsAsSeconds(delay)}`}`,
      );
    }
    this.recompute(h);
  }

  /** The crash-loop back-off has passed: the apiserver starts again. */
  onBackoffEnd(h: number): void {
    const c = this.c;
    this.backoff[h] = null;
    this.phase[h] = RUNNING;
    this.start(h);
    if (c.tracing) {
      const name = c.plan.hosts[h]!;
      const st =
        this.phase[h] === STARTING
          ? `starting (ready after ` + `${formatMsAsSeconds(c.timing.apiserver.startupMs)} at the earliest)`
          : this.etcdOk(h)
            ? 'etcd reachable, ready'
            : 'etcd still unreachable';
      c.narrate('apiserver-start', `apiserver/${name}`, `kubelet starts apiserver on ${name} again: ${st}`);
    }
    this.recompute(h);
  }
}

function apiserverList(names: readonly string[]): string {
  return names.length === 1 ? `apiserver on ${names[0]}` : `apiservers on ${names.join(', ')}`;
}
