/**
 * The outer level of the study: from per-set estimates to spreads, verdicts, flips,
 * Sobol indices and the value of measuring each input (docs/uncertainty.md).
 */
import { MINUTES_PER_YEAR } from '../engine/time.ts';
import type { Sli } from '../scenario/types.ts';
import { lawQuantile, type UncertainInput } from '../scenario/uncertain.ts';
import type { PickFreeze } from './design.ts';
import type { McSet } from './model.ts';
import { order, quantileCi, shareOf, sobolIndices } from './stats.ts';
import type {
  Flip,
  InputValue,
  OuterSummary,
  Sensitivity,
  SliSpread,
  SloRobustness,
  Spread,
  RobustVerdict,
} from './types.ts';

/** What the outer level needs from the study. */
export interface OuterContext {
  readonly subjects: readonly string[];
  readonly slis: readonly Sli[];
  /** The SLI of the verdict, flips and indices. */
  readonly sli: Sli;
  readonly seed: number;
  readonly sets: readonly (readonly McSet[])[];
  readonly slo: readonly { readonly [S in Sli]?: number }[];
  /** Standard error of each subject's gap per SLI ([subject][sli]), and of the gap difference A - B (study SLI). */
  readonly gapSe: readonly (readonly number[])[];
  readonly diffSe: number;
}

/** Estimates per subject and SLI at unit coordinates u. */
export type Evaluate = (u: readonly number[]) => number[][];

const Z = 1.96;
const FLIP_EDGE = 0.005;

/** Everything from the outer sample `outer` (and the pick-freeze design, when given). */
export function evaluateOuter(
  ctx: OuterContext,
  inputs: readonly UncertainInput[],
  outer: readonly (readonly number[])[],
  pf: PickFreeze | null,
  evaluate: Evaluate,
): OuterSummary {
  const vals = outer.map((u) => evaluate(u));
  const j = ctx.slis.indexOf(ctx.sli);
  const median = evaluate(inputs.map(() => 0.5));
  const slis: SliSpread[] = ctx.subjects.flatMap((name, si) =>
    ctx.slis.map((sli, k) => sliSpread(ctx, name, si, sli, k, vals)),
  );
  const budget = (si: number): number | null => {
    const t = ctx.slo[si]?.[ctx.sli];
    return t === undefined ? null : (1 - t) * MINUTES_PER_YEAR;
  };
  let verdict: RobustVerdict | null = null;
  if (ctx.subjects.length === 2) {
    const saved = (v: number[][]): number => v[0]![j]! - v[1]![j]!;
    const d = vals.map(saved);
    const s0 = saved(median) > 0;
    verdict = {
      a: ctx.subjects[0]!,
      b: ctx.subjects[1]!,
      sli: ctx.sli,
      bBetter: shareOf(d.map((x) => x > 0)),
      bBetterRange: [
        shareOf(d.map((x) => x - Z * ctx.diffSe > 0)).share,
        shareOf(d.map((x) => x + Z * ctx.diffSe > 0)).share,
      ],
      saved: spread(d),
      savedAtMedian: saved(median),
      flips: flips(inputs, (u) => saved(evaluate(u)) > 0 === s0),
      values: inputValues(
        inputs,
        outer,
        d.map((x) => x > 0),
        d,
      ),
    };
  }
  const slo: SloRobustness[] = [];
  ctx.subjects.forEach((name, si) => {
    const b = budget(si);
    if (b === null) return;
    const holds = vals.map((v) => v[si]![j]! <= b);
    const h0 = median[si]![j]! <= b;
    slo.push({
      subject: name,
      sli: ctx.sli,
      holdsAtMedian: h0,
      flips: flips(inputs, (u) => evaluate(u)[si]![j]! <= b === h0),
      values: inputValues(inputs, outer, holds, null),
    });
  });
  const sensitivity = pf === null ? [] : sobol(ctx, inputs, pf, evaluate, j);
  return {
    slis,
    verdict,
    slo,
    sensitivity,
    measureFirst: { decision: measureFirst(verdict?.values ?? []), slo: measureFirst(slo[0]?.values ?? []) },
  };
}

function spread(xs: readonly number[]): Spread {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length),
    p5: quantileCi(sorted, 0.05),
    p50: quantileCi(sorted, 0.5),
    p95: quantileCi(sorted, 0.95),
  };
}

function sliSpread(
  ctx: OuterContext,
  name: string,
  si: number,
  sli: Sli,
  k: number,
  vals: readonly number[][][],
): SliSpread {
  const xs = vals.map((v) => v[si]![k]!);
  const target = ctx.slo[si]?.[sli];
  const se = ctx.gapSe[si]?.[k] ?? 0;
  const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const outerVariance = xs.length > 1 ? xs.reduce((a, v) => a + (v - m) ** 2, 0) / (xs.length - 1) : 0;
  const sims = ctx.sets.map((s) => s[si]!);
  const inner = sims.reduce((a, s) => a + s.se[k]! ** 2, 0) / Math.max(1, sims.length);
  let slo: SliSpread['slo'] = null;
  if (target !== undefined) {
    const budgetMinutes = (1 - target) * MINUTES_PER_YEAR;
    const risks = sims
      .map((s) => s.breachRisk[k])
      .filter((r): r is number => r !== null && r !== undefined)
      .sort((a, b) => a - b);
    const q = (p: number): number => quantileCi(risks, p).value;
    slo = {
      target,
      budgetMinutes,
      holds: shareOf(xs.map((x) => x <= budgetMinutes)),
      holdsRange: [
        shareOf(xs.map((x) => x + Z * se <= budgetMinutes)).share,
        shareOf(xs.map((x) => x - Z * se <= budgetMinutes)).share,
      ],
      windowBreachRisk: risks.length > 0 ? [q(0.05), q(0.5), q(0.95)] : null,
    };
  }
  return { subject: name, sli, downtime: spread(xs), slo, outerVariance, innerVariance: inner };
}

