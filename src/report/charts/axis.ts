/**
 * d3-axis, rendered to a string: the same markup d3's axisBottom/axisLeft build in a DOM
 * (a domain path, one `g.tick` per tick with a line and a label), plus optional grid
 * lines across the plot and a second, muted label line under each tick.
 */
import { el, px, text } from './svg.ts';
import { TONE } from './palette.ts';

/** Where the axis sits relative to the plot. */
export type AxisOrient = 'bottom' | 'left' | 'top';

/** An axis of a continuous (or band-centre) position function. */
export interface AxisSpec {
  readonly orient: AxisOrient;
  /** Value -> pixel along the axis. */
  readonly position: (v: number) => number;
  readonly ticks: readonly number[];
  readonly format: (v: number) => string;
  /** Pixel extent of the domain line. */
  readonly range: readonly [number, number];
  /** Outer tick length in px. @default 6 */
  readonly tickSize?: number;
  /** Grid lines of this length drawn into the plot (0 = none). @default 0 */
  readonly gridLength?: number;
  /** A muted second label line per tick (bottom and top axes), or null. */
  readonly subFormat?: (v: number) => string | null;
  /** The axis title, or ''. */
  readonly label?: string;
  /** Extra CSS class on the axis group. */
  readonly className?: string;
}

function tickMarkup(spec: AxisSpec, v: number): string {
  const size = spec.tickSize ?? 6;
  const grid = spec.gridLength ?? 0;
  const p = spec.position(v);
  const label = spec.format(v);
  const sub = spec.subFormat?.(v) ?? null;
  switch (spec.orient) {
    case 'bottom':
      return el(
        'g',
        { class: 'tick', transform: `translate(${px(p)},0)` },
        grid > 0 ? el('line', { class: 'grid', y1: 0, y2: -grid, stroke: TONE.grid }) : '',
        el('line', { y2: size, stroke: TONE.axis }),
        text({ y: size + 3, dy: '0.71em', 'text-anchor': 'middle' }, label),
        sub === null ? '' : text({ y: size + 20, dy: '0.71em', 'text-anchor': 'middle', class: 'sub' }, sub),
      );
    case 'top':
      return el(
        'g',
        { class: 'tick', transform: `translate(${px(p)},0)` },
        grid > 0 ? el('line', { class: 'grid', y1: 0, y2: grid, stroke: TONE.grid }) : '',
        el('line', { y2: -size, stroke: TONE.axis }),
        text({ y: -size - 3, 'text-anchor': 'middle' }, label),
        sub === null ? '' : text({ y: -size - 17, 'text-anchor': 'middle', class: 'sub' }, sub),
      );
    case 'left':
      return el(
        'g',
        { class: 'tick', transform: `translate(0,${px(p)})` },
        grid > 0 ? el('line', { class: 'grid', x1: 0, x2: grid, stroke: TONE.grid }) : '',
        el('line', { x2: -size, stroke: TONE.axis }),
        text({ x: -size - 3, dy: '0.32em', 'text-anchor': 'end' }, label),
      );
    default: {
      const never: never = spec.orient;
      return never;
    }
  }
}

function domainPath(spec: AxisSpec): string {
  const [a, b] = spec.range;
  return spec.orient === 'left' ? `M0,${px(a)}V${px(b)}` : `M${px(a)},0H${px(b)}`;
}

/** The axis as an SVG `<g>`; position it with `transform`. */
export function renderAxis(spec: AxisSpec, transform = ''): string {
  const [a, b] = spec.range;
  const mid = (a + b) / 2;
  const label = spec.label ?? '';
  let title = '';
  if (label !== '') {
    if (spec.orient === 'left') {
      title = text(
        { class: 'axis-title', transform: `translate(-48,${px(mid)}) rotate(-90)`, 'text-anchor': 'middle' },
        label,
      );
    } else {
      const y = spec.orient === 'bottom' ? (spec.subFormat === undefined ? 34 : 48) : -36;
      title = text({ class: 'axis-title', x: mid, y, 'text-anchor': 'middle' }, label);
    }
  }
  return el(
    'g',
    {
      class: `axis axis-${spec.orient}${spec.className === undefined ? '' : ` ${spec.className}`}`,
      transform: transform === '' ? undefined : transform,
    },
    el('path', { class: 'domain', d: domainPath(spec), stroke: TONE.axis, fill: 'none' }),
    ...spec.ticks.map((v) => tickMarkup(spec, v)),
    title,
  );
}
