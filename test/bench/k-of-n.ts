/**
 * The benchmark model (issue 2): n components, each alternating up (exponential, mean
 * 1000 h) and down (exponential, mean 10 h); the system is up while at least k are up.
 * Implemented twice: on our engine, and as a minimal hand-written loop over
 * fastpriorityqueue. Both draw from one seeded stream in the same pattern, so the gap
 * between them is the engine's overhead.
 */
import FastPriorityQueue from 'fastpriorityqueue';
import { Simulation } from '../../src/engine/simulation.ts';
import { createStream } from '../../src/engine/rng.ts';
import { MS_PER } from '../../src/engine/time.ts';

export const UP_MEAN_MS = 1000 * MS_PER.h;
export const DOWN_MEAN_MS = 10 * MS_PER.h;

/** What one run measured. */
export interface KOfNRun {
  readonly events: number;
  readonly availability: number;
}

/** Exact steady-state availability of k-of-n with independent components (binomial). */
export function exactKOfN(n: number, k: number, a: number): number {
  // Sum in log space so n = 5000 does not overflow.
  let total = 0;
  let logC = 0; // log C(n, 0)
  for (let i = 0; i <= n; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i);
    if (i >= k) total += Math.exp(logC + i * Math.log(a) + (n - i) * Math.log1p(-a));
  }
  return total;
}

/** Runs the model on the engine until `horizonMs`. */
export function runOnEngine(n: number, k: number, horizonMs: number, seed: number): KOfNRun {
  const rng = createStream(seed, 0, 'bench');
  const up = new Uint8Array(n).fill(1);
  let upCount = n;
  let sysUp = upCount >= k;
  let lastMs = 0;
  let upMs = 0;
  const sim = new Simulation<number>((i, s) => {
    const now = s.nowMs;
    if (sysUp) upMs += now - lastMs;
    lastMs = now;
    if (up[i] === 1) {
      up[i] = 0;
      upCount--;
      s.schedule(-DOWN_MEAN_MS * Math.log(1 - rng.next()), i);
    } else {
      up[i] = 1;
      upCount++;
      s.schedule(-UP_MEAN_MS * Math.log(1 - rng.next()), i);
    }
    sysUp = upCount >= k;
  });
  for (let i = 0; i < n; i++) sim.schedule(-UP_MEAN_MS * Math.log(1 - rng.next()), i);
  sim.run(horizonMs);
  if (sysUp) upMs += horizonMs - lastMs;
  return { events: sim.events, availability: upMs / horizonMs };
}

interface Ev {
  t: number;
  i: number;
}

/** The same model as a minimal hand-written loop over fastpriorityqueue. */
export function runBaseline(n: number, k: number, horizonMs: number, seed: number): KOfNRun {
  const rng = createStream(seed, 0, 'bench');
  const q = new FastPriorityQueue<Ev>((a, b) => a.t < b.t);
  const up = new Uint8Array(n).fill(1);
  let upCount = n;
  let sysUp = upCount >= k;
  let lastMs = 0;
  let upMs = 0;
  let events = 0;
  for (let i = 0; i < n; i++) q.add({ t: -UP_MEAN_MS * Math.log(1 - rng.next()), i });
  for (;;) {
    const e = q.peek();
    if (e === undefined || e.t > horizonMs) break;
    q.poll();
    events++;
    const now = e.t;
    if (sysUp) upMs += now - lastMs;
    lastMs = now;
    const i = e.i;
    if (up[i] === 1) {
      up[i] = 0;
      upCount--;
      q.add({ t: now - DOWN_MEAN_MS * Math.log(1 - rng.next()), i });
    } else {
      up[i] = 1;
      upCount++;
      q.add({ t: now - UP_MEAN_MS * Math.log(1 - rng.next()), i });
    }
    sysUp = upCount >= k;
  }
  if (sysUp) upMs += horizonMs - lastMs;
  return { events, availability: upMs / horizonMs };
}
