/** Number formatting shared by the Markdown, HTML and terminal views. */

/** "12.3" per year with sensible precision. */
export function formatRate(x: number): string {
  if (x === 0) return '0';
  if (x < 0.1) return x.toFixed(3);
  if (x < 10) return x.toFixed(2);
  return x.toFixed(1);
}

/** A signed difference in availability as percentage points: "+0.0412 pp". */
export function formatPp(d: number): string {
  const pp = d * 100;
  const abs = Math.abs(pp);
  const digits = abs === 0 ? 2 : Math.min(6, Math.max(2, Math.ceil(-Math.log10(abs)) + 2));
  return `${pp >= 0 ? '+' : '-'}${abs.toFixed(digits)} pp`;
}
