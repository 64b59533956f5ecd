/**
 * The per-set estimator of the study: the exact structural value of the scenario loaded
 * with the set's inputs (src/analysis, about a millisecond) plus the simulated gap — what
 * the simulation adds to it (protocol delays, protocol-only processes, the
 * approximations of operations) — fitted over a few Monte Carlo sets (docs/uncertainty.md).
 */
import { analyzeScenario } from '../analysis/exact.ts';
import { normalQuantile } from '../engine/distributions.ts';
import { MINUTES_PER_YEAR } from '../engine/time.ts';
import type { ScenarioLoader } from '../scenario/load.ts';
import { SLIS, type Scenario, type Sli } from '../scenario/types.ts';
import { lawQuantile, type UncertainInput } from '../scenario/uncertain.ts';
import type { GapModel } from './types.ts';

/** A scenario of the study and the loader that builds it from input values. */
export interface StudySubject {
  readonly name: string;
  readonly loader: ScenarioLoader;
}

/** Thrown when a set's scenario cannot be built or analysed (reported as a bad input). */
export class StudyError extends Error {}

/** Input values (by key path) at unit coordinates `u` (one per input, in `inputs` order). */
export function valuesAt(inputs: readonly UncertainInput[], u: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  inputs.forEach((inp, k) => {
    out[inp.id] = lawQuantile(inp.law, u[k] ?? 0.5);
  });
  return out;
}

/** The scenario of `subject` at `values`. */
export function scenarioAt(subject: StudySubject, values: Readonly<Record<string, number>>): Scenario {
  const r = subject.loader.load(values);
  if (!r.ok) throw new StudyError(`${subject.name}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.value.scenario;
}

/** The SLIs the exact analysis gives a value for (SLIS order, so new SLIs join by themselves). */
export function analysedSlis(s: Scenario): Sli[] {
  const a = analyzeScenario(s);
  if (!a.ok) throw new StudyError(`${s.name}: no exact structural value (${a.errors.join('; ')}); the study needs one`);
  return SLIS.filter((sli) => typeof (a.value.unavailability as Partial<Record<Sli, number>>)[sli] === 'number');
}

/** Exact structural downtime per SLI, minutes per year. */
export function exactMinutes(s: Scenario, slis: readonly Sli[]): number[] {
  const a = analyzeScenario(s);
  if (!a.ok) throw new StudyError(`${s.name}: no exact structural value (${a.errors.join('; ')})`);
  const u = a.value.unavailability as Partial<Record<Sli, number>>;
  return slis.map((sli) => Math.min(1, Math.max(0, u[sli] ?? 0)) * MINUTES_PER_YEAR);
}

/** One Monte Carlo set's simulated downtime per SLI and its standard error. */
export interface McSet {
  readonly exact: readonly number[];
  readonly simulated: readonly number[];
  readonly se: readonly number[];
  readonly breachRisk: readonly (number | null)[];
}

/**
 * Fits the gap (simulated - exact) of one subject and SLI over the Monte Carlo sets:
 * ordinary least squares on an intercept and Φ⁻¹(u) of each protocol-only input when
 * there are at least 3 sets per coefficient, else the mean gap alone.
 */
export function fitGap(
  subject: string,
  sli: Sli,
  j: number,
  sets: readonly McSet[],
  design: readonly (readonly number[])[],
  inputs: readonly UncertainInput[],
  protocolOnly: readonly number[],
): GapModel {
  const n = sets.length;
  const y = sets.map((s) => s.simulated[j]! - s.exact[j]!);
  const cols = n >= 3 * (protocolOnly.length + 1) ? protocolOnly : [];
  const x = design.map((u) => [1, ...cols.map((k) => normalQuantile(u[k]!))]);
  let beta = solveLeastSquares(x, y);
  let used = cols;
  if (beta === null) {
    beta = [y.reduce((a, b) => a + b, 0) / Math.max(1, n)];
    used = [];
  }
  const fitted = x.map((row) => row.slice(0, beta!.length).reduce((a, v, i) => a + v * beta![i]!, 0));
  const dof = Math.max(1, n - beta.length);
  const rss = y.reduce((a, v, i) => a + (v - fitted[i]!) ** 2, 0);
  const sims = sets.map((s) => s.simulated[j]!);
  const mean = sims.reduce((a, b) => a + b, 0) / Math.max(1, n);
  return {
    subject,
    sli,
    intercept: beta[0]!,
    interceptSe: Math.sqrt(rss / dof / Math.max(1, n)),
    slopes: used.map((k, i) => ({ id: inputs[k]!.id, slope: beta![i + 1]! })),
    innerVariance: sets.reduce((a, s) => a + s.se[j]! ** 2, 0) / Math.max(1, n),
    observedVariance: n > 1 ? sims.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0,
  };
}

/** The gap of `g` at unit coordinates `u`, shifted by `shiftSe` standard errors. */
export function gapAt(g: GapModel, inputs: readonly UncertainInput[], u: readonly number[], shiftSe = 0): number {
  let v = g.intercept + shiftSe * g.interceptSe;
  for (const s of g.slopes) {
    const k = inputs.findIndex((i) => i.id === s.id);
    if (k >= 0) v += s.slope * normalQuantile(u[k]!);
  }
  return v;
}

/** Least squares by the normal equations (Gaussian elimination, partial pivoting); null when singular. */
function solveLeastSquares(x: readonly (readonly number[])[], y: readonly number[]): number[] | null {
  const p = x[0]?.length ?? 0;
  if (p === 0 || x.length < p) return null;
  const a = Array.from({ length: p }, (_, i) => [
    ...Array.from({ length: p }, (_, j) => x.reduce((s, row) => s + row[i]! * row[j]!, 0)),
    x.reduce((s, row, r) => s + row[i]! * y[r]!, 0),
  ]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    if (!(Math.abs(a[piv]![c]!) > 1e-12 * Math.max(1, Math.abs(a[0]![0]!)))) return null;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= p; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[p]! / row[i]!);
}
