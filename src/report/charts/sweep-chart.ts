/**
 * A sweep at a glance: availability (nines scale, 95% CI whiskers) against the number of
 * machines, one point per variant, the Pareto frontier (no variant is both cheaper and
 * better) as a step line, the SLO target as a dashed line and the cheapest variant that
 * meets it ringed. Variants with the same machine count are spread sideways.
 */
import { scaleLinear } from 'd3-scale';
import { MINUTES_PER_YEAR } from '../../engine/time.ts';
import { formatAvailability, formatAvailabilityCi, formatMinutes } from '../../units/format.ts';
import { renderAxis } from './axis.ts';
import { nines } from '../../units/format.ts';
import { ninesLabel, textWidth } from './layout.ts';
import { TONE } from './palette.ts';
import { el, px, svgRoot, text, title } from './svg.ts';

/** One variant. */
export interface SweepChartPoint {
  readonly name: string;
  /** The swept values only, e.g. "external, 5". */
  readonly short: string;
  readonly machines: number;
  readonly availability: number;
  readonly ci95: readonly [number, number];
  readonly slo: { readonly target: number; readonly met: boolean } | null;
  readonly pareto: boolean;
  readonly cheapest: boolean;
}

const W = 900;
const H = 420;
const M = { top: 40, right: 90, bottom: 52, left: 84 };
const MAX_NINES = 9;

