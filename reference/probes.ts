/**
 * Probe loops at a fixed period (20 ms by default). Each probe is its own request with its
 * own timeout, fired whether or not the previous one answered, so a hung server delays no
 * later probe and the outage end is seen within one period plus one round trip.
 */
import { nowMs, sleep } from './procs.ts';

/** One probe's outcome. */
export interface ProbeSample<T> {
  readonly sentMs: number;
  readonly doneMs: number;
  readonly value: T;
}

/** A running probe loop: stop() waits for the requests in flight and returns every sample. */
export interface ProbeLoop<T> {
  /** The samples answered so far (unsorted; live). */
  peek(): readonly ProbeSample<T>[];
  stop(): Promise<ProbeSample<T>[]>;
}

/** Starts `probe` every `periodMs` until stopped (or `limitMs` passes). */
export function probeEvery<T>(
  periodMs: number,
  limitMs: number,
  probe: (k: number) => Promise<{ value: T; doneMs: number }>,
): ProbeLoop<T> {
  const samples: ProbeSample<T>[] = [];
  const inFlight = new Set<Promise<void>>();
  let running = true;
  const t0 = nowMs();
  const loop = (async () => {
    for (let k = 0; running && nowMs() - t0 < limitMs; k++) {
      const sentMs = nowMs();
      const p = probe(k).then((r) => {
        samples.push({ sentMs, doneMs: r.doneMs, value: r.value });
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      const next = t0 + (k + 1) * periodMs;
      await sleep(Math.max(0, next - nowMs()));
    }
  })();
  return {
    peek: () => samples,
    async stop() {
      running = false;
      await loop;
      await Promise.all([...inFlight]);
      return samples.sort((a, b) => a.sentMs - b.sentMs);
    },
  };
}

/**
 * The first sample sent at or after `fromMs` whose value passes `good`, as the time its answer
 * arrived; null when none did.
 */
export function firstGoodAfter<T>(
  samples: readonly ProbeSample<T>[],
  fromMs: number,
  good: (v: T) => boolean,
): number | null {
  let best: number | null = null;
  for (const s of samples) {
    if (s.sentMs >= fromMs && good(s.value) && (best === null || s.doneMs < best)) best = s.doneMs;
  }
  return best;
}

/** Polls `done` every 20 ms until it is true or `limitMs` passes; returns whether it became true. */
export async function waitFor(done: () => boolean, limitMs: number): Promise<boolean> {
  const until = nowMs() + limitMs;
  while (!done()) {
    if (nowMs() > until) return false;
    await sleep(20);
  }
  return true;
}
