/**
 * One replication as a closed unit with an observer port: `openReplication` builds the
 * model of (scenario, replication) with its observers attached and hands back a handle
 * to step it, drive it interactively, and finish it. `runReplication` is open + run to
 * the horizon + finish, the entry point the Monte Carlo layer calls (in worker threads,
 * many times: keep it lean). Seeds come from (scenario.simulation.seed, replication).
 */
import { Simulation, StreamFactory, type TraceSink } from '../engine/index.ts';
import type { FailureClass, PartitionTraffic, ResolvedFault, Scenario } from '../scenario/types.ts';
import { Cluster } from './cluster.ts';
import type { ModelEvent } from './events.ts';
import { InvariantChecker } from './invariants.ts';
import { Narrator } from './narrator.ts';
import type { Observer } from './observer.ts';
import { planOf } from './plan.ts';
import type { ReplicationResult } from './result.ts';
import type { ClusterView } from './view.ts';
import { assertNever } from '../engine/assert-never.ts';

/**
 * An interactive action, applied at the current time as a scripted fault would be:
 * `down`/`up` of a fault target (`host/cp-1`, `etcd/@leader`; `up` takes concrete ids
 * only and ends every scripted down of it), a partition of host names (replaces any
 * earlier one), a heal.
 */
export type InjectAction =
  | { readonly kind: 'down'; readonly target: string /** null/absent: until `up`. */; readonly forMs?: number | null }
  | { readonly kind: 'up'; readonly target: string }
  | {
      readonly kind: 'partition';
      readonly groups: readonly (readonly string[])[];
      readonly forMs?: number | null;
      /** How the narration names each group (e.g. the `zone/a` a student picked). @default `host/<name>` per host */
      readonly labels?: readonly (readonly string[])[];
      /** docs/model.md: `etcd-peer` cuts only etcd peer traffic. @default 'all' */
      readonly traffic?: PartitionTraffic;
    }
  | { readonly kind: 'heal' };

/** Importance sampling: failure-rate bias factor per failure class (exponential ttf only). */
export type ImportanceBias = { readonly [C in FailureClass]?: number };

/** Options of `openReplication`; all optional. */
export interface OpenOptions {
  /** Watchers of the run, called in this order. @default [] */
  readonly observers?: readonly Observer[] | undefined;
  /** Importance sampling (docs/statistics.md): the result's `likelihoodRatio` reweights the run. @default none */
  readonly importance?: ImportanceBias | undefined;
}

/** A replication being run. */
export interface Replication {
  /** Read-only view of the live state. */
  readonly view: ClusterView;
  /** Current simulated time (ms). */
  readonly nowMs: number;
  /** Delivers the next event if its time is <= `untilMs`; false when there is none. */
  step(untilMs: number): boolean;
  /** Delivers every event up to `untilMs`, then sets the clock to `untilMs`. */
  runUntil(untilMs: number): void;
  /** Applies `action` now (throws on an unknown target or host, changing nothing). */
  inject(action: InjectAction): void;
  /** Ends the run at the current time: observers' `onEnd`, then the SLI timelines. Once only. */
  finish(): ReplicationResult;
}

/** Builds the model of `scenario` for replication `replication`, settled at t = 0 (tests). */
export function createCluster(
  scenario: Scenario,
  replication: number,
  observers: readonly Observer[] = [],
  importance?: ImportanceBias,
): Cluster {
  const sim = new Simulation<ModelEvent>(() => undefined);
  const streams = new StreamFactory(scenario.simulation.seed, replication);
  const cluster = new Cluster(planOf(scenario), sim, streams, observers, importance);
  sim.setHandler((ev) => cluster.handle(ev));
  cluster.start();
  return cluster;
}

/** Opens replication `replication` of `scenario` at t = 0 with `options.observers` attached. */
export function openReplication(scenario: Scenario, replication: number, options: OpenOptions = {}): Replication {
  return new OpenReplication(
    createCluster(scenario, replication, options.observers ?? [], options.importance),
    replication,
  );
}

