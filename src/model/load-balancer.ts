/**
 * The client endpoint (docs/spec.md §5, facts §5).
 * - `none`: clients use the direct host's apiserver; the API is up iff it is ready.
 * - `haproxy`: one instance on host lb-1; it reaches the backends of its own partition group.
 * - `keepalived`: haproxy + keepalived on each control-plane host sharing a VIP. The VIP
 *   is held by the first live instance in host order (priorities). When the holder dies
 *   the backups' master-down timer (`vipFailover` = 3 x advert_int + skew, RFC 5798)
 *   runs from the last advert they heard, sent up to `advertInterval` before the fault:
 *   the takeover comes U(vipFailover - advertInterval, vipFailover] after it (facts §10),
 *   and the VIP goes to the first live instance then. A returning instance with a higher
 *   priority than the holder preempts it after its own master-down timer (`vipFailover`
 *   from its start); the holder serves meanwhile, so there is no gap.
 *   Partitions: with `splitBrain: false` (default) clients sit with the partition group
 *   holding a strict majority of the instances; an isolated backup's claim reaches no
 *   client, and a holder cut off from that group loses the VIP to it. With `splitBrain:
 *   true` clients reach every group and follow the newest claim. A changed partition
 *   restarts the master-down timer.
 * - `cloud`: one managed instance outside the zones that reaches every group.
 * Health checks: `http` (/healthz) sees readiness, `tcp` only the listening process. Each
 * backend is probed every `interval` on its own phase (drawn once per replication); a
 * backend is removed at the `fall`-th failing probe after its check starts failing and
 * restored at the `rise`-th passing one: U((fall-1) x interval, fall x interval] and
 * U((rise-1) x interval, rise x interval] after the change (facts §10); a flap that ends
 * before that changes nothing. One check state per backend, as seen from the active
 * instance.
 *
 * Kept incrementally: routed backends and routed backends that are ready and reachable.
 */
