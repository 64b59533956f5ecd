/**
 * Availability on a "nines" scale, -log10(1 - a): one panel per SLI, one row per
 * scenario, the mean as a point with its 95% CI as a whisker, the exact structural value
 * as an open diamond and the SLO target as a dashed line. Points are circles when the SLO
 * is met, squares when it is not, so the verdict does not rest on colour.
 */
import { scaleLinear } from 'd3-scale';
import { MINUTES_PER_YEAR } from '../../engine/time.ts';
import { SLIS, type Sli } from '../../scenario/types.ts';
import { formatAvailability, formatAvailabilityCi, formatMinutes, formatNines } from '../../units/format.ts';
import { SLI_INFO } from '../sli-info.ts';
import { renderAxis } from './axis.ts';
import { nines } from '../../units/format.ts';
import { ninesLabel, textWidth, truncate } from './layout.ts';
import { TONE } from './palette.ts';
import { el, px, svgRoot, text, title } from './svg.ts';

/** One SLI of one row. */
export interface NinesCell {
  readonly availability: number;
  readonly ci95: readonly [number, number];
  readonly analytic: number | null;
  /** SLO target and verdict, or null without an SLO on this SLI. */
  readonly slo: { readonly target: number; readonly met: boolean } | null;
}

/** One scenario (or sweep variant). */
export interface NinesRow {
  readonly label: string;
  readonly cells: { readonly [S in Sli]: NinesCell };
}

const MAX_NINES = 9;
const ROW_H = 26;
const PANEL_W = 420;
const GAP = 76;
const TOP = 44;
const BOTTOM = 58;

/** The x domain in nines: whole numbers around every value shown. */
export function ninesDomain(rows: readonly NinesRow[], slis: readonly Sli[] = SLIS): [number, number] {
  const vals: number[] = [];
  for (const r of rows) {
    for (const sli of slis) {
      const c = r.cells[sli];
      vals.push(nines(c.ci95[0]), nines(c.availability), nines(c.ci95[1]));
      if (c.analytic !== null) vals.push(nines(c.analytic));
      if (c.slo !== null) vals.push(nines(c.slo.target));
    }
  }
  const finite = vals.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [2, 5];
  const lo = Math.max(0, Math.floor(Math.min(...finite) - 0.15));
  let hi = Math.min(MAX_NINES, Math.ceil(Math.max(...finite, lo + 2) + 0.15));
  if (hi - lo < 2) hi = lo + 2;
  return [lo, hi];
}

function cellTip(row: NinesRow, sli: Sli, c: NinesCell): string {
  const parts = [
    `${row.label} · ${SLI_INFO[sli].title}`,
    `availability ${formatAvailability(c.availability)} (${formatNines(1 - c.availability)} nines)`,
    `95% CI ${formatAvailabilityCi(c.ci95[0], c.ci95[1])}`,
    `downtime ${formatMinutes((1 - c.availability) * MINUTES_PER_YEAR)} per year`,
  ];
  if (c.analytic !== null) parts.push(`exact structural (no protocol delays) ${formatAvailability(c.analytic)}`);
  if (c.slo !== null)
    parts.push(`SLO ${formatAvailability(c.slo.target)}: ${c.slo.met ? 'met' : 'NOT met'} with 95% confidence`);
  return parts.join('\n');
}

function cellMarks(row: NinesRow, sli: Sli, c: NinesCell, x: (n: number) => number, y: number, xMax: number): string {
  const clampX = (a: number): number => Math.min(xMax, x(Math.min(nines(a), MAX_NINES + 1)));
  const lo = clampX(c.ci95[0]);
  const hi = clampX(c.ci95[1]);
  const p = clampX(c.availability);
  const tone = c.slo === null ? TONE.neutral : c.slo.met ? TONE.met : TONE.unmet;
  const point =
    c.slo !== null && !c.slo.met
      ? el('rect', {
          class: 'point unmet',
          x: p - 4.5,
          y: y - 4.5,
          width: 9,
          height: 9,
          fill: tone,
          stroke: '#fff',
          'stroke-width': 1,
        })
      : el('circle', {
          class: `point${c.slo === null ? '' : ' met'}`,
          cx: p,
          cy: y,
          r: 5,
          fill: tone,
          stroke: '#fff',
          'stroke-width': 1,
        });
  const analytic =
    c.analytic === null
      ? ''
      : el('path', {
          class: 'analytic',
          d: `M${px(clampX(c.analytic))},${px(y - 5)}l5,5l-5,5l-5,-5z`,
          fill: 'none',
          stroke: TONE.analytic,
          'stroke-width': 1.2,
        });
  const arrow =
    nines(c.availability) > MAX_NINES
      ? el('path', { d: `M${px(xMax - 2)},${px(y - 4)}l6,4l-6,4`, fill: 'none', stroke: tone })
      : '';
  return el(
    'g',
    { class: 'cell', 'data-sli': sli },
    title(cellTip(row, sli, c)),
    el('line', { class: 'whisker', x1: lo, x2: hi, y1: y, y2: y, stroke: '#333', 'stroke-width': 1.4 }),
    el('path', { d: `M${px(lo)},${px(y - 4)}v8M${px(hi)},${px(y - 4)}v8`, stroke: '#333', 'stroke-width': 1.4 }),
    analytic,
    point,
    arrow,
  );
}

