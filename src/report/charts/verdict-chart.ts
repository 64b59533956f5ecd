/**
 * The verdict at a glance, the report's first chart: one row per SLO (scenario and
 * service level), on a nines scale. The dashed mark is the SLO target, the whisker the
 * 95% CI, the point the mean; the SLO is met when the whole whisker's left end (the CI's
 * lower bound) reaches the target. Met rows have circles and "met", unmet rows squares and
 * "NOT met" (the verdict never rests on colour), and the margin is written beside them.
 */
import { scaleLinear } from 'd3-scale';
import { MINUTES_PER_YEAR } from '../../engine/time.ts';
import { formatAvailability, formatAvailabilityCi, formatMinutes, nines } from '../../units/format.ts';
import { renderAxis } from './axis.ts';
import { ninesLabel, textWidth, truncate } from './layout.ts';
import { TONE } from './palette.ts';
import { el, px, svgRoot, text, title } from './svg.ts';

/** One SLO of one scenario. */
export interface VerdictPoint {
  readonly label: string;
  readonly availability: number;
  readonly ci95: readonly [number, number];
  readonly target: number;
  readonly met: boolean;
  /** The words beside the row: "met", "NOT met", "too few outages". */
  readonly verdict: string;
}

const ROW_H = 24;
const PLOT_W = 560;
const TOP = 24;
const BOTTOM = 52;
const MAX_NINES = 9;

/** Whole nines around every value shown (targets, CIs, means). */
function domain(points: readonly VerdictPoint[]): [number, number] {
  const vals = points
    .flatMap((p) => [nines(p.ci95[0]), nines(p.availability), nines(p.ci95[1]), nines(p.target)])
    .filter((v) => Number.isFinite(v));
  if (vals.length === 0) return [2, 5];
  const lo = Math.max(0, Math.floor(Math.min(...vals) - 0.15));
  let hi = Math.min(MAX_NINES, Math.ceil(Math.max(...vals, lo + 2) + 0.15));
  if (hi - lo < 2) hi = lo + 2;
  return [lo, hi];
}

function tip(p: VerdictPoint): string {
  const budget = (1 - p.target) * MINUTES_PER_YEAR;
  const worst = (1 - p.ci95[0]) * MINUTES_PER_YEAR;
  return [
    p.label,
    `SLO ${formatAvailability(p.target)}: ${p.verdict}`,
    `availability ${formatAvailability(p.availability)} (95% CI ${formatAvailabilityCi(p.ci95[0], p.ci95[1])})`,
    `downtime per year at the CI's upper end ${formatMinutes(worst)} of a ${formatMinutes(budget)} budget`,
  ].join('\n');
}

function row(p: VerdictPoint, y: number, x: (n: number) => number): string {
  const clampX = (a: number): number => x(Math.min(nines(a), MAX_NINES + 0.2));
  const lo = clampX(p.ci95[0]);
  const hi = clampX(p.ci95[1]);
  const c = clampX(p.availability);
  const t = clampX(p.target);
  const tone = p.met ? TONE.met : TONE.unmet;
  const point = p.met
    ? el('circle', { class: 'point met', cx: c, cy: y, r: 5.5, fill: tone, stroke: '#fff', 'stroke-width': 1 })
    : el('rect', {
        class: 'point unmet',
        x: c - 5,
        y: y - 5,
        width: 10,
        height: 10,
        fill: tone,
        stroke: '#fff',
        'stroke-width': 1,
      });
  return el(
    'g',
    { class: `verdict-row ${p.met ? 'met' : 'unmet'}` },
    title(tip(p)),
    el('line', {
      class: 'target',
      x1: t,
      x2: t,
      y1: y - ROW_H / 2 + 2,
      y2: y + ROW_H / 2 - 2,
      stroke: TONE.slo,
      'stroke-width': 2,
      'stroke-dasharray': '4 2',
    }),
    el('line', { class: 'whisker', x1: lo, x2: hi, y1: y, y2: y, stroke: '#333', 'stroke-width': 1.4 }),
    el('path', { d: `M${px(lo)},${px(y - 4)}v8M${px(hi)},${px(y - 4)}v8`, stroke: '#333', 'stroke-width': 1.4 }),
    point,
    text({ x: PLOT_W + 16, y, dy: '0.32em', class: `verdict-word ${p.met ? 'met' : 'unmet'}` }, p.verdict),
  );
}

/** The chart as an SVG string, or '' without an SLO. */
export function verdictChart(points: readonly VerdictPoint[]): string {
  if (points.length === 0) return '';
  const labelW = Math.min(320, Math.max(90, ...points.map((p) => textWidth(p.label) + 12)));
  const left = labelW + 8;
  const wordW = Math.max(...points.map((p) => textWidth(p.verdict) * 1.15)) + 28;
  const plotH = points.length * ROW_H;
  const width = left + PLOT_W + wordW;
  const height = TOP + plotH + BOTTOM;
  const [lo, hi] = domain(points);
  const x = scaleLinear().domain([lo, hi]).range([0, PLOT_W]);
  const step = PLOT_W / (hi - lo) >= 70 ? 1 : 2;
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter((n) => (n - lo) % step === 0);
  const out: string[] = [];
  points.forEach((p, i) => {
    const y = TOP + i * ROW_H;
    if (i % 2 === 1) out.push(el('rect', { class: 'band', x: 0, y, width, height: ROW_H, fill: '#f5f5f5' }));
    out.push(
      el(
        'g',
        { class: 'row-label' },
        title(p.label),
        text({ x: left - 12, y: y + ROW_H / 2, dy: '0.32em', 'text-anchor': 'end' }, truncate(p.label, labelW - 4)),
      ),
    );
  });
  const axis = renderAxis(
    {
      orient: 'bottom',
      position: (n) => x(n),
      ticks,
      format: ninesLabel,
      subFormat: (n) => `${formatMinutes(10 ** -n * MINUTES_PER_YEAR)}/yr`,
      range: [0, PLOT_W],
      gridLength: plotH,
    },
    `translate(0,${plotH})`,
  );
  const rows = points.map((p, i) => row(p, i * ROW_H + ROW_H / 2, (n) => x(n))).join('');
  // One target for every row (the usual case): name it once, above its line.
  const targets = [...new Set(points.map((p) => p.target))];
  const targetLabel =
    targets.length === 1
      ? text(
          { x: x(Math.min(nines(targets[0]!), MAX_NINES + 0.2)), y: -8, 'text-anchor': 'middle', class: 'slo-label' },
          `SLO ` + `${formatAvailability(targets[0]!)}`,
        )
      : '';
  out.push(el('g', { class: 'plot', transform: `translate(${px(left)},${px(TOP)})` }, axis, rows, targetLabel));
  return svgRoot(
    width,
    height,
    'SLO verdicts: availability with its 95% confidence interval ' + 'against each SLO target',
    'chart verdict-chart',
    ...out,
  );
}
