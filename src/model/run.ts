/**
 * One replication of the control-plane model: the entry point the Monte Carlo layer
 * calls (in worker threads, many times: keep it lean).
 */
import { Simulation, StreamFactory, type TraceSink } from '../engine/index.ts';
import type { FailureClass, Scenario } from '../scenario/types.ts';
import { Cluster } from './cluster.ts';
import type { ModelEvent } from './events.ts';
import { checkInvariants } from './invariants.ts';
import { planOf } from './plan.ts';
import type { ReplicationResult } from './result.ts';

/** Options of one replication; all optional. */
export interface RunOptions {
  /** End of the run in ms. @default scenario.simulation.horizonMs */
  readonly untilMs?: number | undefined;
  /** Narration sink (explain); null/absent = no strings built. */
  readonly trace?: TraceSink | undefined;
  /** Run the state checkers after every event (throws InvariantError). @default false */
  readonly checkInvariants?: boolean | undefined;
  /**
   * HOOK (issue 11, temporary until the observer port): called on every change of a
   * component's own up state; see `Cluster.componentListener`.
   */
  readonly onComponentChange?: ((comp: number, up: boolean, nowMs: number) => void) | undefined;
  /** Importance sampling: failure-rate bias factor per class (exponential ttf only). */
  readonly importance?: { readonly [C in FailureClass]?: number } | undefined;
}

/** Builds the model of `scenario` for replication `replication`, ready to run (tests, explain). */
export function createCluster(
  scenario: Scenario,
  replication: number,
  trace?: TraceSink,
  importance?: { readonly [C in FailureClass]?: number },
): Cluster {
  const sim = new Simulation<ModelEvent>(() => undefined);
  const streams = new StreamFactory(scenario.simulation.seed, replication);
  const cluster = new Cluster(planOf(scenario), sim, streams, trace ?? null, importance);
  sim.setHandler((ev) => cluster.handle(ev));
  cluster.start();
  return cluster;
}

/**
 * Runs replication `replication` of `scenario` from the steady all-up start to `untilMs`
 * and returns its SLI timelines. Seeds come from (scenario.simulation.seed, replication).
 */
export function runReplication(scenario: Scenario, replication: number, options: RunOptions = {}): ReplicationResult {
  const untilMs = options.untilMs ?? scenario.simulation.horizonMs;
  const cluster = createCluster(scenario, replication, options.trace, options.importance);
  const sim = cluster.sim;
  cluster.componentListener = options.onComponentChange ?? null;
  if (options.checkInvariants === true) {
    checkInvariants(cluster);
    sim.run(untilMs, () => checkInvariants(cluster));
  } else {
    sim.run(untilMs);
  }
  const { slis, apiRequestSuccessMs } = cluster.sli.finish(untilMs);
  const likelihoodRatio = cluster.likelihoodRatio(untilMs);
  return { replication, horizonMs: untilMs, events: sim.events, slis, apiRequestSuccessMs, likelihoodRatio };
}
