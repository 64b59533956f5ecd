/** Time labels of the timeline view (simulated time from the start of the run). */
import { formatAxisTime, formatSimTime, formatSpan } from '../../units/format.ts';

/** Simulated-time formatters: `short` for axes, `long` (the trace's t= format), `duration`. */
export const SIM = {
  short: formatAxisTime,
  long: (ms: number): string => `t=${formatSimTime(ms)}`,
  duration: formatSpan,
} as const;
