/** Number formatting shared by the Markdown, HTML and terminal views. */

/** "99.9512%": enough digits to show the first two non-nine digits. */
export function formatAvailability(a: number): string {
  if (a >= 1) return '100%';
  if (a <= 0) return '0%';
  const nines = -Math.log10(1 - a);
  const digits = Math.min(8, Math.max(2, Math.floor(nines)));
  return `${(a * 100).toFixed(digits)}%`;
}

/** The number of nines, -log10(1 - a), one decimal ("3.5"); "∞" for 1. */
export function formatNines(a: number): string {
  if (a >= 1) return '∞';
  return (-Math.log10(1 - a)).toFixed(1);
}

/** Minutes per year, readable: "0.42 min", "12.3 min", "3.1 h", "2.4 d". */
export function formatMinutes(min: number): string {
  const m = Math.abs(min);
  const sign = min < 0 ? '-' : '';
  if (m < 0.005) return '0 min';
  if (m < 10) return `${sign}${m.toFixed(2)} min`;
  if (m < 120) return `${sign}${m.toFixed(1)} min`;
  if (m < 2 * 1440) return `${sign}${(m / 60).toFixed(1)} h`;
  return `${sign}${(m / 1440).toFixed(1)} d`;
}

/** A duration in seconds, readable: "1.4 s", "16 s", "5m 10s", "2h 05m", "3.2 d"; "—" for null. */
export function formatSeconds(s: number | null): string {
  if (s === null) return '—';
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
  }
  if (s < 2 * 86400) {
    const h = Math.floor(s / 3600);
    return `${h}h ${String(Math.round((s - h * 3600) / 60)).padStart(2, '0')}m`;
  }
  return `${(s / 86400).toFixed(1)} d`;
}

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
