/** Layout helpers shared by the charts: text width estimates, truncation, nines. */

const NARROW = /[iljtfrI.,:;'!|() [\]]/;
const WIDE = /[mwMW@%]/;

/** Approximate rendered width of `s` in px at `fontPx` in a sans-serif font (no DOM). */
export function textWidth(s: string, fontPx = 12): number {
  let em = 0;
  for (const ch of s) {
    if (NARROW.test(ch)) em += 0.32;
    else if (WIDE.test(ch)) em += 0.9;
    else if (ch >= 'A' && ch <= 'Z') em += 0.7;
    else em += 0.6;
  }
  return em * fontPx;
}

/** `s` cut to fit `maxPx` with an ellipsis (the full text belongs in a tooltip). */
export function truncate(s: string, maxPx: number, fontPx = 12): string {
  if (textWidth(s, fontPx) <= maxPx) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, fontPx) > maxPx) chars.pop();
  return `${chars.join('')}…`;
}

/** The number of nines, -log10(1 - a); Infinity for a = 1. */
export function nines(a: number): number {
  if (a >= 1) return Infinity;
  if (a <= 0) return 0;
  return -Math.log10(1 - a);
}

/** Axis label of an integer number of nines: 0 -> "0%", 1 -> "90%", 3 -> "99.9%". */
export function ninesLabel(n: number): string {
  if (n <= 0) return '0%';
  if (!Number.isInteger(n)) return `${n.toFixed(1)} nines`;
  if (n > 7) return `${n} nines`;
  return n === 1 ? '90%' : `99${n > 2 ? `.${'9'.repeat(n - 2)}` : ''}%`;
}
