/** Number formatting shared by the Markdown, HTML and terminal views. */
import { formatMinutes } from '../units/format.ts';

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

/**
 * The yearly downtime protocol delays add (simulated minus exact structure). The estimate
 * can come out negative by sampling noise (the control variate's too); every view shows
 * that the same way: "≈ 0 (estimate -9.6 s ± 12 s)", never a negative share, and charts
 * draw it as zero.
 */
export function formatProtocolMinutes(minutes: number, ci95: readonly [number, number] | null = null): string {
  if (minutes >= 0) return formatMinutes(minutes);
  const pm = ci95 === null ? '' : ` ± ${formatMinutes((ci95[1] - ci95[0]) / 2)}`;
  return `≈ 0 (estimate ${formatMinutes(minutes)}${pm})`;
}
