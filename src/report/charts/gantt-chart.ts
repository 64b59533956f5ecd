/**
 * One run as a Gantt chart: a lane per component and per SLI, coloured segments for
 * states, numbered event markers on top, and a translucent band wherever the API is down.
 *
 * The time axis is compressed: each interval between consecutive events gets a width
 * that grows with the logarithm of its length, so a 1.4 s election and a quiet 20 hours
 * are both visible (a d3 polylinear scale through the event times). Gaps longer than a
 * minute carry their real length ("+20m") and a break mark on the axis, so the
 * compression is never hidden.
 */
import { scaleLinear } from 'd3-scale';
import { SIM } from './gantt-time.ts';
import { textWidth, truncate } from './layout.ts';
import { OKABE_ITO, TONE } from './palette.ts';
import { el, px, svgRoot, text, title } from './svg.ts';
import type { Lane, LaneGroup, LaneTone, Timeline } from '../../timeline/types.ts';

/** Titles of the lane groups. */
export const LANE_GROUP_TITLE: Readonly<Record<LaneGroup, string>> = {
  sli: 'Service levels',
  zone: 'Zones',
  host: 'Hosts',
  etcd: 'etcd members',
  apiserver: 'kube-apiservers',
  lb: 'Load balancer',
  lease: 'Leases (leader election)',
};

const LANE_H = 24;
const SEG_H = 18;
const GROUP_H = 22;
const TOP = 56;
const BOTTOM = 56;
const LABEL_W = 176;
const MIN_GAP_PX = 12;
/** Plot width the compression aims at (fits beside the event list on a laptop). */
const TARGET_PLOT_PX = 700;

/** Fill and text colour of each tone. */
export const TONE_STYLE: Readonly<
  Record<LaneTone, { readonly fill: string; readonly ink: string; readonly meaning: string }>
> = {
  strong: { fill: OKABE_ITO.blue, ink: '#fff', meaning: 'leader · VIP holder · lease holder' },
  ok: { fill: '#cfe6f5', ink: '#17324a', meaning: 'up · ready · follower · standby' },
  warn: {
    fill: 'url(#gantt-warn)',
    ink: '#3d2a00',
    meaning: 'degraded: not ready, back-off, no leader in reach, lease not renewed',
  },
  down: { fill: OKABE_ITO.vermillion, ink: '#fff', meaning: 'down' },
  off: { fill: '#eeeeee', ink: '#666', meaning: 'not in play' },
};

/** Event times (ms) grouped: events at the same instant share one marker. */
export interface Marker {
  readonly timeMs: number;
  /** 1-based numbers of the events at this instant. */
  readonly numbers: readonly number[];
  readonly texts: readonly string[];
}

/** Groups events at equal times into markers, numbering events from 1. */
export function markersOf(t: Timeline): Marker[] {
  const out: { timeMs: number; numbers: number[]; texts: string[] }[] = [];
  t.events.forEach((e, i) => {
    const last = out[out.length - 1];
    if (last !== undefined && last.timeMs === e.timeMs) {
      last.numbers.push(i + 1);
      last.texts.push(e.text);
    } else out.push({ timeMs: e.timeMs, numbers: [i + 1], texts: [e.text] });
  });
  return out;
}

/** How `ganttChart` maps time to x. */
export interface GanttOptions {
  /**
   * `compressed` (default): each gap between events by the log of its length.
   * `linear`: faithful durations over [view.fromMs, view.toMs], zoomable in the page
   * (`GANTT_ZOOM_SCRIPT`); every element carries its times as data attributes.
   */
  readonly scale?: 'compressed' | 'linear';
  /** The linear view. @default the whole run */
  readonly view?: { readonly fromMs: number; readonly toMs: number };
  /** Linear plot width in px. @default 900 */
  readonly plotWidth?: number;
}

/** A time scale: x of a time, plot width, axis ticks, and whether it is linear. */
interface TimeScale {
  readonly x: (ms: number) => number;
  readonly width: number;
  readonly breaks: number[];
  readonly linear: boolean;
}

const TICK_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600,
  2592000, 7776000,
].map((s) => s * 1000);

/** Tick times of a linear axis over [from, to]: a round step giving at most 8 ticks. */
export function linearTicks(fromMs: number, toMs: number): number[] {
  const span = Math.max(toMs - fromMs, 1);
  const step = TICK_STEPS_MS.find((s) => span / s <= 8) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!;
  const out: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs + 1e-6; t += step) out.push(t);
  return out;
}

/** The linear scale of a view: faithful durations, clamped to the view. */
export function linearScale(view: { readonly fromMs: number; readonly toMs: number }, plotWidth: number): TimeScale {
  const span = Math.max(view.toMs - view.fromMs, 1);
  const x = (ms: number): number => (Math.min(Math.max(ms, view.fromMs), view.toMs) - view.fromMs) * (plotWidth / span);
  return { x, width: plotWidth, breaks: linearTicks(view.fromMs, view.toMs), linear: true };
}

