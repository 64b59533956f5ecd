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
