/**
 * The one module for durations, clock times, availabilities and "nines" as text. Every
 * part that prints a length of time or an availability uses these, so two views never
 * write the same number two ways. Each formatter has one purpose, named in its JSDoc.
 * Imports nothing.
 */

/** Milliseconds per unit of the duration syntax (`ms s m h d w y`; `y` = 365 d). */
export const MS_PER: Readonly<Record<'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'y', number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// ---- Clock times (simulated time since the start of a run) ----

/** `t=1h00m01.412s`: hours, minutes and seconds with milliseconds; days shown as `2d03h...`. */
export function formatSimTime(ms: number): string {
  const totalMs = Math.round(ms);
  const msPart = totalMs % 1000;
  const totalS = (totalMs - msPart) / 1000;
  const s = totalS % 60;
  const totalM = (totalS - s) / 60;
  const m = totalM % 60;
  const totalH = (totalM - m) / 60;
  const h = totalH % 24;
  const d = (totalH - h) / 24;
  const sec = `${String(s).padStart(2, '0')}.${String(msPart).padStart(3, '0')}s`;
  const min = `${String(m).padStart(2, '0')}m`;
  if (d > 0) return `${d}d${String(h).padStart(2, '0')}h${min}${sec}`;
  return `${h}h${min}${sec}`;
}

/** Compact axis label of a timeline: `0`, `1h00m`, `1h00m01.4s`, `2d03h`. */
export function formatAxisTime(ms: number): string {
  if (ms === 0) return '0';
  const totalS = ms / 1000;
  const d = Math.floor(totalS / 86400);
  const h = Math.floor((totalS - d * 86400) / 3600);
  const m = Math.floor((totalS - d * 86400 - h * 3600) / 60);
  const s = totalS - d * 86400 - h * 3600 - m * 60;
  const sec =
    s < 0.05
      ? ''
      : Number.isInteger(Math.round(s * 10) / 10)
        ? `${pad(Math.round(s))}s`
        : `${s < 10 ? '0' : ''}${s.toFixed(1)}s`;
  if (d > 0) return `${d}d${pad(h)}h${m > 0 || sec !== '' ? `${pad(m)}m` : ''}${sec}`;
  if (h > 0) return `${h}h${pad(m)}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec === '' ? '0' : `${s.toFixed(s < 10 ? 1 : 0)}s`;
}

// ---- Lengths of time ----

/** Short human durations for narration: `30m`, `1h30m`, `3.6s`, `250ms`, `2d4h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${round3(ms)}ms`;
  if (ms < 60_000) return `${round3(ms / 1000)}s`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  const units: readonly [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  for (const [u, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${u}`);
    rest -= n * size;
  }
  return parts.join('');
}

