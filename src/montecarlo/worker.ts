/**
 * Worker thread: receives the scenarios once, then chunks of replications to run, and
 * posts each ChunkResult back (typed arrays transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../scenario/types.ts';
import { chunkBuffers, runChunk, type ChunkOptions, type ChunkResult } from './chunk.ts';
import { ReplicationFailure, type ReplicationFailureData } from './replication-failure.ts';

/** A request from the pool. */
export type WorkerRequest =
  | { readonly kind: 'chunk'; readonly scenarioIndex: number; readonly from: number; readonly to: number }
  | { readonly kind: 'exit' };

/** A reply to the pool. */
export type WorkerReply =
  | { readonly kind: 'result'; readonly result: ChunkResult }
  | { readonly kind: 'error'; readonly message: string; readonly failure?: ReplicationFailureData };

const { scenarios, options } = workerData as { scenarios: Scenario[]; options: ChunkOptions };
const port = parentPort!;

port.on('message', (req: WorkerRequest) => {
  if (req.kind === 'exit') {
    port.close();
    return;
  }
  try {
    const scenario = scenarios[req.scenarioIndex]!;
    const result = runChunk(scenario, req.scenarioIndex, req.from, req.to, options);
    port.postMessage({ kind: 'result', result } satisfies WorkerReply, chunkBuffers(result));
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    const failure = err instanceof ReplicationFailure ? { failure: err.data } : {};
    port.postMessage({ kind: 'error', message, ...failure } satisfies WorkerReply);
  }
});
