/**
 * What the fault layer needs from the model it disturbs. The model implements it; the
 * fault layer never reads model state directly.
 */
import type { PartitionTraffic } from '../scenario/types.ts';
import type { FaultEvent } from './events.ts';

/** The model as seen by fault processes. */
export interface FaultHost {
  /** Current simulated time (ms). */
  readonly nowMs: number;
  /** Schedules a fault event `delayMs` from now. */
  scheduleFault(delayMs: number, ev: FaultEvent): void;
  /** Component number of a concrete id (`host/cp-1`), or undefined. */
  componentOf(id: string): number | undefined;
  /** Resolves a target (`host/@etcd-leader` or a plain id) now; null when no one holds the role. */
  resolveTarget(target: string): number | null;
  /** Adds (or, negative, removes) down causes of a component. */
  addCause(comp: number, delta: number): void;
  /** Adds (or removes) hang causes of a process component (docs/model.md: SIGSTOP, `hang:` faults). */
  addHang(comp: number, delta: number): void;
  /** Replaces the network partition (host-name groups), or heals it (null). */
  setPartition(groups: readonly (readonly string[])[] | null, traffic?: PartitionTraffic): void;
  /** True when narration is on (so fault code can skip building strings). */
  readonly tracing: boolean;
  /** Starts the narration of the current event (only called when tracing). */
  narrate(kind: string, target: string, head: string): void;

  // ---- operational hooks (faults/operations.ts) ----
  /** Graceful etcd stop on host `host` (a name): a leader there hands over, no election. */
  maybeTransferLeadership(host: string): boolean;
  /** The etcd leader steps down although up (slow disk); an election follows. */
  maybeStepDownLeader(reason: string): boolean;
  /** Adds (or removes) a cluster-wide write block (etcd NOSPACE): the etcd SLI is down while any holds. */
  blockWrites(delta: number): void;
  /** Adds (or removes) a block in front of the API (a dependency such as DNS): the api SLI is down while any holds. */
  blockApi(delta: number): void;
  /**
   * The health gate of an upgrade: every named host is up, its apiserver (if any) ready,
   * its etcd member (if any) up, and etcd has a leader.
   */
  hostsHealthy(hosts: readonly string[]): boolean;
}