/** The SLIs in the order the panels show them: the API first. */
export const PANEL_ORDER: readonly Sli[] = ['api', 'etcd', 'controllers', 'scheduler'];

function panel(
  rows: readonly NinesRow[],
  sli: Sli,
  x: (n: number) => number,
  ticks: readonly number[],
  plotH: number,
): string {
  const targets = [...new Set(rows.map((r) => r.cells[sli].slo?.target).filter((t): t is number => t !== undefined))];
  const sloLines = targets.map((t) =>
    el(
      'g',
      { class: 'slo-line' },
      title(`SLO target ${formatAvailability(t)} (${formatMinutes((1 - t) * MINUTES_PER_YEAR)} of downtime per year)`),
      el('line', {
        x1: x(nines(t)),
        x2: x(nines(t)),
        y1: -6,
        y2: plotH,
        stroke: TONE.slo,
        'stroke-width': 1.5,
        'stroke-dasharray': '5 3',
      }),
      text({ x: x(nines(t)), y: -9, 'text-anchor': 'middle', class: 'slo-label' }, `SLO ${formatAvailability(t)}`),
    ),
  );
  return [
    text({ x: 0, y: -26, class: 'panel-title' }, `${SLI_INFO[sli].title}`),
    renderAxis(
      {
        orient: 'bottom',
        position: x,
        ticks,
        format: ninesLabel,
        subFormat: (n) => `${formatMinutes(10 ** -n * MINUTES_PER_YEAR)}/yr`,
        range: [0, PANEL_W],
        gridLength: plotH,
      },
      `translate(0,${plotH})`,
    ),
    ...sloLines,
    ...rows.map((r, i) => cellMarks(r, sli, r.cells[sli], x, i * ROW_H + ROW_H / 2, PANEL_W + 4)),
  ].join('');
}

/** The chart as an SVG string: panels two by two, rows labelled on the left. */
export function ninesChart(rows: readonly NinesRow[], slis: readonly Sli[] = PANEL_ORDER): string {
  const labelW = Math.min(300, Math.max(90, ...rows.map((r) => textWidth(r.label) + 12)));
  const left = labelW + 8;
  const cols = Math.min(2, slis.length);
  const plotH = rows.length * ROW_H;
  const bandH = TOP + plotH + BOTTOM;
  const width = left + cols * PANEL_W + (cols - 1) * GAP + 30;
  const bandsN = Math.ceil(slis.length / cols);
  const height = bandsN * bandH;
  const [lo, hi] = ninesDomain(rows, slis);
  const x = scaleLinear().domain([lo, hi]).range([0, PANEL_W]);
  const step = PANEL_W / (hi - lo) >= 58 ? 1 : 2;
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter((n) => (n - lo) % step === 0);
  const out: string[] = [];
  for (let b = 0; b < bandsN; b++) {
    const oy = b * bandH + TOP;
    out.push(...rowBandsAndLabels(rows, { top: oy, rowH: ROW_H, width, left, labelW }));
    slis.slice(b * cols, b * cols + cols).forEach((sli, k) => {
      out.push(
        el(
          'g',
          { class: 'panel', 'data-sli': sli, transform: `translate(${px(left + k * (PANEL_W + GAP))},${px(oy)})` },
          panel(rows, sli, (n) => x(n), ticks, plotH),
        ),
      );
    });
  }
  return svgRoot(
    width,
    height,
    'Availability per service level on a nines scale with 95% ' + 'confidence intervals',
    'chart nines-chart',
    ...out,
  );
}

/**
 * The zebra bands and the row labels of a chart with one row per scenario (the nines and
 * downtime charts): a grey band behind every second row, the label right-aligned left of the plot.
 */
export function rowBandsAndLabels(
  rows: readonly { readonly label: string }[],
  o: {
    readonly top: number;
    readonly rowH: number;
    readonly width: number;
    readonly left: number;
    readonly labelW: number;
  },
): string[] {
  const out: string[] = [];
  rows.forEach((r, i) => {
    const y = o.top + i * o.rowH;
    if (i % 2 === 1)
      out.push(el('rect', { class: 'band', x: 0, y, width: o.width - 20, height: o.rowH, fill: '#f5f5f5' }));
    out.push(
      el(
        'g',
        { class: 'row-label' },
        title(r.label),
        text(
          { x: o.left - 12, y: y + o.rowH / 2, dy: '0.32em', 'text-anchor': 'end' },
          truncate(r.label, o.labelW - 4),
        ),
      ),
    );
  });
  return out;
}
