/**
 * The etcd cluster as Raft sees it (docs/spec.md §5, facts §1). Voting members M, quorum
 * q = floor(|M|/2) + 1 (etcd FAQ). A leader exists only in a connected group with at
 * least q serving members (up, and past their start-up time `timing.etcd.startup`).
 * - Leader lost (down, or its group below q): writes stop at once. Every surviving
 *   follower of the quorum group last heard the leader's heartbeat at the same moment, a
 *   uniform phase within one heartbeat interval before the fault; each fires after its
 *   randomized timeout of k ticks, k uniform in [E, 2E - 1] (E = electionTimeout /
 *   heartbeatInterval, raft's `resetRandomizedElectionTimeout`). The election completes
 *   at the minimum over the survivors plus `voteRound`; the first to fire wins.
 * - A leader cut off in a minority stops committing at once but believes it leads until
 *   CheckQuorum fails: U(1, 2] election timeouts after the cut (the check runs once per
 *   election timeout). If the partition heals first and no one else was elected, it
 *   simply leads on.
 * - Quorum regained by a restarted member: `--initial-election-tick-advance` fast-forwards
 *   its ticks to E - 1, so it campaigns 1..E ticks after its start-up; the survivors'
 *   own (pre-)campaign timers keep cycling meanwhile, so each fires at a forward
 *   recurrence time of that cycle; the first of them all wins.
 * A follower's loss costs nothing while the leader's group keeps q members.
 *
 * Kept incrementally: the number of serving members per partition group.
 */
import type { RandomStream, Timer } from '../engine/index.ts';
import { quorumOf } from '../scenario/quorum.ts';
import { formatMsAsSeconds } from '../units/format.ts';
import type { ActorCtx } from './actor-ctx.ts';
import type { ModelEvent } from './events.ts';
import type { EtcdView } from './view.ts';

/** Initial Raft term: a freshly bootstrapped etcd member wins its first election at term 2. */
export const INITIAL_TERM = 2;

/** Election timing in ms: the Raft tick, E ticks per election timeout, the vote round. */
export interface ElectionClock {
  readonly electionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly voteRoundMs: number;
}

/** One election draw: the delay and which follower (0..n-1) fires first. */
export interface ElectionDraw {
  delayMs: number;
  first: number;
}

/**
 * Delay from the leader's loss to the new leader when `n` followers survive: the common
 * phase since the last heartbeat, then the minimum over the followers' randomized
 * timeouts of k ticks, k uniform in [E, 2E - 1]. Returns the delay and the index (0..n-1)
 * of the follower that fires first. The smallest uniform draw gives the smallest k, so
 * ties go uniformly at random. Writes into `out` (no allocation when one is passed).
 */
export function followerElectionDelay(
  t: ElectionClock,
  n: number,
  rng: RandomStream,
  out: ElectionDraw = { delayMs: 0, first: 0 },
): ElectionDraw {
  const hb = t.heartbeatIntervalMs;
  out.first = 0;
  out.delayMs = t.voteRoundMs;
  if (t.electionTimeoutMs <= 0 || hb <= 0 || n <= 0) return out;
  const e = Math.max(1, Math.round(t.electionTimeoutMs / hb));
  const phase = hb * rng.next();
  let best = 2;
  let first = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    if (u < best) {
      best = u;
      first = i;
    }
  }
  const k = e + Math.floor(e * best);
  out.delayMs = k * hb - phase + t.voteRoundMs;
  out.first = first;
  return out;
}

/**
 * Delay from a restarted member's start-up to its first campaign with
 * `--initial-election-tick-advance`: ticks fast-forwarded to E - 1, so it fires after
 * 1..E ticks (uniform), less its tick phase.
 */
export function advancedCampaignMs(t: ElectionClock, rng: RandomStream): number {
  const hb = t.heartbeatIntervalMs;
  if (t.electionTimeoutMs <= 0 || hb <= 0) return 0;
  const e = Math.max(1, Math.round(t.electionTimeoutMs / hb));
  return (1 + Math.floor(e * rng.next())) * hb - hb * rng.next();
}

