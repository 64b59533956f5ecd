/**
 * A chunk of consecutive replications of one scenario, run in one thread, reduced to
 * compact typed arrays (cheap to post between threads; every field is a typed array or a
 * number, so it serialises generically). The same code runs inline (`--workers 1`) and in
 * worker threads, so results never depend on the worker count.
 *
 * Memory: per replication a fixed number of values (no per-outage lists); outage lengths
 * and per-window downtime go into fixed-size deterministic sketches (sketch.ts).
 */
import { compileTopology, type CompiledTopology } from '../analysis/topology.ts';
import { StructuralTwin } from '../analysis/structural-twin.ts';
import { InvariantError } from '../model/invariants.ts';
import type { Observer } from '../model/observer.ts';
import { planOf } from '../model/plan.ts';
import { runReplication, type ImportanceBias, type RunOptions } from '../model/replication.ts';
import type { ClusterView } from '../model/view.ts';
import { SLIS, type Scenario } from '../scenario/types.ts';
import { ReplicationFailure } from './replication-failure.ts';
import { SKETCH_BINS, sketchAdd } from './sketch.ts';

/** Default SLO window (docs/spec.md §9 `--window 30d`). */
export const DEFAULT_WINDOW_MS = 30 * 86_400_000;

/** How chunks are run; plain data (sent to worker threads once). */
export interface ChunkOptions {
  /** Run the model's state checkers after every event. @default false */
  readonly checkInvariants?: boolean;
  /** SLO window length in ms. @default DEFAULT_WINDOW_MS */
  readonly windowMs?: number;
  /** Importance sampling: failure-rate bias factor per failure class (exponential ttf only). */
  readonly importance?: ImportanceBias;
}

/**
 * Feeds the structural twin from the replication's observer port: every flip of a
 * component's own state, with the time, and the end of the run.
 */
class TwinObserver implements Observer {
  private readonly twin: StructuralTwin;

  constructor(twin: StructuralTwin) {
    this.twin = twin;
  }

  onComponentChange(view: ClusterView, comp: number, up: boolean): void {
    this.twin.componentChanged(comp, up, view.nowMs);
  }

  onEnd(_view: ClusterView, untilMs: number): void {
    this.twin.finish(untilMs);
  }
}

/** The per-replication figures of replications [from, to) of one scenario. */
export interface ChunkResult {
  readonly scenarioIndex: number;
  readonly from: number;
  readonly to: number;
  /** Down time per replication per SLI: index (r - from) * SLIS.length + sliIndex. */
  readonly downMs: Float64Array;
  /** Outages per replication per SLI, same indexing. */
  readonly outageCounts: Int32Array;
  /** Down time of the structural twin (ideal timing) per replication per SLI, same indexing. */
  readonly twinDownMs: Float64Array;
  /** Structural twin's outages per replication per SLI, same indexing. */
  readonly twinOutageCounts: Int32Array;
  /** Likelihood ratio per replication (1 without importance sampling). */
  readonly likelihoodRatio: Float64Array;
  /** Windows whose availability is below the SLO, per replication per SLI (0 without SLO). */
  readonly windowBreaches: Int32Array;
  /** Sketch of downtime per window, per SLI: index sliIndex * SKETCH_BINS + bin. */
  readonly windowDownSketch: Float64Array;
  /** Sketch of outage lengths, per SLI, same layout. */
  readonly outageSketch: Float64Array;
  /** Longest outage and most downtime in one window per SLI (ms), exact. */
  readonly outageMaxMs: Float64Array;
  readonly windowDownMaxMs: Float64Array;
  /** API request-success integral (ms) per replication. */
  readonly requestSuccessMs: Float64Array;
  /** docs/model.md: bad-minute time (ms) per replication. */
  readonly badMinutesMs: Float64Array;
  /** Events delivered per replication. */
  readonly events: Float64Array;
}

const topologies = new WeakMap<Scenario, CompiledTopology | null>();

function topologyOf(s: Scenario): CompiledTopology | null {
  let t = topologies.get(s);
  if (t === undefined) {
    const r = compileTopology(s);
    t = r.ok ? r.value : null;
    topologies.set(s, t);
  }
  return t;
}

/** Full SLO windows in a horizon (a trailing partial window is not counted). */
export function windowsPerReplication(horizonMs: number, windowMs: number): number {
  return Math.floor(horizonMs / windowMs);
}

/** One replication; a broken invariant becomes a ReplicationFailure naming seed, replication and time. */
function runOrLocate(
  scenario: Scenario,
  scenarioIndex: number,
  r: number,
  options: RunOptions,
): ReturnType<typeof runReplication> {
  try {
    return runReplication(scenario, r, options);
  } catch (err) {
    if (!(err instanceof InvariantError)) throw err;
    const detail = err.message.replace(/^invariant broken at t=\d+(\.\d+)?ms: /, '');
    throw new ReplicationFailure({
      scenarioIndex,
      file: scenario.file,
      seed: scenario.simulation.seed,
      replication: r,
      timeMs: err.timeMs,
      detail,
    });
  }
}

