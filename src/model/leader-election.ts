/**
 * Lease-based leader election of kube-controller-manager and kube-scheduler (docs/spec.md §5,
 * facts §3, client-go `leaderelection.go`). One instance per host running the process,
 * each talking to its own host's apiserver (kubeadm's controller-manager.conf).
 * - The holder renews while it is up and its apiserver is ready (renewals every
 *   retryPeriod are modelled as continuous: the last renewal is the moment it could no
 *   longer renew).
 * - A holder that cannot renew for `renewDeadline` stops leading (the process exits and
 *   the kubelet restarts it as a candidate); a holder whose process dies loses the lease
 *   at once (a restarted process has a new identity).
 * - The lease expires `leaseDuration` after the last renewal as each candidate saw it:
 *   client-go judges expiry by the candidate's local observation time of the record
 *   (facts §3). A candidate that watched the record while it last changed expires it at
 *   lastRenew + leaseDuration; one that (re)started since, or that could not read the
 *   record (its apiserver not ready) while it changed, observes it afresh when it can read
 *   again and waits a full leaseDuration from then. A candidate that is up, whose own
 *   apiserver is ready and whose local expiry has passed takes it at its next attempt. Attempts run in a loop
 *   every retryPeriod x U[1, 2.2) (JitterFactor 1.2) that was already running, so the
 *   wait from expiry to a candidate's next attempt is that loop's forward recurrence
 *   time; the first candidate to attempt wins.
 * Kept incrementally: the number of eligible candidates.
 */
import type { RandomStream, Timer } from '../engine/index.ts';
import { formatMsAsSeconds as sec } from '../units/format.ts';
import type { ActorCtx } from './actor-ctx.ts';
import type { LeaseKind, ModelEvent } from './events.ts';
import type { LeaseRole, LeaseView, ReadonlyNumbers } from './view.ts';
import { assertNever } from '../engine/assert-never.ts';

/** client-go's JitterFactor for acquire attempts. */
export const RETRY_JITTER = 1.2;

/**
 * A draw of the forward recurrence time of a renewal process whose gaps are
 * U[a, (1 + jitter) a): pick a gap length-biased (density ∝ x), then a uniform point in it.
 */
export function residualRetryMs(retryPeriodMs: number, rng: RandomStream): number {
  if (retryPeriodMs <= 0) return 0;
  const a = retryPeriodMs;
  const b = retryPeriodMs * (1 + RETRY_JITTER);
  const gap = Math.sqrt(a * a + rng.next() * (b * b - a * a));
  return gap * rng.next();
}

/** The lease of one leader-elected controller. */
export class LeaderElection implements LeaseView {
  readonly kind: LeaseKind;
  /** The lease's role state; changed only by the become* transitions. */
  role: LeaseRole;
  /** Host of the lease holder (it believes it leads: role renewing or stalled), or -1. */
  holder: number;
  /** Time of the holder's last renewal (valid while not renewing). */
  lastRenewMs = 0;
  /** Per host: 1 when the instance is up and its own apiserver ready. */
  readonly eligible: Uint8Array;
  nEligible = 0;
  private readonly c: ActorCtx;
  private readonly hosts: readonly number[];
  private stepDownTimer: Timer<ModelEvent> | null = null;
  private expiryTimer: Timer<ModelEvent> | null = null;
  private attemptTimer: Timer<ModelEvent> | null = null;
  private winner = -1;
  private rng: RandomStream | null = null;
  private readonly ev: Readonly<Record<'stepDown' | 'expiry' | 'attempt', ModelEvent>>;
  /** This controller's rows of the cluster's per-kind tables (looked up once, not per event). */
  private readonly procUp: ReadonlyNumbers;
  private readonly procComp: Int32Array;
  /** Last change of the lease record other than continuous renewal (acquire, last renewal). */
  private recordMs = 0;
  /** Per host: since when the candidate has watched the record without a gap. */
  private readonly seenFrom: Float64Array;
  /** Per host: when the candidate last stopped reading the record. */
  private readonly lastSeen: Float64Array;
  /** Per host: the process state at the last update (to see a restart). */
  private readonly wasUp: Uint8Array;

