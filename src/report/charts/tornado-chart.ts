/**
 * The tornado chart of the robustness study: one row per uncertain input, sorted by its
 * total Sobol index (the share of the output's variance it is involved in, interactions
 * included), with the first-order index (its effect alone) as a narrower bar inside and
 * a whisker of ±1.96 bootstrap standard errors on each. d3-scale maps the index to pixels;
 * the markup is a static string.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { renderAxis } from './axis.ts';
import { textWidth, truncate } from './layout.ts';
import { TONE } from './palette.ts';
import { el, px, svgRoot, text, title } from './svg.ts';

/** One input's indices. */
export interface TornadoRow {
  readonly label: string;
  readonly first: number;
  readonly firstSe: number;
  readonly total: number;
  readonly totalSe: number;
}

const ROW_H = 24;
const TOP = 30;
const BOTTOM = 44;
const PLOT_W = 420;

/** The chart of `rows` (the `top` largest totals), titled `caption`. */
export function tornadoChart(rows: readonly TornadoRow[], caption: string, top = 10): string {
  const shown = [...rows].sort((a, b) => b.total - a.total || (a.label < b.label ? -1 : 1)).slice(0, top);
  const labelW = Math.min(240, Math.max(80, ...shown.map((r) => textWidth(r.label) + 12)));
  const width = labelW + PLOT_W + 90;
  const height = TOP + shown.length * ROW_H + BOTTOM;
  const max = Math.max(0.1, ...shown.map((r) => Math.min(1, r.total + 1.96 * r.totalSe)));
  const x = scaleLinear()
    .domain([0, Math.min(1, Math.ceil(max * 10) / 10)])
    .range([labelW, labelW + PLOT_W]);
  const y = scaleBand<number>()
    .domain(shown.map((_, i) => i))
    .range([TOP, TOP + shown.length * ROW_H])
    .padding(0.2);
  const clampX = (v: number): number => x(Math.max(0, Math.min(x.domain()[1]!, v)));
  const bars = shown.map((r, i) => {
    const y0 = y(i)!;
    const h = y.bandwidth();
    const tip =
      `${r.label}\ntotal index ${r.total.toFixed(3)} ± ` +
      `${(1.96 * r.totalSe).toFixed(3)}\nfirst-order ${r.first.toFixed(3)} ± ` +
      `${(1.96 * r.firstSe).toFixed(3)}`;
    const whisker = (v: number, se: number, yy: number): string =>
      el('line', {
        x1: clampX(v - 1.96 * se),
        x2: clampX(v + 1.96 * se),
        y1: yy,
        y2: yy,
        stroke: TONE.axis,
        'stroke-width': 1,
      });
    return el(
      'g',
      { class: 'tornado-row' },
      title(tip),
      text({ x: labelW - 8, y: y0 + h / 2 + 4, 'text-anchor': 'end', 'font-size': 12 }, truncate(r.label, labelW - 12)),
      el('rect', {
        x: labelW,
        y: y0,
        width: Math.max(0, clampX(r.total) - labelW),
        height: h,
        fill: TONE.neutral,
        'fill-opacity': 0.35,
      }),
      el('rect', {
        x: labelW,
        y: y0 + h / 4,
        width: Math.max(0, clampX(r.first) - labelW),
        height: h / 2,
        fill: TONE.neutral,
      }),
      whisker(r.total, r.totalSe, y0 + 2),
      whisker(r.first, r.firstSe, y0 + h / 2),
      text({ x: clampX(r.total) + 6, y: y0 + h / 2 + 4, 'font-size': 11, fill: TONE.muted }, r.total.toFixed(2)),
    );
  });
  const axis = renderAxis(
    {
      orient: 'bottom',
      position: (v) => x(v),
      ticks: x.ticks(5),
      format: (v) => String(v),
      range: [labelW, labelW + PLOT_W],
      gridLength: shown.length * ROW_H,
      label: 'Sobol index (light: total, ' + 'dark: first-order)',
    },
    `translate(0,${px(TOP + shown.length * ROW_H)})`,
  );
  return svgRoot(
    width,
    height,
    `Tornado chart: ${caption}`,
    'chart tornado',
    text({ x: 0, y: 16, 'font-size': 13, 'font-weight': 600 }, caption),
    axis,
    ...bars,
  );
}