import type { RandomStream, Timer } from '../engine/index.ts';
import type { LoadBalancerKind } from '../scenario/types.ts';
import type { ActorCtx } from './actor-ctx.ts';
import type { ModelEvent } from './events.ts';
import { trialsToRun } from './run-length.ts';
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
  /** docs/model.md: per host, the apiserver's hung connections while ok (else 0); their sums over ok and routed-ok backends. */
  private readonly hungOf: Int32Array;
  /**
   * docs/model.md, readiness flapping: per host, the probability that one http check fails while the
   * backend is ready but its /readyz etcd check lands on a member cut off from the leader's
   * peer group (cut / listed); 0 when not flapping.
   */
  private readonly flap: Float64Array;
  private flapRng: RandomStream | null = null;
  /** `timing.apiserver.etcdCheckFailures: independent`. */
  private readonly independentChecks: boolean;
  private hungOk = 0;
  private hungRoutedOk = 0;
  /** docs/scenario-format.md: with no backend routed, send to every backend (AWS NLB fails open). */
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
  /** Probe interval (ms) and the probes before removal / restore. */
  private readonly intervalMs: number;
  private readonly fall: number;
  private readonly rise: number;
  /** Per host: the probe phase in [0, interval), so probes run at phase + k x interval. */
  private readonly phaseMs: Float64Array;
  private readonly http: boolean;
  private readonly timers: (Timer<ModelEvent> | null)[];
  private readonly hcEv: ModelEvent[];
  private vipTimer: Timer<ModelEvent> | null = null;
  private readonly vipEv: ModelEvent = { kind: 'vip-failover' };
  /** Per instance: 1 while a returned instance waits out its master-down timer to preempt. */
  readonly preempting: Uint8Array;
  private readonly preemptTimers: (Timer<ModelEvent> | null)[];
  private readonly preemptEv: ModelEvent[];
  /** The partition group clients sit in (splitBrain off), or -1 when they reach every group. */
  private clientGroup = -1;
  private rng: RandomStream | null = null;

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
    this.intervalMs = hc === null ? 0 : hc.intervalMs;
    this.fall = hc === null ? 0 : hc.fall;
    this.rise = hc === null ? 0 : hc.rise;
    const n = p.hosts.length;
    this.phaseMs = new Float64Array(n);
    if (this.intervalMs > 0) {
      const rng = c.streams.stream('protocol/lb-check-phase');
      for (const h of this.backends) this.phaseMs[h] = this.intervalMs * rng.next();
    }
    const m = p.lbHosts.length;
    this.preempting = new Uint8Array(m);
    this.preemptTimers = new Array<null>(m).fill(null);
    this.preemptEv = p.lbHosts.map((_, inst) => ({ kind: 'vip-preempt', inst }));
    this.sig = new Uint8Array(n);
    this.routed = new Uint8Array(n);
    this.ok = new Uint8Array(n);
    this.hungOf = new Int32Array(n);
    this.flap = new Float64Array(n);
    this.independentChecks = c.timing.apiserver.etcdCheckFailures === 'independent';
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

  /**
   * The share of single-shot requests that succeed now (docs/spec.md §5 `requestSuccess`): sent to
   * a ready backend and not hung on a lost etcd member (docs/model.md).
   */
  share(): number {
    return this.readyShare() - this.hungShare();
  }

  /** The share of requests sent to a ready backend (hung ones included). */
  readyShare(): number {
    if (this.kind === 'none') return this.apiUp() ? 1 : 0;
    if (this.holder < 0) return 0;
    if (this.nRouted === 0) return this.failOpen ? this.nOk / this.backends.length : 0;
    return this.nRoutedOk / this.nRouted;
  }

  /**
   * docs/model.md: the share of requests that hang on a ready backend's lost etcd connection
   * (1/k of that backend's share per lost member).
   */
  hungShare(): number {
    const k = this.c.api.listed;
    if (k === 0) return 0;
    if (this.kind === 'none') {
      const d = this.c.plan.directHost;
      return this.apiUp() ? (this.c.api.hung[d]! + this.c.api.cut[d]!) / k : 0;
    }
    if (this.holder < 0) return 0;
    if (this.nRouted === 0) return this.failOpen ? this.hungOk / k / this.backends.length : 0;
    return this.hungRoutedOk / k / this.nRouted;
  }

  /**
   * docs/scenario-format.md: how many backends the requests are spread over (the direct host,
   * the routed ones, or all when failing open).
   */
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
    const hung = ok === 1 ? c.api.hung[h]! + c.api.cut[h]! : 0;
    if (hung !== this.hungOf[h]) {
      const d = hung - this.hungOf[h]!;
      this.hungOf[h] = hung;
      this.hungOk += d;
      if (this.routed[h] === 1) this.hungRoutedOk += d;
    }
    const s = (this.http ? c.api.ready[h]! : c.api.running[h]!) & r;
    const cut = c.api.cut[h]!;
    // docs/model.md, readiness flapping: round robin (the default, measured) fails fewer than `fall`
    // checks in a row while fewer than `fall` members are cut; independent checks flap.
    const flaps = this.independentChecks || cut >= this.fall;
    const p = this.http && s === 1 && cut > 0 && flaps ? cut / c.api.listed : 0;
    if (s === this.sig[h] && p === this.flap[h]) return;
    this.sig[h] = s;
    this.flap[h] = p;
    const t = this.timers[h];
    if (t != null) c.sim.cancel(t);
    if (p > 0) this.timers[h] = this.scheduleFlap(h);
    else
      this.timers[h] =
        s === this.routed[h]
          ? null
          : c.sim.schedule(this.detectionMs(h, s === 1 ? this.rise : this.fall), this.hcEv[h]!);
  }

  /**
   * docs/model.md, readiness flapping: a flapping backend's next transition, at the probe that
   * completes `fall` failures in a row (routed) or `rise` passes in a row (not routed),
   * each probe failing independently with probability flap[h]. Only the transitions are
   * events; the probe count is drawn by run lengths (run-length.ts).
   */
  private scheduleFlap(h: number): Timer<ModelEvent> {
    if (this.flapRng === null) this.flapRng = this.c.streams.stream('protocol/lb-check-flap');
    const p = this.flap[h]!;
    const n =
      this.routed[h] === 1 ? trialsToRun(this.flapRng, p, this.fall) : trialsToRun(this.flapRng, 1 - p, this.rise);
    return this.c.sim.schedule(this.detectionMs(h, n), this.hcEv[h]!);
  }

  /**
   * Time from now to the `count`-th probe of backend h strictly after now: probes run at
   * phase + k x interval, so this is U((count-1) x interval, count x interval] over phases.
   */
  private detectionMs(h: number, count: number): number {
    const i = this.intervalMs;
    if (i <= 0) return 0;
    const now = this.c.nowMs;
    const phase = this.phaseMs[h]!;
    let next = phase + (Math.floor((now - phase) / i) + 1) * i;
    if (next <= now) next += i; // rounding at an exact multiple
    return next - now + (count - 1) * i;
  }

  /** Fall or rise count reached: the backend on h leaves or rejoins the rotation. */
  onHealthCheck(h: number): void {
    const c = this.c;
    this.timers[h] = null;
    const flapping = this.flap[h]! > 0;
    const s = flapping ? 1 - this.routed[h]! : this.sig[h]!;
    this.routed[h] = s;
    this.nRouted += s === 1 ? 1 : -1;
    if (this.ok[h] === 1) this.nRoutedOk += s === 1 ? 1 : -1;
    this.hungRoutedOk += s === 1 ? this.hungOf[h]! : -this.hungOf[h]!;
    c.loadBalancerChanged(h);
    if (c.tracing) {
      const name = c.plan.hosts[h]!;
      const what =
        (s === 1 ? 'back in rotation' : 'removed from rotation') +
        (flapping ? ` (flapping: its /readyz etcd check lands on a member without a leader)` : '');
      const kind = this.http ? 'http' : 'tcp';
      c.narrate(
        'health-check',
        `apiserver/${name}`,
        `LB ${kind} check: apiserver on ${name} ${what} (${this.nRouted} routed)`,
      );
    }
    if (flapping) this.timers[h] = this.scheduleFlap(h);
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
      // A returning instance starts as backup and ignores a lower-priority holder's adverts:
      // it preempts only after its own master-down timer (a better instance may take the
      // VIP first; then it stays backup).
      if (this.holder > i && this.canServe(i)) {
        this.startPreempt(i);
      } else if (this.holder < 0 && this.vipTimer === null) {
        this.vipTimer = c.sim.schedule(c.timing.loadBalancer.vipFailoverMs, this.vipEv);
      }
      return;
    }
    this.stopPreempt(i);
    if (i === this.holder) {
      if (c.tracing) c.note(`VIP lost with ${c.plan.hosts[this.instHosts[i]!]}`);
      this.setHolder(-1);
      if (this.vipTimer === null) this.vipTimer = c.sim.schedule(this.takeoverMs(), this.vipEv);
    }
  }

  /** Backups' takeover delay: the master-down interval counted from the last advert, U(vipFailover - advertInterval, vipFailover]. */
  private takeoverMs(): number {
    const t = this.c.timing.loadBalancer;
    if (t.advertIntervalMs <= 0) return t.vipFailoverMs;
    if (this.rng === null) this.rng = this.c.streams.stream('protocol/keepalived-advert');
    return t.vipFailoverMs - t.advertIntervalMs * this.rng.next();
  }

  private startPreempt(i: number): void {
    if (this.preemptTimers[i] !== null) return;
    this.preempting[i] = 1;
    this.preemptTimers[i] = this.c.sim.schedule(this.c.timing.loadBalancer.vipFailoverMs, this.preemptEv[i]!);
  }

  private stopPreempt(i: number): void {
    const t = this.preemptTimers[i];
    if (t == null) return;
    this.c.sim.cancel(t);
    this.preemptTimers[i] = null;
    this.preempting[i] = 0;
  }

  /** Can clients reach instance i's claim of the VIP (its group is the clients' one, or clients reach every group)? */
  private canServe(i: number): boolean {
    return this.clientGroup < 0 || this.c.group[this.instHosts[i]!] === this.clientGroup;
  }

  /** Instance i's own master-down timer expired: it becomes master and takes the VIP from a lower-priority holder. */
  onVipPreempt(i: number): void {
    const c = this.c;
    this.preemptTimers[i] = null;
    this.preempting[i] = 0;
    if (!this.instanceUp(i) || !this.canServe(i)) return;
    if (this.holder >= 0 && this.holder < i) return;
    // It hears a live higher-priority instance of its own group: that one is master, it stays backup.
    if (this.firstLiveIn(c.group[this.instHosts[i]!]!) !== i) return;
    if (c.tracing) {
      const name = c.plan.hosts[this.instHosts[i]!]!;
      c.narrate(
        'vip-failover',
        `lb/${name}`,
        `keepalived on ${name}: master-down timer expired, VIP moves to ${name} (higher priority)`,
      );
    }
    this.setHolder(i);
  }

  /**
   * The partition changed. Each instance restarts its master-down timer from the adverts
   * it last heard (up to advertInterval before the change). With `splitBrain` off, clients
   * sit with the group holding a strict majority of the instances (with none, with the
   * holder): an isolated backup's claim reaches no client, and a holder outside that group
   * loses the VIP, which the best live instance there claims after its timer. With
   * `splitBrain` on, clients reach every group and follow the newest claim: instances cut
   * off from the holder claim the VIP after their timer. On heal the first live
   * instance's adverts reach everyone and it holds the VIP at once.
   */
  onPartitionChanged(): void {
    if (this.kind === 'keepalived') {
      if (!this.c.partitioned) this.onHeal();
      else this.onRegroup();
    }
    this.recomputeAll();
  }

  private onHeal(): void {
    const c = this.c;
    this.clientGroup = -1;
    const first = this.firstLive(-1);
    if (first >= 0 && first !== this.holder) {
      if (c.tracing) c.note(`VIP back on ${c.plan.hosts[this.instHosts[first]!]} (highest priority)`);
      this.setHolder(first);
    }
    if (this.holder >= 0) this.cancelVipTimer();
  }

  private onRegroup(): void {
    const c = this.c;
    this.clientGroup = c.timing.loadBalancer.splitBrain ? -1 : this.majorityGroup();
    if (this.holder < 0) {
      // No master sends adverts: the backups' timers keep running from the holder's loss.
      if (this.vipTimer === null && this.firstClaimant() >= 0)
        this.vipTimer = c.sim.schedule(this.takeoverMs(), this.vipEv);
      return;
    }
    // One partition replacing another can put the holder back in a group with a live
    // instance of higher priority: its adverts reach the holder, which yields at once.
    const top = this.firstLiveIn(c.group[this.instHosts[this.holder]!]!);
    if (top >= 0 && top < this.holder) {
      if (c.tracing)
        c.note(`VIP back on ${c.plan.hosts[this.instHosts[top]!]} (higher priority in its partition group)`);
      this.setHolder(top);
    }
    this.cancelVipTimer();
    if (!this.canServe(this.holder)) {
      if (c.tracing) c.note(`VIP on ${c.plan.hosts[this.instHosts[this.holder]!]} cut off from the clients`);
      this.setHolder(-1);
      if (this.firstClaimant() >= 0) this.vipTimer = c.sim.schedule(this.takeoverMs(), this.vipEv);
    } else if (this.clientGroup < 0 && this.firstLive(c.group[this.activeHost]!) >= 0) {
      this.vipTimer = c.sim.schedule(this.takeoverMs(), this.vipEv);
    }
  }

  private cancelVipTimer(): void {
    if (this.vipTimer === null) return;
    this.c.sim.cancel(this.vipTimer);
    this.vipTimer = null;
  }

  /**
   * The partition group with a strict majority of the instances; with none, the holder's
   * group (clients stay where the VIP is); -1 when neither exists.
   */
  private majorityGroup(): number {
    const c = this.c;
    const n = this.instHosts.length;
    for (let g = 0; g < c.groupCount; g++) {
      let k = 0;
      for (let i = 0; i < n; i++) if (c.group[this.instHosts[i]!] === g) k++;
      if (2 * k > n) return g;
    }
    return this.holder >= 0 ? c.group[this.instHosts[this.holder]!]! : -1;
  }

  /** First live instance (priority order) clients can reach, or -1. */
  private firstClaimant(): number {
    for (let i = 0; i < this.instHosts.length; i++) if (this.instanceUp(i) && this.canServe(i)) return i;
    return -1;
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

  /** keepalived backups' master-down timer expired: the first live instance clients reach takes the VIP. */
  onVipFailover(): void {
    const c = this.c;
    this.vipTimer = null;
    if (this.holder >= 0) {
      // Split brain: an instance cut off from the holder claims the VIP; clients follow it.
      if (!c.partitioned || this.clientGroup >= 0) return;
      const j = this.firstLive(c.group[this.activeHost]!);
      if (j < 0) return;
      if (c.tracing) {
        const name = c.plan.hosts[this.instHosts[j]!]!;
        c.narrate(
          'vip-failover',
          `lb/${name}`,
          `keepalived on ${name} hears no master across the ` + `partition and claims the VIP; clients follow it`,
        );
      }
      this.setHolder(j);
      return;
    }
    const i = this.firstClaimant();
    if (i < 0) return;
    if (c.tracing)
      c.narrate(
        'vip-failover',
        `lb/${c.plan.hosts[this.instHosts[i]!]}`,
        `keepalived: VIP moves to ` + `${c.plan.hosts[this.instHosts[i]!]}`,
      );
    this.setHolder(i);
  }

  private setHolder(i: number): void {
    this.holder = i;
    this.c.loadBalancerChanged(-1);
    if (i < 0) return;
    this.stopPreempt(i);
    const h = this.instHosts[i]!;
    if (h === this.activeHost) return;
    this.activeHost = h;
    this.recomputeAll();
  }
}