  constructor(c: ActorCtx, kind: LeaseKind) {
    this.c = c;
    this.kind = kind;
    this.hosts = c.plan.procHosts[kind];
    this.procUp = c.procUp[kind];
    this.procComp = c.plan.procComp[kind];
    this.holder = this.hosts[0] ?? -1;
    this.eligible = new Uint8Array(c.plan.hosts.length);
    this.seenFrom = new Float64Array(c.plan.hosts.length);
    this.lastSeen = new Float64Array(c.plan.hosts.length);
    this.wasUp = new Uint8Array(c.plan.hosts.length).fill(1);
    for (const h of this.hosts) {
      this.eligible[h] = c.api.ready[h]!;
      this.nEligible += this.eligible[h]!;
    }
    this.role = this.holder < 0 ? 'expired' : this.eligible[this.holder] === 1 ? 'renewing' : 'stalled';
    this.ev = {
      stepDown: { kind: 'lease-step-down', lease: kind },
      expiry: { kind: 'lease-expiry', lease: kind },
      attempt: { kind: 'lease-attempt', lease: kind },
    };
  }

  /** Starts the timers of a start state where the holder cannot renew (custom topologies). */
  start(): void {
    if (this.role === 'stalled') {
      this.role = 'renewing';
      this.updateHolder(this.holder, false);
    } else if (this.role === 'expired') {
      this.scheduleAttempt();
    }
  }

  /** True while the holder renews (its process up and its apiserver ready): the SLI. */
  get renewing(): boolean {
    return this.role === 'renewing';
  }

  /** True once the lease has expired with no holder: candidates may take it. */
  get expired(): boolean {
    return this.role === 'expired';
  }

  /** The SLI: a holder is up and its apiserver is ready. */
  up(): boolean {
    return this.role === 'renewing';
  }

  /** Holder h renews the lease (acquired, or able to renew again). */
  private becomeRenewing(h: number): void {
    this.recordMs = this.c.nowMs;
    this.role = 'renewing';
    this.holder = h;
    this.c.leaseChanged(this.kind);
  }

  /** The holder can no longer renew: its last renewal is now. */
  private becomeStalled(): void {
    this.role = 'stalled';
    this.lastRenewMs = this.c.nowMs;
    this.recordMs = this.c.nowMs;
    this.c.leaseChanged(this.kind);
  }

  /** No one leads; the lease runs until lastRenewMs + leaseDuration. */
  private becomeVacant(): void {
    if (this.role === 'renewing') this.lastRenewMs = this.recordMs = this.c.nowMs;
    this.role = 'vacant';
    this.holder = -1;
    this.c.leaseChanged(this.kind);
  }

  /** The lease has expired: free for the first candidate to attempt. */
  private becomeExpired(): void {
    this.role = 'expired';
    this.holder = -1;
    this.c.leaseChanged(this.kind);
  }

  private name(h: number): string {
    return this.c.plan.hosts[h]!;
  }

  /** The instance on h, or its apiserver, changed. */
  update(h: number): void {
    const c = this.c;
    if (this.procComp[h]! < 0) return;
    const e = this.procUp[h]! & c.api.ready[h]!;
    if (e !== this.eligible[h]) {
      this.eligible[h] = e;
      this.nEligible += e === 1 ? 1 : -1;
      if (e === 0) this.lastSeen[h] = c.nowMs;
      else if (this.wasUp[h] === 0 || this.recordChangedMs() > this.lastSeen[h]!) this.seenFrom[h] = c.nowMs;
    }
    this.wasUp[h] = this.procUp[h]!;
    if (h === this.holder) this.updateHolder(h, e === 1);
    else if (e === 1) this.candidateReady(h);
    else if (h === this.winner && this.attemptTimer !== null) {
      c.sim.cancel(this.attemptTimer);
      this.attemptTimer = null;
      this.scheduleAttempt();
    }
  }

  private updateHolder(h: number, canRenew: boolean): void {
    const c = this.c;
    const s = this.c.timing.leaderElection;
    if (this.procUp[h] === 0) {
      this.becomeVacant();
      this.cancelStepDown();
      this.scheduleExpiry();
      if (c.tracing)
        c.note(
          `${this.kind} leader ${this.name(h)} gone; lease expires ` +
            `${sec(this.lastRenewMs + s.leaseDurationMs - c.nowMs)} later`,
        );
    } else if (canRenew && this.role === 'stalled') {
      this.becomeRenewing(h);
      this.cancelStepDown();
      if (this.expiryTimer !== null) c.sim.cancel(this.expiryTimer);
      this.expiryTimer = null;
      if (c.tracing) c.note(`${this.kind} leader ${this.name(h)} renews its lease again`);
    } else if (!canRenew && this.role === 'renewing') {
      this.becomeStalled();
      // client-go requires renewDeadline < leaseDuration; clamp so the holder always steps down first.
      this.stepDownTimer = c.sim.schedule(Math.min(s.renewDeadlineMs, s.leaseDurationMs), this.ev.stepDown);
      this.scheduleExpiry();
      if (c.tracing)
        c.note(`${this.kind} leader ${this.name(h)} cannot renew its lease (apiserver on ${this.name(h)} not ready)`);
    }
  }

