/**
 * How long outages last: the empirical CDF of outage durations (share of outages no
 * longer than x) on a log time axis, one panel per SLI, one line per scenario, drawn
 * through the report's outage-length quantiles (`outageCdf`, p = 0, 0.01, ..., 1).
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { SLIS, type Sli } from '../../scenario/types.ts';
import { formatSeconds } from '../../units/format.ts';
import { SLI_INFO } from '../sli-info.ts';
import { renderAxis } from './axis.ts';
import { seriesStyle } from './palette.ts';
import { truncate } from './layout.ts';
import { el, px, svgRoot, text, title } from './svg.ts';

/** Points (seconds, cumulative share) of one scenario's outage lengths for one SLI. */
export interface CdfSeries {
  readonly points: readonly { readonly seconds: number; readonly p: number }[];
  readonly summary: string;
}

/** One scenario: a label and, per SLI, its series (null: no outage at all). */
export interface CdfRow {
  readonly label: string;
  readonly series: { readonly [S in Sli]: CdfSeries | null };
}

const PANEL_W = 500;
const PANEL_H = 190;
const GAP_X = 70;
const GAP_Y = 78;
const LEFT = 56;
const TOP = 28;

const TICKS_S = [1, 10, 60, 600, 3600, 36000, 86400, 864000, 8640000];

