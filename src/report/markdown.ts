/**
 * `report.md`: a view of report.json for CI job summaries and pull requests. Every
 * string that comes from a scenario is escaped.
 */
import { SLIS, SLO_KEYS, type Sli } from '../scenario/types.ts';
import { formatPp, formatProtocolMinutes, formatRate } from './format.ts';
import {
  formatAvailability,
  formatAvailabilityCi,
  formatMinutes,
  formatNines,
  formatSeconds,
} from '../units/format.ts';
import type { Report, ScenarioReport } from './report-types.ts';
import { SLI_INFO } from './sli-info.ts';
import { markdownCode, replayCommand } from './safe-text.ts';
import { escapeMarkdown as esc, markdownTable } from './text-table.ts';
import {
  API_THREE_WAYS_HEADER,
  apiThreeWaysRow,
  badMinuteText,
  breachRiskText,
  comparisonVerdict,
  meanVerdictText,
} from './verdict.ts';

function ciText(ci: readonly [number, number]): string {
  return formatAvailabilityCi(ci[0], ci[1]);
}

function verdictSection(r: Report): string[] {
  const rows: string[][] = [];
  for (const s of r.scenarios) {
    for (const sli of SLO_KEYS) {
      const v = s.slo[sli];
      if (v === undefined) continue;
      rows.push([
        esc(s.name),
        SLI_INFO[sli].title,
        formatAvailability(v.target),
        formatAvailability(v.availability),
        formatAvailability(v.lowerBound),
        v.status === 'met' ? '✅ met' : `❌ ${meanVerdictText(v).toLowerCase()}`,
        esc(breachRiskText(v)),
      ]);
    }
  }
  if (rows.length === 0) return [];
  const failed = r.scenarios.reduce(
    (n, s) => n + Object.values(s.slo).filter((v) => v !== undefined && !v.met).length,
    0,
  );
  return [
    '## SLO verdict',
    '',
    failed === 0
      ? 'Every SLO is met with 95% confidence (the lower bound of the 95% CI reaches the target).'
      : `**${failed} SLO${failed === 1 ? ' is' : 's are'} not met** with 95% confidence (or on too ` +
        `little evidence, or over the breach-risk limit).`,
    '',
    '"Mean met": the long-run mean, judged by the lower bound of its 95% CI. "Breach risk": the ' +
      'share of SLO windows whose availability is below the target, with its 95% CI — what a monthly SLA ' +
      'is about.',
    '',
    markdownTable(
      ['scenario', 'SLI', 'target', 'availability', '95% CI lower bound', 'mean met', 'breach risk'],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'l', 'l'],
    ),
    '',
  ];
}

