/**
 * The robustness study as one static HTML page: the verdict and the SLO across plausible
 * inputs, the tornado chart of each output's Sobol indices, the value of measuring each
 * input, and the full text report. Pure: a string from the study's data.
 */
import type { OuterSummary, RobustReport } from '../uncertainty/types.ts';
import { formatMinutes } from '../units/format.ts';
import { htmlPage } from './charts/page.ts';
import { escapeHtml } from './charts/svg.ts';
import { tornadoChart } from './charts/tornado-chart.ts';
import { flipText, measureFirstLine, renderRobustTerminal, shortInputId } from './robust-text.ts';

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

function verdictBox(r: RobustReport, s: OuterSummary): string {
  const v = s.verdict;
  const lines: string[] = [];
  if (v !== null) {
    lines.push(
      `<b>${escapeHtml(v.b)}</b> has less ${escapeHtml(v.sli)} downtime than ` +
        `<b>${escapeHtml(v.a)}</b> in <b>${pct(v.bBetter.share)}</b> of plausible input sets` +
        ` (saves p50 ${escapeHtml(formatMinutes(v.saved.p50.value))}/yr, p5–p95 ` +
        `${escapeHtml(formatMinutes(v.saved.p5.value))} to ${escapeHtml(formatMinutes(v.saved.p95.value))}).`,
    );
    const f = v.flips[0];
    if (f !== undefined) lines.push(`The answer at the medians holds unless ${escapeHtml(flipText(f, r.inputs))}.`);
  }
  for (const x of s.slis) {
    if (x.slo === null || x.sli !== r.sli) continue;
    lines.push(
      `SLO ${escapeHtml(String(Number((x.slo.target * 100).toPrecision(6))))}% ` +
        `(${escapeHtml(x.sli)}) of <b>${escapeHtml(x.subject)}</b> holds in <b>${pct(x.slo.holds.share)}</b> ` +
        `of plausible input sets; yearly downtime p5 ${escapeHtml(formatMinutes(x.downtime.p5.value))}, p50 ` +
        `${escapeHtml(formatMinutes(x.downtime.p50.value))}, p95 ` +
        `${escapeHtml(formatMinutes(x.downtime.p95.value))}.`,
    );
  }
  const m = measureFirstLine(s);
  if (m !== null) lines.push(`<b>${escapeHtml(m)}</b>`);
  return `<div class="verdict none"><div>${lines.map((l) => `<p>${l}</p>`).join('')}</div></div>`;
}

/** The page. */
export function renderRobustHtml(r: RobustReport): string {
  const tornado = r.prior.sensitivity
    .map((sens) =>
      tornadoChart(
        sens.rows.map((x) => ({
          label: shortInputId(x.id),
          first: x.first,
          firstSe: x.firstSe,
          total: x.total,
          totalSe: x.totalSe,
        })),
        `What drives ${sens.output} ` + `(${r.sli})`,
      ),
    )
    .join('\n');
  const body = [
    `<h1>Robustness: ${escapeHtml(r.subjects.join(' vs '))}</h1>`,
    `<p class="meta">${r.inputs.length} uncertain inputs · ${r.design.sets} input sets · ` +
      `${r.design.mcSets} simulated sets x ${r.design.mcReplications} replications · seed ${r.seed}</p>`,
    verdictBox(r, r.prior),
    r.observed === null ? '' : `<h2>After the observed incidents</h2>${verdictBox(r, r.observed.posterior)}`,
    '<h2>What drives it</h2>',
    '<p class="note">Sobol indices over the plausible ranges: light bar = total index (the input ' +
      'with its interactions), dark bar = first-order (the input alone); whiskers ±1.96 bootstrap standard ' +
      'errors.</p>',
    tornado,
    '<h2>Full report</h2>',
    `<pre class="mono">${escapeHtml(renderRobustTerminal(r))}</pre>`,
  ].join('\n');
  return htmlPage(`Robustness: ${r.subjects.join(' vs ')}`, body);
}
