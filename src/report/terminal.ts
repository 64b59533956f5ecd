/**
 * The table `run` and `check` print on stdout: a view of report.json for people. It leads
 * with the risk of breaking the SLO in a window, then the long-run figures, then the
 * paired comparisons' verdicts; tables fit the terminal's width (least important columns
 * dropped, SPOF lists elided with "+N more").
 */
import { formatCapacity } from '../analysis/capacity.ts';
import { SLIS, SLO_KEYS } from '../scenario/types.ts';
import { formatRate } from './format.ts';
import { formatAvailability, formatMinutes, formatMinutesCi, formatSeconds } from '../units/format.ts';
import type { Report, ScenarioReport } from './report-types.ts';
import { SLI_INFO } from './sli-info.ts';
import { replayCommand, stripControl } from './safe-text.ts';
import { elideList, fitTextTable } from './text-table.ts';
import { wrapCommand, wrapLines, wrapText } from '../units/fit.ts';
import {
  API_THREE_WAYS_HEADER,
  apiThreeWaysRow,
  badMinuteText,
  breachRiskText,
  comparisonVerdict,
  formatRisk,
  formatShare,
  meanVerdictText,
} from './verdict.ts';

/** Terminal width used when the output is not a terminal. */
export const DEFAULT_COLUMNS = 100;

/** Scenario strings in a terminal: no control characters (escape sequences), no line breaks. */
function clean(s: string): string {
  return stripControl(s).replace(/[\n\t]/g, ' ');
}

const ESTIMATOR_SHORT = { crude: 'crude', 'control-variate': 'cv', importance: 'is' } as const;

/** The first line: what the risk of breaking the API SLO in a window is. */
export function riskLine(r: Report): string {
  const rated = r.scenarios.filter((s) => s.slo.api?.breachRisk != null);
  if (rated.length === 0) {
    const first = r.scenarios[0];
    return first === undefined ? 'No scenario.' : `API: ${SLI_INFO.api.meaning} (no API SLO: no breach risk)`;
  }
  const sorted = [...rated].sort((a, b) => b.slo.api!.breachRisk! - a.slo.api!.breachRisk!);
  const one = (s: ScenarioReport): string => {
    const v = s.slo.api!;
    const worst = s.slis.api.window.downtimeMinutes?.max ?? 0;
    const where =
      v.breachRisk! > 0
        ? `in ${formatShare(v.breachRisk!)} of ${v.windowDays}-day windows`
        : `in none of ${s.slis.api.window.windows} ${v.windowDays}-day windows (${formatRisk(0, v.breachRiskCi95)} at 95%)`;
    return (
      `${clean(s.name)} breaks the API SLO (${formatAvailability(v.target)}) ${where} (worst ` +
      `window down ${formatSeconds(worst * 60)}; long-run mean ${meanVerdictText(v)})`
    );
  };
  if (sorted.length === 1) return `Risk: ${one(sorted[0]!)}`;
  const low = sorted[sorted.length - 1]!;
  return (
    `Highest risk: ${one(sorted[0]!)}; lowest: ${clean(low.name)}, ` +
    `${formatRisk(low.slo.api!.breachRisk!, low.slo.api!.breachRiskCi95)}`
  );
}

function apiTable(r: Report, columns: number): string {
  const header = [
    'scenario',
    'machines',
    'downtime/yr',
    '±95%',
    '95% CI',
    'est.',
    'availability',
    'breach risk',
    'p99 window',
    'worst window',
    'outages/yr',
    'mean outage',
    'analytic',
    'SLO mean',
  ];
  const align = ['l', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] as const;
  const priority = [99, 20, 95, 90, 12, 30, 40, 85, 50, 60, 15, 10, 5, 70];
  const rows = r.scenarios.map((s) => {
    const st = s.slis.api;
    const v = s.slo.api;
    const w = st.window.downtimeMinutes;
    const [lo, hi] = st.downtimeMinutesPerYearCi95;
    return [
      clean(s.name),
      String(s.topology.machines),
      formatMinutes(st.downtimeMinutesPerYear),
      st.relativeHalfWidth === null ? '—' : `±${formatShare(st.relativeHalfWidth)}`,
      formatMinutesCi(lo, hi),
      ESTIMATOR_SHORT[st.estimator],
      formatAvailability(st.availability),
      v?.breachRisk == null ? '—' : formatRisk(v.breachRisk, v.breachRiskCi95),
      w === null ? '—' : formatMinutes(w.p99),
      w === null ? '—' : formatMinutes(w.max),
      formatRate(st.outagesPerYear),
      formatSeconds(st.meanOutageSeconds),
      s.analytic === null ? '—' : formatAvailability(s.analytic.api),
      v === undefined ? '' : `${meanVerdictText(v)} (${formatAvailability(v.target)})`,
    ];
  });
  return fitTextTable(header, rows, align, priority, columns);
}

/** docs/model.md: the API binary, request-weighted and in bad minutes, side by side. */
function apiThreeWaysTable(r: Report, columns: number): string {
  const rows = r.scenarios.map((s) => apiThreeWaysRow(s).map(clean));
  return fitTextTable(
    API_THREE_WAYS_HEADER,
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    [99, 95, 40, 90, 35, 85, 30, 20],
    columns,
  );
}

