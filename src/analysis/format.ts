/**
 * Text and JSON views of the exact analysis for `analyze` and `spof` (pure functions
 * returning strings or plain data; the CLI writes them).
 */
import { MINUTES_PER_YEAR } from '../engine/time.ts';
import { SLIS, type Scenario } from '../scenario/types.ts';
import { elideList, textWidth, wrapText } from '../units/fit.ts';
import { formatExactAvailability, formatMinutesValue, formatNines } from '../units/format.ts';
import type { ExactAnalysis } from './exact.ts';
import type { SpofReport } from './spof.ts';

/** One scenario's entry of `analyze --json`. */
export interface AnalyzeJsonEntry {
  readonly name: string;
  readonly file: string;
  readonly availability: ExactAnalysis['availability'];
  readonly unavailability: ExactAnalysis['unavailability'];
  readonly downtimeMinutesPerYear: ExactAnalysis['availability'];
  readonly components: ExactAnalysis['components'];
}

/** The `analyze --json` document. */
export interface AnalyzeJson {
  readonly scenarios: readonly AnalyzeJsonEntry[];
}

/** The JSON entry of one analysed scenario. */
export function analyzeJsonEntry(s: Scenario, a: ExactAnalysis): AnalyzeJsonEntry {
  const downtime = {} as Record<(typeof SLIS)[number], number>;
  for (const sli of SLIS) downtime[sli] = a.unavailability[sli] * MINUTES_PER_YEAR;
  return {
    name: s.name,
    file: s.file,
    availability: a.availability,
    unavailability: a.unavailability,
    downtimeMinutesPerYear: downtime,
    components: a.components,
  };
}

/** The human-readable table of one scenario; the heading wrapped to `columns` (default: unbounded). */
export function formatAnalyzeTable(e: AnalyzeJsonEntry, columns: number = Number.POSITIVE_INFINITY): string {
  const rows = [['SLI', 'availability', 'nines', 'downtime min/yr']];
  for (const sli of SLIS) {
    const u = e.unavailability[sli];
    rows.push([
      sli,
      formatExactAvailability(e.availability[sli], u),
      formatNines(u),
      formatMinutesValue(e.downtimeMinutesPerYear[sli]),
    ]);
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  const header = wrapText(`${e.name} (${e.file}): exact structural availability, ideal timing`, columns);
  return [header, ...rows.map((r) => `  ${line(r)}`)].join('\n') + '\n';
}

/** Cut sets listed per order before "... and N more". */
const MAX_LISTED = 8;
/** Components listed by importance per SLI. */
const TOP_IMPORTANCE = 5;

/**
 * The human-readable SPOF report, every line within `columns` (default: unbounded, which
 * lists up to 8 cut sets per order). Long lists end in "+N more"; the counts in
 * parentheses are always the full ones.
 */
export function formatSpofReport(r: SpofReport, file: string, columns: number = Number.POSITIVE_INFINITY): string {
  const list = (label: string, items: readonly string[], cap: number): string => {
    if (items.length === 0) return `${label}none`;
    const shown = Number.isFinite(columns) ? items : items.slice(0, cap);
    const more = items.length - shown.length;
    const room = Number.isFinite(columns) ? Math.max(16, columns - textWidth(label)) : Number.POSITIVE_INFINITY;
    const text = elideList(shown, room);
    return `${label}${more > 0 ? `${text}, +${more} more` : text}`;
  };
  const out = [
    wrapText(`${r.scenario} (${file}): single points of failure and minimal cut sets, ideal timing`, columns),
  ];
  for (const sli of SLIS) {
    const s = r.slis[sli];
    out.push('', `${sli}`);
    if (s.cutSets.some((c) => c.length === 0)) {
      out.push('  down even with every component up');
      continue;
    }
    out.push(list('  single points of failure: ', s.spof, Number.POSITIVE_INFINITY));
    for (const order of [2, 3]) {
      const sets = s.cutSets.filter((c) => c.length === order);
      out.push(
        list(
          `  cut sets of order ${order} (${sets.length}): `,
          sets.map((c) => c.join(' + ')),
          MAX_LISTED,
        ),
      );
    }
    const top = Object.entries(s.importance)
      .filter(([, v]) => v > 0)
      // By value as shown (3 significant digits), ties in canonical component order.
      .sort((x, y) => Number(y[1].toPrecision(3)) - Number(x[1].toPrecision(3)))
      .slice(0, TOP_IMPORTANCE)
      .map(([id, v]) => `${id} ${v.toExponential(2)}`);
    out.push(list('  most important (Birnbaum): ', top, TOP_IMPORTANCE));
  }
  out.push('', wrapText(`recommendation: ${r.recommendation}`, columns));
  return out.join('\n') + '\n';
}
