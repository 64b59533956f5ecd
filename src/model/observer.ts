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
import type { Sli } from '../scenario/types.ts';
import type { LeaseKind, ModelEvent } from './events.ts';
import type { ClusterView } from './view.ts';

/**
 * What an actor reported as changed (the second argument of `onChange`), with its named payload:
 * - `etcd-leader`: the etcd leader was lost or elected;
 * - `apiserver`: the apiserver on `host` changed running or ready;
 * - `load-balancer`: the routing set or the instance carrying traffic changed (`host`: the
 *   backend host, or -1 for the holder);
 * - `lease`: the `lease` (controller-manager or scheduler) changed role or holder;
 * - `partition`: the partition was replaced or healed;
 * - `sli`: SLI `sli` went up or down.
 * The model preallocates these objects: an observer may keep one but must not change it.
 */
export type Change =
  | { readonly kind: 'etcd-leader' }
  | { readonly kind: 'apiserver'; readonly host: number }
  | { readonly kind: 'loadBalancer'; readonly host: number } // -1: the traffic-carrying instance
  | { readonly kind: 'lease'; readonly lease: LeaseKind }
  | { readonly kind: 'partition' }
  | { readonly kind: 'sli'; readonly sli: Sli };

/** The kinds of Change. */
export type ChangeKind = Change['kind'];

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
  /** An actor's derived state changed (see Change). */
  onChange?(view: ClusterView, change: Change): void;
  /** One event (or injected action) has been handled and its consequences settled. */
  afterEvent?(view: ClusterView, event: ModelEvent): void;
  /** The run ends at `untilMs` (finish()). */
  onEnd?(view: ClusterView, untilMs: number): void;
}
