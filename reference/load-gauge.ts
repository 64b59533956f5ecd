/**
 * A scheduling-delay gauge for the busy machine: a worker thread sleeps 10 ms at a time
 * (Atomics.wait, so nothing the harness's main thread does, such as a spawnSync, delays it)
 * and counts how late it wakes into a shared 1-ms histogram. How late a sleeping thread
 * wakes is what stretches etcd's 100 ms heartbeats and 1 s election timers, and the probes'.
 */
import { Worker } from 'node:worker_threads';

/** Histogram buckets: 0..1999 ms late, the last one for 2 s and over. */
const BUCKETS = 2001;

const WORKER = `
const { workerData } = require('node:worker_threads');
const hist = new Int32Array(workerData.hist);
const nap = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  const t0 = performance.now();
  Atomics.wait(nap, 0, 0, 10);
  const late = Math.max(0, Math.floor(performance.now() - t0 - 10));
  Atomics.add(hist, Math.min(late, ${BUCKETS - 1}), 1);
}
`;

let hist: Int32Array | null = null;
let worker: Worker | null = null;

/** Starts the gauge once (it never keeps the process alive). */
function gauge(): Int32Array {
  if (hist === null) {
    const shared = new SharedArrayBuffer(BUCKETS * 4);
    hist = new Int32Array(shared);
    worker = new Worker(WORKER, { eval: true, workerData: { hist: shared } });
    worker.unref();
  }
  return hist;
}

/** A snapshot of the counts so far. */
export function snapshot(): Int32Array {
  return Int32Array.from(gauge());
}

/** The p-quantile (0..1) of wake-up lateness in ms between two snapshots; 0 without samples. */
export function latenessQuantile(before: Int32Array, after: Int32Array, p: number): number {
  let total = 0;
  for (let i = 0; i < BUCKETS; i++) total += (after[i] ?? 0) - (before[i] ?? 0);
  if (total === 0) return 0;
  const want = Math.ceil(p * total);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += (after[i] ?? 0) - (before[i] ?? 0);
    if (seen >= want) return i;
  }
  return BUCKETS - 1;
}

/** Stops the gauge (tests). */
export async function stopGauge(): Promise<void> {
  if (worker !== null) await worker.terminate();
  worker = null;
  hist = null;
}
