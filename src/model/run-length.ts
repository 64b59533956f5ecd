/**
 * docs/model.md, readiness flapping: the number of independent trials up to and
 * including the first run of `n` consecutive successes, each trial succeeding with
 * probability `p`. Sampled exactly without simulating each trial: the run of successes
 * starting at a trial is geometric, P(run >= j) = p^j, so each loop step draws one run
 * (and the trial that ends it). Mean (1 - p^n) / ((1 - p) p^n) trials. Infinity for p = 0.
 */
import type { RandomStream } from '../engine/index.ts';

export function trialsToRun(rng: RandomStream, p: number, n: number): number {
  if (n <= 0 || p >= 1) return Math.max(n, 0);
  if (p <= 0) return Infinity;
  const lp = Math.log(p);
  let trials = 0;
  for (;;) {
    // 1 - next() is in (0, 1]: the run length floor(log(u) / log(p)) is finite.
    const run = Math.floor(Math.log(1 - rng.next()) / lp);
    if (run >= n) return trials + n;
    trials += run + 1;
  }
}

/** The mean of trialsToRun(_, p, n). */
export function meanTrialsToRun(p: number, n: number): number {
  if (p <= 0) return Infinity;
  const pn = p ** n;
  return p >= 1 ? n : (1 - pn) / ((1 - p) * pn);
}
