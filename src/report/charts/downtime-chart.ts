/**
 * Where the yearly downtime comes from: for each scenario and SLI, a bar split into the
 * share the topology's structure explains (the exact analysis: zero protocol delays) and
 * the share protocol delays add (elections, health-check detection, VIP failover, lease
 * expiry, crash-loop back-off), with the simulated total in minutes beside it. Shares,
 * not minutes, set the bar lengths: totals differ by orders of magnitude between
 * topologies (the nines chart compares them), while the split is what this chart is for.
 * The protocol part is hatched as well as coloured, so it reads in greyscale print too.
 */
import { formatProtocolMinutes } from '../format.ts';
import { scaleLinear } from 'd3-scale';
import type { Sli } from '../../scenario/types.ts';
import { formatMinutes } from '../../units/format.ts';
import { SLI_INFO } from '../sli-info.ts';
import { renderAxis } from './axis.ts';
import { textWidth } from './layout.ts';
import { PANEL_ORDER, rowBandsAndLabels } from './nines-chart.ts';
import { TONE } from './palette.ts';
import { el, px, svgRoot, text, title } from './svg.ts';

/** One SLI of one row, in minutes per year. */
export interface DowntimeCell {
  readonly totalMinutes: number;
  readonly ci95: readonly [number, number];
  /** Null when the exact analysis refused (no split). */
  readonly structureMinutes: number | null;
  readonly protocolMinutes: number | null;
  /** The protocol part's 95% CI (control variate), when known. */
  readonly protocolMinutesCi95?: readonly [number, number] | null;
}

/** One scenario. */
export interface DowntimeRow {
  readonly label: string;
  readonly cells: { readonly [S in Sli]: DowntimeCell };
}

const ROW_H = 26;
const BAR_H = 15;
const PANEL_W = 420;
const BAR_W = 280;
const GAP = 44;
const TOP = 34;
const BOTTOM = 40;

/** The hatch pattern of the protocol part (referenced by id; defined once per chart). */
function defs(id: string): string {
  return el(
    'defs',
    {},
    el(
      'pattern',
      { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      el('rect', { width: 6, height: 6, fill: TONE.protocol }),
      el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#fff', 'stroke-width': 2, 'stroke-opacity': 0.6 }),
    ),
  );
}

/** The protocol share of the simulated total in [0, 1], or null without a split. */
export function protocolShare(c: DowntimeCell): number | null {
  if (c.structureMinutes === null || c.protocolMinutes === null) return null;
  if (c.totalMinutes <= 0) return 0;
  return Math.min(1, Math.max(0, c.protocolMinutes / c.totalMinutes));
}

function cellTip(row: DowntimeRow, sli: Sli, c: DowntimeCell): string {
  const lines = [
    `${row.label} · ${SLI_INFO[sli].title}`,
    `simulated downtime ${formatMinutes(c.totalMinutes)} per year (95% CI ${formatMinutes(c.ci95[0])} – ${formatMinutes(c.ci95[1])})`,
  ];
  if (c.structureMinutes !== null && c.protocolMinutes !== null) {
    lines.push(`structure (exact, no protocol delays): ${formatMinutes(c.structureMinutes)}`);
    // A negative estimate is sampling noise: drawn as zero, written as "≈ 0 (estimate …)" as in every view.
    lines.push(`protocol delays add: ${formatProtocolMinutes(c.protocolMinutes, c.protocolMinutesCi95 ?? null)}`);
  } else {
    lines.push('no exact analysis for this scenario: the total is not split');
  }
  return lines.join('\n');
}

function cellMarks(row: DowntimeRow, sli: Sli, c: DowntimeCell, y: number, patternId: string): string {
  const y0 = y - BAR_H / 2;
  const share = protocolShare(c);
  const parts: string[] = [];
  let label: string;
  if (c.totalMinutes <= 0) {
    parts.push(
      el('rect', {
        class: 'bar-none',
        x: 0,
        y: y0,
        width: BAR_W,
        height: BAR_H,
        fill: '#fff',
        stroke: '#bbb',
        'stroke-dasharray': '3 2',
      }),
    );
    label = 'no downtime';
  } else if (share === null) {
    parts.push(el('rect', { class: 'bar-total', x: 0, y: y0, width: BAR_W, height: BAR_H, fill: TONE.muted }));
    label = `${formatMinutes(c.totalMinutes)} · not split`;
  } else {
    const xs = BAR_W * (1 - share);
    parts.push(el('rect', { class: 'bar-structure', x: 0, y: y0, width: xs, height: BAR_H, fill: TONE.structure }));
    parts.push(
      el('rect', { class: 'bar-protocol', x: xs, y: y0, width: BAR_W - xs, height: BAR_H, fill: `url(#${patternId})` }),
    );
    label = `${formatMinutes(c.totalMinutes)} · ${Math.round(share * 100)}% protocol`;
  }
  parts.push(text({ x: BAR_W + 8, y, dy: '0.32em', class: 'value' }, label));
  return el('g', { class: 'cell', 'data-sli': sli }, title(cellTip(row, sli, c)), ...parts);
}

/** The chart as an SVG string; `id` keeps pattern ids unique on a page. */
export function downtimeChart(rows: readonly DowntimeRow[], id = 'dt', slis: readonly Sli[] = PANEL_ORDER): string {
  const labelW = Math.min(300, Math.max(90, ...rows.map((r) => textWidth(r.label) + 12)));
  const left = labelW + 8;
  const cols = Math.min(2, slis.length);
  const plotH = rows.length * ROW_H;
  const bandH = TOP + plotH + BOTTOM;
  const width = left + cols * PANEL_W + (cols - 1) * GAP + 20;
  const bandsN = Math.ceil(slis.length / cols);
  const x = scaleLinear().domain([0, 1]).range([0, BAR_W]);
  const patternId = `${id}-protocol`;
  const out: string[] = [defs(patternId)];
  for (let b = 0; b < bandsN; b++) {
    const oy = b * bandH + TOP;
    out.push(...rowBandsAndLabels(rows, { top: oy, rowH: ROW_H, width, left, labelW }));
    slis.slice(b * cols, b * cols + cols).forEach((sli, k) => {
      out.push(
        el(
          'g',
          { class: 'panel', 'data-sli': sli, transform: `translate(${px(left + k * (PANEL_W + GAP))},${px(oy)})` },
          text({ x: 0, y: -14, class: 'panel-title' }, SLI_INFO[sli].title),
          renderAxis(
            {
              orient: 'bottom',
              position: (v) => x(v),
              ticks: [0, 0.25, 0.5, 0.75, 1],
              format: (v) => `${Math.round(v * 100)}%`,
              range: [0, BAR_W],
              gridLength: plotH,
              label: 'share of the simulated ' + 'downtime',
            },
            `translate(0,${plotH})`,
          ),
          ...rows.map((r, i) => cellMarks(r, sli, r.cells[sli], i * ROW_H + ROW_H / 2, patternId)),
        ),
      );
    });
  }
  return svgRoot(
    width,
    bandsN * bandH,
    'Yearly downtime per service level, split into structure ' + 'and protocol delays',
    'chart downtime-chart',
    ...out,
  );
}