/** The handle (a class, not an object literal of closures: runReplication makes one per replication). */
class OpenReplication implements Replication {
  private readonly cluster: Cluster;
  private readonly replication: number;
  private finished = false;

  constructor(cluster: Cluster, replication: number) {
    this.cluster = cluster;
    this.replication = replication;
  }

  get view(): ClusterView {
    return this.cluster;
  }

  get nowMs(): number {
    return this.cluster.sim.nowMs;
  }

  step(untilMs: number): boolean {
    this.live();
    return this.cluster.sim.step(untilMs);
  }

  runUntil(untilMs: number): void {
    this.live();
    this.cluster.sim.run(untilMs);
  }

  inject(action: InjectAction): void {
    this.live();
    this.cluster.inject(faultOf(this.cluster, action));
  }

  finish(): ReplicationResult {
    this.live();
    this.finished = true;
    const c = this.cluster;
    const endMs = c.sim.nowMs;
    c.end(endMs);
    const { slis, apiRequestSuccessMs, apiBadMinutesMs } = c.sli.finish(endMs);
    const likelihoodRatio = c.likelihoodRatio(endMs);
    return {
      replication: this.replication,
      horizonMs: endMs,
      events: c.sim.events,
      slis,
      apiRequestSuccessMs,
      apiBadMinutesMs,
      likelihoodRatio,
    };
  }

  private live(): void {
    if (this.finished) throw new Error(`replication ${this.replication} is finished`);
  }
}

/** The scripted fault an action stands for, at the current time; throws on bad names first. */
function faultOf(c: Cluster, a: InjectAction): ResolvedFault {
  const atMs = c.nowMs;
  switch (a.kind) {
    case 'down':
      c.resolveTarget(a.target);
      return { kind: 'down', atMs, target: a.target, forMs: a.forMs ?? null, index: -1 };
    case 'up':
      if (c.componentOf(a.target) === undefined) throw new Error(`unknown fault target ${a.target}`);
      return { kind: 'up', atMs, target: a.target, index: -1 };
    case 'partition':
      for (const name of a.groups.flat())
        if (!c.plan.hostIndex.has(name)) throw new Error(`partition names unknown host ${name}`);
      return {
        kind: 'partition',
        atMs,
        groups: a.groups,
        groupLabels: a.labels ?? a.groups.map((g) => g.map((h) => `host/${h}`)),
        traffic: a.traffic ?? 'all',
        forMs: a.forMs ?? null,
        index: -1,
      };
    case 'heal':
      return { kind: 'heal', atMs, index: -1 };
    default:
      return assertNever(a, 'action');
  }
}

/** Options of `runReplication`; all optional. */
export interface RunOptions {
  /** End of the run in ms. @default scenario.simulation.horizonMs */
  readonly untilMs?: number | undefined;
  /** Watchers of the run. @default [] */
  readonly observers?: readonly Observer[] | undefined;
  /** Narration sink: attaches a Narrator writing to it. @default none (no strings built) */
  readonly trace?: TraceSink | undefined;
  /** Attach the InvariantChecker (throws InvariantError on a broken invariant). @default false */
  readonly checkInvariants?: boolean | undefined;
  /** Importance sampling: failure-rate bias factor per class (exponential ttf only). @default none */
  readonly importance?: ImportanceBias | undefined;
}

/**
 * Runs replication `replication` of `scenario` from the steady all-up start to `untilMs`
 * and returns its SLI timelines.
 */
export function runReplication(scenario: Scenario, replication: number, options: RunOptions = {}): ReplicationResult {
  const untilMs = options.untilMs ?? scenario.simulation.horizonMs;
  let observers = options.observers ?? [];
  if (options.trace !== undefined) observers = [new Narrator(options.trace), ...observers];
  if (options.checkInvariants === true) observers = [...observers, new InvariantChecker()];
  const rep = openReplication(scenario, replication, { observers, importance: options.importance });
  rep.runUntil(untilMs);
  return rep.finish();
}
