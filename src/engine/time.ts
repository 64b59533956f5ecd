/** Simulated time, in milliseconds since the start of a run. */
export type SimTimeMs = number;

/** Milliseconds per unit of the duration syntax (`ms s m h d w y`; `y` = 365 d): one table, in src/units. */
export { MS_PER } from '../units/format.ts';

/** Minutes in a 365-day year; downtime per year is (1 - availability) x this. */
export const MINUTES_PER_YEAR = 525_600;
