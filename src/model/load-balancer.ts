/**
 * The client endpoint (SPEC §5, FACTS §5).
 * - `none`: clients use the direct host's apiserver; the API is up iff it is ready.
 * - `haproxy`: one instance on host lb-1; it reaches the backends of its own partition group.
 * - `keepalived`: haproxy + keepalived on each control-plane host sharing a VIP. The VIP
 *   is held by the first live instance in host order (priorities). When the holder dies
 *   the backups take over after `vipFailover` (3 x advert_int + skew, RFC 5798), and the
 *   VIP goes to the first live instance at that time; a returning instance with a higher
 *   priority than the holder preempts it without a gap.
 * - `cloud`: one managed instance outside the zones that reaches every group.
 * Health checks: `http` (/healthz) sees readiness, `tcp` only the listening process. A
 * backend is removed `fall x interval` after its check starts failing and restored
 * `rise x interval` after it passes again; a flap shorter than that changes nothing.
 * One check state per backend, as seen from the active instance.
 *
 * Kept incrementally: routed backends and routed backends that are ready and reachable.
 */
import type { Timer } from '../engine/index.ts';
import type { LoadBalancerKind } from '../scenario/types.ts';
import type { ActorCtx } from './actor-ctx.ts';
import type { ModelEvent } from './events.ts';
import type { LoadBalancerView } from './view.ts';

/** The load balancer (or direct endpoint) in front of the apiservers. */
export class LoadBalancer implements LoadBalancerView {
  readonly kind: LoadBalancerKind;
  /** Per host: what the health check currently sees (1 = passing). */
  readonly sig: Uint8Array;
  /** Per host: 1 while the backend is in rotation. */
  readonly routed: Uint8Array;
  /** Per host: 1 while the backend is ready and reachable from the active instance. */
  readonly ok: Uint8Array;
  nRouted = 0;
  nRoutedOk = 0;
  /** Backends ready and reachable, routed or not (fail-open serves from these). */
  nOk = 0;
  /** Issue 16: with no backend routed, send to every backend (AWS NLB fails open). */
  readonly failOpen: boolean;
  /**
   * The instance carrying client traffic (index into plan.lbComps): the VIP holder
   * (keepalived) or the single instance while up (haproxy, cloud); -1 while none does,
   * and always -1 for `none`, which has no instance (apiUp reads plan.directHost).
   */
  holder = 0;
  /** Host the active instance runs on; -1 when it reaches every group (cloud, none). */
  activeHost = -1;
  private readonly c: ActorCtx;
  private readonly backends: readonly number[];
  private readonly instHosts: readonly number[];
  private readonly instOfHost: Int32Array;
  private readonly fallMs: number;
  private readonly riseMs: number;
  private readonly http: boolean;
  private readonly timers: (Timer<ModelEvent> | null)[];
  private readonly hcEv: ModelEvent[];
  private vipTimer: Timer<ModelEvent> | null = null;
  private readonly vipEv: ModelEvent = { kind: 'vip-failover' };

  constructor(c: ActorCtx) {
    this.c = c;
    const p = c.plan;
    const lb = p.scenario.topology.loadBalancer;
    this.kind = lb.kind;
    this.failOpen = lb.failOpen === true;
    this.backends = p.procHosts.apiserver;
    this.instHosts = p.lbHosts;
    this.instOfHost = new Int32Array(p.hosts.length).fill(-1);
    p.lbHosts.forEach((h, i) => {
      if (h >= 0) this.instOfHost[h] = i;
    });
    const hc = lb.healthCheck;
    this.http = hc === null || hc.kind === 'http';
    this.fallMs = hc === null ? 0 : hc.fall * hc.intervalMs;
    this.riseMs = hc === null ? 0 : hc.rise * hc.intervalMs;
    const n = p.hosts.length;
    this.sig = new Uint8Array(n);
    this.routed = new Uint8Array(n);
    this.ok = new Uint8Array(n);
    this.timers = new Array<null>(n).fill(null);
    this.hcEv = p.hosts.map((_, host) => ({ kind: 'health-check', host }));
    if (this.kind === 'none' || p.lbComps.length === 0) this.holder = -1;
    this.activeHost = this.kind === 'haproxy' || this.kind === 'keepalived' ? (p.lbHosts[0] ?? -1) : -1;
    for (const h of this.backends) {
      const ready = c.api.ready[h]!;
      this.sig[h] = this.http ? ready : c.api.running[h]!;
      this.routed[h] = this.sig[h]!;
      this.ok[h] = ready;
      this.nRouted += this.routed[h]!;
      this.nRoutedOk += this.routed[h]! & ready;
      this.nOk += ready;
    }
  }

