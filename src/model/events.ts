/**
 * Every event the model schedules on the engine: the fault layer's events plus the
 * protocol timers of the actors. Timer payloads are allocated once per actor.
 */
import type { FaultEvent } from '../faults/events.ts';

/** Which leader-elected controller a lease event concerns. */
export type LeaseKind = 'controller-manager' | 'scheduler';

/** A protocol timer of one actor. */
export type ProtocolEvent =
  /** The etcd election delay has passed. */
  | { readonly kind: 'etcd-election' }
  /** The minority leader's CheckQuorum fails: it steps down. */
  | { readonly kind: 'etcd-step-down' }
  /** etcd member `member` finished its start-up and serves. */
  | { readonly kind: 'etcd-member-started'; readonly member: number }
  /** Apiserver on `host`: liveness kill, end of crash-loop back-off, start-up over. */
  | { readonly kind: 'api-liveness' | 'api-backoff-end' | 'api-started'; readonly host: number }
  /** Apiserver on `host` (`all` endpoints): the detection window of its connection to etcd member `member` is over. */
  | { readonly kind: 'api-hang-end'; readonly host: number; readonly member: number }
  /** A health check's fall or rise count completes for the backend on `host`. */
  | { readonly kind: 'health-check'; readonly host: number }
  /** keepalived backups' master-down timer expires. */
  | { readonly kind: 'vip-failover' }
  /** A returned keepalived instance's own master-down timer expires: it preempts a lower-priority holder. */
  | { readonly kind: 'vip-preempt'; readonly inst: number }
  /** Lease timers: the holder gives up, the lease expires, a candidate tries to acquire. */
  | { readonly kind: 'lease-step-down' | 'lease-expiry' | 'lease-attempt'; readonly lease: LeaseKind }
  /** docs/scenario-format.md overload cascade (overload-cascade.ts): the apiserver on `host` fails under overload, or restarts. */
  | { readonly kind: 'overload-fail' | 'overload-restart'; readonly host: number };

/** An event payload of a model run; `kind` is the discriminant. */
export type ModelEvent = FaultEvent | ProtocolEvent;

/** Kinds of ModelEvent. */
export type ModelEventKind = ModelEvent['kind'];
