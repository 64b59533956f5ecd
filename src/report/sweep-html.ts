/**
 * The sweep as a page: the answer (cheapest variant meeting the SLO) first, the chart of
 * availability against machines with the Pareto frontier, the table of every variant
 * (skipped ones with the reason), then the per-SLI charts of the variants that ran.
 */
import { ninesChart } from './charts/nines-chart.ts';
import { htmlPage } from './charts/page.ts';
import { sweepChart, type SweepChartPoint } from './charts/sweep-chart.ts';
import { escapeHtml as esc } from './charts/svg.ts';
import { formatAvailability, formatAvailabilityCi, formatMinutes } from '../units/format.ts';
import { htmlTable, ninesLegend, ninesRows } from './html.ts';
import { SLI_INFO } from './sli-info.ts';
import type { SweepReport, SweepVariant } from '../sweep/types.ts';

const CSS = `
svg.sweep-chart .point-label { font-size: 12px; }
svg.sweep-chart .point-label.strong { font-weight: 700; }
.answer { font-size: 17px; }
tr.cheapest td { background: #e5f4ee; font-weight: 600; }
`;

/** The swept values of a variant: "external, 5". */
export function shortName(v: { readonly settings: readonly { readonly value: string }[] }): string {
  return v.settings.map((s) => s.value).join(', ');
}

/** The last meaningful key of a path: topology.controlPlane.count -> controlPlane. */
function keyOf(path: string): string {
  const parts = path.split('.').filter((p) => p !== 'count' && p !== 'kind');
  return parts[parts.length - 1] ?? path;
}

/** A compact variant label: "controlPlane=3, etcd=5, zones=3". */
export function compactName(v: {
  readonly settings: readonly { readonly path: string; readonly value: string }[];
}): string {
  return v.settings.map((s) => `${keyOf(s.path)}=${s.value}`).join(', ');
}

function chartPoints(sw: SweepReport): SweepChartPoint[] {
  const ran = sw.variants.filter((v): v is Extract<SweepVariant, { status: 'ran' }> => v.status === 'ran');
  return ran.map((v) => {
    const s = sw.report.scenarios[v.scenario]!;
    const st = s.slis[sw.rankSli];
    const slo = s.slo[sw.rankSli];
    return {
      name: v.name,
      short: compactName(v),
      machines: s.topology.machines,
      availability: st.availability,
      ci95: st.ci95,
      slo:
        slo === undefined
          ? null
          : { target: slo.target, met: Object.values(s.slo).every((x) => x === undefined || x.met) },
      pareto: v.paretoOptimal,
      cheapest: v.name === sw.cheapest,
    };
  });
}

function variantTable(sw: SweepReport): string {
  const rows: string[][] = [];
  const cls: string[] = [];
  for (const v of sw.variants) {
    const vals = v.settings.map((s) => `<code>${esc(s.value)}</code>`);
    if (v.status === 'skipped') {
      rows.push([
        ...vals,
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '<span class="badge none">skipped</span>',
        `<span ` + `class="note">${esc(v.message)}</span>`,
      ]);
      cls.push('');
      continue;
    }
    const s = sw.report.scenarios[v.scenario]!;
    const st = s.slis[sw.rankSli];
    const verdicts = Object.values(s.slo).filter((x) => x !== undefined);
    const met = verdicts.every((x) => x.met);
    const badge =
      verdicts.length === 0
        ? '<span class="badge none">no SLO</span>'
        : met
          ? '<span class="badge met">✓ ' + 'met</span>'
          : '<span class="badge unmet">✗ ' + 'not met</span>';
    const notes = [v.name === sw.cheapest ? '<strong>← cheapest</strong>' : '', v.paretoOptimal ? 'Pareto' : '']
      .filter((x) => x !== '')
      .join(' · ');
    rows.push([
      ...vals,
      String(s.topology.machines),
      formatAvailability(st.availability),
      `${formatAvailabilityCi(st.ci95[0], st.ci95[1])}`,
      formatMinutes(s.slis.api.downtimeMinutesPerYear),
      ...requestCells(s),
      badge,
      notes,
    ]);
    cls.push(v.name === sw.cheapest ? 'cheapest' : '');
  }
  const header = [
    ...sw.axes.map((a) => `<code title="${esc(a.path)}">${esc(keyOf(a.path))}</code>`),
    'machines',
    `${SLI_INFO[sw.rankSli].title} ` + `availability`,
    '95% CI',
    'API downtime / yr',
    'requests lost / yr',
    'bad minutes / yr',
    'SLO',
    '',
  ];
  const n = sw.axes.length;
  return htmlTable(
    header,
    rows,
    header.map((_, i) => i >= n && i < n + 6),
    cls,
  );
}

