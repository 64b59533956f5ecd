/**
 * The narrow context every actor (etcd quorum, apiservers, load balancer, leases) works
 * through: the clock and timers, its random stream, narration, read-only views of the
 * others, and the change reports that the cluster fans out (cluster.ts is the one place
 * that decides who hears of a change). Actors never call each other.
 */
import type { RandomStream, Timer } from '../engine/index.ts';
import type { HangKind, ProcessKind, ResolvedTiming } from '../scenario/types.ts';
import type { LeaseKind, ModelEvent } from './events.ts';
import type { Plan } from './plan.ts';
import type { ApiserverView, EtcdView, ReadonlyNumbers } from './view.ts';

/** Timers on the engine. */
export interface ActorScheduler {
  /** Current simulated time (ms). */
  readonly nowMs: number;
  /** Schedules `ev` `delayMs` (>= 0) from now. */
  schedule(delayMs: number, ev: ModelEvent): Timer<ModelEvent>;
  /** Schedules `ev` at absolute time `timeMs` (>= now). */
  scheduleAt(timeMs: number, ev: ModelEvent): Timer<ModelEvent>;
  /** Cancels a scheduled timer. */
  cancel(timer: Timer<ModelEvent>): boolean;
}

/** Per-purpose seeded random streams. */
export interface ActorStreams {
  /** The stream named `name` (e.g. `protocol/etcd-election`), derived from (seed, replication, name). */
  stream(name: string): RandomStream;
}

/** What an actor may see and do. */
export interface ActorCtx {
  readonly plan: Plan;
  readonly timing: ResolvedTiming;
  /** Current simulated time (ms). */
  readonly nowMs: number;
  readonly sim: ActorScheduler;
  readonly streams: ActorStreams;
  /** True when narration is on: only then build strings. */
  readonly tracing: boolean;
  /** Sets the head of the current event's narration line (tracing only). */
  narrate(kind: string, target: string, head: string): void;
  /** Adds a consequence to the current narration line (tracing only). */
  note(text: string): void;
  // Read-only views of the shared state and of the other actors.
  readonly causes: ReadonlyNumbers;
  readonly hostUp: ReadonlyNumbers;
  readonly procUp: Readonly<Record<ProcessKind, ReadonlyNumbers>>;
  readonly hung: Readonly<Record<HangKind, ReadonlyNumbers>>;
  readonly group: ReadonlyNumbers;
  readonly groupCount: number;
  readonly peerGroup: ReadonlyNumbers;
  readonly peerGroupCount: number;
  readonly peerOnly: boolean;
  readonly partitioned: boolean;
  readonly etcd: EtcdView;
  readonly api: ApiserverView;
  // Change reports (cluster.ts fans them out).
  /** etcd: the leader was lost or elected. */
  etcdLeaderChanged(): void;
  /** Apiservers: host h's apiserver changed running or ready (readyChanged: ready did). */
  apiserverChanged(h: number, readyChanged: boolean): void;
  /** Load balancer: the routing set (host h) or the traffic-carrying instance (h = -1) changed. */
  loadBalancerChanged(h: number): void;
  /** Leases: the lease of `kind` changed role or holder. */
  leaseChanged(kind: LeaseKind): void;
}
