/**
 * A progress line on stderr for long runs: replications done, rate, ETA. Shown on a TTY
 * or with `--progress`; `--no-progress` and `--quiet` hide it. Redraws at most 10 times
 * a second.
 */
import type { Progress } from '../montecarlo/run.ts';

/** Renders Progress updates; `done()` clears the line. */
export class ProgressBar {
  private readonly enabled: boolean;
  private readonly start = performance.now();
  private lastDraw = 0;
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
    if (now - this.lastDraw < 100 && p.done < p.total) return;
    this.lastDraw = now;
    const elapsed = (now - this.start) / 1000;
    const rate = elapsed > 0 ? p.done / elapsed : 0;
    const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    const eta = rate > 0 ? Math.max(0, (p.total - p.done) / rate) : 0;
    const line =
      `[${bar}] ${String(Math.round(frac * 100)).padStart(3)}%  ${p.done}/${p.total} replications  ` +
      `${rate.toFixed(0)}/s  ETA ${eta.toFixed(0)}s  ${p.scenario} (${p.scenarioIndex + 1}/${p.scenarios})`;
    const tty = process.stderr.isTTY === true;
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    this.drawn = true;
  }

  done(): void {
    if (this.enabled && this.drawn && process.stderr.isTTY === true) process.stderr.write('\r\x1b[2K');
  }
}