function downtimeTable(r: Report, columns: number): string {
  const name = Math.max(8, ...r.scenarios.map((s) => clean(s.name).length));
  const cells = r.scenarios.map((s) => SLIS.map((sli) => formatMinutes(s.slis[sli].downtimeMinutesPerYear)));
  const used =
    name +
    2 +
    SLIS.reduce((n, sli, i) => n + 2 + Math.max(SLI_INFO[sli].title.length, ...cells.map((c) => c[i]!.length)), 0);
  const room = Math.max(12, columns - used - 2);
  return fitTextTable(
    ['scenario', ...SLIS.map((s) => SLI_INFO[s].title), 'SPOFs'],
    r.scenarios.map((s, i) => [
      clean(s.name),
      ...cells[i]!,
      s.spof.length === 0 ? 'none' : clean(elideList(s.spof, room)),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'l'],
    [99, 90, 95, 80, 70, 60],
    columns,
  );
}

/**
 * The paired comparisons' verdict lines: per SLI for two scenarios; for more, the API
 * against the first and against the scenario listed before (the close calls).
 */
function comparisonLines(r: Report): string[] {
  if (r.comparisons.length === 0) return [];
  const base = r.comparisons[0]!.a;
  const lines = ['', `Paired comparison against ${clean(base)} (same failures in both: common random numbers)`];
  if (r.scenarios.length <= 2) {
    for (const c of r.comparisons) lines.push(`  ${SLI_INFO[c.sli].title}: ${clean(comparisonVerdict(c))}`);
    return lines;
  }
  for (const c of r.comparisons.filter((x) => x.sli === 'api'))
    lines.push(`  ${clean(c.b)}, API: ${clean(comparisonVerdict(c))}`);
  const adjacent = r.adjacentComparisons.filter((x) => x.sli === 'api');
  if (adjacent.length > 0) {
    lines.push('', 'Paired comparison with the scenario listed before (API)');
    for (const c of adjacent) lines.push(`  ${clean(c.b)} vs ${clean(c.a)}: ${clean(comparisonVerdict(c))}`);
  }
  return lines;
}

/** Wraps a prose line at spaces to `columns`; continuation lines get 4 more spaces of indent. */
export function wrapLine(line: string, columns: number): string {
  return wrapText(line, columns);
}

/** The SLO lines: mean verdict and breach risk per SLO. */
function sloLines(r: Report): string[] {
  const lines: string[] = [];
  for (const s of r.scenarios) {
    for (const sli of SLO_KEYS) {
      const v = s.slo[sli];
      if (v === undefined) continue;
      const risk = v.windowDays === 0 ? '' : `; breach risk ${breachRiskText(v)}`;
      lines.push(`  ${clean(s.name)}, ${sli} ≥ ${formatAvailability(v.target)}: mean ${meanVerdictText(v)}${risk}`);
    }
  }
  return lines.length === 0
    ? []
    : [
        '',
        'SLOs (mean met = 95% CI lower bound reaches the target; ' + 'breach risk = share of windows below it)',
        ...lines,
      ];
}

/** The terminal summary of a report, fitted to `columns` characters. */
export function renderTerminal(r: Report, columns: number = DEFAULT_COLUMNS): string {
  const width = Math.max(60, columns);
  const first = r.scenarios[0];
  const runs =
    first === undefined
      ? ''
      : `${first.replications} replications × ` + `${formatSeconds(first.horizonHours * 3600)}, seed ${first.seed}`;
  const lines = [
    riskLine(r),
    '',
    `API: ${SLI_INFO.api.meaning} (${runs}; est. cv = control variate, exact structure + simulated protocol delay)`,
    '',
    apiTable(r, width),
    '',
    `API three ways: binary (a ready apiserver is reachable), requests lost (request-weighted: ` +
      `partial degradation and hung requests count in part), bad minutes (a minute with more than ` +
      `${badMinuteText(r)} failed requests is down)`,
    '',
    apiThreeWaysTable(r, width),
    '',
    'Downtime per year by service level',
    '',
    downtimeTable(r, width),
    ...comparisonLines(r),
    ...sloLines(r),
  ];
  const commands = new Set<string>();
  const worst = r.scenarios.filter((s) => s.slis.api.worstReplication !== null);
  if (worst.length > 0) {
    lines.push('', 'Worst simulated run for the API (replay it with the command shown)');
    for (const s of worst) {
      const w = s.slis.api.worstReplication!;
      const command = wrapCommand('    ', replayCommand(s.replay, w.replication), width);
      commands.add(command);
      lines.push(
        `  ${clean(s.name)}: replication ${w.replication}, ${formatMinutes(w.downtimeMinutes)} down:`,
        command,
      );
    }
  }
  for (const s of r.scenarios) {
    if (s.capacity === undefined) continue;
    const rs =
      s.requestSuccess === undefined ? '' : `; requests served over the run: ${formatAvailability(s.requestSuccess)}`;
    lines.push('', `${clean(s.name)}: ${formatCapacity(s.capacity).trimEnd()}${rs}`);
  }
  const recs = r.scenarios.filter((s) => s.recommendation !== null && s.recommendation !== '');
  if (recs.length > 0) {
    lines.push('', 'Recommendations');
    for (const s of recs) lines.push(`  ${clean(s.name)}: ${clean(s.recommendation!)}`);
  }
  // Tables already fit; this wraps the prose (capacity notes included). Commands are
  // broken only between words by wrapCommand: wrapping them again could split a quoted one.
  return `${lines.map((l) => (commands.has(l) ? l : wrapLines(l, width))).join('\n')}\n`;
}