/**
 * Forward recurrence time of a member's cycling (pre-)campaign timer: gaps of k ticks, k
 * uniform in [E, 2E - 1], treated as continuous on [E, 2E) ticks; a length-biased gap,
 * then a uniform point in it.
 */
export function cyclingCampaignMs(t: ElectionClock, rng: RandomStream): number {
  const a = t.electionTimeoutMs;
  if (a <= 0) return 0;
  const b = 2 * a;
  return Math.sqrt(a * a + rng.next() * (b * b - a * a)) * rng.next();
}

/** The etcd cluster's quorum and leader. */
export class EtcdQuorum implements EtcdView {
  /** Host of each member, in host order (member 0 = etcd on cp-1 or etcd-1). */
  readonly members: readonly number[];
  readonly q: number;
  /** Serving members per partition group. */
  readonly upInGroup: Int32Array;
  /** Per host: 1 when its member is up and past its start-up time. */
  readonly serving: Uint8Array;
  /** Leader member number, or -1. */
  leader: number;
  /** A leader cut off in a minority that has not yet stepped down (member), or -1. */
  staleLeader = -1;
  term = INITIAL_TERM;
  private timer: Timer<ModelEvent> | null = null;
  private stepDownTimer: Timer<ModelEvent> | null = null;
  /** The member whose timeout fires first in the pending election, or -1. */
  private nextWinner = -1;
  private readonly c: ActorCtx;
  private readonly electionEv: ModelEvent = { kind: 'etcd-election' };
  private readonly stepDownEv: ModelEvent = { kind: 'etcd-step-down' };
  private readonly startEv: ModelEvent[];
  private readonly startTimer: (Timer<ModelEvent> | null)[];
  private rng: RandomStream | null = null;
  private readonly draw: ElectionDraw = { delayMs: 0, first: 0 };
  /** Per member (pre-vote off): since when it has been serving outside the quorum group, or -1. */
  private readonly apartSince: Float64Array;

  constructor(c: ActorCtx) {
    this.c = c;
    this.members = c.plan.procHosts.etcd;
    this.q = quorumOf(this.members.length);
    this.upInGroup = new Int32Array(c.plan.hosts.length + 2);
    this.upInGroup[0] = this.members.length;
    this.serving = new Uint8Array(c.plan.hosts.length);
    for (const h of this.members) this.serving[h] = 1;
    this.startEv = this.members.map((_, member) => ({ kind: 'etcd-member-started', member }));
    this.startTimer = this.members.map(() => null);
    this.leader = this.members.length > 0 ? 0 : -1;
    this.apartSince = new Float64Array(this.members.length).fill(-1);
  }

  /** Host of the leader, or -1. */
  leaderHost(): number {
    return this.leader < 0 ? -1 : this.members[this.leader]!;
  }

  /** Partition group of the leader, or -1. */
  leaderGroup(): number {
    return this.leader < 0 ? -1 : this.c.peerGroup[this.members[this.leader]!]!;
  }

  /** Host of a minority leader that still believes it leads, or -1. */
  staleLeaderHost(): number {
    return this.staleLeader < 0 ? -1 : this.members[this.staleLeader]!;
  }

  /** True while an election delay is running. */
  electionPending(): boolean {
    return this.timer !== null;
  }

  /**
   * Member `m` became effectively up or down. Up: it serves after `timing.etcd.startup`
   * (returns false while it is starting: nothing else changed yet), at once when it
   * `resumed` from a hang (SIGCONT: no restart). Returns true when its
   * serving state changed.
   */
  memberChanged(m: number, up: boolean, resumed = false): boolean {
    const c = this.c;
    const h = this.members[m]!;
    const t = this.startTimer[m];
    if (t != null) c.sim.cancel(t);
    this.startTimer[m] = null;
    if (up && c.timing.etcd.startupMs > 0 && !resumed) {
      this.startTimer[m] = c.sim.schedule(c.timing.etcd.startupMs, this.startEv[m]!);
      return false;
    }
    if (up) return this.onMemberStarted(m);
    if (this.serving[h] === 0) return false;
    this.serving[h] = 0;
    this.upInGroup[c.peerGroup[h]!]!--;
    this.check(-1);
    return true;
  }

