/**
 * A progress line on stderr for long runs: replications done, rate, ETA. Shown on a TTY
 * or with `--progress`; `--no-progress` and `--quiet` hide it.
 *
 * On a terminal it is ONE line redrawn in place (`\r`, clear to end of line) at most 10
 * times a second, and always narrower than the terminal: a line that wraps cannot be
 * redrawn by `\r` and would leave a line per redraw. Not on a terminal (`--progress` into
 * a log), it writes a plain line at each tenth of the run, and the last one.
 */
import type { Progress } from '../montecarlo/run.ts';
import { cutText, textWidth } from '../units/fit.ts';
import { formatLength } from '../units/format.ts';
import { terminalColumns } from './columns.ts';

/**
 * The progress line for `p` after `elapsedS` seconds, within `columns` - 1 characters
 * (the last column left free so the terminal never wraps): the bar shrinks first, then
 * the scenario name is cut, then the bar goes.
 */
export function progressLine(p: Progress, elapsedS: number, columns: number): string {
  const max = Math.max(20, columns - 1);
  const rate = elapsedS > 0 ? p.done / elapsedS : 0;
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const eta = rate > 0 ? Math.max(0, (p.total - p.done) / rate) : 0;
  const pct = `${String(Math.round(frac * 100)).padStart(3)}%`;
  const counts = `${p.done}/${p.total}  ${rate.toFixed(0)}/s  ETA ${formatLength(Math.round(eta))}`;
  const which = p.scenarios > 1 ? ` (${p.scenarioIndex + 1}/${p.scenarios})` : '';
  const fixed = `${pct}  ${counts}  `;
  const bar = (w: number): string => {
    const filled = Math.round(frac * w);
    return `[${'#'.repeat(filled)}${'.'.repeat(w - filled)}] `;
  };
  const nameRoom = max - textWidth(fixed) - textWidth(which);
  const barWidth = Math.min(24, nameRoom - Math.min(textWidth(p.scenario), 16) - 3);
  const head = barWidth >= 8 ? bar(barWidth) + fixed : fixed;
  const room = max - textWidth(head) - textWidth(which);
  const line = room >= 4 ? `${head}${cutText(p.scenario, room)}${which}` : head.trimEnd();
  return cutText(line, max);
}

/** Renders Progress updates; `done()` clears the line. */
export class ProgressBar {
  private readonly enabled: boolean;
  private readonly start = performance.now();
  private lastDraw = 0;
  private lastTenth = -1;
  private drawn = false;

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  /** Whether to show progress given the flags (`--progress` forces, `--no-progress` hides). */
  static wanted(flag: boolean | undefined, quiet: boolean): boolean {
    if (quiet) return false;
    if (flag !== undefined) return flag;
    return process.stderr.isTTY === true;
  }

  update(p: Progress): void {
    if (!this.enabled) return;
    const now = performance.now();
    const finished = p.done >= p.total;
    const tty = process.stderr.isTTY === true;
    if (tty) {
      if (now - this.lastDraw < 100 && !finished) return;
    } else {
      const tenth = p.total > 0 ? Math.floor((10 * p.done) / p.total) : 10;
      if (tenth === this.lastTenth) return;
      this.lastTenth = tenth;
    }
    this.lastDraw = now;
    const line = progressLine(p, (now - this.start) / 1000, terminalColumns(process.stderr));
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    this.drawn = true;
  }

  done(): void {
    if (this.enabled && this.drawn && process.stderr.isTTY === true) process.stderr.write('\r\x1b[2K');
  }
}
