/**
 * SVG and HTML string building without a DOM: escaping, attributes and rounded
 * coordinates, so charts are static text that snapshot tests can compare.
 */
import { stripControl } from '../safe-text.ts';

/**
 * Escapes text for HTML/SVG content and attribute values (both quote kinds); control
 * characters (NUL, ESC, ...) are dropped: they are not valid in HTML text.
 */
export function escapeHtml(s: string): string {
  return stripControl(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A coordinate rounded to 0.1 px: stable text, no `-0`, no exponent. */
export function px(x: number): string {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? '0' : String(r);
}

/** Attribute values: strings are escaped, numbers rounded, undefined/false omitted. */
export type AttrValue = string | number | boolean | undefined;

/** ` a="1" b="x"` from an attribute record (keys in insertion order). */
export function attrs(a: Readonly<Record<string, AttrValue>>): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === false) continue;
    if (v === true) out += ` ${k}`;
    else out += ` ${k}="${typeof v === 'number' ? px(v) : escapeHtml(v)}"`;
  }
  return out;
}

/** An element with children (already SVG/HTML text); self-closing when there are none. */
export function el(tag: string, a: Readonly<Record<string, AttrValue>>, ...children: readonly string[]): string {
  const inner = children.join('');
  return inner === '' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${inner}</${tag}>`;
}

/** A `<text>` element whose content is escaped. */
export function text(a: Readonly<Record<string, AttrValue>>, content: string): string {
  return `<text${attrs(a)}>${escapeHtml(content)}</text>`;
}

/** A `<title>` (tooltip and accessible name) with escaped content. */
export function title(content: string): string {
  return `<title>${escapeHtml(content)}</title>`;
}

/** An `<svg>` root with a viewBox, a role and an accessible label. */
export function svgRoot(
  width: number,
  height: number,
  label: string,
  cls: string,
  ...children: readonly string[]
): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${px(width)} ${px(height)}`,
      width,
      height,
      role: 'img',
      'aria-label': label,
      class: cls,
      style: `max-width:${px(width)}px`,
    },
    ...children,
  );
}