  private cancelStepDown(): void {
    if (this.stepDownTimer !== null) this.c.sim.cancel(this.stepDownTimer);
    this.stepDownTimer = null;
  }

  private scheduleExpiry(): void {
    if (this.expiryTimer !== null || this.expired) return;
    const at = this.lastRenewMs + this.c.timing.leaderElection.leaseDurationMs;
    this.expiryTimer = this.c.sim.scheduleAt(Math.max(at, this.c.nowMs), this.ev.expiry);
  }

  /** The last change of the record (now while the holder renews). */
  private recordChangedMs(): number {
    return this.role === 'renewing' ? this.c.nowMs : this.recordMs;
  }

  /** When candidate h judges the lease expired: leaseDuration after its own observation of the record. */
  localExpiryMs(h: number): number {
    return Math.max(this.seenFrom[h]!, this.recordChangedMs()) + this.c.timing.leaderElection.leaseDurationMs;
  }

  private candidateReady(h: number): void {
    if (this.role !== 'expired') return;
    const at =
      Math.max(this.c.nowMs, this.localExpiryMs(h)) +
      residualRetryMs(this.c.timing.leaderElection.retryPeriodMs, this.stream());
    if (this.attemptTimer !== null && this.attemptTimer.timeMs <= at) return;
    if (this.attemptTimer !== null) this.c.sim.cancel(this.attemptTimer);
    this.winner = h;
    this.attemptTimer = this.c.sim.scheduleAt(at, this.ev.attempt);
  }

  /** Each eligible candidate draws its next attempt; the earliest is scheduled. */
  private scheduleAttempt(): void {
    if (this.role !== 'expired' || this.nEligible === 0 || this.attemptTimer !== null) return;
    const retry = this.c.timing.leaderElection.retryPeriodMs;
    let best = Infinity;
    let who = -1;
    for (const h of this.hosts) {
      if (this.eligible[h] === 0) continue;
      const r = Math.max(0, this.localExpiryMs(h) - this.c.nowMs) + residualRetryMs(retry, this.stream());
      if (r < best) {
        best = r;
        who = h;
      }
    }
    this.winner = who;
    this.attemptTimer = this.c.sim.schedule(best, this.ev.attempt);
  }

  private stream(): RandomStream {
    if (this.rng === null) this.rng = this.c.streams.stream(`protocol/lease/${this.kind}`);
    return this.rng;
  }

  /** A lease timer fired. */
  onTimer(kind: 'lease-step-down' | 'lease-expiry' | 'lease-attempt'): void {
    const c = this.c;
    switch (kind) {
      case 'lease-step-down': {
        this.stepDownTimer = null;
        const h = this.holder;
        this.becomeVacant();
        // The process exits and restarts: the new instance observes the record afresh.
        this.seenFrom[h] = c.nowMs;
        if (c.tracing)
          c.narrate(
            'lease-step-down',
            `${this.kind}/${this.name(h)}`,
            `${this.kind} on ` +
              `${this.name(h)} stops leading (lease not renewed for ` +
              `${sec(c.timing.leaderElection.renewDeadlineMs)}) and restarts`,
          );
        return;
      }
      case 'lease-expiry':
        this.expiryTimer = null;
        if (this.holder >= 0) throw new Error(`${this.kind} lease expired while ${this.name(this.holder)} still leads`);
        this.becomeExpired();
        if (c.tracing)
          c.narrate(
            'lease-expired',
            this.kind,
            `${this.kind} lease expires ` + `(${this.nEligible} candidate${this.nEligible === 1 ? '' : 's'} ready)`,
          );
        this.scheduleAttempt();
        return;
      case 'lease-attempt':
        this.attemptTimer = null;
        this.onAttempt();
        return;
      default:
        assertNever(kind, 'lease timer');
    }
  }

  private onAttempt(): void {
    const c = this.c;
    const w = this.winner;
    if (this.role !== 'expired') return;
    if (w < 0 || this.eligible[w] === 0) {
      this.scheduleAttempt();
      return;
    }
    this.becomeRenewing(w);
    if (c.tracing)
      c.narrate(
        'lease-acquired',
        `${this.kind}/${this.name(w)}`,
        `${this.kind} leader elected: ` + `${this.name(w)} acquires the lease`,
      );
  }
}
