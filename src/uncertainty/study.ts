/**
 * The two-level robustness study (docs/uncertainty.md, docs/uncertainty.md). Outer level: input
 * sets from a seeded Latin hypercube over the uncertain inputs (src/scenario/uncertain.ts)
 * of one or two scenarios; inner level, per set: the exact structural value plus the
 * simulated gap, fitted on a few sets simulated in full by the existing Monte Carlo
 * (same seed in every set: common random numbers). From there: the spread of each SLI's
 * yearly downtime and SLO verdict across sets, the paired verdict (A vs B, common inputs
 * per set), one-input flips, Sobol indices (Saltelli/Jansen) and the value of measuring
 * each input (EVPPI by binning); all again after `--observed` counts.
 */
import { runMonteCarlo, type MonteCarloOptions } from '../montecarlo/run.ts';
import type { Scenario, Sli } from '../scenario/types.ts';
import { lawQuantile, type UncertainInput } from '../scenario/uncertain.ts';
import { latinHypercube, pickFreeze } from './design.ts';
import {
  analysedSlis,
  exactMinutes,
  fitGap,
  gapAt,
  scenarioAt,
  StudyError,
  valuesAt,
  type McSet,
  type StudySubject,
} from './model.ts';
import { applyObserved, type ObservedCount } from './observed.ts';
import { evaluateOuter } from './outer.ts';
import type { GapModel, RobustReport, StudyInputInfo } from './types.ts';

/** Options of `robustStudy`; all optional. */
export interface StudyOptions {
  /** Outer input sets (Latin hypercube). @default 512 */
  readonly sets?: number;
  /** Base rows of the Sobol pick-freeze design (cost rows x (inputs + 2)); 0 skips the indices. @default 64 */
  readonly sobolRows?: number;
  /** Input sets simulated in full to fit the gap. @default 16 */
  readonly mcSets?: number;
  /** @default 1 */
  readonly seed?: number;
  /** The SLI of the verdict, flips and indices. @default the first SLI with an SLO in the first scenario, else `api` */
  readonly sli?: Sli;
  /** Observed counts (`--observed`). */
  readonly observed?: readonly ObservedCount[];
  /** Monte Carlo settings of the simulated sets (workers, clock, progress). */
  readonly monteCarlo?: Pick<MonteCarloOptions, 'workers' | 'clock' | 'onProgress'>;
  /** Already simulated sets (from shards), in set order; skips the simulation. */
  readonly simulated?: readonly (readonly McSet[])[];
}

/** The union of the subjects' uncertain inputs by key path, in first-seen order. */
export function studyInputs(subjects: readonly StudySubject[]): UncertainInput[] {
  const seen = new Map<string, UncertainInput>();
  for (const s of subjects) for (const i of s.loader.central.uncertain) if (!seen.has(i.id)) seen.set(i.id, i);
  return [...seen.values()];
}

/** The Monte Carlo design: which unit coordinates each simulated set uses. */
export function mcDesign(inputs: readonly UncertainInput[], options: StudyOptions): number[][] {
  return latinHypercube(options.mcSets ?? 16, inputs.length, options.seed ?? 1, 'mc');
}

/**
 * Simulates sets [from, to) of the Monte Carlo design: per set, every subject at the
 * set's inputs, all in one `runMonteCarlo` (one worker pool). Result: per set, per subject.
 */
export async function simulateSets(
  subjects: readonly StudySubject[],
  inputs: readonly UncertainInput[],
  design: readonly (readonly number[])[],
  range: { readonly from: number; readonly to: number },
  options: StudyOptions,
): Promise<McSet[][]> {
  const slis = analysedSlis(subjects[0]!.loader.central.scenario);
  const scenarios = [];
  for (let j = range.from; j < range.to; j++) {
    const values = valuesAt(inputs, design[j]!);
    // Set j runs on seed + j: independent noise between sets (so the gap's error averages
    // out over them), common random numbers between the subjects of one set (a paired difference).
    for (const s of subjects) scenarios.push(withSeed(scenarioAt(s, values), j));
  }
  const mc = await runMonteCarlo(scenarios, options.monteCarlo ?? {});
  const out: McSet[][] = [];
  for (let j = 0; j < range.to - range.from; j++) {
    out.push(
      subjects.map((_, si) => {
        const run = mc.runs[j * subjects.length + si]!;
        return {
          exact: exactMinutes(run.scenario, slis),
          simulated: slis.map((sli) => run.stats.slis[sli].downtimeMinutesPerYear),
          se: slis.map((sli) => {
            const [lo, hi] = run.stats.slis[sli].downtimeMinutesPerYearCi95;
            return (hi - lo) / (2 * 1.96);
          }),
          breachRisk: slis.map((sli) => run.stats.slis[sli].window.breachRisk),
        };
      }),
    );
  }
  return out;
}