  /** Member m's start-up is over: it serves (and may complete a quorum). */
  onMemberStarted(m: number): boolean {
    const c = this.c;
    const h = this.members[m]!;
    this.startTimer[m] = null;
    if (this.serving[h] === 1) return false;
    this.serving[h] = 1;
    this.upInGroup[c.peerGroup[h]!]!++;
    if (c.tracing && c.timing.etcd.startupMs > 0)
      c.narrate(
        'etcd-member-started',
        `etcd/${c.plan.hosts[h]}`,
        `etcd on ${c.plan.hosts[h]} ` + `started and caught up`,
      );
    this.check(m);
    return true;
  }

  /** The partition changed: recount members per group, then re-check the leader. */
  regroup(): void {
    const c = this.c;
    this.upInGroup.fill(0);
    for (const h of this.members) if (this.serving[h] === 1) this.upInGroup[c.peerGroup[h]!]!++;
    this.check(-1);
    if (!c.timing.etcd.preVote) this.checkDisruption();
  }

  /**
   * docs/model.md, `timing.etcd.preVote: false` (etcd 3.4's default): a serving member cut off
   * from the quorum group for at least an election timeout keeps campaigning and raising
   * its term; when a partition change brings it back, the leader sees the higher term and
   * steps down: one more election (facts §10: a second write gap on heal). Checked on
   * partition changes only (a member that was down does not campaign).
   */
  private checkDisruption(): void {
    const c = this.c;
    const qg = this.quorumGroup();
    let disrupt = false;
    let rejoined = -1;
    for (let m = 0; m < this.members.length; m++) {
      const h = this.members[m]!;
      const apart = this.serving[h] === 1 && c.peerGroup[h] !== qg;
      const since = this.apartSince[m]!;
      if (apart) {
        if (since < 0) this.apartSince[m] = c.nowMs;
      } else if (since >= 0) {
        this.apartSince[m] = -1;
        if (this.serving[h] === 1 && c.nowMs - since >= c.timing.etcd.electionTimeoutMs) {
          disrupt = true;
          rejoined = m;
        }
      }
    }
    if (!disrupt || this.leader < 0 || this.timer !== null) return;
    const old = this.leader;
    this.loseLeader(this.members[old]!, 'steps down: a rejoining member has a higher term (pre-vote off)');
    this.nextWinner = old;
    this.timer = c.sim.schedule(this.disruptedDelay(qg, rejoined), this.electionEv);
  }

  /**
   * The election after a disruption (pre-vote off): the deposed leader becomes a follower
   * at the higher term and campaigns after its randomized timeout U[et, 2et) (it alone is
   * at that term with an up-to-date log; the other followers' lower-term campaigns are
   * ignored). Usually the rejoined member campaigns first (the residual of its cycle,
   * U(0, 1.2 et)) and loses (its log is behind), moving everyone to its term with fresh
   * timeouts: the first of the others to time out wins. Fitted to the measured second
   * write gap 1.02 / 1.91 / 2.53 s (p05 / p50 / p95, facts §10).
   */
  private disruptedDelay(qg: number, rejoined: number): number {
    const t = this.c.timing.etcd;
    const et = t.electionTimeoutMs;
    const rng = this.stream();
    const leaderT = et * (1 + rng.next());
    const rejoinT = 1.2 * et * rng.next();
    if (leaderT <= rejoinT) return leaderT + t.voteRoundMs;
    let best = Infinity;
    for (let i = 0; i < this.upInGroup[qg]!; i++) {
      const m = this.memberOf(qg, i);
      if (m === rejoined) continue;
      const x = et * (1 + rng.next());
      if (x < best) {
        best = x;
        this.nextWinner = m;
      }
    }
    return rejoinT + (best === Infinity ? 0 : best) + t.voteRoundMs;
  }