interface Box {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function yDomain(points: readonly SweepChartPoint[]): [number, number] {
  const vals = points
    .flatMap((p) => [nines(p.ci95[0]), nines(p.availability), ...(p.slo === null ? [] : [nines(p.slo.target)])])
    .filter((v) => Number.isFinite(v));
  if (vals.length === 0) return [2, 5];
  const lo = Math.max(0, Math.floor(Math.min(...vals) - 0.2));
  const hi = Math.min(MAX_NINES, Math.ceil(Math.max(...vals) + 0.2));
  return [lo, Math.max(hi, lo + 2)];
}

/** Sideways offsets (px) so variants with equal machine counts do not hide each other. */
function offsets(points: readonly SweepChartPoint[]): number[] {
  const byM = new Map<number, number[]>();
  points.forEach((p, i) => byM.set(p.machines, [...(byM.get(p.machines) ?? []), i]));
  const dx = new Array<number>(points.length).fill(0);
  for (const idx of byM.values()) {
    const step = Math.min(16, 60 / Math.max(1, idx.length - 1));
    idx.forEach((i, j) => (dx[i] = (j - (idx.length - 1) / 2) * step));
  }
  return dx;
}

function pointTip(p: SweepChartPoint): string {
  return [
    p.name,
    `${p.machines} machines`,
    `availability ${formatAvailability(p.availability)} (95% CI ${formatAvailabilityCi(p.ci95[0], p.ci95[1])})`,
    `downtime ${formatMinutes((1 - p.availability) * MINUTES_PER_YEAR)} per year`,
    p.slo === null
      ? 'no SLO'
      : `SLO ${formatAvailability(p.slo.target)}: ${p.slo.met ? 'met' : 'NOT met'} with 95% confidence`,
    ...(p.pareto ? ['on the Pareto frontier'] : []),
    ...(p.cheapest ? ['the cheapest variant meeting every SLO'] : []),
  ].join('\n');
}

/** The chart as an SVG string; `sliTitle` names the SLI on the y axis. */
export function sweepChart(points: readonly SweepChartPoint[], sliTitle: string): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const ms = points.map((p) => p.machines);
  const mLo = Math.min(...ms);
  const mHi = Math.max(...ms);
  const x = scaleLinear()
    .domain([mLo - 0.8, mHi + 0.8])
    .range([0, pw]);
  const [lo, hi] = yDomain(points);
  const y = scaleLinear().domain([lo, hi]).range([ph, 0]);
  const yOf = (a: number): number => y(Math.min(nines(a), hi + 0.3));
  const dx = offsets(points);
  const xTicks =
    mHi - mLo <= 16 ? Array.from({ length: mHi - mLo + 1 }, (_, i) => mLo + i) : x.ticks(10).filter(Number.isInteger);
  const yTicks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const pos = points.map((p, i) => ({ x: x(p.machines) + dx[i]!, y: yOf(p.availability) }));
  const front = points
    .map((p, i) => ({ p, ...pos[i]! }))
    .filter((q) => q.p.pareto)
    .sort((a, b) => a.p.machines - b.p.machines || b.y - a.y);
  let step = '';
  front.forEach((q, i) => (step += i === 0 ? `M${px(q.x)},${px(q.y)}` : `H${px(q.x)}V${px(q.y)}`));
  const targets = [...new Set(points.flatMap((p) => (p.slo === null ? [] : [p.slo.target])))];
  const placed: Box[] = [];
  const labelAt = (p: SweepChartPoint, x0: number, y0: number): string => {
    const w = textWidth(p.short, 12);
    const tries: [number, number][] = [
      [x0 + 10, y0 + 16],
      [x0 + 10, y0 - 9],
      [x0 - 10 - w, y0 + 16],
      [x0 - 10 - w, y0 - 9],
    ];
    for (const [lx, ly] of tries) {
      const box: Box = { x0: lx, x1: lx + w, y0: ly - 11, y1: ly + 3 };
      if (lx < 0 || lx + w > pw - 2 || placed.some((b) => overlaps(b, box))) continue;
      placed.push(box);
      return text({ x: lx, y: ly, class: 'point-label' }, p.short);
    }
    return '';
  };
  // What labels must not cover: the points, their whiskers, the right axis's labels, the SLO label.
  pos.forEach((q, i) => {
    placed.push({ x0: q.x - 7, x1: q.x + 7, y0: q.y - 7, y1: q.y + 7 });
    placed.push({ x0: q.x - 4, x1: q.x + 4, y0: yOf(points[i]!.ci95[1]), y1: yOf(points[i]!.ci95[0]) });
  });
  yTicks.forEach((n) =>
    placed.push({
      x0: pw + 4,
      x1: pw + 8 + textWidth(`${formatMinutes(10 ** -n * MINUTES_PER_YEAR)}/yr`, 10.5),
      y0: y(n) - 8,
      y1: y(n) + 8,
    }),
  );
  targets.forEach((t) =>
    placed.push({
      x0: 2,
      x1: 6 + textWidth(`SLO ${formatAvailability(t)}`, 11),
      y0: y(nines(t)) - 17,
      y1: y(nines(t)) - 2,
    }),
  );
  // The cheapest variant's label: above the ring, centred or to either side, else below;
  // always inside the plot (never over the axes' labels) and over no point or whisker.
  const cheap = points.findIndex((p) => p.cheapest);
  let cheapLabel: { x: number; y: number } | null = null;
  if (cheap >= 0) {
    const c = pos[cheap]!;
    const w = textWidth(`cheapest meeting the SLO: ${points[cheap]!.short}`, 12) * 1.08;
    const tries: [number, number][] = [
      [c.x - w / 2, c.y - 18],
      [c.x + 6, c.y - 18],
      [c.x - 6 - w, c.y - 18],
      [c.x - w / 2, c.y + 28],
      [c.x + 14, c.y + 28],
      [c.x - 14 - w, c.y + 28],
    ];
    const fits = ([lx, ly]: [number, number]): boolean => {
      const box: Box = { x0: lx, x1: lx + w, y0: ly - 12, y1: ly + 3 };
      return (
        lx >= 2 &&
        lx + w <= pw - 2 &&
        ly - 12 >= -M.top + 26 &&
        ly + 3 <= ph - 2 &&
        !placed.some((b) => overlaps(b, box))
      );
    };
    const [lx, ly] = tries.find(fits) ?? [Math.min(Math.max(2, c.x - w / 2), pw - 2 - w), c.y - 18];
    placed.push({ x0: lx, x1: lx + w, y0: ly - 12, y1: ly + 3 });
    cheapLabel = { x: lx, y: ly };
  }
  const marks = points.map((p, i) => {
    const { x: px0, y: py } = pos[i]!;
    const tone = p.slo === null ? TONE.neutral : p.slo.met ? TONE.met : TONE.unmet;
    const shape =
      p.slo !== null && !p.slo.met
        ? el('rect', { class: 'point unmet', x: px0 - 5, y: py - 5, width: 10, height: 10, fill: tone, stroke: '#fff' })
        : el('circle', { class: 'point', cx: px0, cy: py, r: 5.5, fill: tone, stroke: '#fff' });
    return el(
      'g',
      { class: `variant${p.pareto ? ' pareto' : ''}${p.cheapest ? ' cheapest' : ''}` },
      title(pointTip(p)),
      el('path', {
        class: 'whisker',
        d: `M${px(px0)},${px(yOf(p.ci95[0]))}V${px(yOf(p.ci95[1]))}`,
        stroke: '#333',
        'stroke-width': 1.3,
      }),
      shape,
      p.cheapest
        ? el('circle', {
            class: 'cheapest-ring',
            cx: px0,
            cy: py,
            r: 11,
            fill: 'none',
            stroke: '#000',
            'stroke-width': 2,
          })
        : '',
      p.cheapest && cheapLabel !== null
        ? text(
            { x: cheapLabel.x, y: cheapLabel.y, class: 'point-label strong' },
            `cheapest meeting the SLO: ${p.short}`,
          )
        : p.pareto
          ? labelAt(p, px0, py)
          : '',
    );
  });
  return svgRoot(
    W,
    H,
    `${sliTitle} availability against machine count for every sweep variant, with the Pareto frontier`,
    'chart sweep-chart',
    el(
      'g',
      { transform: `translate(${M.left},${M.top})` },
      renderAxis({
        orient: 'left',
        position: (n) => y(n),
        ticks: yTicks,
        format: ninesLabel,
        range: [ph, 0],
        gridLength: pw,
      }),
      text({ x: -M.left + 4, y: -22, class: 'axis-title' }, `${sliTitle} availability (nines scale)`),
      ...yTicks.map((n) =>
        text({ x: pw + 6, y: y(n), dy: '0.32em', class: 'sub' }, `${formatMinutes(10 ** -n * MINUTES_PER_YEAR)}/yr`),
      ),
      renderAxis(
        {
          orient: 'bottom',
          position: (m) => x(m),
          ticks: xTicks,
          format: (m) => String(m),
          range: [0, pw],
          label: 'machines (every host: ' + 'control plane, etcd, load balancer)',
        },
        `translate(0,${ph})`,
      ),
      ...targets.map((t) =>
        el(
          'g',
          { class: 'slo-line' },
          title(`SLO target ${formatAvailability(t)}`),
          el('line', {
            x1: 0,
            x2: pw,
            y1: y(nines(t)),
            y2: y(nines(t)),
            stroke: TONE.slo,
            'stroke-width': 1.5,
            'stroke-dasharray': '6 3',
          }),
          text({ x: 4, y: y(nines(t)) - 5, class: 'slo-label' }, `SLO ${formatAvailability(t)}`),
        ),
      ),
      front.length > 1
        ? el('path', {
            class: 'pareto-line',
            d: step,
            fill: 'none',
            stroke: TONE.analytic,
            'stroke-width': 1.5,
            'stroke-opacity': 0.6,
          })
        : '',
      ...marks,
    ),
  );
}
