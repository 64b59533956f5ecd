/**
 * Random alternating failure / repair processes, one per component whose failure class
 * has an entry in `failures:`. Each component draws only from its own stream
 * (seed, replication, component id), alternating ttf and ttr, so two scenarios sharing a
 * component see identical failures of it (common random numbers).
 */
import type { RandomStream, Sampler, StreamFactory } from '../engine/index.ts';
import { componentLabel } from '../scenario/components.ts';
import type { FaultEvent } from './events.ts';
import type { FaultHost } from './fault-host.ts';

/** Per-replication state of every random failure process. */
export class RandomFailures {
  private readonly streams: (RandomStream | null)[];
  private readonly ttf: (Sampler | null)[];
  private readonly ttr: (Sampler | null)[];
  private readonly failEv: FaultEvent[];
  private readonly repairEv: FaultEvent[];
  private readonly ids: readonly string[];

  /**
   * @param ids component ids, by component number
   * @param failures compiled ttf/ttr samplers by component number (null: never fails)
   */
  constructor(
    ids: readonly string[],
    failures: readonly ({ readonly ttf: Sampler; readonly ttr: Sampler } | null)[],
    factory: StreamFactory,
  ) {
    this.ids = ids;
    this.streams = failures.map((f, i) => (f === null ? null : factory.stream(ids[i]!)));
    this.ttf = failures.map((f) => (f === null ? null : f.ttf));
    this.ttr = failures.map((f) => (f === null ? null : f.ttr));
    this.failEv = ids.map((_, comp) => ({ kind: 'fail', comp }));
    this.repairEv = ids.map((_, comp) => ({ kind: 'repair', comp }));
  }

  /** Schedules every component's first failure (all start up). */
  start(host: FaultHost): void {
    for (let c = 0; c < this.ttf.length; c++) {
      const f = this.ttf[c];
      if (f != null) host.scheduleFault(f(this.streams[c]!), this.failEv[c]!);
    }
  }

  /** Handles a `fail` or `repair` event of component `comp`. */
  handle(host: FaultHost, kind: 'fail' | 'repair', comp: number): void {
    const rng = this.streams[comp]!;
    if (kind === 'fail') {
      if (host.tracing) host.narrate('random-failure', this.ids[comp]!, `${componentLabel(this.ids[comp]!)} fails`);
      host.addCause(comp, 1);
      host.scheduleFault(this.ttr[comp]!(rng), this.repairEv[comp]!);
    } else {
      if (host.tracing) host.narrate('random-repair', this.ids[comp]!, `${componentLabel(this.ids[comp]!)} repaired`);
      host.addCause(comp, -1);
      host.scheduleFault(this.ttf[comp]!(rng), this.failEv[comp]!);
    }
  }
}