  /** A group with at least q serving members, or -1 (at most one can exist). */
  quorumGroup(): number {
    const n = this.c.peerGroupCount;
    for (let g = 0; g < n; g++) if (this.upInGroup[g]! >= this.q) return g;
    return -1;
  }

  /** Re-derives the leader; `joined` is the member that just started (or -1). */
  private check(joined: number): void {
    const c = this.c;
    if (this.leader >= 0) {
      const h = this.members[this.leader]!;
      if (this.serving[h] === 0) this.loseLeader(h, 'lost');
      else if (this.upInGroup[c.peerGroup[h]!]! < this.q) this.cutOff(h);
    }
    this.checkStale();
    if (this.leader >= 0) return;
    const qg = this.quorumGroup();
    if (qg >= 0 && this.timer === null) {
      const j = joined >= 0 && c.peerGroup[this.members[joined]!] === qg ? joined : -1;
      const delay = j >= 0 ? this.regainedDelay(qg, j) : this.lostDelay(qg);
      this.timer = c.sim.schedule(delay, this.electionEv);
    } else if (qg < 0 && this.timer !== null) {
      c.sim.cancel(this.timer);
      this.timer = null;
    }
  }

  /** The i-th serving member of group g in member order. */
  private memberOf(g: number, i: number): number {
    let seen = 0;
    for (let m = 0; m < this.members.length; m++) {
      const h = this.members[m]!;
      if (this.serving[h] === 0 || this.c.peerGroup[h] !== g) continue;
      if (seen++ === i) return m;
    }
    return -1;
  }

  /** Leader lost: the first of the group's followers' randomized timeouts, plus the vote. */
  private lostDelay(qg: number): number {
    const d = followerElectionDelay(this.c.timing.etcd, this.upInGroup[qg]!, this.stream(), this.draw);
    this.nextWinner = this.memberOf(qg, d.first);
    return d.delayMs;
  }

  /** Quorum regained by member j: its advanced first campaign, or a survivor's cycling one. */
  private regainedDelay(qg: number, j: number): number {
    const t = this.c.timing.etcd;
    let best = advancedCampaignMs(t, this.stream());
    this.nextWinner = j;
    for (let m = 0; m < this.members.length; m++) {
      const h = this.members[m]!;
      if (m === j || this.serving[h] === 0 || this.c.peerGroup[h] !== qg) continue;
      const r = cyclingCampaignMs(t, this.stream());
      if (r < best) {
        best = r;
        this.nextWinner = m;
      }
    }
    return best + t.voteRoundMs;
  }

  private stream(): RandomStream {
    if (this.rng === null) this.rng = this.c.streams.stream('protocol/etcd-election');
    return this.rng;
  }

  private loseLeader(h: number, how: string): void {
    this.leader = -1;
    if (this.c.tracing) this.c.note(`etcd leader ${this.c.plan.hosts[h]} ${how}`);
    this.c.etcdLeaderChanged();
  }

  /** The leader's group fell below q: writes stop now; CheckQuorum steps it down U(1, 2] election timeouts later. */
  private cutOff(h: number): void {
    const c = this.c;
    const et = c.timing.etcd.electionTimeoutMs;
    const m = this.leader;
    this.loseLeader(h, c.partitioned ? 'cut off in a minority: writes stop' : 'has no quorum: writes stop');
    if (et <= 0) return;
    this.staleLeader = m;
    const delay = et * (2 - this.stream().next());
    this.stepDownTimer = c.sim.schedule(delay, this.stepDownEv);
    if (c.tracing) c.note(`it believes it leads until check-quorum fails, ${formatMsAsSeconds(delay)} later`);
  }

