/**
 * A broken model invariant inside a Monte Carlo run, with what it takes to replay it:
 * which scenario, its seed, the replication and the simulated time. Crosses the worker
 * boundary as plain data (`ReplicationFailureData`).
 */
import { formatSimTime } from '../units/format.ts';

/** The serialisable content of a ReplicationFailure. */
export interface ReplicationFailureData {
  readonly scenarioIndex: number;
  readonly file: string;
  readonly seed: number;
  readonly replication: number;
  /** Simulated time of the broken invariant, ms. */
  readonly timeMs: number;
  /** The invariant's own message. */
  readonly detail: string;
}

/** An invariant broke in replication `replication` of scenario `scenarioIndex` (a bug). */
export class ReplicationFailure extends Error {
  override readonly name = 'ReplicationFailure';
  readonly data: ReplicationFailureData;
  constructor(data: ReplicationFailureData) {
    super(
      `${data.file}: invariant broken in seed ${data.seed}, replication ${data.replication}, ` +
        `at simulated time t=${formatSimTime(data.timeMs)} (${data.timeMs}ms): ${data.detail}`,
    );
    this.data = data;
  }
}