/** The compressed time scale: breakpoints at 0, every event time and the end. */
export function compressedScale(t: Timeline): { x: (ms: number) => number; width: number; breaks: number[] } {
  const times = [...new Set([0, ...t.events.map((e) => e.timeMs), t.untilMs])].sort((a, b) => a - b);
  const decades = times.slice(1).map((tm, i) => Math.log10(1 + (tm - times[i]!) / 1000));
  const totalDecades = decades.reduce((a, b) => a + b, 0);
  // Pixels per decade of gap length, chosen to fill the target width (within bounds).
  const perDecade = Math.min(
    60,
    Math.max(8, (TARGET_PLOT_PX - MIN_GAP_PX * decades.length) / Math.max(totalDecades, 1e-9)),
  );
  const xs = [0];
  decades.forEach((d, i) => xs.push(xs[i]! + MIN_GAP_PX + perDecade * d));
  const s = scaleLinear().domain(times).range(xs).clamp(true);
  return { x: (ms) => s(ms), width: xs[xs.length - 1]!, breaks: times };
}

/** The longest form of a segment label that fits `maxPx`: whole, its head, or nothing. */
export function fitLabel(label: string, maxPx: number): string {
  const candidates = [label, label.split(' · ')[0]!, label.split(' (')[0]!];
  for (const c of candidates) if (textWidth(c, 11) <= maxPx) return c;
  const cut = truncate(candidates[2]!, maxPx, 11);
  return cut.length >= 4 && textWidth(cut, 11) <= maxPx ? cut : '';
}

function laneSegments(lane: Lane, x: (ms: number) => number, y: number, linear: boolean): string {
  return lane.segments
    .map((s) => {
      const x0 = x(s.fromMs);
      const w = Math.max(1, x(s.toMs) - x0);
      const st = TONE_STYLE[s.tone];
      const label = fitLabel(s.label, w - 8);
      return el(
        'g',
        { class: `seg seg-${s.tone}`, 'data-label': linear ? s.label : undefined },
        title(
          `${lane.label}: ${s.label}\n${SIM.long(s.fromMs)} → ${SIM.long(s.toMs)} (${SIM.duration(s.toMs - s.fromMs)})`,
        ),
        el('rect', {
          x: x0,
          y: y - SEG_H / 2,
          width: w,
          height: SEG_H,
          fill: st.fill,
          rx: 2,
          'data-from': linear ? String(s.fromMs) : undefined,
          'data-to': linear ? String(s.toMs) : undefined,
        }),
        label === '' && !linear ? '' : text({ x: x0 + 4, y, dy: '0.32em', class: 'seg-label', fill: st.ink }, label),
      );
    })
    .join('');
}

function axis(t: Timeline, sc: TimeScale, y: number): string {
  const { x, breaks } = sc;
  const parts: string[] = [
    el('path', { class: 'domain', d: `M${px(x(t.fromMs ?? 0))},${y}H${px(x(t.untilMs))}`, stroke: TONE.axis }),
  ];
  if (sc.linear) {
    for (const b of breaks) {
      parts.push(el('line', { x1: x(b), x2: x(b), y1: y, y2: y + 5, stroke: TONE.axis }));
      parts.push(text({ x: x(b), y: y + 17, 'text-anchor': 'middle', class: 'tick-label' }, SIM.short(b)));
    }
    return el('g', { class: 'time-axis', 'data-y': y }, ...parts);
  }
  let lastLabelEnd = -Infinity;
  for (const b of breaks) {
    const label = SIM.short(b);
    const w = textWidth(label, 11);
    const xb = x(b);
    parts.push(el('line', { x1: xb, x2: xb, y1: y, y2: y + 5, stroke: TONE.axis }));
    if (xb - w / 2 > lastLabelEnd + 10) {
      parts.push(text({ x: xb, y: y + 17, 'text-anchor': 'middle', class: 'tick-label' }, label));
      lastLabelEnd = xb + w / 2;
    }
  }
  for (let i = 1; i < breaks.length; i++) {
    const gap = breaks[i]! - breaks[i - 1]!;
    const x0 = x(breaks[i - 1]!);
    const x1 = x(breaks[i]!);
    if (gap < 60_000) continue;
    const mid = (x0 + x1) / 2;
    parts.push(
      el('path', {
        class: 'break',
        d: `M${px(mid - 5)},${y + 4}l4,-8M${px(mid + 1)},${y + 4}l4,-8`,
        stroke: TONE.axis,
        'stroke-width': 1.2,
      }),
    );
    const label = `+${SIM.duration(gap)}`;
    if (textWidth(label, 10) + 6 < x1 - x0)
      parts.push(text({ x: mid, y: y + 32, 'text-anchor': 'middle', class: 'gap-label' }, label));
  }
  return el('g', { class: 'time-axis' }, ...parts);
}