  /** Is the API SLI up now? */
  apiUp(): boolean {
    if (this.kind === 'none') {
      const d = this.c.plan.directHost;
      return d >= 0 && this.c.api.ready[d] === 1;
    }
    if (this.holder < 0) return false;
    return this.nRouted === 0 && this.failOpen ? this.nOk > 0 : this.nRoutedOk > 0;
  }

  /** The share of single-shot requests that succeed now (SPEC §5 `requestSuccess`). */
  share(): number {
    if (this.kind === 'none') return this.apiUp() ? 1 : 0;
    if (this.holder < 0) return 0;
    if (this.nRouted === 0) return this.failOpen ? this.nOk / this.backends.length : 0;
    return this.nRoutedOk / this.nRouted;
  }

  /** Issue 16: how many backends the requests are spread over (the direct host, the routed ones, or all when failing open). */
  spread(): number {
    if (this.kind === 'none') return 1;
    return this.nRouted === 0 && this.failOpen ? this.backends.length : this.nRouted;
  }

  private reach(h: number): boolean {
    const a = this.activeHost;
    return a < 0 || this.c.group[a] === this.c.group[h];
  }

  /** The apiserver on h changed running or ready (or its reachability changed). */
  backendChanged(h: number): void {
    if (this.kind === 'none') return;
    const c = this.c;
    const r = this.reach(h) ? 1 : 0;
    const ok = c.api.ready[h]! & r;
    if (ok !== this.ok[h]) {
      this.ok[h] = ok;
      this.nOk += ok === 1 ? 1 : -1;
      if (this.routed[h] === 1) this.nRoutedOk += ok === 1 ? 1 : -1;
    }
    const s = (this.http ? c.api.ready[h]! : c.api.running[h]!) & r;
    if (s === this.sig[h]) return;
    this.sig[h] = s;
    const t = this.timers[h];
    if (t != null) c.sim.cancel(t);
    this.timers[h] = s === this.routed[h] ? null : c.sim.schedule(s === 1 ? this.riseMs : this.fallMs, this.hcEv[h]!);
  }

  /** Fall or rise count reached: the backend on h leaves or rejoins the rotation. */
  onHealthCheck(h: number): void {
    const c = this.c;
    this.timers[h] = null;
    const s = this.sig[h]!;
    this.routed[h] = s;
    this.nRouted += s === 1 ? 1 : -1;
    if (this.ok[h] === 1) this.nRoutedOk += s === 1 ? 1 : -1;
    c.loadBalancerChanged(h);
    if (c.tracing) {
      const name = c.plan.hosts[h]!;
      const what = s === 1 ? 'back in rotation' : 'removed from rotation';
      const kind = this.http ? 'http' : 'tcp';
      c.narrate('health-check', `apiserver/${name}`, `LB ${kind} check: apiserver on ${name} ${what} (${this.nRouted} routed)`);
    }
  }

  /** Every backend's view may have changed (partition, VIP moved). */
  recomputeAll(): void {
    for (const h of this.backends) this.backendChanged(h);
  }

  /** The `load-balancer` process on host h changed. */
  hostInstanceChanged(h: number): void {
    const i = this.instOfHost[h]!;
    if (i >= 0) this.instanceChanged(i);
  }

  private instanceUp(i: number): boolean {
    const c = this.c;
    const h = this.instHosts[i]!;
    if (h < 0) return c.causes[c.plan.lbComps[i]!] === 0;
    return c.procUp['load-balancer'][h] === 1;
  }

