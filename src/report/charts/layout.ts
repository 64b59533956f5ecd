/** Layout helpers shared by the charts: text width estimates, truncation, nines labels. */

const NARROW = /[iljtfrI.,:;'!|() [\]]/;
const WIDE = /[mwMW@%]/;

/** Approximate rendered width of `s` in px at `fontPx` in a sans-serif font (no DOM). */
export function textWidth(s: string, fontPx = 12): number {
  let em = 0;
  for (const ch of s) em += charEm(ch);
  return em * fontPx;
}

function charEm(ch: string): number {
  if (NARROW.test(ch)) return 0.32;
  if (WIDE.test(ch)) return 0.9;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  return 0.6;
}

/** `s` cut to fit `maxPx` with an ellipsis (the full text belongs in a tooltip). Linear in `s`. */
export function truncate(s: string, maxPx: number, fontPx = 12): string {
  if (textWidth(s, fontPx) <= maxPx) return s;
  const chars = [...s];
  // The longest prefix (at least one character) whose width with the ellipsis fits:
  // em widths summed in order, as textWidth sums them.
  let em = 0;
  let keep = 1;
  for (let k = 1; k <= chars.length; k++) {
    em += charEm(chars[k - 1]!);
    if ((em + charEm('…')) * fontPx <= maxPx) keep = k;
    else break;
  }
  return `${chars.slice(0, keep).join('')}…`;
}

/** Axis label of an integer number of nines: 0 -> "0%", 1 -> "90%", 3 -> "99.9%". */
export function ninesLabel(n: number): string {
  if (n <= 0) return '0%';
  if (!Number.isInteger(n)) return `${n.toFixed(1)} nines`;
  if (n > 7) return `${n} nines`;
  return n === 1 ? '90%' : `99${n > 2 ? `.${'9'.repeat(n - 2)}` : ''}%`;
}
