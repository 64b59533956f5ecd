/**
 * A chunk of consecutive replications of one scenario, run in one thread, reduced to
 * compact typed arrays (cheap to post between threads). The same code runs inline
 * (`--workers 1`) and in worker threads, so results never depend on the worker count.
 */
import { InvariantError } from '../model/invariants.ts';
import { runReplication } from '../model/run.ts';
import { ReplicationFailure } from './replication-failure.ts';
import { SLIS, type Scenario } from '../scenario/types.ts';

/** The per-replication figures of replications [from, to) of one scenario. */
export interface ChunkResult {
  readonly scenarioIndex: number;
  readonly from: number;
  readonly to: number;
  /** Down time per replication per SLI: index (r - from) * SLIS.length + sliIndex. */
  readonly downMs: Float64Array;
  /** Outages per replication per SLI, same indexing. */
  readonly outageCounts: Int32Array;
  /** Outage durations (ms) per SLI, concatenated in replication order. */
  readonly outageMs: readonly Float64Array[];
  /** API request-success integral (ms) per replication. */
  readonly requestSuccessMs: Float64Array;
  /** Events delivered per replication. */
  readonly events: Float64Array;
}

/** One replication; a broken invariant becomes a ReplicationFailure naming seed, replication and time. */
function runOrLocate(scenario: Scenario, scenarioIndex: number, r: number, options: { checkInvariants: boolean }): ReturnType<typeof runReplication> {
  try {
    return runReplication(scenario, r, options);
  } catch (err) {
    if (!(err instanceof InvariantError)) throw err;
    const detail = err.message.replace(/^invariant broken at t=\d+(\.\d+)?ms: /, '');
    throw new ReplicationFailure({ scenarioIndex, file: scenario.file, seed: scenario.simulation.seed, replication: r, timeMs: err.timeMs, detail });
  }
}

/** Runs replications [from, to) of `scenario` (state checkers after every event if asked). */
export function runChunk(
  scenario: Scenario,
  scenarioIndex: number,
  from: number,
  to: number,
  checkInvariants = false,
): ChunkResult {
  const options = { checkInvariants };
  const n = to - from;
  const k = SLIS.length;
  const downMs = new Float64Array(n * k);
  const outageCounts = new Int32Array(n * k);
  const durations: number[][] = SLIS.map(() => []);
  const requestSuccessMs = new Float64Array(n);
  const events = new Float64Array(n);
  for (let r = from; r < to; r++) {
    const res = runOrLocate(scenario, scenarioIndex, r, options);
    const row = (r - from) * k;
    for (let s = 0; s < k; s++) {
      const tl = res.slis[SLIS[s]!];
      downMs[row + s] = tl.downMs;
      const o = tl.outages;
      outageCounts[row + s] = o.length / 2;
      const out = durations[s]!;
      for (let i = 0; i < o.length; i += 2) out.push(o[i + 1]! - o[i]!);
    }
    requestSuccessMs[r - from] = res.apiRequestSuccessMs;
    events[r - from] = res.events;
  }
  return {
    scenarioIndex,
    from,
    to,
    downMs,
    outageCounts,
    outageMs: durations.map((d) => Float64Array.from(d)),
    requestSuccessMs,
    events,
  };
}