  /** A stale minority leader: gone, superseded by a newer leader, or back with a quorum. */
  private checkStale(): void {
    const s = this.staleLeader;
    if (s < 0) return;
    const c = this.c;
    const h = this.members[s]!;
    if (this.serving[h] === 1 && this.leader >= 0 && c.peerGroup[h] !== this.leaderGroup()) return;
    if (this.serving[h] === 1 && this.leader < 0 && this.upInGroup[c.peerGroup[h]!]! < this.q) return;
    this.clearStale();
    if (this.serving[h] === 0) return;
    if (this.leader >= 0) {
      if (c.tracing) c.note(`old etcd leader ${c.plan.hosts[h]} hears term ${this.term} and steps down`);
      return;
    }
    // Healed before CheckQuorum fired and no one else was elected: it leads on.
    this.leader = s;
    if (this.timer !== null) c.sim.cancel(this.timer);
    this.timer = null;
    if (c.tracing)
      c.note(
        `etcd leader ${c.plan.hosts[h]} hears a quorum again before check-quorum: it leads on (term ${this.term})`,
      );
    c.etcdLeaderChanged();
  }

  private clearStale(): void {
    this.staleLeader = -1;
    if (this.stepDownTimer !== null) this.c.sim.cancel(this.stepDownTimer);
    this.stepDownTimer = null;
  }

  /** CheckQuorum failed on the minority leader: it becomes a follower. */
  onStepDown(): void {
    const c = this.c;
    this.stepDownTimer = null;
    const h = this.staleLeaderHost();
    this.staleLeader = -1;
    if (h < 0) return;
    if (c.tracing)
      c.narrate(
        'etcd-leader-step-down',
        `etcd/${c.plan.hosts[h]}`,
        `etcd leader ` + `${c.plan.hosts[h]} steps down (check-quorum: no quorum heard for an election timeout)`,
      );
    c.etcdLeaderChanged();
  }

  /**
   * Graceful stop of the member on host `h` (an upgrade drains it): a leader hands
   * leadership to a peer of its group before it exits (`EtcdServer.Stop` ->
   * `TransferLeadership`, facts §8), so no election follows. Modelled as instantaneous;
   * only done when the group keeps a quorum without `h` (otherwise writes stop anyway).
   * The transferee is the first up member of the group in member order. Returns true
   * when leadership moved.
   */
  maybeTransferLeadership(h: number): boolean {
    const c = this.c;
    if (this.leader < 0 || this.members[this.leader] !== h) return false;
    const g = c.peerGroup[h]!;
    if (this.upInGroup[g]! - 1 < this.q) return false;
    for (let m = 0; m < this.members.length; m++) {
      const mh = this.members[m]!;
      if (mh === h || this.serving[mh] === 0 || c.peerGroup[mh] !== g) continue;
      this.leader = m;
      this.term++;
      if (c.tracing)
        c.note(
          `etcd leader ${c.plan.hosts[h]} hands leadership to ${c.plan.hosts[mh]} (term ${this.term}, no election)`,
        );
      c.etcdLeaderChanged();
      return true;
    }
    return false;
  }

  /**
   * The leader loses leadership although it is up (a slow fsync made it miss heartbeats,
   * facts §1 "Why does etcd lose its leader from disk latency spikes?"): an election
   * follows as after a leader loss. Returns true when there was a leader.
   */
  maybeStepDown(reason: string): boolean {
    if (this.leader < 0) return false;
    this.loseLeader(this.members[this.leader]!, reason);
    this.check(-1);
    return true;
  }

  /** The election delay has passed: the member whose timeout fired first becomes leader. */
  onElection(): void {
    const c = this.c;
    this.timer = null;
    const qg = this.quorumGroup();
    if (qg < 0 || this.leader >= 0) return;
    let w = this.nextWinner;
    if (w < 0 || this.serving[this.members[w]!] === 0 || c.peerGroup[this.members[w]!] !== qg) {
      w = this.memberOf(qg, Math.floor(this.stream().next() * this.upInGroup[qg]!));
    }
    this.leader = w;
    this.nextWinner = -1;
    this.term++;
    this.checkStale();
    if (c.tracing) {
      const h = this.members[this.leader]!;
      c.narrate(
        'etcd-leader-elected',
        `etcd/${c.plan.hosts[h]}`,
        `etcd leader elected: ${c.plan.hosts[h]} (term ${this.term})`,
      );
    }
    c.etcdLeaderChanged();
  }
}