function round3(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

/**
 * 5_400_000 -> `1h30m`; 0 -> `0s`: exact, in the duration syntax a scenario file accepts
 * (parses back to the same value). For input-error messages.
 */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  const units: readonly (keyof typeof MS_PER)[] = ['y', 'd', 'h', 'm', 's', 'ms'];
  let rest = ms;
  let out = '';
  for (const u of units) {
    const size = MS_PER[u];
    const n = u === 'ms' ? Math.round(rest * 1000) / 1000 : Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out === '' ? `${ms}ms` : out;
}

/** `15s`, `3.6s`, `300s`: milliseconds as seconds, to the millisecond (protocol delays in narration). */
export function formatMsAsSeconds(ms: number): string {
  return `${Math.round(ms) / 1000}s`;
}

/** An outage's length in explain: `1.412s` under a minute, else `30m (1800.000s)`. */
export function formatOutageLength(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(3)}s` : `${formatDuration(ms)} (${(ms / 1000).toFixed(3)}s)`;
}

/** A length of time on a timeline (compact, for SVG labels): `350ms`, `1.4s`, `16s`, `5m10s`, `2h05m`, `3d04h`. */
export function formatSpan(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 10) return `${(Math.round(s * 10) / 10).toString()}s`;
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = Math.round(s - m * 60);
    return r === 0 ? `${m}m` : `${m}m${pad(r)}s`;
  }
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const r = Math.round((s - h * 3600) / 60);
    return r === 0 ? `${h}h` : `${h}h${pad(r)}m`;
  }
  const d = Math.floor(s / 86400);
  const r = Math.round((s - d * 86400) / 3600);
  return r === 0 ? `${d}d` : `${d}d${pad(r)}h`;
}

/**
 * THE length of time of every report view (terminal, Markdown, HTML, JUnit, progress): downtime
 * per year, outage lengths, windows, differences. One format, so one value never reads two
 * ways: the largest unit among s, min, h, d that keeps it readable, about three significant
 * digits, a space before the unit: "0.072 s", "1.4 s", "42 s", "1.92 min", "49.7 min",
 * "2.0 h", "3.2 d"; "0 s" for zero, "< 1 ms" below a millisecond. Negative values keep their sign.
 */
export function formatLength(seconds: number): string {
  const x = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (x === 0) return '0 s';
  if (x < 0.001) return sign === '' ? '< 1 ms' : '> -1 ms';
  if (x < 1) return `${sign}${Number(x.toPrecision(2))} s`;
  if (x < 10) return `${sign}${x.toFixed(1)} s`;
  if (x < 59.5) return `${sign}${Math.round(x)} s`;
  const m = x / 60;
  if (m < 9.995) return `${sign}${m.toFixed(2)} min`;
  if (m < 119.95) return `${sign}${m.toFixed(1)} min`;
  if (m < 2 * 1440) return `${sign}${(m / 60).toFixed(1)} h`;
  return `${sign}${(m / 1440).toFixed(1)} d`;
}

/**
 * A confidence interval of lengths of time (seconds), each end in THE format (formatLength),
 * with more digits in the unit of the upper end while the two ends would print the same
 * ("2.0 h – 2.0 h" becomes "1.98 h – 2.03 h"): a CI prints with enough digits to differ.
 */
export function formatLengthCi(lo: number, hi: number): string {
  const a = formatLength(lo);
  const b = formatLength(hi);
  if (a !== b || !(hi > lo)) return `${a} – ${b}`;
  const [num, unit, rest] = b.split(' ');
  const size = unit === undefined || rest !== undefined ? undefined : LENGTH_UNIT_SECONDS[unit];
  if (num === undefined || size === undefined) return `${a} – ${b}`;
  for (let d = (num.split('.')[1] ?? '').length + 1; d <= 6; d++) {
    const x = (lo / size).toFixed(d);
    const y = (hi / size).toFixed(d);
    if (x !== y) return `${x} ${unit} – ${y} ${unit}`;
  }
  return `${a} – ${b}`;
}

const LENGTH_UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, min: 60, h: 3600, d: 86_400 };

/** A CI of downtime given in minutes, as formatLengthCi prints it. */
export function formatMinutesCi(lo: number, hi: number): string {
  return formatLengthCi(lo * 60, hi * 60);
}

/** A length of time given in seconds, in THE format (formatLength); "—" for null. */
export function formatSeconds(s: number | null): string {
  return s === null ? '—' : formatLength(s);
}

/** Downtime given in minutes (per year, per window), in THE format (formatLength). */
export function formatMinutes(min: number): string {
  return formatLength(min * 60);
}

/** Minutes per year as a bare number for a column headed "min/yr": `12.34`, `3.2e-3`, `0`. */
export function formatMinutesValue(m: number): string {
  if (m === 0) return '0';
  return m >= 0.01 ? m.toFixed(2) : m.toExponential(1);
}

/** An estimated availability: "99.9512%", enough digits to show the first two non-nine digits. */
export function formatAvailability(a: number): string {
  if (a >= 1) return '100%';
  if (a <= 0) return '0%';
  const nines = -Math.log10(1 - a);
  const digits = Math.min(8, Math.max(2, Math.floor(nines)));
  return `${(a * 100).toFixed(digits)}%`;
}

/**
 * A 95% CI of an availability, "99.99971% – 99.99990%": both ends with the same number of
 * digits, enough for them to differ (the CI's width chooses them, at most 10 decimals),
 * and never fewer than formatAvailability gives the lower end.
 */
export function formatAvailabilityCi(lo: number, hi: number): string {
  const digitsOf = (a: number): number =>
    a >= 1 || a <= 0 ? 2 : Math.min(8, Math.max(2, Math.floor(-Math.log10(1 - a))));
  let digits = digitsOf(lo);
  const pct = (a: number, d: number): string =>
    a >= 1 ? `${(100).toFixed(d)}%` : a <= 0 ? '0%' : `${(a * 100).toFixed(d)}%`;
  while (hi > lo && digits < 10 && pct(lo, digits) === pct(hi, digits)) digits++;
  return `${pct(lo, digits)} – ${pct(hi, digits)}`;
}

/**
 * An exact availability `a` with unavailability `u` computed directly (no cancellation in
 * 1 - a): a percentage with enough digits to show the first non-nine.
 */
export function formatExactAvailability(a: number, u: number): string {
  if (u <= 0) return '100%';
  const digits = Math.min(12, Math.max(2, Math.ceil(-Math.log10(u)) + 1));
  return `${(a * 100).toFixed(digits)}%`;
}

/**
 * The number of nines of an availability, given its UNavailability u: -log10(u) with
 * one decimal ("3.5"); "∞" when u is 0 (never down), ">15" beyond double precision.
 * Pass 1 - a for an estimated availability a.
 */
export function formatNines(unavailability: number): string {
  if (unavailability <= 0) return '∞';
  const n = -Math.log10(unavailability);
  return n > 15 ? '>15' : n.toFixed(1);
}

/** The number of nines of an estimated availability as a number (charts): -log10(1 - a); Infinity for a = 1. */
export function nines(a: number): number {
  if (a >= 1) return Infinity;
  if (a <= 0) return 0;
  return -Math.log10(1 - a);
}
