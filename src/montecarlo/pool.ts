/**
 * A fixed pool of worker threads running replication chunks. Chunks are handed out in
 * order as workers free up; results are keyed by (scenario, first replication), so the
 * order they arrive in does not matter to the aggregate.
 */
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenario/types.ts';
import type { ChunkResult } from './chunk.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

/** A unit of work: replications [from, to) of scenario `scenarioIndex`. */
export interface ChunkTask {
  readonly scenarioIndex: number;
  readonly from: number;
  readonly to: number;
}

/** Runs chunks on `size` worker threads. Call `close()` when done. */
export class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(scenarios: readonly Scenario[], size: number) {
    const entry = new URL('./worker-entry.mjs', import.meta.url);
    for (let i = 0; i < size; i++) {
      this.workers.push(new Worker(entry, { workerData: { scenarios }, execArgv: [] }));
    }
  }

  /** Runs every task; `onResult` is called as each chunk completes. */
  async runAll(tasks: readonly ChunkTask[], onResult: (r: ChunkResult) => void): Promise<void> {
    let next = 0;
    const drive = (w: Worker): Promise<void> =>
      new Promise((resolve, reject) => {
        const sendNext = (): void => {
          const task = tasks[next++];
          if (task === undefined) {
            w.off('message', onMessage);
            w.off('error', onError);
            resolve();
            return;
          }
          w.postMessage({ kind: 'chunk', ...task } satisfies WorkerRequest);
        };
        const onMessage = (reply: WorkerReply): void => {
          if (reply.kind === 'error') {
            w.off('message', onMessage);
            w.off('error', onError);
            reject(new Error(`worker failed: ${reply.message}`));
            return;
          }
          onResult(reply.result);
          sendNext();
        };
        const onError = (err: Error): void => reject(err);
        w.on('message', onMessage);
        w.on('error', onError);
        sendNext();
      });
    await Promise.all(this.workers.map(drive));
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
