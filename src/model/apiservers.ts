/**
 * kube-apiservers (SPEC §5, facts §2). Ready iff effectively up, running (not in a
 * crash-loop back-off) and able to reach an etcd member of the leader's group through
 * its endpoints:
 * - `local` (kubeadm stacked: `--etcd-servers=https://127.0.0.1:2379`): only the member
 *   on its own host; so a stacked apiserver whose local member is down, or in a minority,
 *   is not ready even while the others keep quorum.
 * - `all` (external): the member it is connected to; when that member is lost and another
 *   is reachable, the client switches to the next reachable member in cyclic order after
 *   `etcdFailoverDelay`, plus `etcdKeepalive` when the member is black-holed (its host down
 *   or partitioned away: only the gRPC keepalive notices) rather than refusing (process
 *   down on a live host: the connection is reset at once). An apiserver that is down does
 *   not fail over; when it starts, its fresh client dials a reachable member.
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
  /** Per host (`all` only): the etcd member its client is connected to. */
  readonly cur: Int32Array;
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
  private readonly failover: (Timer<ModelEvent> | null)[];
  private readonly ev: { liveness: ModelEvent; backoff: ModelEvent; failover: ModelEvent; started: ModelEvent }[];
  /** Per member (`all`): apiserver hosts connected to it. */
  private readonly users: number[][];
  /** Apiserver hosts (`all`) whose member is lost and that see no other member. */
  private readonly waiting: number[] = [];
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
    this.failover = new Array<null>(n).fill(null);
    this.ev = p.hosts.map((_, host) => ({
      liveness: { kind: 'api-liveness', host },
      backoff: { kind: 'api-backoff-end', host },
      failover: { kind: 'api-failover', host },
      started: { kind: 'api-started', host },
    }));
    const members = p.procHosts.etcd;
    this.users = members.map(() => []);
    this.cur = new Int32Array(n).fill(-1);
    this.hosts.forEach((h, i) => {
      const own = p.memberOfHost[h]!;
      const m = own >= 0 ? own : members.length > 0 ? i % members.length : -1;
      this.cur[h] = m;
      if (m >= 0) this.users[m]!.push(h);
    });
    for (const h of this.hosts) this.ready[h] = this.etcdOk(h) ? 1 : 0;
  }

  /** The apiserver process on host h became effectively up or down. */
  processChanged(h: number): void {
    const c = this.c;
    if (c.hostUp[h] === 0) this.resetBackoff(h);
    if (c.procUp.apiserver[h] === 1) this.start(h);
    else this.stopStarting(h);
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
      c.narrate('apiserver-started', `apiserver/${name}`, `apiserver on ${name} has started: ${this.etcdOk(h) ? 'etcd reachable, ready' : 'etcd unreachable'}`);
    }
    this.recompute(h);
  }

  /** `all`: a fresh etcd client dials a reachable member at once (no failover wait). */
  private dialFresh(h: number): void {
    const c = this.c;
    const m = this.cur[h]!;
    if (m < 0 || this.reachable(h, m)) return;
    const members = c.etcd.members;
    for (let k = 1; k < members.length; k++) {
      const to = (m + k) % members.length;
      if (this.reachable(h, to)) {
        this.moveClient(h, to);
        return;
      }
    }
  }

  private reachable(h: number, m: number): boolean {
    const mh = this.c.etcd.members[m]!;
    return this.c.etcd.serving[mh] === 1 && this.c.group[mh] === this.c.group[h];
  }

  private moveClient(h: number, to: number): void {
    const users = this.users[this.cur[h]!]!;
    users.splice(users.indexOf(h), 1);
    this.users[to]!.push(h);
    this.cur[h] = to;
  }

  private resetBackoff(h: number): void {
    const t = this.backoff[h];
    if (t != null) this.c.sim.cancel(t);
    this.backoff[h] = null;
    this.phase[h] = RUNNING;
    this.backoffNext[h] = 0;
    this.lastStart[h] = -Infinity;
  }

  /** etcd member m became effectively up or down. */
  onMemberChanged(m: number, up: boolean): void {
    if (m < 0) return;
    const c = this.c;
    if (this.local) {
      const h = c.etcd.members[m]!;
      if (c.plan.procComp.apiserver[h]! >= 0) this.recompute(h);
      return;
    }
    const users = this.users[m]!;
    for (let i = 0; i < users.length; i++) this.recompute(users[i]!);
    if (up && this.waiting.length > 0) {
      for (const h of this.waiting.splice(0)) this.recompute(h);
    }
  }

  /** The etcd leader changed (lost or elected): every apiserver may change. */
  onLeaderChanged(): void {
    this.recomputeEach();
  }

  /** The partition changed. */
  recomputeAll(): void {
    if (!this.local && this.waiting.length > 0) this.waiting.length = 0;
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

  /** True when apiserver h reaches a member of the leader's group (and manages failover). */
  private etcdOk(h: number): boolean {
    const c = this.c;
    const lg = c.etcd.leaderGroup();
    if (this.local) {
      return c.plan.memberOfHost[h]! >= 0 && c.etcd.serving[h] === 1 && c.group[h] === lg;
    }
    const m = this.cur[h]!;
    if (m < 0) return false;
    const mh = c.etcd.members[m]!;
    const g = c.group[h]!;
    const t = this.failover[h];
    if (this.reachable(h, m) || c.procUp.apiserver[h] === 0) {
      // Connected; or the apiserver is down: a down apiserver does not fail over.
      if (t != null) {
        c.sim.cancel(t);
        this.failover[h] = null;
      }
      return c.procUp.apiserver[h] === 1 && g === lg;
    }
    if (c.etcd.upInGroup[g]! > 0) {
      if (t == null) {
        const a = c.timing.apiserver;
        const blackholed = c.hostUp[mh] === 0 || c.group[mh] !== g;
        this.failover[h] = c.sim.schedule(a.etcdFailoverDelayMs + (blackholed ? a.etcdKeepaliveMs : 0), this.ev[h]!.failover);
      }
    } else {
      if (t != null) {
        c.sim.cancel(t);
        this.failover[h] = null;
      }
      if (!this.waiting.includes(h)) this.waiting.push(h);
    }
    return false;
  }

  /** Re-derives running / ready of apiserver h and tells the LB and leases on change. */
  recompute(h: number): void {
    const c = this.c;
    const running = c.procUp.apiserver[h] === 1 && this.phase[h] === RUNNING ? 1 : 0;
    const ok = this.etcdOk(h);
    const ready = running === 1 && ok ? 1 : 0;
    const lt = this.liveness[h];
    if (running === 1 && ok) this.probed[h] = 1;
    const alive = c.procUp.apiserver[h] === 1 && this.phase[h] !== BACKOFF;
    if (alive && !ok && c.timing.apiserver.restartOnEtcdLoss) {
      if (lt == null) this.liveness[h] = this.scheduleKill(h);
    } else if (lt != null) {
      c.sim.cancel(lt);
      this.liveness[h] = null;
    }
    const readyChanged = ready !== this.ready[h];
    const phaseChanged = this.phase[h] !== this.shownPhase[h];
    this.shownPhase[h] = this.phase[h]!;
    if (!readyChanged && running === this.running[h] && !phaseChanged) return;
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

  /** The etcd client gives up on its member and connects to the next reachable one. */
  onFailover(h: number): void {
    const c = this.c;
    this.failover[h] = null;
    const members = c.etcd.members;
    const from = this.cur[h]!;
    const g = c.group[h]!;
    for (let k = 1; k <= members.length; k++) {
      const m = (from + k) % members.length;
      const mh = members[m]!;
      if (c.etcd.serving[mh] === 0 || c.group[mh] !== g) continue;
      this.moveClient(h, m);
      if (c.tracing) {
        c.narrate('apiserver-etcd-failover', `apiserver/${c.plan.hosts[h]}`, `apiserver on ${c.plan.hosts[h]} switches to etcd on ${c.plan.hosts[mh]}`);
      }
      break;
    }
    this.recompute(h);
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
      c.narrate('apiserver-restart', `apiserver/${name}`, `kubelet kills apiserver on ${name} (${this.probed[h] === 1 ? 'liveness' : 'startup probe'} failed: no etcd); ${delay === 0 ? 'first restart at once' : `crash-loop back-off ${formatMsAsSeconds(delay)}`}`);
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
      const st = this.phase[h] === STARTING ? `starting (ready after ${formatMsAsSeconds(c.timing.apiserver.startupMs)} at the earliest)` : this.etcdOk(h) ? 'etcd reachable, ready' : 'etcd still unreachable';
      c.narrate('apiserver-start', `apiserver/${name}`, `kubelet starts apiserver on ${name} again: ${st}`);
    }
    this.recompute(h);
  }
}

function apiserverList(names: readonly string[]): string {
  return names.length === 1 ? `apiserver on ${names[0]}` : `apiservers on ${names.join(', ')}`;
}
