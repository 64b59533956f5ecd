/**
 * The observer port of a replication: everything that watches a run (the narrator, the
 * timeline recorder, the invariant checker, a playground, a structural twin) is an
 * Observer. Observers read the model through ClusterView and never change it. With no
 * observer attached the model skips every call (one length check per change).
 *
 * Call order within one event: `onComponentChange` and `onChange` fire synchronously
 * while the event propagates (state may be mid-update: note what changed, read it
 * later); `afterEvent` fires once the event has settled, after the SLIs and the
 * narration line are updated.
 */
import type { ModelEvent } from './events.ts';
import type { ClusterView } from './view.ts';

/**
 * What an actor reported as changed (the second argument of `onChange` says which one):
 * - `etcd-leader`: the etcd leader was lost or elected (index -1);
 * - `apiserver`: apiserver on host `index` changed running or ready;
 * - `load-balancer`: the routing set or the instance carrying traffic changed (index: the
 *   backend host, or -1 for the holder);
 * - `lease`: a lease changed role or holder (index 0 controller-manager, 1 scheduler);
 * - `partition`: the partition was replaced or healed (index -1);
 * - `sli`: SLI number `index` (SLIS order) went up or down.
 */
export type ChangeKind = 'etcd-leader' | 'apiserver' | 'load-balancer' | 'lease' | 'partition' | 'sli';

/** A watcher of one replication; every hook is optional. */
export interface Observer {
  /** True when this observer reads `view.narration`: actors then put their changes into words. */
  readonly narrates?: boolean;
  /** The start state is settled (t = 0, before the first event). */
  onStart?(view: ClusterView): void;
  /**
   * Component `comp` (plan.compIds) flipped between having no down cause (`up`) and
   * having one: the component's own state, as a structure function sees it. Effective
   * states (a host under a failed zone) follow in view.hostUp / view.procUp.
   */
  onComponentChange?(view: ClusterView, comp: number, up: boolean): void;
  /** An actor's derived state changed (see ChangeKind). */
  onChange?(view: ClusterView, kind: ChangeKind, index: number): void;
  /** One event (or injected action) has been handled and its consequences settled. */
  afterEvent?(view: ClusterView, event: ModelEvent): void;
  /** The run ends at `untilMs` (finish()). */
  onEnd?(view: ClusterView, untilMs: number): void;
}
