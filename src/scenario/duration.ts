/**
 * Durations in scenario files: a number with a unit, `ms s m h d w y` (`y` = 365 d),
 * optionally compound (`1h30m`, `2d12h`). Parsed to milliseconds.
 */
import { MS_PER } from '../engine/time.ts';

/** The pattern the JSON Schema publishes (one or more `<number><unit>` segments). */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w|y))+$';
const DURATION_RE = new RegExp(DURATION_PATTERN);
const SEGMENT_RE = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w|y)/g;

/** Durations longer than this (100,000 years) are rejected as absurd. */
export const MAX_DURATION_MS = 100_000 * MS_PER.y;

/** `"1h30m"` -> 5_400_000; null when `text` is not a duration. */
export function parseDurationMs(text: string): number | null {
  if (text.length > 64 || !DURATION_RE.test(text)) return null;
  let total = 0;
  for (const m of text.matchAll(SEGMENT_RE)) {
    const unit = m[2] as keyof typeof MS_PER;
    total += Number(m[1]) * MS_PER[unit];
  }
  // Sub-millisecond parts are rounded away; times in the model are whole-ms friendly.
  return Number.isFinite(total) ? Math.round(total * 1000) / 1000 : null;
}

/** Why `input` is not a duration, worded for a message (`found ...` is added by the caller). */
export function durationHint(input: unknown): string {
  const base = 'expected a duration with a unit (ms, s, m, h, d, w, y) such as "90s", "4h" or "1h30m"';
  if (typeof input === 'number') {
    if (!Number.isFinite(input))
      return `${base}; an infinite or not-a-number value is not one (a horizon is finite, e.g. "100y")`;
    return `${base}; a bare number has no unit, write e.g. "${input}s" or "${input}h"`;
  }
  if (typeof input === 'string') {
    const t = input.trim();
    if (t.startsWith('-')) return 'durations cannot be negative';
    if (/^[0-9.]+$/.test(t)) return `${base}; the unit is missing`;
    if (/\s/.test(t)) return `${base}, without spaces`;
  }
  return base;
}
