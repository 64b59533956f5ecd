/** Plain-text and Markdown tables from rows of strings. */
import { stripControl } from './safe-text.ts';

/** Display width of a string (counts code points; our tables use no wide characters). */
function width(s: string): number {
  return [...s].length;
}

/**
 * A fixed-width text table. `align[i]` is 'l' or 'r' (default 'l'). Columns are separated
 * by two spaces; a rule of dashes follows the header.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - width(cell));
        return align[i] === 'r' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Escapes text for Markdown (tables included): no HTML, no emphasis, no links, no pipes. */
export function escapeMarkdown(s: string): string {
  return stripControl(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** A Markdown table; cells must already be escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  const sep = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  const line = (r: readonly string[]): string => `| ${r.join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

/** Width of a rendered table line (the widest line). */
function tableWidth(text: string): number {
  return Math.max(...text.split('\n').map(width));
}

/**
 * A text table that fits `maxWidth` columns: while it is too wide, the column with the
 * lowest `priority` (higher = more important) is dropped; the first column always stays.
 */
export function fitTextTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[],
  priority: readonly number[],
  maxWidth: number,
): string {
  let keep = header.map((_, i) => i);
  const render = (): string => textTable(keep.map((i) => header[i]!), rows.map((r) => keep.map((i) => r[i] ?? '')), keep.map((i) => align[i] ?? 'l'));
  let text = render();
  while (tableWidth(text) > maxWidth && keep.length > 1) {
    let drop = 1;
    for (let j = 1; j < keep.length; j++) if (priority[keep[j]!]! < priority[keep[drop]!]!) drop = j;
    keep = keep.filter((_, j) => j !== drop);
    text = render();
  }
  return text;
}

/** `items` joined by ", " within `maxChars`, the rest elided as "+N more". */
export function elideList(items: readonly string[], maxChars: number): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const next = out === '' ? items[i]! : `${out}, ${items[i]}`;
    const rest = items.length - i - 1;
    const tail = rest > 0 ? `, +${rest} more` : '';
    if (width(next + tail) > maxChars && out !== '') return `${out}, +${items.length - i} more`;
    out = next;
  }
  return out;
}