/** Runs replications [from, to) of `scenario`. */
export function runChunk(
  scenario: Scenario,
  scenarioIndex: number,
  from: number,
  to: number,
  options: ChunkOptions = {},
): ChunkResult {
  const n = to - from;
  const k = SLIS.length;
  const t = topologyOf(scenario);
  const twin = t === null ? null : new StructuralTwin(t, planOf(scenario).compIds);
  const horizonMs = scenario.simulation.horizonMs;
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const windows = windowsPerReplication(horizonMs, windowMs);
  const limits = SLIS.map((sli) => {
    const target = scenario.slo[sli];
    return target === undefined ? Number.POSITIVE_INFINITY : (1 - target) * windowMs;
  });
  const c: ChunkResult = {
    scenarioIndex,
    from,
    to,
    downMs: new Float64Array(n * k),
    outageCounts: new Int32Array(n * k),
    twinDownMs: new Float64Array(n * k),
    twinOutageCounts: new Int32Array(n * k),
    likelihoodRatio: new Float64Array(n),
    windowBreaches: new Int32Array(n * k),
    windowDownSketch: new Float64Array(k * SKETCH_BINS),
    outageSketch: new Float64Array(k * SKETCH_BINS),
    outageMaxMs: new Float64Array(k),
    windowDownMaxMs: new Float64Array(k),
    requestSuccessMs: new Float64Array(n),
    badMinutesMs: new Float64Array(n),
    events: new Float64Array(n),
  };
  const perWindow = new Float64Array(windows);
  const runOptions: RunOptions = {
    checkInvariants: options.checkInvariants ?? false,
    observers: twin === null ? [] : [new TwinObserver(twin)],
    importance: options.importance,
  };
  for (let r = from; r < to; r++) {
    twin?.reset();
    const res = runOrLocate(scenario, scenarioIndex, r, runOptions);
    const row = (r - from) * k;
    for (let s = 0; s < k; s++) {
      // The SLI by name at the model's and the analysis's boundary; by index only in this chunk's own arrays.
      const sli = SLIS[s]!;
      const o = res.slis[sli].outages;
      c.downMs[row + s] = res.slis[sli].downMs;
      c.outageCounts[row + s] = o.length / 2;
      if (twin !== null) {
        c.twinDownMs[row + s] = twin.downMsOf(sli);
        c.twinOutageCounts[row + s] = twin.outagesOf(sli);
      }
      for (let i = 0; i < o.length; i += 2) {
        const d = o[i + 1]! - o[i]!;
        sketchAdd(c.outageSketch, s * SKETCH_BINS, d);
        if (d > c.outageMaxMs[s]!) c.outageMaxMs[s] = d;
      }
      splitIntoWindows(o, windowMs, perWindow);
      let breaches = 0;
      for (let w = 0; w < windows; w++) {
        const d = perWindow[w]!;
        sketchAdd(c.windowDownSketch, s * SKETCH_BINS, d);
        if (d > c.windowDownMaxMs[s]!) c.windowDownMaxMs[s] = d;
        if (d > limits[s]!) breaches++;
      }
      c.windowBreaches[row + s] = breaches;
    }
    c.likelihoodRatio[r - from] = res.likelihoodRatio;
    c.requestSuccessMs[r - from] = res.apiRequestSuccessMs;
    c.badMinutesMs[r - from] = res.apiBadMinutesMs;
    c.events[r - from] = res.events;
  }
  return c;
}

/** Down time of the flat outage list `o` in each window [w·W, (w+1)·W) of `out`. */
export function splitIntoWindows(o: readonly number[], windowMs: number, out: Float64Array): void {
  out.fill(0);
  const n = out.length;
  for (let i = 0; i < o.length; i += 2) {
    let a = o[i]!;
    const b = o[i + 1]!;
    while (a < b) {
      const w = Math.floor(a / windowMs);
      if (w >= n) break;
      const end = Math.min(b, (w + 1) * windowMs);
      out[w]! += end - a;
      a = end;
    }
  }
}

/** The typed arrays of a chunk, to transfer between threads without copying. */
export function chunkBuffers(c: ChunkResult): ArrayBuffer[] {
  return [
    c.downMs,
    c.outageCounts,
    c.twinDownMs,
    c.twinOutageCounts,
    c.likelihoodRatio,
    c.windowBreaches,
    c.windowDownSketch,
    c.outageSketch,
    c.outageMaxMs,
    c.windowDownMaxMs,
    c.requestSuccessMs,
    c.badMinutesMs,
    c.events,
  ].map((a) => a.buffer as ArrayBuffer);
}