  /** LB instance i went up or down. */
  instanceChanged(i: number): void {
    const up = this.instanceUp(i);
    if (this.kind !== 'keepalived') {
      const holder = up ? 0 : -1;
      if (holder !== this.holder) {
        this.holder = holder;
        this.c.loadBalancerChanged(-1);
      }
      return;
    }
    const c = this.c;
    if (up) {
      // A returning instance preempts only if it is the best live one in its partition
      // group: under a live higher-priority master it hears, it stays backup.
      if (this.holder > i && this.firstLiveIn(c.group[this.instHosts[i]!]!) === i) {
        if (c.tracing) c.note(`VIP moves to ${c.plan.hosts[this.instHosts[i]!]} (higher priority)`);
        this.setHolder(i);
      } else if (this.holder < 0 && this.vipTimer === null) {
        this.vipTimer = c.sim.schedule(c.timing.loadBalancer.vipFailoverMs, this.vipEv);
      }
    } else if (i === this.holder) {
      if (c.tracing) c.note(`VIP lost with ${c.plan.hosts[this.instHosts[i]!]}`);
      this.setHolder(-1);
      if (this.vipTimer === null) this.vipTimer = c.sim.schedule(c.timing.loadBalancer.vipFailoverMs, this.vipEv);
    }
  }

  /**
   * The partition changed. keepalived instances cut off from the VIP holder stop hearing
   * its adverts and claim the VIP after vipFailover (split brain); clients sit outside the
   * partition and follow the latest gratuitous ARP, so the VIP moves to the new master.
   * On heal the first live instance's adverts reach everyone and it holds the VIP at once.
   */
  onPartitionChanged(): void {
    const c = this.c;
    if (this.kind === 'keepalived') {
      if (!c.partitioned) {
        const first = this.firstLive(-1);
        if (first >= 0 && first !== this.holder) {
          if (c.tracing) c.note(`VIP back on ${c.plan.hosts[this.instHosts[first]!]} (highest priority)`);
          this.setHolder(first);
        }
      } else if (this.holder >= 0) {
        // One partition replacing another can put the holder back in a group with a live
        // instance of higher priority: its adverts reach the holder, which yields at once
        // (the same preemption as on heal). Without this a claimed VIP stayed on a backup
        // that hears a better master.
        const top = this.firstLiveIn(c.group[this.activeHost]!);
        if (top >= 0 && top < this.holder) {
          if (c.tracing) c.note(`VIP back on ${c.plan.hosts[this.instHosts[top]!]} (higher priority in its partition group)`);
          this.setHolder(top);
        }
        if (this.firstLive(c.group[this.activeHost]!) >= 0 && this.vipTimer === null) {
          this.vipTimer = c.sim.schedule(c.timing.loadBalancer.vipFailoverMs, this.vipEv);
        }
      }
    }
    this.recomputeAll();
  }

  /** First live instance (priority order) outside partition group `notGroup` (-1: any). */
  private firstLive(notGroup: number): number {
    for (let i = 0; i < this.instHosts.length; i++) {
      if (notGroup >= 0 && this.c.group[this.instHosts[i]!] === notGroup) continue;
      if (this.instanceUp(i)) return i;
    }
    return -1;
  }

  /** First live instance (priority order) inside partition group `group`, or -1. */
  private firstLiveIn(group: number): number {
    for (let i = 0; i < this.instHosts.length; i++) {
      if (this.c.group[this.instHosts[i]!] === group && this.instanceUp(i)) return i;
    }
    return -1;
  }

  /** keepalived backups' master-down timer expired: the first live instance takes the VIP. */
  onVipFailover(): void {
    const c = this.c;
    this.vipTimer = null;
    if (this.holder >= 0) {
      if (!c.partitioned) return;
      const j = this.firstLive(c.group[this.activeHost]!);
      if (j < 0) return;
      if (c.tracing) {
        const name = c.plan.hosts[this.instHosts[j]!]!;
        c.narrate('vip-failover', `lb/${name}`, `keepalived on ${name} hears no master across the partition and claims the VIP; clients follow it`);
      }
      this.setHolder(j);
      return;
    }
    for (let i = 0; i < this.instHosts.length; i++) {
      if (!this.instanceUp(i)) continue;
      if (c.tracing) c.narrate('vip-failover', `lb/${c.plan.hosts[this.instHosts[i]!]}`, `keepalived: VIP moves to ${c.plan.hosts[this.instHosts[i]!]}`);
      this.setHolder(i);
      return;
    }
  }

  private setHolder(i: number): void {
    this.holder = i;
    this.c.loadBalancerChanged(-1);
    if (i < 0) return;
    const h = this.instHosts[i]!;
    if (h === this.activeHost) return;
    this.activeHost = h;
    this.recomputeAll();
  }
}
