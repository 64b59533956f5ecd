/**
 * kube-apiservers (SPEC §5, FACTS §2). Ready iff effectively up, running (not in a
 * crash-loop back-off) and able to reach an etcd member of the leader's group through
 * its endpoints:
 * - `local` (kubeadm stacked: `--etcd-servers=https://127.0.0.1:2379`): only the member
 *   on its own host; so a stacked apiserver whose local member is down, or in a minority,
 *   is not ready even while the others keep quorum.
 * - `all` (external): the member it is connected to; when that member is lost (down or
 *   unreachable) and another is reachable, the client switches after
 *   `etcdFailoverDelay` to the next reachable member in cyclic order.
 * When etcd stays unreachable for `livenessDelay` (8 x 10 s liveness probes), the
 * kubelet kills it; it restarts after the crash-loop back-off (10 s doubling to 300 s,
 * reset after 10 min of running) and can be ready only after that. A host reboot resets
 * the back-off (a fresh kubelet).
 */
import type { Timer } from '../engine/index.ts';
import { formatMsAsSeconds } from '../units/format.ts';
import type { ActorCtx } from './actor-ctx.ts';
import type { ModelEvent } from './events.ts';
import type { ApiserverView } from './view.ts';

/** Running time after which the kubelet forgets the back-off (FACTS §2). */
export const BACKOFF_RESET_MS = 600_000;

const RUNNING = 0;
const BACKOFF = 1;

/** Every apiserver's readiness, indexed by host. */
export class Apiservers implements ApiserverView {
  /** Per host: 1 when the apiserver process is up and not in back-off (a TCP check passes). */
  readonly running: Uint8Array;
  /** Per host: 1 when ready (/readyz passes). */
  readonly ready: Uint8Array;
  /** Per host: crash-loop phase (0 running, 1 back-off). */
  readonly phase: Uint8Array;
  /** Per host (`all` only): the etcd member its client is connected to. */
  readonly cur: Int32Array;
  readonly local: boolean;
  private readonly c: ActorCtx;
  private readonly hosts: readonly number[];
  private readonly backoffNext: Float64Array;
  private readonly lastStart: Float64Array;
  private readonly liveness: (Timer<ModelEvent> | null)[];
  private readonly backoff: (Timer<ModelEvent> | null)[];
  private readonly failover: (Timer<ModelEvent> | null)[];
  private readonly ev: { liveness: ModelEvent; backoff: ModelEvent; failover: ModelEvent }[];
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
    this.backoffNext = new Float64Array(n).fill(c.timing.apiserver.backoffInitialMs);
    this.lastStart = new Float64Array(n).fill(-Infinity);
    this.liveness = new Array<null>(n).fill(null);
    this.backoff = new Array<null>(n).fill(null);
    this.failover = new Array<null>(n).fill(null);
    this.ev = p.hosts.map((_, host) => ({
      liveness: { kind: 'api-liveness', host },
      backoff: { kind: 'api-backoff-end', host },
      failover: { kind: 'api-failover', host },
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
    else if (c.procUp.apiserver[h] === 1) this.lastStart[h] = c.nowMs;
    this.recompute(h);
  }

  private resetBackoff(h: number): void {
    const t = this.backoff[h];
    if (t != null) this.c.sim.cancel(t);
    this.backoff[h] = null;
    this.phase[h] = RUNNING;
    this.backoffNext[h] = this.c.timing.apiserver.backoffInitialMs;
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
      return c.plan.memberOfHost[h]! >= 0 && c.procUp.etcd[h] === 1 && c.group[h] === lg;
    }
    const m = this.cur[h]!;
    if (m < 0) return false;
    const mh = c.etcd.members[m]!;
    const g = c.group[h]!;
    const connected = c.procUp.etcd[mh] === 1 && c.group[mh] === g;
    const t = this.failover[h];
    if (connected) {
      if (t != null) {
        c.sim.cancel(t);
        this.failover[h] = null;
      }
      return g === lg;
    }
    if (c.etcd.upInGroup[g]! > 0) {
      if (t == null) this.failover[h] = c.sim.schedule(c.timing.apiserver.etcdFailoverDelayMs, this.ev[h]!.failover);
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
    if (running === 1 && !ok && c.timing.apiserver.restartOnEtcdLoss) {
      if (lt == null) this.liveness[h] = c.sim.schedule(c.timing.apiserver.livenessDelayMs, this.ev[h]!.liveness);
    } else if (lt != null) {
      c.sim.cancel(lt);
      this.liveness[h] = null;
    }
    const readyChanged = ready !== this.ready[h];
    if (!readyChanged && running === this.running[h]) return;
    if (c.tracing && readyChanged && running === this.running[h]) {
      const name = c.plan.hosts[h]!;
      if (this.changedNames !== null) this.changedNames.push({ name, ready: ready === 1 });
      else c.note(`apiserver on ${name} ${ready ? 'ready' : 'not ready (no etcd leader reachable)'}`);
    }
    this.running[h] = running;
    this.ready[h] = ready;
    c.apiserverChanged(h, readyChanged);
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
      if (c.procUp.etcd[mh] === 0 || c.group[mh] !== g) continue;
      const users = this.users[from]!;
      users.splice(users.indexOf(h), 1);
      this.users[m]!.push(h);
      this.cur[h] = m;
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
    if (c.nowMs - this.lastStart[h]! >= BACKOFF_RESET_MS) this.backoffNext[h] = a.backoffInitialMs;
    const delay = this.backoffNext[h]!;
    this.backoffNext[h] = Math.min(2 * delay, a.backoffMaxMs);
    this.phase[h] = BACKOFF;
    this.backoff[h] = c.sim.schedule(delay, this.ev[h]!.backoff);
    if (c.tracing) {
      const name = c.plan.hosts[h]!;
      c.narrate('apiserver-restart', `apiserver/${name}`, `kubelet restarts apiserver on ${name} (liveness failed: no etcd); crash-loop back-off ${formatMsAsSeconds(delay)}`);
    }
    this.recompute(h);
  }

  /** The crash-loop back-off has passed: the apiserver starts again. */
  onBackoffEnd(h: number): void {
    const c = this.c;
    this.backoff[h] = null;
    this.phase[h] = RUNNING;
    this.lastStart[h] = c.nowMs;
    if (c.tracing) {
      const name = c.plan.hosts[h]!;
      const ok = this.etcdOk(h);
      c.narrate('apiserver-start', `apiserver/${name}`, `crash-loop back-off over, apiserver on ${name} starts: ${ok ? 'etcd reachable, ready' : 'etcd still unreachable'}`);
    }
    this.recompute(h);
  }
}

function apiserverList(names: readonly string[]): string {
  return names.length === 1 ? `apiserver on ${names[0]}` : `apiservers on ${names.join(', ')}`;
}