/**
 * One input moved alone, others at their medians: where the answer (`same(u)` true at
 * the medians) first changes between the median and the 0.5% / 99.5% ends (bisection).
 */
function flips(inputs: readonly UncertainInput[], same: (u: number[]) => boolean): Flip[] {
  const out: Flip[] = [];
  inputs.forEach((inp, k) => {
    const at = (p: number): number[] => inputs.map((_, i) => (i === k ? p : 0.5));
    for (const end of [1 - FLIP_EDGE, FLIP_EDGE]) {
      if (same(at(end))) continue;
      let inside = 0.5;
      let outside = end;
      for (let it = 0; it < 30; it++) {
        const mid = (inside + outside) / 2;
        if (same(at(mid))) inside = mid;
        else outside = mid;
      }
      const u = (inside + outside) / 2;
      const above = end > 0.5;
      out.push({
        id: inp.id,
        direction: above ? 'above' : 'below',
        threshold: lawQuantile(inp.law, u),
        probability: above ? 1 - u : u,
      });
    }
  });
  return out.sort((a, b) => b.probability - a.probability || (a.id < b.id ? -1 : 1));
}

/**
 * EVPPI by binning on each input: sort the outer sets by the input, cut them into
 * round(√N) bins of equal count, and take within each bin the best choice (B when the
 * mean saving is positive) and the risk of the wrong answer.
 */
function inputValues(
  inputs: readonly UncertainInput[],
  outer: readonly (readonly number[])[],
  answer: readonly boolean[],
  saved: readonly number[] | null,
): InputValue[] {
  const n = outer.length;
  const bins = Math.max(2, Math.round(Math.sqrt(n)));
  const risk = (idx: readonly number[]): number => {
    const p = idx.filter((i) => answer[i]).length / Math.max(1, idx.length);
    return Math.min(p, 1 - p);
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const best = (idx: readonly number[]): number =>
    saved === null ? 0 : Math.max(0, idx.reduce((a, i) => a + saved[i]!, 0) / Math.max(1, idx.length));
  const riskNow = risk(all);
  const valueNow = best(all);
  return inputs.map((inp, k) => {
    const sorted = order(outer.map((u) => u[k]!));
    let riskIfKnown = 0;
    let valueIfKnown = 0;
    for (let b = 0; b < bins; b++) {
      const idx = sorted.slice(Math.floor((b * n) / bins), Math.floor(((b + 1) * n) / bins));
      riskIfKnown += (risk(idx) * idx.length) / n;
      valueIfKnown += (best(idx) * idx.length) / n;
    }
    return { id: inp.id, evppiMinutes: Math.max(0, valueIfKnown - valueNow), riskNow, riskIfKnown };
  });
}

/** The input whose knowledge lowers the risk of the wrong answer most (ties: EVPPI); null when none lowers it. */
function measureFirst(values: readonly InputValue[]): string | null {
  let best: InputValue | null = null;
  for (const v of values) {
    const drop = v.riskNow - v.riskIfKnown;
    const bestDrop = best === null ? 0 : best.riskNow - best.riskIfKnown;
    if (
      drop > bestDrop + 1e-12 ||
      (best !== null && Math.abs(drop - bestDrop) <= 1e-12 && v.evppiMinutes > best.evppiMinutes)
    )
      best = v;
  }
  return best !== null && best.riskNow - best.riskIfKnown > 0.005 ? best.id : null;
}

function sobol(
  ctx: OuterContext,
  inputs: readonly UncertainInput[],
  pf: PickFreeze,
  evaluate: Evaluate,
  j: number,
): Sensitivity[] {
  const fa = pf.a.map((u) => evaluate(u));
  const fb = pf.b.map((u) => evaluate(u));
  const fab = pf.ab.map((m) => m.map((u) => evaluate(u)));
  const outputs: { name: string; f: (v: number[][]) => number }[] = [];
  if (ctx.subjects.length === 2)
    outputs.push({ name: `minutes saved by ${ctx.subjects[1]!}`, f: (v) => v[0]![j]! - v[1]![j]! });
  ctx.subjects.forEach((s, si) => outputs.push({ name: `downtime ${s}`, f: (v) => v[si]![j]! }));
  return outputs.map((o) => {
    const idx = sobolIndices(
      fa.map(o.f),
      fb.map(o.f),
      fab.map((col) => col.map(o.f)),
      ctx.seed,
    );
    return { output: o.name, rows: idx.map((x, k) => ({ id: inputs[k]!.id, ...x })) };
  });
}
