/**
 * Pure assembly of `reports/reference.json` (SPEC §9) and the Markdown table of
 * docs/fidelity.md from measured and simulated samples.
 */
import type { Component, ReferenceCase } from './cases.ts';
import { compare, quantiles, type Comparison, type Quantiles, type VerdictRule, DEFAULT_VERDICT_RULE } from './stats.ts';

/** One case of the report. */
export interface CaseReport extends Comparison {
  readonly name: string;
  readonly component: Component;
  readonly measures: string;
  readonly scenario: string;
  readonly measured: Quantiles;
  readonly simulated: Quantiles;
  /** The measured outages themselves, seconds rounded to the millisecond. */
  readonly samples: readonly number[];
}

/** The whole report. */
export interface ReferenceReport {
  readonly generated: string;
  readonly quick: boolean;
  readonly trialsPerCase: number;
  readonly simulatedSeeds: number;
  readonly probePeriodMs: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly verdictRule: VerdictRule;
  readonly cases: readonly CaseReport[];
  /** Cases that could not be measured, with the reason. */
  readonly missing: readonly { readonly name: string; readonly reason: string }[];
}

/** The report entry of one case; null when either sample is empty. */
export function caseReport(c: ReferenceCase, scenarioPath: string, measured: readonly number[], simulated: readonly number[], rule: VerdictRule = DEFAULT_VERDICT_RULE): CaseReport | null {
  if (measured.length === 0 || simulated.length === 0) return null;
  return {
    name: c.name,
    component: c.component,
    measures: c.measures,
    scenario: scenarioPath,
    measured: quantiles(measured),
    simulated: quantiles(simulated),
    ...compare(measured, simulated, rule),
    samples: measured.map((x) => Math.round(x * 1000) / 1000),
  };
}

const f2 = (x: number): string => x.toFixed(2);
const range = (q: Quantiles): string => `${f2(q.p05)} / ${f2(q.p50)} / ${f2(q.p95)}`;

/** The Markdown table of the cases (p05 / median / p95 in seconds). */
export function markdownTable(r: ReferenceReport): string {
  const rows = r.cases.map((c) =>
    `| ${c.name} | ${c.component} | ${c.measured.n} | ${range(c.measured)} | ${range(c.simulated)} | ${c.ks.toFixed(2)} | ${c.pValue < 0.0001 ? '<0.0001' : c.pValue.toFixed(4)} | **${c.verdict}** |`);
  return [
    `Measured ${r.generated} (${r.quick ? 'quick run' : 'full run'}; ${r.trialsPerCase} trials per case, ${r.simulatedSeeds} simulator seeds; probes every ${r.probePeriodMs} ms).`,
    `Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `Machine: ${Object.entries(r.machine).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    '| case | component | trials | measured p05 / p50 / p95 (s) | simulated p05 / p50 / p95 (s) | KS D | p | verdict |',
    '|------|-----------|-------:|------------------------------|-------------------------------|-----:|--:|---------|',
    ...rows,
    ...(r.missing.length === 0 ? [] : ['', ...r.missing.map((m) => `Not measured: ${m.name} (${m.reason}).`)]),
    '',
  ].join('\n');
}

/** Replaces the text between the table markers of `doc` (appends the block if absent). */
export function replaceTable(doc: string, table: string): string {
  const begin = '<!-- reference-table:begin -->';
  const end = '<!-- reference-table:end -->';
  const block = `${begin}\n${table}${end}`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) return `${doc.trimEnd()}\n\n${block}\n`;
  return doc.slice(0, i) + block + doc.slice(j + end.length);
}