function tickLabel(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${s / 60} min`;
  if (s < 86400) return `${s / 3600} h`;
  return `${s / 86400} d`;
}

function seriesMarks(row: CdfRow, i: number, sli: Sli, x: (s: number) => number, y: (p: number) => number): string {
  const s = row.series[sli];
  if (s === null || s.points.length === 0) return '';
  const st = seriesStyle(i);
  const path = line()(s.points.map((pt) => [x(pt.seconds), y(pt.p)] as [number, number]));
  const dash = st.dash;
  return el(
    'g',
    { class: 'series', 'data-series': String(i) },
    title(`${row.label} · ${SLI_INFO[sli].title}: ${s.summary}`),
    el('path', {
      class: 'cdf-line',
      d: path ?? '',
      fill: 'none',
      stroke: st.colour,
      'stroke-width': 2,
      'stroke-dasharray': dash === '' ? undefined : dash,
    }),
  );
}

/** The legend: one swatch per scenario. */
function legend(rows: readonly CdfRow[], width: number): { svg: string; height: number } {
  const items: string[] = [];
  let cx = 0;
  let cy = 0;
  rows.forEach((r, i) => {
    const st = seriesStyle(i);
    const w = Math.min(260, 34 + r.label.length * 6.6);
    if (cx + w > width && cx > 0) {
      cx = 0;
      cy += 18;
    }
    items.push(
      el(
        'g',
        { class: 'legend-item', transform: `translate(${px(cx)},${px(cy)})` },
        el('line', {
          x1: 0,
          x2: 24,
          y1: 0,
          y2: 0,
          stroke: st.colour,
          'stroke-width': 2.5,
          'stroke-dasharray': st.dash === '' ? undefined : st.dash,
        }),
        text({ x: 30, y: 0, dy: '0.32em' }, r.label),
      ),
    );
    cx += w;
  });
  return { svg: el('g', { class: 'legend', transform: `translate(${LEFT},14)` }, ...items), height: cy + 30 };
}

/** Above this many scenarios one line per scenario is unreadable: small multiples instead. */
export const CDF_OVERLAY_MAX = 6;

/**
 * The chart as an SVG string: up to CDF_OVERLAY_MAX scenarios overlaid, a panel per SLI;
 * more, small multiples (a panel per scenario, a line per SLI).
 */
export function outageCdfChart(rows: readonly CdfRow[], slis: readonly Sli[] = SLIS): string {
  if (rows.length > CDF_OVERLAY_MAX) return outageCdfSmallMultiples(rows, slis);
  const cols = Math.min(2, slis.length);
  const gridRows = Math.ceil(slis.length / cols);
  const width = LEFT + cols * PANEL_W + (cols - 1) * GAP_X + 30;
  const leg = legend(rows, width - LEFT - 20);
  const top = TOP + leg.height;
  const height = top + gridRows * PANEL_H + (gridRows - 1) * GAP_Y + 50;
  const all = rows.flatMap((r) => slis.flatMap((s) => r.series[s]?.points.map((p) => p.seconds) ?? []));
  const lo = Math.max(0.1, Math.min(1, ...all.filter((v) => v > 0)));
  const hi = Math.max(60, ...all);
  const x = scaleLog().domain([lo, hi]).range([0, PANEL_W]).clamp(true);
  const y = scaleLinear().domain([0, 1]).range([PANEL_H, 0]);
  const ticks = TICKS_S.filter((t) => t >= lo && t <= hi * 1.001);
  const panels = slis.map((sli, k) => {
    const ox = LEFT + (k % cols) * (PANEL_W + GAP_X);
    const oy = top + Math.floor(k / cols) * (PANEL_H + GAP_Y);
    return el(
      'g',
      { class: 'panel', transform: `translate(${px(ox)},${px(oy)})` },
      text({ x: 0, y: -10, class: 'panel-title' }, `${SLI_INFO[sli].title} outages`),
      renderAxis(
        {
          orient: 'bottom',
          position: (s) => x(s),
          ticks,
          format: tickLabel,
          range: [0, PANEL_W],
          gridLength: PANEL_H,
          label: 'outage length (log scale)',
        },
        `translate(0,${PANEL_H})`,
      ),
      renderAxis({
        orient: 'left',
        position: (p) => y(p),
        ticks: [0, 0.25, 0.5, 0.75, 1],
        format: (p) => `${Math.round(p * 100)}%`,
        range: [PANEL_H, 0],
        gridLength: PANEL_W,
      }),
      ...rows.map((r, i) =>
        seriesMarks(
          r,
          i,
          sli,
          (s) => x(s),
          (p) => y(p),
        ),
      ),
    );
  });
  return svgRoot(
    width,
    height,
    'Distribution of outage lengths per service level (cumulative, log ' + 'time scale)',
    'chart cdf-chart',
    leg.svg,
    ...panels,
  );
}

/** A tooltip summary line from the usual outage statistics. */
export function cdfSummary(p50: number | null, p99: number | null, longest: number | null, outages: number): string {
  return (
    `${outages} outage${outages === 1 ? '' : 's'}; median ${formatSeconds(p50)}, p99 ` +
    `${formatSeconds(p99)}, longest ${formatSeconds(longest)}`
  );
}

const SM_W = 236;
const SM_H = 96;
const SM_GAP_X = 58;
const SM_GAP_Y = 66;
const SM_COLS = 4;
const SM_TICKS_S = [1, 60, 3600, 86400];

/** The log time domain over every series shown. */
function secondsDomain(rows: readonly CdfRow[], slis: readonly Sli[]): [number, number] {
  const all = rows.flatMap((r) => slis.flatMap((s) => r.series[s]?.points.map((p) => p.seconds) ?? []));
  return [Math.max(0.1, Math.min(1, ...all.filter((v) => v > 0))), Math.max(60, ...all)];
}

/**
 * Small multiples for many scenarios: one small panel per scenario (same axes everywhere,
 * so panels compare at a glance), one line per SLI in the SLI's colour and dash, a legend
 * of the SLIs on top. Twenty scenarios make five rows of four.
 */
export function outageCdfSmallMultiples(rows: readonly CdfRow[], slis: readonly Sli[] = SLIS): string {
  const cols = Math.min(SM_COLS, rows.length);
  const gridRows = Math.ceil(rows.length / cols);
  const width = LEFT + cols * SM_W + (cols - 1) * SM_GAP_X + 30;
  const top = TOP + 34;
  const height = top + gridRows * SM_H + (gridRows - 1) * SM_GAP_Y + 58;
  const [lo, hi] = secondsDomain(rows, slis);
  const x = scaleLog().domain([lo, hi]).range([0, SM_W]).clamp(true);
  const y = scaleLinear().domain([0, 1]).range([SM_H, 0]);
  const ticks = SM_TICKS_S.filter((t) => t >= lo && t <= hi * 1.001);
  const legendItems = slis.map((sli, k) => {
    const st = seriesStyle(k);
    return el(
      'g',
      { class: 'legend-item', transform: `translate(${px(k * 150)},0)` },
      el('line', {
        x1: 0,
        x2: 24,
        y1: 0,
        y2: 0,
        stroke: st.colour,
        'stroke-width': 2.5,
        'stroke-dasharray': st.dash === '' ? undefined : st.dash,
      }),
      text({ x: 30, y: 0, dy: '0.32em' }, SLI_INFO[sli].title),
    );
  });
  const legendSvg = el('g', { class: 'legend', transform: `translate(${LEFT},16)` }, ...legendItems);
  const panels = rows.map((r, i) => {
    const ox = LEFT + (i % cols) * (SM_W + SM_GAP_X);
    const oy = top + Math.floor(i / cols) * (SM_H + SM_GAP_Y);
    const lines = slis.map((sli, k) =>
      seriesMarksStyled(
        r,
        sli,
        seriesStyle(k),
        (s) => x(s),
        (p) => y(p),
      ),
    );
    const none = slis.every((sli) => r.series[sli] === null)
      ? text({ x: SM_W / 2, y: SM_H / 2, 'text-anchor': 'middle', class: 'sub' }, 'no outage')
      : '';
    return el(
      'g',
      { class: 'panel small', transform: `translate(${px(ox)},${px(oy)})` },
      el(
        'g',
        { class: 'panel-label' },
        title(r.label),
        text({ x: 0, y: -9, class: 'panel-title' }, truncate(r.label, SM_W)),
      ),
      renderAxis(
        { orient: 'bottom', position: (s) => x(s), ticks, format: tickLabel, range: [0, SM_W], gridLength: SM_H },
        `translate(0,${SM_H})`,
      ),
      renderAxis({
        orient: 'left',
        position: (p) => y(p),
        ticks: [0, 0.5, 1],
        format: (p) => `${Math.round(p * 100)}%`,
        range: [SM_H, 0],
        gridLength: SM_W,
      }),
      ...lines,
      none,
    );
  });
  const caption = text(
    { x: LEFT + (width - LEFT - 30) / 2, y: height - 8, 'text-anchor': 'middle', class: 'axis-title' },
    'outage length (log scale); ' + 'share of outages no longer than that',
  );
  return svgRoot(
    width,
    height,
    'Distribution of outage lengths per scenario, a line per service ' + 'level (cumulative, log time scale)',
    'chart cdf-chart ' + 'small-multiples',
    legendSvg,
    ...panels,
    caption,
  );
}

function seriesMarksStyled(
  row: CdfRow,
  sli: Sli,
  st: { readonly colour: string; readonly dash: string },
  x: (s: number) => number,
  y: (p: number) => number,
): string {
  const s = row.series[sli];
  if (s === null || s.points.length === 0) return '';
  const path = line()(s.points.map((pt) => [x(pt.seconds), y(pt.p)] as [number, number]));
  return el(
    'g',
    { class: 'series', 'data-sli': sli },
    title(`${row.label} · ${SLI_INFO[sli].title}: ${s.summary}`),
    el('path', {
      class: 'cdf-line',
      d: path ?? '',
      fill: 'none',
      stroke: st.colour,
      'stroke-width': 1.8,
      'stroke-dasharray': st.dash === '' ? undefined : st.dash,
    }),
  );
}