/** docs/model.md: the request-weighted API SLIs of a variant, as lost minutes a year. */
function requestCells(s: SweepReport['report']['scenarios'][number]): string[] {
  const m = s.apiRequestSlis;
  return m === undefined
    ? ['—', '—']
    : [formatMinutes(m.requestSuccess.downtimeMinutesPerYear), formatMinutes(m.badMinutes.downtimeMinutesPerYear)];
}

function labelOf(sw: SweepReport, name: string): string {
  const v = sw.variants.find((x) => x.name === name);
  return v === undefined ? name : compactName(v);
}

function answerBox(sw: SweepReport): string {
  const noSlo = sw.report.scenarios.every((s) => Object.keys(s.slo).length === 0);
  const cls = noSlo ? 'none' : sw.cheapest === null ? 'unmet' : 'met';
  const best = sw.report.scenarios.find((s) => s.name === sw.cheapest);
  const big = noSlo
    ? 'No SLO to size against'
    : best === undefined
      ? '✗ No variant meets the SLO'
      : `✓ ${best.topology.machines} machine${best.topology.machines === 1 ? '' : 's'}: ${esc(labelOf(sw, best.name))}`;
  return `<div class="verdict ${cls}" role="status"><span class="big">${big}</span><span class="answer">${esc(sw.answer)}</span></div>`;
}

/** The sweep page. */
export function renderSweepHtml(sw: SweepReport): string {
  const ran = sw.variants.filter((v) => v.status === 'ran').length;
  const skipped = sw.variants.length - ran;
  const first = sw.report.scenarios[0];
  const runs =
    first === undefined ? '' : ` · ${first.replications} replications each, seed ${first.seed}, common random numbers`;
  const body = [
    '<header>',
    `<h1>Capacity sweep of ${esc(sw.base.name)}</h1>`,
    `<p class="meta"><code>${esc(sw.base.file)}</code> · ${sw.variants.length} variants (${ran} ` +
      `ran${skipped > 0 ? `, ${skipped} skipped` : ''})${runs} · ${esc(sw.generator)}</p>`,
    `<p class="meta">Grid: ` +
      `${sw.axes.map((a) => `<code>${esc(a.path)}</code> = ${a.values.map((v) => `<code>${esc(v)}</code>`).join(', ')}`).join(' × ')}</p>`,
    '</header>',
    '<section id="answer">',
    answerBox(sw),
    '</section>',
    ran === 0
      ? ''
      : [
          '<section id="frontier">',
          `<h2>${SLI_INFO[sw.rankSli].title} availability against machines</h2>`,
          '<p class="note">Each point is a variant with its 95% confidence interval. The line joins ' +
            'the Pareto frontier: the variants no other variant beats on both machines and API downtime. ' +
            'Anything off the line costs more for less. Hover a point for its numbers.</p>',
          `<div class="chart-wrap">${sweepChart(chartPoints(sw), SLI_INFO[sw.rankSli].title)}</div>`,
          '</section>',
        ].join('\n'),
    '<section id="variants">',
    '<h2>Every variant</h2>',
    variantTable(sw),
    '</section>',
    ran === 0
      ? ''
      : [
          '<section id="availability">',
          '<h2>Availability of each variant per service level</h2>',
          ninesLegend(),
          `<div class="chart-wrap">${ninesChart(ninesRows(sw.report.scenarios, (s) => labelOf(sw, s.name)))}</div>`,
          '</section>',
        ].join('\n'),
  ].join('\n');
  return htmlPage(`sweep of ${sw.base.name}`, body, CSS);
}
