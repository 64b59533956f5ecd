/**
 * Event payloads of the fault layer: random failures and repairs, scripted faults and
 * their timed ends. Failure payloads are allocated once per component and reused.
 */
import type { ResolvedFault } from '../scenario/types.ts';

/** A rolling upgrade fault. */
export type RollingUpgradeFault = Extract<ResolvedFault, { kind: 'rolling-upgrade' }>;

/** An event of the fault layer; `kind` is the discriminant. */
export type FaultEvent =
  /** A component's random failure (`fail`) or repair (`repair`). */
  | { readonly kind: 'fail' | 'repair'; readonly comp: number; readonly hang?: boolean }
  /** A scripted fault fires. */
  | { readonly kind: 'fault'; readonly fault: ResolvedFault }
  /** A scripted `down ... for` ends (ignored if an `up` fault came first: `gen`). */
  | { readonly kind: 'release'; readonly comp: number; readonly gen: number; readonly hang?: boolean }
  /** A partition's `for` ends (ignored if another partition or a heal came first: `gen`). */
  | { readonly kind: 'partition-end'; readonly gen: number }
  /** A rolling upgrade takes host number `step` of its list down, or brings it back. */
  | {
      readonly kind: 'upgrade';
      readonly fault: RollingUpgradeFault;
      readonly step: number;
      readonly phase: 'down' | 'up';
    }

  /** An operational process's timer (faults/operations.ts); `arg` is a step, member or index. */
  | { readonly kind: 'operation'; readonly op: OperationTimer; readonly arg: number };

/** The timers of the operational processes. */
export type OperationTimer =
  | 'upgrade-due'
  | 'upgrade-start'
  | 'upgrade-host'
  | 'upgrade-host-done'
  | 'upgrade-repaired'
  | 'change'
  | 'change-end'
  | 'cert-expiry'
  | 'cert-renewed'
  | 'nospace'
  | 'nospace-end'
  | 'slow-disk'
  | 'slow-disk-churn'
  | 'slow-disk-end'
  | 'defrag-due'
  | 'defrag-member'
  | 'defrag-member-done'
  | 'partition'
  | 'partition-heal'
  | 'region-down'
  | 'region-up'
  | 'dependency-down'
  | 'dependency-up';

/** Kinds of FaultEvent. */
export type FaultEventKind = FaultEvent['kind'];
