/**
 * The robustness study's result (`k8s-ha-sim robust`): plain, serializable data that the
 * renderers (src/report/robust-*.ts) and `--json` read. Downtimes are minutes per year.
 */
import type { Sli } from '../scenario/types.ts';
import type { UncertainLaw, UncertainValueKind } from '../scenario/uncertain.ts';
import type { ObservedUpdate } from './observed.ts';
import type { QuantileCi, Share, SobolIndex } from './stats.ts';

/** One uncertain input as the study used it. */
export interface StudyInputInfo {
  readonly id: string;
  readonly valueKind: UncertainValueKind;
  readonly law: UncertainLaw;
  readonly median: number;
  readonly p5: number;
  readonly p95: number;
  /** True when the exact structural value does not move with it (a protocol-only process): it acts through the simulated gap only. */
  readonly protocolOnly: boolean;
}

/** The simulated part of one subject's SLI: simulation minus exact value, fitted over the Monte Carlo sets. */
export interface GapModel {
  readonly subject: string;
  readonly sli: Sli;
  /** Gap at the median inputs, minutes per year, and its standard error. */
  readonly intercept: number;
  readonly interceptSe: number;
  /** Regression slopes on Φ⁻¹(u) of the protocol-only inputs (minutes per year per unit). */
  readonly slopes: readonly { readonly id: string; readonly slope: number }[];
  /** Mean squared Monte Carlo standard error of one set's simulated downtime (inner noise). */
  readonly innerVariance: number;
  /** Variance of the simulated downtime over the Monte Carlo sets (inner noise included). */
  readonly observedVariance: number;
}

/** Quantiles of a quantity across plausible input sets. */
export interface Spread {
  readonly mean: number;
  readonly p5: QuantileCi;
  readonly p50: QuantileCi;
  readonly p95: QuantileCi;
}

/** One subject's SLI across input sets. */
export interface SliSpread {
  readonly subject: string;
  readonly sli: Sli;
  readonly downtime: Spread;
  /** The SLO over a year: downtime within the budget. Null when the SLI has no target. */
  readonly slo: {
    readonly target: number;
    readonly budgetMinutes: number;
    readonly holds: Share;
    /** The share again with the simulated gap moved by -1.96 and +1.96 standard errors (Monte Carlo noise). */
    readonly holdsRange: readonly [number, number];
    /** 30-day window breach risk over the Monte Carlo sets (p5, p50, p95; inner noise included). */
    readonly windowBreachRisk: readonly [number, number, number] | null;
  } | null;
  /** Variance over input sets of the estimate (outer), and the Monte Carlo noise variance it is free of. */
  readonly outerVariance: number;
  readonly innerVariance: number;
}

/** "The answer holds unless X exceeds Y": one input moved alone (others at their medians) that flips an answer. */
export interface Flip {
  readonly id: string;
  readonly direction: 'above' | 'below';
  /** The value at which the answer flips, in the input's unit. */
  readonly threshold: number;
  /** Probability under the input's range of being beyond the threshold. */
  readonly probability: number;
}

/** Expected value of measuring one input (EVPPI by binning, docs/uncertainty.md). */
export interface InputValue {
  readonly id: string;
  /** Decision: expected minutes per year gained by choosing with this input known. SLO: 0. */
  readonly evppiMinutes: number;
  /** Risk of the wrong answer now, and expected once the input is known. */
  readonly riskNow: number;
  readonly riskIfKnown: number;
}

/** A paired comparison across input sets (common inputs per set). */
export interface RobustVerdict {
  readonly a: string;
  readonly b: string;
  readonly sli: Sli;
  /** Share of input sets where B has less downtime than A. */
  readonly bBetter: Share;
  readonly bBetterRange: readonly [number, number];
  /** Minutes per year saved by B (A - B). */
  readonly saved: Spread;
  /** At the median inputs. */
  readonly savedAtMedian: number;
  readonly flips: readonly Flip[];
  readonly values: readonly InputValue[];
}

/** One SLO answer's robustness: holds at the median inputs or not, and what flips it. */
export interface SloRobustness {
  readonly subject: string;
  readonly sli: Sli;
  readonly holdsAtMedian: boolean;
  readonly flips: readonly Flip[];
  readonly values: readonly InputValue[];
}

/** Sobol indices of one output. */
export interface Sensitivity {
  /** `minutes saved by <B>` (A - B) or `downtime <subject>`. */
  readonly output: string;
  readonly rows: readonly (SobolIndex & { readonly id: string })[];
}

/** Everything computed from one set of input ranges (prior, or after `--observed`). */
export interface OuterSummary {
  readonly slis: readonly SliSpread[];
  readonly verdict: RobustVerdict | null;
  readonly slo: readonly SloRobustness[];
  readonly sensitivity: readonly Sensitivity[];
  /** The input to measure first for the decision and for the (first) SLO; null when none helps. */
  readonly measureFirst: { readonly decision: string | null; readonly slo: string | null };
}

/** The whole study. */
export interface RobustReport {
  readonly subjects: readonly string[];
  readonly sli: Sli;
  readonly seed: number;
  readonly design: {
    readonly sets: number;
    readonly sobolRows: number;
    readonly mcSets: number;
    readonly mcReplications: number;
  };
  readonly inputs: readonly StudyInputInfo[];
  readonly gaps: readonly GapModel[];
  readonly prior: OuterSummary;
  readonly observed: { readonly updates: readonly ObservedUpdate[]; readonly posterior: OuterSummary } | null;
  /** Model evaluations (exact value + gap) and simulated cluster-years spent. */
  readonly cost: { readonly evaluations: number; readonly clusterYears: number };
}