function withSeed(s: Scenario, j: number): Scenario {
  return j === 0 ? s : { ...s, simulation: { ...s.simulation, seed: (s.simulation.seed + j) % 2 ** 32 } };
}

/** Inputs the exact value of no subject moves with (5% vs 95% of the input, others at the median). */
function protocolOnlyInputs(
  subjects: readonly StudySubject[],
  inputs: readonly UncertainInput[],
  slis: readonly Sli[],
): number[] {
  const out: number[] = [];
  inputs.forEach((_, k) => {
    const at = (p: number): number[] => inputs.map((__, i) => (i === k ? p : 0.5));
    const moves = subjects.some((s) => {
      const lo = exactMinutes(scenarioAt(s, valuesAt(inputs, at(0.05))), slis);
      const hi = exactMinutes(scenarioAt(s, valuesAt(inputs, at(0.95))), slis);
      return lo.some((v, i) => Math.abs(v - hi[i]!) > 1e-9 * Math.max(1, Math.abs(v)));
    });
    if (!moves) out.push(k);
  });
  return out;
}

/** Runs the whole study over one or two subjects (A, then B). */
export async function robustStudy(
  subjects: readonly StudySubject[],
  options: StudyOptions = {},
): Promise<RobustReport> {
  if (subjects.length < 1 || subjects.length > 2)
    throw new StudyError('the study takes one scenario, or two to compare');
  const seed = options.seed ?? 1;
  const inputs = studyInputs(subjects);
  const first = subjects[0]!.loader.central.scenario;
  const slis = analysedSlis(first);
  const sli = options.sli ?? slis.find((s) => first.slo[s] !== undefined) ?? 'api';
  if (!slis.includes(sli)) throw new StudyError(`the exact analysis gives no value for SLI "${sli}"`);
  const design = mcDesign(inputs, options);
  const sets =
    options.simulated ?? (await simulateSets(subjects, inputs, design, { from: 0, to: design.length }, options));
  const protocolOnly = protocolOnlyInputs(subjects, inputs, slis);
  const gaps: GapModel[] = subjects.flatMap((s, si) =>
    slis.map((x, j) =>
      fitGap(
        s.name,
        x,
        j,
        sets.map((set) => set[si]!),
        design,
        inputs,
        protocolOnly,
      ),
    ),
  );
  let evaluations = 0;
  const evaluator =
    (laws: readonly UncertainInput[]) =>
    (u: readonly number[]): number[][] => {
      const values = valuesAt(laws, u);
      return subjects.map((s, si) => {
        evaluations++;
        const exact = exactMinutes(scenarioAt(s, values), slis);
        return exact.map((v, j) => Math.max(0, v + gapAt(gaps[si * slis.length + j]!, inputs, u)));
      });
    };
  const j = slis.indexOf(sli);
  const diffs = sets.map(
    (set) =>
      set[0]!.simulated[j]! - set[0]!.exact[j]! - ((set[1] ?? set[0]!).simulated[j]! - (set[1] ?? set[0]!).exact[j]!),
  );
  const dm = diffs.reduce((a, b) => a + b, 0) / Math.max(1, diffs.length);
  const diffSe =
    diffs.length > 1 ? Math.sqrt(diffs.reduce((a, v) => a + (v - dm) ** 2, 0) / (diffs.length - 1) / diffs.length) : 0;
  const ctx = {
    subjects: subjects.map((s) => s.name),
    slis,
    sli,
    seed,
    sets,
    slo: subjects.map((s) => s.loader.central.scenario.slo),
    gapSe: subjects.map((_, si) => slis.map((__, k) => gaps[si * slis.length + k]!.interceptSe)),
    diffSe,
  };
  const outerSets = latinHypercube(options.sets ?? 512, inputs.length, seed, 'outer');
  const pf = (options.sobolRows ?? 64) > 0 ? pickFreeze(options.sobolRows ?? 64, inputs.length, seed) : null;
  const prior = evaluateOuter(ctx, inputs, outerSets, pf, evaluator(inputs));
  let observed: RobustReport['observed'] = null;
  if (options.observed !== undefined && options.observed.length > 0) {
    const post = applyObserved(inputs, options.observed);
    if (post.problems.length > 0) throw new StudyError(post.problems.join('\n'));
    // Same unit coordinates, posterior laws: the gap model stays a function of u.
    observed = {
      updates: post.updates,
      posterior: evaluateOuter(ctx, post.inputs, outerSets, null, evaluator(post.inputs)),
    };
  }
  const infos: StudyInputInfo[] = inputs.map((inp, k) => ({
    id: inp.id,
    valueKind: inp.valueKind,
    law: inp.law,
    median: lawQuantile(inp.law, 0.5),
    p5: lawQuantile(inp.law, 0.05),
    p95: lawQuantile(inp.law, 0.95),
    protocolOnly: protocolOnly.includes(k),
  }));
  const yearsPerSet = subjects.reduce(
    (a, s) =>
      a +
      (s.loader.central.scenario.simulation.horizonMs / 31_536_000_000) *
        s.loader.central.scenario.simulation.replications,
    0,
  );
  return {
    subjects: ctx.subjects,
    sli,
    seed,
    design: {
      sets: outerSets.length,
      sobolRows: pf === null ? 0 : pf.a.length,
      mcSets: design.length,
      mcReplications: first.simulation.replications,
    },
    inputs: infos,
    gaps,
    prior,
    observed,
    cost: { evaluations, clusterYears: Math.round(yearsPerSet * design.length) },
  };
}