function markerRow(markers: readonly Marker[], x: (ms: number) => number, height: number, linear: boolean): string {
  return markers
    .map((m) => {
      const xm = x(m.timeMs);
      const n = m.numbers.length === 1 ? String(m.numbers[0]) : `${m.numbers[0]}–${m.numbers[m.numbers.length - 1]}`;
      const w = Math.max(18, textWidth(n, 10.5) + 8);
      return el(
        'g',
        { class: 'marker', 'data-ev': m.numbers.join(' '), 'data-t': linear ? String(m.timeMs) : undefined },
        title(`${SIM.long(m.timeMs)}\n${m.texts.map((s, i) => `${m.numbers[i]}. ${s}`).join('\n')}`),
        el('line', {
          class: 'guide',
          x1: xm,
          x2: xm,
          y1: TOP - 14,
          y2: height - BOTTOM,
          stroke: '#9aa0a6',
          'stroke-width': 0.8,
          'stroke-dasharray': '2 3',
        }),
        el('rect', { x: xm - w / 2, y: TOP - 38, width: w, height: 18, rx: 9, fill: '#fff', stroke: '#444' }),
        text({ x: xm, y: TOP - 29, dy: '0.35em', 'text-anchor': 'middle', class: 'marker-label' }, n),
      );
    })
    .join('');
}

/** Rows in drawing order: group headers and lanes. */
function rowsOf(lanes: readonly Lane[]): ({ kind: 'group'; group: LaneGroup } | { kind: 'lane'; lane: Lane })[] {
  const rows: ({ kind: 'group'; group: LaneGroup } | { kind: 'lane'; lane: Lane })[] = [];
  let last: LaneGroup | null = null;
  for (const lane of lanes) {
    if (lane.group !== last) rows.push({ kind: 'group', group: lane.group });
    rows.push({ kind: 'lane', lane });
    last = lane.group;
  }
  return rows;
}

function warnPattern(): string {
  return el(
    'defs',
    {},
    el(
      'pattern',
      { id: 'gantt-warn', width: 7, height: 7, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      el('rect', { width: 7, height: 7, fill: '#f6d58c' }),
      el('line', { x1: 0, y1: 0, x2: 0, y2: 7, stroke: OKABE_ITO.orange, 'stroke-width': 3 }),
    ),
  );
}

/** The Gantt chart of a run as an SVG string. */
export function ganttChart(t: Timeline, options: GanttOptions = {}): string {
  const linear = options.scale === 'linear';
  const view = options.view ?? { fromMs: t.fromMs ?? 0, toMs: t.untilMs };
  const sc: TimeScale = linear ? linearScale(view, options.plotWidth ?? 900) : { ...compressedScale(t), linear: false };
  const { x: xt, width: plotW } = sc;
  const rows = rowsOf(t.lanes);
  const plotH = rows.reduce((h, r) => h + (r.kind === 'group' ? GROUP_H : LANE_H), 0);
  const width = LABEL_W + plotW + 24;
  const height = TOP + plotH + BOTTOM;
  const x = (ms: number): number => LABEL_W + xt(ms);
  const body: string[] = [];
  let y = TOP;
  for (const r of rows) {
    if (r.kind === 'group') {
      body.push(text({ x: 4, y: y + GROUP_H - 6, class: 'group-title' }, LANE_GROUP_TITLE[r.group]));
      body.push(el('line', { x1: 0, x2: width - 10, y1: y + GROUP_H - 1, y2: y + GROUP_H - 1, stroke: '#ddd' }));
      y += GROUP_H;
      continue;
    }
    const cy = y + LANE_H / 2;
    body.push(
      el(
        'g',
        { class: 'lane', 'data-lane': r.lane.id },
        text({ x: LABEL_W - 10, y: cy, dy: '0.32em', 'text-anchor': 'end', class: 'lane-label' }, r.lane.label),
        laneSegments(r.lane, x, cy, linear),
      ),
    );
    y += LANE_H;
  }
  const bands = t.outages.api.map((o) =>
    el('rect', {
      class: 'api-down-band',
      x: x(o.fromMs),
      y: TOP - 14,
      width: Math.max(1, x(o.toMs) - x(o.fromMs)),
      height: plotH + 14,
      fill: OKABE_ITO.vermillion,
      'fill-opacity': 0.09,
      'data-from': linear ? String(o.fromMs) : undefined,
      'data-to': linear ? String(o.toMs) : undefined,
    }),
  );
  const svg = svgRoot(
    width,
    height,
    `Timeline of one run of ${t.scenario}`,
    'chart gantt-chart',
    warnPattern(),
    ...(linear
      ? [
          el('clipPath', { id: 'gantt-plot-clip' }, el('rect', { x: LABEL_W - 14, y: 0, width: plotW + 28, height })),
          el(
            'g',
            { 'clip-path': 'url(#gantt-plot-clip)', class: 'plot' },
            ...bands,
            markerRow(markersOf(t), x, height, true),
          ),
        ]
      : [...bands, markerRow(markersOf(t), x, height, false)]),
    ...body,
    axis(t, { ...sc, x }, TOP + plotH + 6),
  );
  if (!linear) return svg;
  // The zoom script reads the plot geometry and the view from the root.
  return svg.replace(
    '<svg ',
    `<svg data-plot-x0="${px(LABEL_W)}" data-plot-w="${px(plotW)}" ` +
      `data-min-ms="${t.fromMs ?? 0}" data-max-ms="${t.untilMs}" data-from-ms="${view.fromMs}" ` +
      `data-to-ms="${view.toMs}" tabindex="0" `,
  );
}
