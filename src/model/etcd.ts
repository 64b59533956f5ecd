/**
 * The etcd cluster as Raft sees it (SPEC §5, FACTS §1). Voting members M, quorum
 * q = floor(|M|/2) + 1 (etcd FAQ). A leader exists only in a connected group with at
 * least q effectively-up members. The group holding the leader losing the leader, or
 * falling below q, stops writes at once: a leader cut off in a minority stops committing
 * immediately and steps down within an election timeout (CheckQuorum is hard-coded on
 * in etcd). Once a group of at least q exists again, a new leader is elected after a
 * delay drawn from U[electionTimeout, 2 x electionTimeout) (raft's randomized election
 * timeout). A follower's loss costs nothing while the leader's group keeps q members.
 *
 * Kept incrementally: the number of effectively-up members per partition group.
 */
import type { RandomStream, Timer } from '../engine/index.ts';
import { quorumOf } from '../scenario/quorum.ts';
import type { ActorCtx } from './actor-ctx.ts';
import type { ModelEvent } from './events.ts';
import type { EtcdView } from './view.ts';

/** Initial Raft term: a freshly bootstrapped etcd member wins its first election at term 2. */
export const INITIAL_TERM = 2;


/** The etcd cluster's quorum and leader. */
export class EtcdQuorum implements EtcdView {
  /** Host of each member, in host order (member 0 = etcd on cp-1 or etcd-1). */
  readonly members: readonly number[];
  readonly q: number;
  /** Effectively-up members per partition group. */
  readonly upInGroup: Int32Array;
  /** Leader member number, or -1. */
  leader: number;
  term = INITIAL_TERM;
  private timer: Timer<ModelEvent> | null = null;
  private readonly c: ActorCtx;
  private readonly electionEv: ModelEvent = { kind: 'etcd-election' };
  private rng: RandomStream | null = null;

  constructor(c: ActorCtx) {
    this.c = c;
    this.members = c.plan.procHosts.etcd;
    this.q = quorumOf(this.members.length);
    this.upInGroup = new Int32Array(c.plan.hosts.length + 2);
    this.upInGroup[0] = this.members.length;
    this.leader = this.members.length > 0 ? 0 : -1;
  }

  /** Host of the leader, or -1. */
  leaderHost(): number {
    return this.leader < 0 ? -1 : this.members[this.leader]!;
  }

  /** Partition group of the leader, or -1. */
  leaderGroup(): number {
    return this.leader < 0 ? -1 : this.c.group[this.members[this.leader]!]!;
  }

  /** True while an election delay is running. */
  electionPending(): boolean {
    return this.timer !== null;
  }

  /** Member `m` became effectively up or down. */
  memberChanged(m: number, up: boolean): void {
    this.upInGroup[this.c.group[this.members[m]!]!]! += up ? 1 : -1;
    this.check();
  }

  /** The partition changed: recount members per group, then re-check the leader. */
  regroup(): void {
    const c = this.c;
    this.upInGroup.fill(0);
    for (const h of this.members) if (c.procUp.etcd[h] === 1) this.upInGroup[c.group[h]!]!++;
    this.check();
  }

  /** A group with at least q effectively-up members, or -1 (at most one can exist). */
  quorumGroup(): number {
    const n = this.c.groupCount;
    for (let g = 0; g < n; g++) if (this.upInGroup[g]! >= this.q) return g;
    return -1;
  }

  private check(): void {
    const c = this.c;
    if (this.leader >= 0) {
      const h = this.members[this.leader]!;
      if (c.procUp.etcd[h] === 0) this.loseLeader(h, 'lost');
      else if (this.upInGroup[c.group[h]!]! < this.q) {
        this.loseLeader(h, c.partitioned ? 'cut off in a minority, steps down (check-quorum)' : 'has no quorum, steps down');
      }
    }
    if (this.leader >= 0) return;
    const qg = this.quorumGroup();
    if (qg >= 0 && this.timer === null) {
      const t = c.timing.etcd.electionTimeoutMs;
      this.timer = c.sim.schedule(t + t * this.stream().next(), this.electionEv);
    } else if (qg < 0 && this.timer !== null) {
      c.sim.cancel(this.timer);
      this.timer = null;
    }
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

  /**
   * Graceful stop of the member on host `h` (an upgrade drains it): a leader hands
   * leadership to a peer of its group before it exits (`EtcdServer.Stop` ->
   * `TransferLeadership`, FACTS §8), so no election follows. Modelled as instantaneous;
   * only done when the group keeps a quorum without `h` (otherwise writes stop anyway).
   * The transferee is the first up member of the group in member order. Returns true
   * when leadership moved.
   */
  maybeTransferLeadership(h: number): boolean {
    const c = this.c;
    if (this.leader < 0 || this.members[this.leader] !== h) return false;
    const g = c.group[h]!;
    if (this.upInGroup[g]! - 1 < this.q) return false;
    for (let m = 0; m < this.members.length; m++) {
      const mh = this.members[m]!;
      if (mh === h || c.procUp.etcd[mh] === 0 || c.group[mh] !== g) continue;
      this.leader = m;
      this.term++;
      if (c.tracing) c.note(`etcd leader ${c.plan.hosts[h]} hands leadership to ${c.plan.hosts[mh]} (term ${this.term}, no election)`);
      c.etcdLeaderChanged();
      return true;
    }
    return false;
  }

  /**
   * The leader loses leadership although it is up (a slow fsync made it miss heartbeats,
   * FACTS §1 "Why does etcd lose its leader from disk latency spikes?"): an election
   * follows as after a leader loss. Returns true when there was a leader.
   */
  maybeStepDown(reason: string): boolean {
    if (this.leader < 0) return false;
    this.loseLeader(this.members[this.leader]!, reason);
    this.check();
    return true;
  }

  /** The election delay has passed: a member of the quorum group becomes leader. */
  onElection(): void {
    const c = this.c;
    this.timer = null;
    const qg = this.quorumGroup();
    if (qg < 0 || this.leader >= 0) return;
    // Whichever member's randomized timeout fires first wins: uniform over the group.
    const k = Math.floor(this.stream().next() * this.upInGroup[qg]!);
    let seen = 0;
    for (let m = 0; m < this.members.length; m++) {
      const h = this.members[m]!;
      if (c.procUp.etcd[h] === 0 || c.group[h] !== qg) continue;
      if (seen++ === k) {
        this.leader = m;
        break;
      }
    }
    this.term++;
    if (c.tracing) {
      const h = this.members[this.leader]!;
      c.narrate('etcd-leader-elected', `etcd/${c.plan.hosts[h]}`, `etcd leader elected: ${c.plan.hosts[h]} (term ${this.term})`);
    }
    c.etcdLeaderChanged();
  }
}
