/**
 * The robustness study (`k8s-ha-sim robust`) as terminal text: spread of yearly downtime
 * and SLO verdicts across plausible inputs, the paired verdict and what flips it, the
 * Sobol indices as a list, and which input to measure first.
 */
import type {
  Flip,
  InputValue,
  OuterSummary,
  RobustReport,
  Sensitivity,
  StudyInputInfo,
} from '../uncertainty/types.ts';
import { formatDuration, formatMinutes } from '../units/format.ts';

/** A key path made short for tables: `operations.changes.detect.lognormal.median` -> `changes.detect`. */
export function shortInputId(id: string): string {
  return id
    .replace(/^operations\./, '')
    .replace(/^dependencies\./, '')
    .replace(/\.(lognormal|weibull)\.(median|scale)$/, '')
    .replace(/\.exponential\.mean$/, '');
}

/** A value of an input in its own unit. */
export function formatInputValue(info: Pick<StudyInputInfo, 'valueKind'>, v: number): string {
  if (info.valueKind === 'duration') return formatDuration(v);
  if (info.valueKind === 'fraction') return `${Number((v * 100).toPrecision(3))}%`;
  return String(Number(v.toPrecision(3)));
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

/** "holds unless X exceeds Y (p% plausible)". */
export function flipText(f: Flip, inputs: readonly StudyInputInfo[]): string {
  const info = inputs.find((i) => i.id === f.id);
  const v = info === undefined ? String(f.threshold) : formatInputValue(info, f.threshold);
  return `${shortInputId(f.id)} ${f.direction === 'above' ? 'exceeds' : 'falls below'} ${v} (${pct(f.probability)} of its range)`;
}

/** The line that names the input to measure first, or null. */
export function measureFirstLine(s: OuterSummary): string | null {
  const parts: string[] = [];
  const line = (what: string, id: string | null, values: readonly InputValue[]): void => {
    if (id === null) return;
    const v = values.find((x) => x.id === id);
    if (v === undefined) return;
    parts.push(
      `for ${what}, ${shortInputId(id)} (risk of the wrong answer ${pct(v.riskNow)} -> ${pct(v.riskIfKnown)})`,
    );
  };
  line('the decision', s.measureFirst.decision, s.verdict?.values ?? []);
  line(`the SLO of ${s.slo[0]?.subject ?? ''}`, s.measureFirst.slo, s.slo[0]?.values ?? []);
  return parts.length === 0 ? null : `Measure this first: ${parts.join('; ')}.`;
}

function tornadoList(s: Sensitivity, top: number): string[] {
  const rows = [...s.rows].sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : 1)).slice(0, top);
  const width = Math.max(...rows.map((r) => shortInputId(r.id).length), 10);
  return rows.map((r) => {
    const bar = '#'.repeat(Math.max(0, Math.min(20, Math.round(Math.max(0, r.total) * 20))));
    return (
      `    ${shortInputId(r.id).padEnd(width)}  total ${r.total.toFixed(2)} ` +
      `±${(1.96 * r.totalSe).toFixed(2)}  first ${r.first.toFixed(2)} ±${(1.96 * r.firstSe).toFixed(2)}  ` +
      `${bar}`
    );
  });
}

