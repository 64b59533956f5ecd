/**
 * The sentences that answer the user's questions (docs/statistics.md): "is B better than A?" per
 * SLI, and per SLO "is the mean met?" and "how likely is a window that breaks it?".
 * Shared by the terminal, Markdown, HTML and JUnit views.
 */
import type { Comparison } from '../montecarlo/aggregate.ts';
import { formatMinutes, formatMinutesCi } from '../units/format.ts';
import type { ScenarioReport, SloVerdict } from './report-types.ts';
import { assertNever } from '../engine/assert-never.ts';

/** A share as a percentage with sensible precision: "4.2%", "0.013%", "0%". */
export function formatShare(x: number): string {
  if (x <= 0) return '0%';
  const p = x * 100;
  if (p >= 10) return `${p.toFixed(0)}%`;
  if (p >= 1) return `${p.toFixed(1)}%`;
  return `${p.toPrecision(2)}%`;
}

/**
 * One verdict line of a paired comparison: "B is better by X min/yr (CI lo – hi)", "A is
 * better by …", or "no detectable difference: |Δ| < Y min/yr at 95%".
 */
export function comparisonVerdict(c: Comparison): string {
  const [lo, hi] = c.downtimeMinutesPerYearSavedCi95;
  if (lo > 0)
    return `${c.b} is better by ${minutes(c.downtimeMinutesPerYearSaved)}/yr (95% CI ${minutes(lo)} – ${minutes(hi)})`;
  if (hi < 0)
    return `${c.a} is better by ${minutes(-c.downtimeMinutesPerYearSaved)}/yr (95% CI ${minutes(-hi)} – ${minutes(-lo)})`;
  return `no detectable difference: |Δ| < ${minutes(Math.max(Math.abs(lo), Math.abs(hi)))}/yr at 95%`;
}

/** A difference in yearly downtime (the one duration format keeps small ones from reading "0"). */
function minutes(m: number): string {
  return formatMinutes(m);
}

/** "met", "NOT MET" or "INSUFFICIENT EVIDENCE" for the long-run mean. */
export function meanVerdictText(v: SloVerdict): string {
  switch (v.status) {
    case 'met':
      return 'met';
    case 'not-met':
      return 'NOT MET';
    case 'insufficient-evidence':
      return 'INSUFFICIENT EVIDENCE';
    default:
      return assertNever(v.status);
  }
}

/**
 * A breach risk as a share; none observed reads "< 1.0%", the 95% CI's upper bound (a
 * window count is finite: "0%" would claim more than the run shows).
 */
export function formatRisk(risk: number, ci95: readonly [number, number] | null): string {
  if (risk > 0 || ci95 === null || ci95[1] <= 0) return formatShare(risk);
  return `< ${formatShare(ci95[1])}`;
}

/**
 * "4.2% of 30-day windows (CI 3.1% – 5.6%)", or "< 1.0% of 30-day windows (none observed;
 * 95% CI upper bound)", with the limit's verdict when set.
 */
export function breachRiskText(v: SloVerdict): string {
  if (v.breachRisk === null || v.breachRiskCi95 === null) return `no full ${v.windowDays}-day window`;
  const [lo, hi] = v.breachRiskCi95;
  const base =
    v.breachRisk <= 0
      ? `< ${formatShare(hi)} of ${v.windowDays}-day windows (none observed; 95% CI upper bound)`
      : `${formatShare(v.breachRisk)} of ${v.windowDays}-day windows (CI ${formatShare(lo)} – ${formatShare(hi)})`;
  if (v.maxBreachRisk === null) return base;
  return `${base}: ${v.breachRiskOk === true ? 'within' : 'OVER'} the ${formatShare(v.maxBreachRisk)} limit`;
}

/**
 * docs/model.md: the API three ways per scenario — binary (a ready apiserver is reachable),
 * request-weighted (`requestSuccess`) and provider-style bad minutes — as lost minutes a
 * year with 95% CIs; one row shape for the terminal, Markdown and HTML tables.
 */
export function apiThreeWaysRow(s: ScenarioReport): string[] {
  const api = s.slis.api;
  const m = s.apiRequestSlis;
  const ci = (x: { readonly downtimeMinutesPerYearCi95: readonly [number, number] }): string =>
    formatMinutesCi(x.downtimeMinutesPerYearCi95[0], x.downtimeMinutesPerYearCi95[1]);
  return [
    s.name,
    formatMinutes(api.downtimeMinutesPerYear),
    ci(api),
    m === undefined ? '—' : formatMinutes(m.requestSuccess.downtimeMinutesPerYear),
    m === undefined ? '—' : ci(m.requestSuccess),
    m === undefined ? '—' : formatMinutes(m.badMinutes.downtimeMinutesPerYear),
    m === undefined ? '—' : ci(m.badMinutes),
    m === undefined ? '—' : m.requestSuccess.estimator,
  ];
}

/** Header of `apiThreeWaysRow`. */
export const API_THREE_WAYS_HEADER = [
  'scenario',
  'API down/yr',
  '95% CI',
  'requests lost/yr',
  '95% CI',
  'bad minutes/yr',
  '95% CI',
  'estimator',
];

/** The bad-minute threshold of a report's scenarios, as a share ("5%"), or null. */
export function badMinuteText(r: { readonly scenarios: readonly ScenarioReport[] }): string {
  const t = r.scenarios.find((s) => s.apiRequestSlis !== undefined)?.apiRequestSlis?.badMinutes.badMinute ?? 0.05;
  return formatShare(t);
}
