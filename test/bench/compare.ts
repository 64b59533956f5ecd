/**
 * One comparison of `npm run bench`: the k-of-n model on our engine and on the minimal
 * hand-written loop, in this process, interleaved `rounds` times for about `seconds`
 * each, keeping each one's best rate. Run by bench.ts as
 * `node --import tsx test/bench/compare.ts N SECONDS ROUNDS`; prints JSON.
 */
import { performance } from 'node:perf_hooks';
import { DOWN_MEAN_MS, UP_MEAN_MS, runBaseline, runOnEngine, type KOfNRun } from './k-of-n.ts';

/** One loop's best run. */
export interface Measured {
  readonly eventsPerSecond: number;
  readonly run: KOfNRun;
}

/** Both loops on the same model and horizon. */
export interface Comparison {
  readonly engine: Measured;
  readonly baseline: Measured;
}

type Runner = (n: number, k: number, horizonMs: number, seed: number) => KOfNRun;

function timeRun(runner: Runner, n: number, k: number, horizonMs: number): Measured {
  const t0 = performance.now();
  const run = runner(n, k, horizonMs, 1);
  const seconds = (performance.now() - t0) / 1000;
  return { eventsPerSecond: run.events / seconds, run };
}

/** A horizon giving about `targetSeconds` of work at `eventsPerSecond`. */
function horizonFor(n: number, eventsPerSecond: number, targetSeconds: number): number {
  const eventsPerMs = (2 * n) / (UP_MEAN_MS + DOWN_MEAN_MS);
  return (eventsPerSecond * targetSeconds) / eventsPerMs;
}

/** Interleaves engine and baseline `rounds` times and keeps each one's best rate. */
export function compare(n: number, targetSeconds: number, rounds: number): Comparison {
  const k = Math.floor(n / 2) + 1;
  // Calibrate on a short run (also warms up the JIT for both loops).
  const probe = timeRun(runBaseline, n, k, horizonFor(n, 2e6, 0.2));
  timeRun(runOnEngine, n, k, horizonFor(n, 2e6, 0.2));
  const horizonMs = horizonFor(n, probe.eventsPerSecond, targetSeconds);
  let engine: Measured | undefined;
  let baseline: Measured | undefined;
  for (let r = 0; r < rounds; r++) {
    const e = timeRun(runOnEngine, n, k, horizonMs);
    const b = timeRun(runBaseline, n, k, horizonMs);
    if (engine === undefined || e.eventsPerSecond > engine.eventsPerSecond) engine = e;
    if (baseline === undefined || b.eventsPerSecond > baseline.eventsPerSecond) baseline = b;
  }
  return { engine: engine!, baseline: baseline! };
}

const [n, seconds, rounds] = process.argv.slice(2).map(Number);
if (!(n! >= 1 && seconds! > 0 && rounds! >= 1)) throw new Error('usage: compare.ts N SECONDS ROUNDS');
process.stdout.write(`${JSON.stringify(compare(n!, seconds!, rounds!))}\n`);