/** The partial result of one shard of a study: its simulated sets (JSON, for `--merge`). */
export interface StudyShard {
  readonly format: 'k8s-ha-sim/robust-shard';
  readonly version: 1;
  readonly subjects: readonly string[];
  readonly seed: number;
  readonly mcSets: number;
  readonly replications: number;
  readonly from: number;
  readonly to: number;
  readonly sets: readonly (readonly McSet[])[];
}

/**
 * Simulates shard `index` of `count` of the Monte Carlo sets: the contiguous block
 * [floor(index·M/count), floor((index+1)·M/count)) of the M sets, as `run --shard` splits
 * replications. The outer level is cheap and deterministic, so `--merge` recomputes it.
 */
export async function simulateShard(
  subjects: readonly StudySubject[],
  shard: { readonly index: number; readonly count: number },
  options: StudyOptions = {},
): Promise<StudyShard> {
  const inputs = studyInputs(subjects);
  const design = mcDesign(inputs, options);
  const m = design.length;
  const from = Math.floor((shard.index * m) / shard.count);
  const to = Math.floor(((shard.index + 1) * m) / shard.count);
  const sets = await simulateSets(subjects, inputs, design, { from, to }, options);
  return {
    format: 'k8s-ha-sim/robust-shard',
    version: 1,
    subjects: subjects.map((s) => s.name),
    seed: options.seed ?? 1,
    mcSets: m,
    replications: subjects[0]!.loader.central.scenario.simulation.replications,
    from,
    to,
    sets,
  };
}

/** The simulated sets of every shard in order, or the problems (mismatched studies, gaps, overlaps). */
export function mergeShards(
  subjects: readonly StudySubject[],
  shards: readonly StudyShard[],
  options: StudyOptions = {},
): { ok: true; sets: McSet[][] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const names = subjects.map((s) => s.name);
  const m = options.mcSets ?? 16;
  const seed = options.seed ?? 1;
  const reps = subjects[0]!.loader.central.scenario.simulation.replications;
  for (const [i, s] of shards.entries()) {
    if (s.format !== 'k8s-ha-sim/robust-shard' || s.version !== 1)
      errors.push(`part ${i + 1}: not a robust ` + `shard (format ${JSON.stringify(s.format)})`);
    else if (
      JSON.stringify(s.subjects) !== JSON.stringify(names) ||
      s.seed !== seed ||
      s.mcSets !== m ||
      s.replications !== reps
    ) {
      errors.push(
        `part ${i + 1}: another study (scenarios ${s.subjects.join(', ')}, seed ` +
          `${s.seed}, ${s.mcSets} sets x ${s.replications}); this one is ${names.join(', ')}, seed ${seed}, ` +
          `${m} x ${reps}`,
      );
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const sorted = [...shards].sort((a, b) => a.from - b.from);
  let at = 0;
  const sets: McSet[][] = [];
  for (const s of sorted) {
    if (s.from !== at)
      errors.push(s.from > at ? `sets ${at} to ${s.from - 1} are missing` : `sets from ${s.from} are in two parts`);
    if (s.sets.length !== s.to - s.from) errors.push(`part with sets ${s.from}..${s.to - 1} holds ${s.sets.length}`);
    sets.push(...s.sets.map((x) => [...x]));
    at = Math.max(at, s.to);
  }
  if (at !== m) errors.push(`sets ${at} to ${m - 1} are missing`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, sets };
}
