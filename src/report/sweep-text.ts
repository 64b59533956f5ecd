/** The sweep as Markdown (CI job summaries), JSON and a terminal table. */
import { formatAvailability, formatAvailabilityCi, formatMinutes } from '../units/format.ts';
import type { SweepReport } from '../sweep/types.ts';
import { escapeMarkdown as esc, fitTextTable, markdownTable } from './text-table.ts';
import { DEFAULT_COLUMNS } from './terminal.ts';
import { wrapText } from '../units/fit.ts';
import { SLI_INFO } from './sli-info.ts';

interface Row {
  readonly values: string[];
  readonly machines: string;
  readonly availability: string;
  readonly ci: string;
  readonly downtime: string;
  /** docs/model.md: request-weighted lost minutes and bad minutes a year. */
  readonly requests: string;
  readonly badMinutes: string;
  readonly verdict: string;
  readonly note: string;
}

function rows(sw: SweepReport): Row[] {
  return sw.variants.map((v) => {
    const values = v.settings.map((s) => s.value);
    if (v.status === 'skipped')
      return {
        values,
        machines: '',
        availability: '',
        ci: '',
        downtime: '',
        requests: '',
        badMinutes: '',
        verdict: 'skipped',
        note: v.message,
      };
    const s = sw.report.scenarios[v.scenario]!;
    const st = s.slis[sw.rankSli];
    const vs = Object.values(s.slo).filter((x) => x !== undefined);
    return {
      values,
      machines: String(s.topology.machines),
      availability: formatAvailability(st.availability),
      ci: `${formatAvailabilityCi(st.ci95[0], st.ci95[1])}`,
      downtime: formatMinutes(s.slis.api.downtimeMinutesPerYear),
      requests:
        s.apiRequestSlis === undefined ? '—' : formatMinutes(s.apiRequestSlis.requestSuccess.downtimeMinutesPerYear),
      badMinutes:
        s.apiRequestSlis === undefined ? '—' : formatMinutes(s.apiRequestSlis.badMinutes.downtimeMinutesPerYear),
      verdict: vs.length === 0 ? 'no SLO' : vs.every((x) => x.met) ? 'met' : 'NOT met',
      note: [
        v.name === sw.cheapest ? 'cheapest meeting the SLO' : '',
        v.paretoOptimal ? 'Pareto' : '',
        s.capacity === undefined
          ? ''
          : s.capacity.nPlusOne
            ? 'N+1'
            : `not N+1 (one host down: ` +
              `${(100 * (1 - s.capacity.oneHostDown.servedShare)).toFixed(1)}% of peak rejected)`,
        sw.cost === undefined ? '' : `cost ${sw.cost.byVariant[v.name]}`,
      ]
        .filter((x) => x !== '')
        .join(', '),
    };
  });
}

/** Serialised sweep report: 2-space JSON with a trailing newline. */
export function sweepJson(sw: SweepReport): string {
  return `${JSON.stringify(sw, null, 2)}\n`;
}

/** The sweep in Markdown: the answer first, then one row per variant. */
export function renderSweepMarkdown(sw: SweepReport): string {
  const header = [
    ...sw.axes.map((a) => esc(a.path)),
    'machines',
    `${SLI_INFO[sw.rankSli].title} ` + `availability`,
    '95% CI',
    'API downtime / yr',
    'requests lost / yr',
    'bad minutes / yr',
    'SLO',
    'note',
  ];
  const body = rows(sw).map((r) => [
    ...r.values.map(esc),
    r.machines,
    r.availability,
    r.ci,
    r.downtime,
    r.requests,
    r.badMinutes,
    r.verdict === 'met' ? '✅ met' : r.verdict === 'NOT met' ? '❌ not met' : r.verdict,
    esc(r.note),
  ]);
  const lines = [
    `# Capacity sweep of ${esc(sw.base.name)}`,
    '',
    `**${esc(sw.answer)}**`,
    '',
    `Grid: ${sw.axes.map((a) => `${esc(a.path)} = ${a.values.map(esc).join(', ')}`).join(' × ')}; ` +
      `${sw.variants.length} variants, common random numbers. ` +
      'Pareto: no other variant has both fewer machines and less API downtime.',
    '',
    markdownTable(
      header,
      body,
      header.map((_, i) => (i >= sw.axes.length && i < sw.axes.length + 6 ? 'r' : 'l')),
    ),
    '',
  ];
  return `${lines.join('\n')}`;
}

function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/**
 * The terminal table of a sweep, fitted to `columns` (least important columns dropped,
 * long notes cut); the answer wrapped above it.
 */
export function renderSweepTerminal(sw: SweepReport, columns: number = DEFAULT_COLUMNS): string {
  // Axis headers without the "topology." every topology axis shares (the answer names them whole).
  const header = [
    ...sw.axes.map((a) => a.path.replace(/^topology\./, '')),
    'machines',
    `${SLI_INFO[sw.rankSli].title} ` + `availability`,
    '95% CI',
    'API down/yr',
    'req lost/yr',
    'bad min/yr',
    'SLO',
    'note',
  ];
  const body = rows(sw).map((r) =>
    [...r.values, r.machines, r.availability, r.ci, r.downtime, r.requests, r.badMinutes, r.verdict, r.note].map(clean),
  );
  const align = header.map((_, i) => (i >= sw.axes.length && i < sw.axes.length + 6 ? 'r' : 'l') as 'l' | 'r');
  // Axes first (they name the variant), then the verdict, availability, machines, downtime, requests.
  const priority = [...sw.axes.map((_, i) => 99 - i), 90, 85, 40, 70, 35, 30, 95, 50];
  return `${wrapText(clean(sw.answer), columns)}\n\n${fitTextTable(header, body, align, priority, columns)}\n`;
}
