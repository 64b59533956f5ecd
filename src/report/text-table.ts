/** Plain-text and Markdown tables from rows of strings. */
import { cutText, textWidth as width } from '../units/fit.ts';
import { stripControl } from './safe-text.ts';

export { elideList } from '../units/fit.ts';

/**
 * A fixed-width text table. `align[i]` is 'l' or 'r' (default 'l'). Columns are separated
 * by two spaces; a rule of dashes follows the header.
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[] = [],
): string {
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
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[] = [],
): string {
  const sep = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  const line = (r: readonly string[]): string => `| ${r.join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

/** Width of a rendered table line (the widest line). */
function tableWidth(text: string): number {
  return Math.max(...text.split('\n').map(width));
}

/**
 * A text table that fits `maxWidth` columns, for any number of columns (more SLIs fit the
 * same way): left-aligned text cells wider than 40% of the width are first cut with "…";
 * then, while the table is too wide, the column with the lowest `priority` (higher = more
 * important) is dropped (the first column always stays); what is still too wide has its
 * widest column cut.
 */
export function fitTextTable(
  headerIn: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[],
  priority: readonly number[],
  maxWidth: number,
): string {
  let header = [...headerIn];
  const cap = Math.max(12, Math.floor(maxWidth * 0.4));
  let body = rows.map((r) => r.map((c, i) => (align[i] === 'r' ? c : cutText(c, cap))));
  let keep = header.map((_, i) => i);
  const render = (): string =>
    textTable(
      keep.map((i) => header[i]!),
      body.map((r) => keep.map((i) => r[i] ?? '')),
      keep.map((i) => align[i] ?? 'l'),
    );
  let text = render();
  while (tableWidth(text) > maxWidth && keep.length > 1) {
    let drop = 1;
    for (let j = 1; j < keep.length; j++) if (priority[keep[j]!]! < priority[keep[drop]!]!) drop = j;
    keep = keep.filter((_, j) => j !== drop);
    text = render();
  }
  for (let guard = 0; tableWidth(text) > maxWidth && guard < 8; guard++) {
    const widths = keep.map((i) => Math.max(width(header[i]!), ...body.map((r) => width(r[i] ?? ''))));
    const j = widths.indexOf(Math.max(...widths));
    const col = keep[j]!;
    const target = Math.max(4, widths[j]! - (tableWidth(text) - maxWidth));
    body = body.map((r) => r.map((c, i) => (i === col ? cutText(c, target) : c)));
    if (width(header[col]!) > target) header = header.map((h, i) => (i === col ? cutText(h, target) : h));
    text = render();
  }
  return text;
}
