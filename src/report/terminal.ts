/** The table `run` and `check` print on stdout: a view of report.json for people. */
import { formatCapacity } from '../analysis/capacity.ts';
import { SLIS } from '../scenario/types.ts';
import { formatAvailability, formatMinutes, formatRate, formatSeconds } from './format.ts';
import type { Report } from './report-types.ts';
import { SLI_INFO } from './sli-info.ts';
import { replayCommand, stripControl } from './safe-text.ts';
import { textTable } from './text-table.ts';

/** Scenario strings in a terminal: no control characters (escape sequences), no line breaks. */
function clean(s: string): string {
  return stripControl(s).replace(/[\n\t]/g, ' ');
}

/** The terminal summary of a report. */
export function renderTerminal(r: Report): string {
  const api = textTable(
    ['scenario', 'machines', 'availability', '95% CI', 'downtime/yr', 'outages/yr', 'mean outage', 'analytic', 'SLO'],
    r.scenarios.map((s) => {
      const st = s.slis.api;
      const v = s.slo.api;
      return [
        clean(s.name),
        String(s.topology.machines),
        formatAvailability(st.availability),
        `${formatAvailability(st.ci95[0])} – ${formatAvailability(st.ci95[1])}`,
        formatMinutes(st.downtimeMinutesPerYear),
        formatRate(st.outagesPerYear),
        formatSeconds(st.meanOutageSeconds),
        s.analytic === null ? '—' : formatAvailability(s.analytic.api),
        v === undefined ? '' : `${v.met ? 'met' : 'NOT MET'} (${formatAvailability(v.target)})`,
      ];
    }),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
  const down = textTable(
    ['scenario', ...SLIS.map((s) => SLI_INFO[s].title), 'SPOFs'],
    r.scenarios.map((s) => [
      clean(s.name),
      ...SLIS.map((sli) => formatMinutes(s.slis[sli].downtimeMinutesPerYear)),
      s.spof.length === 0 ? 'none' : clean(s.spof.join(', ')),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'l'],
  );
  const first = r.scenarios[0];
  const runs = first === undefined ? '' : `${first.replications} replications × ${formatSeconds(first.horizonHours * 3600)}, seed ${first.seed}`;
  const lines = [
    `API: ${SLI_INFO.api.meaning} (${runs})`,
    '',
    api,
    '',
    'Downtime per year by service level',
    '',
    down,
  ];
  const worst = r.scenarios.filter((s) => s.slis.api.worstReplication !== null);
  if (worst.length > 0) {
    lines.push('', 'Worst simulated run for the API (replay it with the command shown)');
    for (const s of worst) {
      const w = s.slis.api.worstReplication!;
      lines.push(`  ${clean(s.name)}: replication ${w.replication}, ${formatMinutes(w.downtimeMinutes)} down — ${replayCommand(s.replay, w.replication)}`);
    }
  }
  for (const s of r.scenarios) {
    if (s.capacity === undefined) continue;
    const rs = s.requestSuccess === undefined ? '' : `; requests served over the run: ${formatAvailability(s.requestSuccess)}`;
    lines.push('', `${clean(s.name)}: ${formatCapacity(s.capacity).trimEnd()}${rs}`);
  }
  const recs = r.scenarios.filter((s) => s.recommendation !== null && s.recommendation !== '');
  if (recs.length > 0) {
    lines.push('', 'Recommendations');
    for (const s of recs) lines.push(`  ${clean(s.name)}: ${clean(s.recommendation!)}`);
  }
  return `${lines.join('\n')}\n`;
}
