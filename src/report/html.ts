/**
 * `report.html`: one self-contained file (inline CSS, SVG and a tooltip script; a CSP that
 * forbids every network request) that opens from disk. A view of report.json: the SLO
 * verdict first, then availability on a nines scale, downtime split into structure and
 * protocol delays, outage lengths, SPOFs and cut sets, and the numbers. Every string that
 * comes from a scenario is escaped.
 */
import { MINUTES_PER_YEAR } from '../engine/time.ts';
import { SLIS, SLO_KEYS, type Sli, type SloKey } from '../scenario/types.ts';
import type { SliStats } from '../montecarlo/aggregate.ts';
import { downtimeChart, type DowntimeRow } from './charts/downtime-chart.ts';
import { ninesChart, type NinesRow } from './charts/nines-chart.ts';
import { verdictChart, type VerdictPoint } from './charts/verdict-chart.ts';
import { cdfSummary, outageCdfChart, type CdfRow, type CdfSeries } from './charts/outage-cdf-chart.ts';
import { htmlPage } from './charts/page.ts';
import { TONE } from './charts/palette.ts';
import { escapeHtml as esc } from './charts/svg.ts';
import { formatPp, formatProtocolMinutes, formatRate } from './format.ts';
import {
  formatAvailability,
  formatAvailabilityCi,
  formatMinutes,
  formatNines,
  formatSeconds,
} from '../units/format.ts';
import type { Report, ScenarioReport, SloVerdict } from './report-types.ts';
import { replayCommand } from './safe-text.ts';
import { SLI_INFO } from './sli-info.ts';
import {
  API_THREE_WAYS_HEADER,
  apiThreeWaysRow,
  badMinuteText,
  breachRiskText,
  comparisonVerdict,
  meanVerdictText,
} from './verdict.ts';

