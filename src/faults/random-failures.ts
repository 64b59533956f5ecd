/**
 * Random alternating failure / repair processes, one per component whose failure class
 * has an entry in `failures:`. Each component draws only from its own stream
 * (seed, replication, component id), alternating ttf and ttr, so two scenarios sharing a
 * component see identical failures of it (common random numbers).
 *
 * Importance sampling (docs/statistics.md, failure biasing): a component with a bias factor b > 1
 * and an exponential time to failure of rate λ fails at rate bλ instead (its drawn ttf is
 * divided by b, so the draws stay common random numbers). The run then carries the
 * likelihood ratio of the true path to the biased one: each completed up period of
 * length x contributes (λ e^{-λx}) / (bλ e^{-bλx}) = e^{(b-1)λx} / b, and the up period
 * still running at the end (censored at τ) contributes the survival ratio e^{(b-1)λτ}
 * (its full density ratio would be unbiased too but has infinite variance for b >= 2).
 */
import type { RandomStream, Sampler, StreamFactory } from '../engine/index.ts';
import { componentLabel } from '../scenario/components.ts';
import type { FaultEvent } from './events.ts';
import type { FaultHost } from './fault-host.ts';

/** A component's failure bias: factor b > 1 on an exponential failure rate `ratePerMs`. */
export interface FailureBias {
  readonly factor: number;
  readonly ratePerMs: number;
}

/** Per-replication state of every random failure process. */
export class RandomFailures {
  private readonly streams: (RandomStream | null)[];
  private readonly ttf: (Sampler | null)[];
  private readonly ttr: (Sampler | null)[];
  private readonly failEv: FaultEvent[];
  private readonly repairEv: FaultEvent[];
  private readonly ids: readonly string[];
  /** Bias factor per component (1 = unbiased) and (b - 1)·λ per component. */
  private readonly factor: Float64Array;
  private readonly excess: Float64Array;
  /** Start of the current up period per biased component (ms). */
  private readonly upSince: Float64Array;
  /** 1 while a component is in a repair period of its own random process. */
  private readonly inRepair: Uint8Array;
  private logLr = 0;
  /** docs/model.md: a hang process (SIGSTOP-like) rather than a failure: it adds hang causes. */
  private readonly hang: boolean;

  /**
   * @param ids component ids, by component number
   * @param failures compiled ttf/ttr samplers by component number (null: never fails)
   * @param bias importance-sampling bias by component number (null/absent: none)
   */
  constructor(
    ids: readonly string[],
    failures: readonly ({ readonly ttf: Sampler; readonly ttr: Sampler } | null)[],
    factory: StreamFactory,
    bias: readonly (FailureBias | null)[] = [],
    hang = false,
  ) {
    this.ids = ids;
    this.hang = hang;
    // Hang processes (docs/model.md) draw from their own streams (`hang/<id>`), so adding them changes no failure draw.
    this.streams = failures.map((f, i) => (f === null ? null : factory.stream(hang ? `hang/${ids[i]!}` : ids[i]!)));
    this.ttf = failures.map((f) => (f === null ? null : f.ttf));
    this.ttr = failures.map((f) => (f === null ? null : f.ttr));
    this.failEv = ids.map((_, comp) => (hang ? { kind: 'fail', comp, hang } : { kind: 'fail', comp }));
    this.repairEv = ids.map((_, comp) => (hang ? { kind: 'repair', comp, hang } : { kind: 'repair', comp }));
    this.factor = Float64Array.from(ids, (_, i) => bias[i]?.factor ?? 1);
    this.excess = Float64Array.from(ids, (_, i) => {
      const b = bias[i];
      return b === undefined || b === null ? 0 : (b.factor - 1) * b.ratePerMs;
    });
    this.upSince = new Float64Array(ids.length);
    this.inRepair = new Uint8Array(ids.length);
  }

  /** Schedules every component's first failure (all start up). */
  start(host: FaultHost): void {
    for (let c = 0; c < this.ttf.length; c++) {
      const f = this.ttf[c];
      if (f != null) host.scheduleFault(f(this.streams[c]!) / this.factor[c]!, this.failEv[c]!);
    }
  }

  /** Handles a `fail` or `repair` event of component `comp`. */
  handle(host: FaultHost, kind: 'fail' | 'repair', comp: number): void {
    const rng = this.streams[comp]!;
    if (kind === 'fail') {
      if (host.tracing)
        host.narrate(
          this.hang ? 'random-hang' : 'random-failure',
          this.ids[comp]!,
          `${componentLabel(this.ids[comp]!)} ` + `${this.hang ? 'hangs' : 'fails'}`,
        );
      const b = this.factor[comp]!;
      if (b !== 1) this.logLr += this.excess[comp]! * (host.nowMs - this.upSince[comp]!) - Math.log(b);
      this.inRepair[comp] = 1;
      if (this.hang) host.addHang(comp, 1);
      else host.addCause(comp, 1);
      host.scheduleFault(this.ttr[comp]!(rng), this.repairEv[comp]!);
    } else {
      if (host.tracing)
        host.narrate(
          this.hang ? 'random-resume' : 'random-repair',
          this.ids[comp]!,
          `${componentLabel(this.ids[comp]!)} ` + `${this.hang ? 'resumes' : 'repaired'}`,
        );
      if (this.hang) host.addHang(comp, -1);
      else host.addCause(comp, -1);
      this.inRepair[comp] = 0;
      this.upSince[comp] = host.nowMs;
      host.scheduleFault(this.ttf[comp]!(rng) / this.factor[comp]!, this.failEv[comp]!);
    }
  }

  /** The likelihood ratio of the path up to `untilMs` (1 without bias); call at the end. */
  likelihoodRatio(untilMs: number): number {
    let log = this.logLr;
    for (let c = 0; c < this.factor.length; c++) {
      if (this.factor[c] !== 1 && this.inRepair[c] === 0) log += this.excess[c]! * (untilMs - this.upSince[c]!);
    }
    return Math.exp(log);
  }
}
