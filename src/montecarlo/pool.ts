/**
 * Runs replication chunks on the calling thread plus `workers - 1` worker threads.
 * The calling thread is already warm (JIT-compiled, modules loaded), so it works too
 * instead of waiting; each worker thread keeps two chunks in flight so it never idles
 * while the calling thread is busy with a chunk of its own. Results are keyed by
 * (scenario, first replication), so their arrival order does not matter to the aggregate.
 */
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenario/types.ts';
import { runChunk, type ChunkOptions, type ChunkResult } from './chunk.ts';
import { ReplicationFailure } from './replication-failure.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

/** A unit of work: replications [from, to) of scenario `scenarioIndex`. */
export interface ChunkTask {
  readonly scenarioIndex: number;
  readonly from: number;
  readonly to: number;
}

/** Chunks sent ahead to each worker thread. */
const IN_FLIGHT = 2;

/** Lets queued worker messages be handled between two chunks run on this thread. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `workers` executors: this thread and workers - 1 threads. Call `close()` when done. */
export class WorkerPool {
  private readonly threads: Worker[] = [];
  private readonly scenarios: readonly Scenario[];
  private readonly options: ChunkOptions;

  constructor(scenarios: readonly Scenario[], workers: number, options: ChunkOptions = {}) {
    this.scenarios = scenarios;
    this.options = options;
    // Compiled (dist/*.js): the worker loads compiled JavaScript directly. From the
    // sources (vitest, tsx): a small .mjs registers tsx first.
    const compiled = import.meta.url.endsWith('.js');
    const entry = new URL(compiled ? './worker.js' : './worker-entry.mjs', import.meta.url);
    for (let i = 1; i < workers; i++) {
      this.threads.push(new Worker(entry, { workerData: { scenarios, options }, execArgv: [] }));
    }
  }

  /** Runs every task; `onResult` is called as each chunk completes. */
  async runAll(tasks: readonly ChunkTask[], onResult: (r: ChunkResult) => void): Promise<void> {
    let next = 0;
    const take = (): ChunkTask | undefined => tasks[next++];
    const local = async (): Promise<void> => {
      for (let t = take(); t !== undefined; t = take()) {
        onResult(runChunk(this.scenarios[t.scenarioIndex]!, t.scenarioIndex, t.from, t.to, this.options));
        await yieldToEventLoop();
      }
    };
    await Promise.all([local(), ...this.threads.map((w) => drive(w, take, onResult))]);
  }

  /** Stops every worker thread. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((w) => w.terminate()));
  }
}

/** Feeds one worker thread from `take` until no task is left and none is in flight. */
function drive(w: Worker, take: () => ChunkTask | undefined, onResult: (r: ChunkResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let inFlight = 0;
    const finish = (err?: Error): void => {
      w.off('message', onMessage);
      w.off('error', onError);
      if (err === undefined) resolve();
      else reject(err);
    };
    const send = (): void => {
      const task = take();
      if (task === undefined) return;
      inFlight++;
      w.postMessage({ kind: 'chunk', ...task } satisfies WorkerRequest);
    };
    const onMessage = (reply: WorkerReply): void => {
      inFlight--;
      if (reply.kind === 'error') {
        finish(
          reply.failure !== undefined
            ? new ReplicationFailure(reply.failure)
            : new Error(`worker failed: ${reply.message}`),
        );
        return;
      }
      onResult(reply.result);
      send();
      if (inFlight === 0) finish();
    };
    const onError = (err: Error): void => finish(err);
    w.on('message', onMessage);
    w.on('error', onError);
    for (let i = 0; i < IN_FLIGHT; i++) send();
    if (inFlight === 0) finish();
  });
}