/** An HTML table; cells are trusted markup, `num[i]` right-aligns column i. */
export function htmlTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  num: readonly boolean[] = [],
  rowClass: readonly string[] = [],
): string {
  const th = header.map((h, i) => `<th${num[i] === true ? ' class="num"' : ''}>${h}</th>`).join('');
  const tr = rows
    .map((r, k) => {
      const cls = rowClass[k] ?? '';
      const cells = r.map((c, i) => `<td${num[i] === true ? ' class="num"' : ''}>${c}</td>`).join('');
      return `<tr${cls === '' ? '' : ` class="${cls}"`}>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table></div>`;
}

/** One SLO row per scenario and SLI that has a target. */
interface VerdictLine extends SloVerdict {
  readonly scenario: string;
  readonly sli: SloKey;
}

/** Whether an SLO key names a binary SLI (else a request-weighted API metric). */
function isSli(k: SloKey): k is Sli {
  return (SLIS as readonly string[]).includes(k);
}

function verdictLines(r: Report): VerdictLine[] {
  return r.scenarios.flatMap((s) =>
    SLO_KEYS.flatMap((sli) => {
      const v = s.slo[sli];
      return v === undefined ? [] : [{ scenario: s.name, sli, ...v }];
    }),
  );
}

/** The verdict chart's points: one per SLO, labelled by scenario (and SLI when SLOs are on several). */
export function verdictPoints(r: Report): VerdictPoint[] {
  const lines = verdictLines(r);
  const oneSli = new Set(lines.map((l) => l.sli)).size <= 1;
  return lines.map((l) => {
    const s = r.scenarios.find((x) => x.name === l.scenario)!;
    const words = l.met
      ? 'met'
      : l.status === 'not-met'
        ? 'NOT met'
        : l.status === 'insufficient-evidence'
          ? 'too few outages'
          : 'breach risk over limit';
    return {
      label: oneSli ? l.scenario : `${l.scenario} · ${SLI_INFO[l.sli].title}`,
      availability: l.availability,
      ci95: isSli(l.sli) ? s.slis[l.sli].ci95 : (s.apiRequestSlis?.[l.sli].ci95 ?? [l.lowerBound, l.availability]),
      target: l.target,
      met: l.met,
      verdict: words,
    };
  });
}

/** Above this many SLOs the verdict table is folded under the chart (it is the chart in numbers). */
const VERDICT_TABLE_OPEN_MAX = 6;

/**
 * The verdict banner, the verdict chart when given (the report's first chart), then the
 * table (folded when long); shared with the sweep view.
 */
export function verdictHtml(lines: readonly VerdictLine[], chart = ''): string {
  if (lines.length === 0) {
    return (
      '<div class="verdict none"><span class="big">No SLO to check</span><span>Add <code>slo: ' +
      '{ api: "99.95%" }</code> to a scenario or pass <code>--slo api=99.95%</code> to get a ' +
      'verdict.</span></div>'
    );
  }
  const failed = lines.filter((l) => !l.met).length;
  const banner =
    failed === 0
      ? `<div class="verdict met" role="status"><span class="big">✓ Every SLO is ` +
        `met</span><span>All ${lines.length} SLO${lines.length === 1 ? '' : 's'} hold with 95% confidence: ` +
        `the lower bound of each 95% confidence interval reaches its target.</span></div>`
      : `<div class="verdict unmet" role="status"><span class="big">✗ ${failed} of ${lines.length} ` +
        `SLO${lines.length === 1 ? '' : 's'} not met</span><span>For ` +
        `${failed === 1 ? 'this SLO' : 'these SLOs'} the lower bound of the 95% confidence interval is below ` +
        `the target, the evidence is too thin to confirm it (fewer than 10 runs with an outage), or the ` +
        `breach risk is over its limit.</span></div>`;
  const rows = lines.map((l) => {
    const budget = (1 - l.target) * MINUTES_PER_YEAR;
    const worst = (1 - l.lowerBound) * MINUTES_PER_YEAR;
    return [
      esc(l.scenario),
      SLI_INFO[l.sli].title,
      formatAvailability(l.target),
      formatAvailability(l.availability),
      formatAvailability(l.lowerBound),
      `${formatMinutes(worst)} of ${formatMinutes(budget)}`,
      l.status === 'met'
        ? '<span class="badge met">✓ met</span>'
        : `<span class="badge unmet">✗ ` + `${esc(meanVerdictText(l).toLowerCase())}</span>`,
      esc(breachRiskText(l)),
    ];
  });
  const table = htmlTable(
    [
      'scenario',
      'SLI',
      'target',
      'availability',
      '95% CI lower bound',
      'downtime / yr (CI upper) of budget',
      'mean met',
      'breach risk',
    ],
    rows,
    [false, false, true, true, true, true, false, false],
    lines.map((l) => (l.met ? '' : 'unmet')),
  );
  const figure =
    chart === ''
      ? ''
      : `<p class="note">Each row is one SLO: the dashed mark is its target, the point the ` +
        `availability with its 95% CI. Met means the CI's left end reaches the target.</p><div ` +
        `class="chart-wrap">${chart}</div>`;
  const folded =
    chart !== '' && lines.length > VERDICT_TABLE_OPEN_MAX
      ? `<details><summary>The ${lines.length} SLOs in numbers: target, lower bound, downtime ` +
        `against the budget, breach risk</summary>${table}</details>`
      : table;
  return banner + figure + folded;
}

function topologyText(s: ScenarioReport): string {
  const t = s.topology;
  const lb =
    t.loadBalancer === 'none'
      ? 'no LB'
      : `${t.loadBalancer}${t.healthCheck === null ? '' : ` (${t.healthCheck} check)`}`;
  const etcd = t.kind === 'stacked' ? 'stacked etcd' : `${t.etcdMembers} etcd`;
  return `${t.kind}: ${t.controlPlaneNodes} control plane, ${etcd}, ${t.zones} zone${t.zones === 1 ? '' : 's'}, ${lb}`;
}

function overviewTable(r: Report): string {
  const rows = r.scenarios.map((s) => {
    const api = s.slis.api;
    return [
      `<strong>${esc(s.name)}</strong>`,
      esc(topologyText(s)),
      String(s.topology.machines),
      formatAvailability(api.availability),
      formatNines(1 - api.availability),
      formatMinutes(api.downtimeMinutesPerYear),
      formatRate(api.outagesPerYear),
      s.spof.length === 0
        ? '<span class="note">none</span>'
        : s.spof.map((c) => `<span class="chip spof">${esc(c)}</span>`).join(' '),
    ];
  });
  return htmlTable(
    ['scenario', 'topology', 'machines', 'API availability', 'nines', 'API downtime / yr', 'API outages / yr', 'SPOFs'],
    rows,
    [false, false, true, true, true, true, true, false],
  );
}

/** Rows of the nines chart. */
export function ninesRows(
  scenarios: readonly ScenarioReport[],
  label: (s: ScenarioReport) => string = (s) => s.name,
): NinesRow[] {
  return scenarios.map((s) => ({
    label: label(s),
    cells: Object.fromEntries(
      SLIS.map((sli) => {
        const st = s.slis[sli];
        const v = s.slo[sli];
        return [
          sli,
          {
            availability: st.availability,
            ci95: st.ci95,
            analytic: s.analytic?.[sli] ?? null,
            slo: v === undefined ? null : { target: v.target, met: v.met },
          },
        ];
      }),
    ) as NinesRow['cells'],
  }));
}

function downtimeRows(scenarios: readonly ScenarioReport[]): DowntimeRow[] {
  return scenarios.map((s) => ({
    label: s.name,
    cells: Object.fromEntries(
      SLIS.map((sli) => {
        const st = s.slis[sli];
        const split = s.downtimeSplit?.[sli];
        return [
          sli,
          {
            totalMinutes: st.downtimeMinutesPerYear,
            ci95: st.downtimeMinutesPerYearCi95,
            structureMinutes: split?.structureMinutes ?? null,
            protocolMinutes: split?.protocolMinutes ?? null,
            protocolMinutesCi95: split?.protocolMinutesCi95 ?? null,
          },
        ];
      }),
    ) as DowntimeRow['cells'],
  }));
}

/** The CDF series of one SLI from its outage-length quantiles; null when it had no outage. */
export function cdfSeries(st: SliStats): CdfSeries | null {
  const cdf = st.outageCdf;
  if (cdf === null || cdf.seconds.length === 0) return null;
  const summary = cdfSummary(st.p50OutageSeconds, st.p99OutageSeconds, st.longestOutageSeconds, st.outages);
  return { summary, points: cdf.seconds.map((seconds, i) => ({ seconds, p: cdf.p[i] ?? 0 })) };
}

function cdfRows(scenarios: readonly ScenarioReport[]): CdfRow[] {
  return scenarios.map((s) => ({
    label: s.name,
    series: Object.fromEntries(SLIS.map((sli) => [sli, cdfSeries(s.slis[sli])])) as CdfRow['series'],
  }));
}

function swatch(svg: string): string {
  return `<svg width="26" height="14" viewBox="0 0 26 14" aria-hidden="true">${svg}</svg>`;
}

/** The legend of the nines chart (HTML). */
export function ninesLegend(): string {
  return `<div class="legend-html">
<span class="key">${swatch(`<circle cx="13" cy="7" r="5" fill="${TONE.met}"/>`)} SLO met</span>
<span class="key">${swatch(`<rect x="8.5" y="2.5" width="9" height="9" fill="${TONE.unmet}"/>`)} SLO not met</span>
<span class="key">${swatch(`<circle cx="13" cy="7" r="5" fill="${TONE.neutral}"/>`)} no SLO on this SLI</span>
<span class="key">${swatch('<path d="M2,7H24M2,3v8M24,3v8" stroke="#333" stroke-width="1.4" fill="none"/>')} 95% confidence interval</span>
<span class="key">${swatch(
    '<path d="M13,2l5,5l-5,5l-5,-5z" fill="none" stroke="#000" ' + 'stroke-width="1.2"/>',
  )} exact structural value (no protocol delays)</span>
<span class="key">${swatch(`<path d="M13,0V14" stroke="${TONE.slo}" stroke-width="1.5" stroke-dasharray="4 2"/>`)} SLO target</span>
</div>`;
}

function downtimeLegend(): string {
  return `<div class="legend-html">
<span class="key">${swatch(`<rect x="1" y="2" width="24" height="10" fill="${TONE.structure}"/>`)} structure: what the exact analysis predicts with zero protocol delays</span>
<span class="key">${swatch(
    `<defs><pattern id="lg-h" width="6" height="6" ` +
      `patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" ` +
      `fill="${TONE.protocol}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2" ` +
      `stroke-opacity="0.55"/></pattern></defs><rect x="1" y="2" width="24" height="10" ` +
      `fill="url(#lg-h)"/>`,
  )} protocol delays: elections, detection, failover, lease expiry, back-off</span>
</div>`;
}

const MAX_CUT_SETS_SHOWN = 10;

function cutSetChips(sets: readonly (readonly string[])[]): string {
  const shown = sets
    .slice(0, MAX_CUT_SETS_SHOWN)
    .map((cs) => `<span class="chip cut">${cs.map(esc).join(' + ')}</span>`);
  const more =
    sets.length > MAX_CUT_SETS_SHOWN
      ? `<span class="note">and ` + `${sets.length - MAX_CUT_SETS_SHOWN} more in report.json</span>`
      : '';
  return `<div class="chips">${shown.join('')}${more}</div>`;
}

function spofList(s: ScenarioReport): string {
  if (s.spof.length === 0) return '<p><span class="badge met">✓ no single point of failure</span></p>';
  const items = s.spof.map((c) => {
    const hits = SLIS.filter((sli) => s.spofBySli?.[sli].includes(c) === true).map((sli) => SLI_INFO[sli].title);
    return `<li><span class="chip spof">${esc(c)}</span> <span class="note">takes down ${esc(hits.join(', '))}</span></li>`;
  });
  return (
    `<p><span class="badge unmet">✗ ${s.spof.length} single ` +
    `point${s.spof.length === 1 ? '' : 's'} of failure</span></p><ul ` +
    `class="spof-list">${items.join('')}</ul>`
  );
}

function spofCard(s: ScenarioReport): string {
  const parts: string[] = [`<h3>${esc(s.name)}</h3>`];
  if (s.spofBySli === null || s.cutSets === null) {
    parts.push('<p class="note">The exact analysis refused this topology, so no cut sets are listed.</p>');
    return `<div class="card">${parts.join('')}</div>`;
  }
  parts.push(spofList(s));
  if (s.recommendation !== null && s.recommendation !== '')
    parts.push(`<p class="rec"><strong>Would ` + `help most:</strong> ${esc(s.recommendation)}</p>`);
  const api = s.cutSets.api.filter((cs) => cs.length > 1);
  const orders = [2, 3].map((k) => ({ k, sets: api.filter((cs) => cs.length === k) })).filter((o) => o.sets.length > 0);
  if (orders.length > 0) {
    const counts = orders.map((o) => `${o.sets.length} of ${o.k}`).join(', ');
    parts.push(
      `<details><summary>API cut sets: ${counts} components</summary>${orders
        .map(
          (o) =>
            `<p class="note">Any of these ${o.k}-component sets failing together takes the API down:</p>${cutSetChips(o.sets)}`,
        )
        .join('')}</details>`,
    );
  }
  return `<div class="card ${s.spof.length === 0 ? 'no-spof' : 'has-spof'}">${parts.join('')}</div>`;
}

function sliTable(r: Report, sli: Sli): string {
  const rows = r.scenarios.map((s) => {
    const st = s.slis[sli];
    const split = s.downtimeSplit?.[sli];
    return [
      esc(s.name),
      formatAvailability(st.availability),
      `${formatAvailabilityCi(st.ci95[0], st.ci95[1])}`,
      formatNines(1 - st.availability),
      formatMinutes(st.downtimeMinutesPerYear),
      formatRate(st.outagesPerYear),
      formatSeconds(st.meanOutageSeconds),
      formatSeconds(st.p50OutageSeconds),
      formatSeconds(st.p99OutageSeconds),
      formatSeconds(st.longestOutageSeconds),
      s.analytic === null ? '—' : formatAvailability(s.analytic[sli]),
      split === undefined
        ? '—'
        : `${formatMinutes(split.structureMinutes)} / ` +
          `${formatProtocolMinutes(split.protocolMinutes, split.protocolMinutesCi95)}`,
      ...(sli === 'api' ? [st.requestSuccess === undefined ? '—' : formatAvailability(st.requestSuccess)] : []),
    ];
  });
  const header = [
    'scenario',
    'availability',
    '95% CI',
    'nines',
    'downtime / yr',
    'outages / yr',
    'mean outage',
    'median',
    'p99',
    'longest',
    'exact structural',
    'structure / protocol',
    ...(sli === 'api' ? ['request success'] : []),
  ];
  return (
    `<h3>${SLI_INFO[sli].title}</h3><p ` +
    `class="note">${esc(SLI_INFO[sli].meaning)}.</p>${htmlTable(
      header,
      rows,
      header.map((_, i) => i > 0),
    )}`
  );
}

/** docs/model.md: the API binary, request-weighted and in bad minutes. */
function apiThreeWaysHtml(r: Report): string {
  const rows = r.scenarios.map((s) => apiThreeWaysRow(s).map(esc));
  return (
    `<h3>The API three ways</h3><p class="note">Binary: a ready apiserver is reachable. ` +
    `Requests lost: request-weighted (a partly degraded API and hung requests count in part). Bad ` +
    `minutes: a minute with more than ${esc(badMinuteText(r))} failed requests is down, as providers ` +
    `count ` +
    `SLAs.</p>${htmlTable(
      API_THREE_WAYS_HEADER,
      rows,
      API_THREE_WAYS_HEADER.map((_, i) => i > 0 && i < 7),
    )}`
  );
}

function comparisonsHtml(r: Report): string {
  if (r.comparisons.length === 0) return '';
  const rows = r.comparisons.map((c) => {
    const real = c.ci95[0] > 0 || c.ci95[1] < 0;
    return [
      esc(c.b),
      esc(c.a),
      SLI_INFO[c.sli].title,
      formatPp(c.difference),
      `${formatPp(c.ci95[0])} … ` + `${formatPp(c.ci95[1])}`,
      formatMinutes(c.downtimeMinutesPerYearSaved),
      real ? esc(comparisonVerdict(c)) : `<span ` + `class="note">${esc(comparisonVerdict(c))}</span>`,
    ];
  });
  return `<details><summary>Paired comparisons against ${esc(r.comparisons[0]!.a)} (${r.comparisons.length} rows)</summary>
<p class="note">Replication r of each scenario is paired with replication r of the baseline (common random numbers: the same failures of shared components), so the difference has its own, tighter confidence interval.</p>
${pairedTable(rows)}</details>`;
}

function provenanceHtml(r: Report): string {
  const rows = r.scenarios.map((s) => [
    esc(s.name),
    esc(s.description),
    `<code>${esc(s.file)}</code>`,
    `<code title="${esc(s.scenarioHash)}">${esc(s.scenarioHash.slice(0, 12))}</code>`,
    String(s.seed),
    `${s.replications} × ${formatSeconds(s.horizonHours * 3600)}`,
    s.timing,
    String(s.events),
  ]);
  return htmlTable(
    ['scenario', 'description', 'file', 'sha256', 'seed', 'replications × horizon', 'timing', 'events'],
    rows,
    [false, false, false, false, true, true, false, true],
  );
}

function runsLine(r: Report): string {
  const reps = [
    ...new Set(r.scenarios.map((s) => `${s.replications} replications × ${formatSeconds(s.horizonHours * 3600)}`)),
  ];
  const seeds = [...new Set(r.scenarios.map((s) => s.seed))];
  return (
    `${r.scenarios.length} scenario${r.scenarios.length === 1 ? '' : 's'} · ` +
    `${esc(reps.join(', '))} · seed ${seeds.join(', ')} · ${esc(r.generator)}`
  );
}

/** The HTML report: one self-contained file. */
export function renderHtml(r: Report): string {
  const body = [
    '<header>',
    '<h1>Kubernetes control-plane availability</h1>',
    `<p class="meta">${runsLine(r)}</p>`,
    '</header>',
    '<section id="verdict">',
    verdictHtml(verdictLines(r), verdictChart(verdictPoints(r))),
    '</section>',
    r.scenarios.length === 0 ? '' : sectionsWithCharts(r),
    '<section id="overview">',
    '<h2>Topologies at a glance</h2>',
    `<p class="note">API: ${esc(SLI_INFO.api.meaning)}. Machines count every host, etcd and load-balancer hosts included.</p>`,
    overviewTable(r),
    '</section>',
    '<section id="numbers">',
    '<h2>The numbers</h2>',
    '<p class="note">Availability is the mean over replications of the up-time fraction, with a 95% ' +
      'Student-t confidence interval. An outage is a maximal down interval.</p>',
    sliTable(r, 'api'),
    apiThreeWaysHtml(r),
    `<details><summary>etcd, controllers and ` +
      `scheduler</summary>${(['etcd', 'controllers', 'scheduler'] as const).map((sli) => sliTable(r, sli)).join('\n')}</details>`,
    comparisonsHtml(r),
    worstRunsHtml(r),
    '</section>',
    '<section id="provenance">',
    '<h2>What produced this report</h2>',
    provenanceHtml(r),
    '</section>',
  ].join('\n');
  return htmlPage('k8s-ha-sim report', body);
}

/** The API's worst simulated run per scenario, with the command that replays it. */
function worstRunsHtml(r: Report): string {
  const rows = r.scenarios
    .filter((s) => s.slis.api.worstReplication !== null)
    .map((s) => {
      const w = s.slis.api.worstReplication!;
      return [
        esc(s.name),
        String(w.replication),
        formatMinutes(w.downtimeMinutes),
        `<code>${esc(replayCommand(s.replay, w.replication, ['--html', 'run.html']))}</code>`,
      ];
    });
  if (rows.length === 0) return '';
  return [
    '<h3>Worst simulated run (API)</h3>',
    '<p class="note">The replication with the most API downtime. The command replays exactly that run, narrated, as a timeline.</p>',
    htmlTable(['scenario', 'replication', 'API downtime', 'replay'], rows, [false, true, true, false]),
  ].join('\n');
}

function sectionsWithCharts(r: Report): string {
  return [
    '<section id="availability">',
    '<h2>Availability per service level</h2>',
    '<p class="note">Each step right is ten times less downtime. Hover a mark for its numbers.</p>',
    ninesLegend(),
    `<div class="chart-wrap">${ninesChart(ninesRows(r.scenarios))}</div>`,
    '</section>',
    '<section id="downtime">',
    '<h2>Where the downtime comes from</h2>',
    '<p class="note">Each bar is one scenario\'s simulated downtime per year (the figure beside ' +
      'it), split into the share the topology alone explains and the share protocol delays add on top. A ' +
      'large protocol share means faster detection and failover would help more than more machines.</p>',
    downtimeLegend(),
    `<div class="chart-wrap">${downtimeChart(downtimeRows(r.scenarios))}</div>`,
    '</section>',
    '<section id="outages">',
    '<h2>How long outages last</h2>',
    `<p class="note">Share of outages no longer than a given length, over all outages of all replications.</p>`,
    `<div class="chart-wrap">${outageCdfChart(cdfRows(r.scenarios))}</div>`,
    '</section>',
    '<section id="spof">',
    '<h2>Single points of failure and cut sets</h2>',
    '<p class="note">A single point of failure takes a service level down on its own; a cut set is ' +
      'a group of components whose joint failure does (exact analysis).</p>',
    `<div class="cards">${r.scenarios.map(spofCard).join('\n')}</div>`,
    '</section>',
  ].join('\n');
}

/** The paired-comparison table. */
function pairedTable(rows: string[][]): string {
  const header = ['scenario', 'baseline', 'SLI', 'difference', '95% CI', 'downtime saved / yr', 'verdict'];
  return htmlTable(header, rows, [false, false, false, true, true, true, false]);
}