/** One outer summary (prior or posterior) as lines. */
function summaryLines(r: RobustReport, s: OuterSummary): string[] {
  const out: string[] = [];
  out.push(`Yearly downtime across plausible inputs (${r.sli} shown with its SLO):`);
  for (const x of s.slis) {
    const d = x.downtime;
    const slo =
      x.slo === null
        ? ''
        : `  SLO ${Number((x.slo.target * 100).toPrecision(6))}% holds ` +
          `in ${pct(x.slo.holds.share)} of sets (MC noise ` +
          `${pct(x.slo.holdsRange[0])}–${pct(x.slo.holdsRange[1])})`;
    out.push(
      `  ${x.subject.padEnd(20)} ${x.sli.padEnd(11)} p5 ` +
        `${formatMinutes(d.p5.value).padStart(9)}  p50 ${formatMinutes(d.p50.value).padStart(9)}  p95 ` +
        `${formatMinutes(d.p95.value).padStart(9)}${slo}`,
    );
  }
  for (const x of s.slis) {
    const w = x.slo?.windowBreachRisk ?? null;
    if (w === null || s !== r.prior) continue;
    out.push(
      `  ${x.subject} ${x.sli}: 30-day window breach risk p5 ${pct(w[0])}, p50 ${pct(w[1])}, ` +
        `p95 ${pct(w[2])} over the ${r.design.mcSets} simulated sets (Monte Carlo noise included).`,
    );
  }
  const v = s.verdict;
  if (v !== null) {
    const winner = v.savedAtMedian > 0 ? v.b : v.a;
    out.push('');
    out.push(
      `Verdict (${v.sli}): ${v.b} has less downtime than ${v.a} in ${pct(v.bBetter.share)} ` +
        `of plausible input sets (95% CI ${pct(v.bBetter.ci95[0])}–${pct(v.bBetter.ci95[1])}; with the ` +
        `simulated gap ±1.96 SE: ${pct(v.bBetterRange[0])}–${pct(v.bBetterRange[1])}).`,
    );
    out.push(
      `  Minutes per year saved by ${v.b}: p5 ${formatMinutes(v.saved.p5.value)}, p50 ` +
        `${formatMinutes(v.saved.p50.value)}, p95 ${formatMinutes(v.saved.p95.value)}.`,
    );
    const f = v.flips[0];
    out.push(
      `  At the medians ${winner} is better; ` +
        `${f === undefined ? 'no single input flips that within its range' : `the answer holds unless ${flipText(f, r.inputs)}`}.`,
    );
  }
  for (const x of s.slo) {
    const f = x.flips[0];
    out.push(
      `SLO (${x.sli}) of ${x.subject}: ${x.holdsAtMedian ? 'holds' : 'is missed'} at the ` +
        `medians; ` +
        `${f === undefined ? 'no single input flips it within its range' : flipSentence(x.holdsAtMedian, flipText(f, r.inputs))}.`,
    );
  }
  if (s.sensitivity.length > 0) {
    out.push('');
    out.push('What drives it (Sobol indices, ± 1.96 bootstrap SE; total = with interactions):');
    for (const sens of s.sensitivity) {
      out.push(`  ${sens.output}:`);
      out.push(...tornadoList(sens, 6));
    }
  }
  const m = measureFirstLine(s);
  if (m !== null) out.push('', m);
  return out;
}

/** The whole study as terminal text. */
export function renderRobustTerminal(r: RobustReport): string {
  const out: string[] = [];
  out.push(`Robustness study: ${r.subjects.join(' vs ')} (seed ${r.seed})`);
  out.push(
    `  ${r.inputs.length} uncertain inputs, ${r.design.sets} input sets (Latin hypercube); each = exact structural value + simulated gap ` +
      `fitted on ${r.design.mcSets} sets x ${r.design.mcReplications} replications; Sobol: ` +
      `${r.design.sobolRows} x ${r.inputs.length + 2} sets.`,
  );
  for (const g of r.gaps.filter((x) => x.sli === r.sli)) {
    out.push(
      `  ${g.subject}: simulated gap ${formatMinutes(g.intercept)} ± ` +
        `${formatMinutes(1.96 * g.interceptSe)} per year at the medians` +
        `${g.slopes.length > 0 ? ` (slopes on ${g.slopes.map((s) => shortInputId(s.id)).join(', ')})` : ''}; ` +
        `inner MC noise of one set ±${formatMinutes(1.96 * Math.sqrt(g.innerVariance))}.`,
    );
  }
  out.push('');
  out.push(...summaryLines(r, r.prior));
  if (r.observed !== null) {
    out.push('', 'After the observed incidents (--observed, gamma–Poisson update):');
    for (const u of r.observed.updates) {
      out.push(
        `  ${shortInputId(u.id)}: ${u.events} event${u.events === 1 ? '' : 's'} over ` +
          `${formatDuration(u.exposureMs)}: median ${formatDuration(u.priorMedian)} -> ` +
          `${formatDuration(u.posteriorMedian)}`,
      );
    }
    out.push(...movedLines(r.prior, r.observed.posterior));
    out.push('', ...summaryLines(r, r.observed.posterior));
  }
  return `${out.join('\n')}\n`;
}

/** How much the answer moved between prior and posterior. */
function movedLines(a: OuterSummary, b: OuterSummary): string[] {
  const out: string[] = [];
  if (a.verdict !== null && b.verdict !== null) {
    out.push(
      `  The answer moved: ${b.verdict.b} better in ${pct(a.verdict.bBetter.share)} -> ${pct(b.verdict.bBetter.share)} of sets.`,
    );
  }
  for (const x of b.slis) {
    const y = a.slis.find((s) => s.subject === x.subject && s.sli === x.sli);
    if (y?.slo == null || x.slo === null) continue;
    out.push(
      `  ${x.subject} ${x.sli}: p50 ${formatMinutes(y.downtime.p50.value)} -> ` +
        `${formatMinutes(x.downtime.p50.value)}; SLO holds in ${pct(y.slo.holds.share)} -> ` +
        `${pct(x.slo.holds.share)} of sets.`,
    );
  }
  return out;
}

/** "holds unless …" or "stays missed unless …". */
function flipSentence(holdsAtMedian: boolean, flip: string): string {
  return `${holdsAtMedian ? 'holds' : 'stays missed'} unless ${flip}`;
}
