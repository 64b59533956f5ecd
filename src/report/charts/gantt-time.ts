/** Time labels of the timeline view (simulated time from the start of the run). */
import { formatSimTime } from '../../engine/trace.ts';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Compact axis label: `0`, `1h00m`, `1h00m01.4s`, `2d03h`. */
function short(ms: number): string {
  if (ms === 0) return '0';
  const totalS = ms / 1000;
  const d = Math.floor(totalS / 86400);
  const h = Math.floor((totalS - d * 86400) / 3600);
  const m = Math.floor((totalS - d * 86400 - h * 3600) / 60);
  const s = totalS - d * 86400 - h * 3600 - m * 60;
  const sec = s < 0.05 ? '' : Number.isInteger(Math.round(s * 10) / 10) ? `${pad(Math.round(s))}s` : `${s < 10 ? '0' : ''}${s.toFixed(1)}s`;
  if (d > 0) return `${d}d${pad(h)}h${m > 0 || sec !== '' ? `${pad(m)}m` : ''}${sec}`;
  if (h > 0) return `${h}h${pad(m)}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec === '' ? '0' : `${s.toFixed(s < 10 ? 1 : 0)}s`;
}

/** A length of time: `350ms`, `1.4s`, `16s`, `5m10s`, `2h05m`, `3d04h`. */
function duration(ms: number): string {
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

/** Simulated-time formatters: `short` for axes, `long` (the trace's t= format), `duration`. */
export const SIM = { short, long: (ms: number): string => `t=${formatSimTime(ms)}`, duration } as const;