function sliSection(r: Report, sli: Sli): string[] {
  const rows = r.scenarios.map((s) => {
    const st = s.slis[sli];
    const split = s.downtimeSplit?.[sli];
    return [
      esc(s.name),
      String(s.topology.machines),
      formatAvailability(st.availability),
      ciText(st.ci95),
      formatNines(1 - st.availability),
      formatMinutes(st.downtimeMinutesPerYear),
      formatRate(st.outagesPerYear),
      formatSeconds(st.meanOutageSeconds),
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
    'machines',
    'availability',
    '95% CI',
    'nines',
    'downtime / yr',
    'outages / yr',
    'mean outage',
    'p99 outage',
    'longest',
    'analytic',
    'structure / protocol',
    ...(sli === 'api' ? ['request success'] : []),
  ];
  return [
    `### ${SLI_INFO[sli].title}`,
    '',
    `_${SLI_INFO[sli].meaning}._`,
    '',
    markdownTable(header, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']),
    '',
  ];
}

function spofSection(r: Report): string[] {
  const lines = ['## Single points of failure', ''];
  for (const s of r.scenarios) {
    const spof = s.spof.length === 0 ? 'none' : s.spof.map(markdownCode).join(', ');
    lines.push(`- **${esc(s.name)}**: ${spof}${s.recommendation === null ? '' : ` — ${esc(s.recommendation)}`}`);
  }
  lines.push('');
  return lines;
}

function worstSection(r: Report): string[] {
  const rows = r.scenarios
    .filter((s) => s.slis.api.worstReplication !== null)
    .map((s) => {
      const w = s.slis.api.worstReplication!;
      return [
        esc(s.name),
        String(w.replication),
        formatMinutes(w.downtimeMinutes),
        markdownCode(replayCommand(s.replay, w.replication)),
      ];
    });
  if (rows.length === 0) return [];
  return [
    '## Worst simulated run (API)',
    '',
    'The replication with the most API downtime; replay it event by event with the command shown.',
    '',
    markdownTable(['scenario', 'replication', 'API downtime', 'replay'], rows, ['l', 'r', 'r', 'l']),
    '',
  ];
}

/** docs/model.md: the API binary, request-weighted and in bad minutes. */
function apiThreeWaysSection(r: Report): string[] {
  const rows = r.scenarios.map((s) => apiThreeWaysRow(s).map((c, i) => (i === 0 ? esc(c) : c)));
  return [
    '## The API three ways',
    '',
    `Binary: a ready apiserver is reachable. Requests lost: request-weighted (a partly degraded API ` +
      `and hung requests count in part). Bad minutes: a minute (aligned at the start of the run) with more ` +
      `than ${badMinuteText(r)} failed requests is down, as providers count SLAs.`,
    '',
    markdownTable(API_THREE_WAYS_HEADER, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l']),
    '',
  ];
}

function comparisonSection(r: Report): string[] {
  if (r.comparisons.length === 0) return [];
  const rows = r.comparisons.map((c) => [
    esc(c.b),
    esc(c.a),
    SLI_INFO[c.sli].title,
    formatPp(c.difference),
    `${formatPp(c.ci95[0])} … ${formatPp(c.ci95[1])}`,
    formatMinutes(c.downtimeMinutesPerYearSaved),
    esc(comparisonVerdict(c)),
  ]);
  return [
    '## Paired comparisons',
    '',
    'Each scenario against the first, replication r paired with replication r (common random numbers): ' +
      'difference = availability(scenario) − availability(baseline); a CI that excludes 0 is a real difference.',
    '',
    markdownTable(['scenario', 'baseline', 'SLI', 'difference', '95% CI', 'downtime saved / yr', 'verdict'], rows, [
      'l',
      'l',
      'l',
      'r',
      'r',
      'r',
      'l',
    ]),
    '',
  ];
}

function scenarioList(s: ScenarioReport): string {
  const t = s.topology;
  return (
    `- **${esc(s.name)}** (\`${esc(s.file)}\`, ${s.replications} × ${formatSeconds(s.horizonHours * 3600)}, seed ${s.seed}, ` +
    `timing ${s.timing}): ${t.kind}, ${t.controlPlaneNodes} control-plane, ${t.etcdMembers} etcd, ` +
    `${t.zones} zone${t.zones === 1 ? '' : 's'}, ` +
    `LB ${t.loadBalancer}${t.healthCheck === null ? '' : ` (${t.healthCheck} check)`}, ` +
    `${t.machines} machine${t.machines === 1 ? '' : 's'}` +
    (s.description === '' ? '' : ` — ${esc(s.description)}`)
  );
}

/** The Markdown report. */
export function renderMarkdown(r: Report): string {
  const lines = [
    '# k8s-ha-sim report',
    '',
    `Generated by ${esc(r.generator)}. Availability is the mean over replications of the up-time fraction, ` +
      'with a 95% Student-t confidence interval; "analytic" is the exact structural availability with zero protocol delays, ' +
      'and "structure / protocol" splits the simulated yearly downtime into what the topology explains and what ' +
      'elections, detection, failover and lease delays add.',
    '',
    ...r.scenarios.map(scenarioList),
    '',
    ...verdictSection(r),
    '## Availability by service level',
    '',
    ...SLIS.flatMap((sli) => sliSection(r, sli)),
    ...apiThreeWaysSection(r),
    ...spofSection(r),
    ...worstSection(r),
    ...comparisonSection(r),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
