/** Simulated time, in milliseconds since the start of a run. */
export type SimTimeMs = number;

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

/** Minutes in a 365-day year; downtime per year is (1 - availability) x this. */
export const MINUTES_PER_YEAR = 525_600;
