/**
 * docs/scenario-format.md, optional: the overload cascade (`load.cascade`). With a `load` block the LB
 * spreads the offered load over the backends in rotation (request-load.ts); a backend
 * that serves past its capacity rejects the excess (429) and, with a cascade, may also
 * fail: OOM-killed or crash-looping under the pile of retries, which pushes its load onto
 * the survivors (facts §9: load moves to the survivors when an apiserver fails). How
 * likely the failure is has no published figure: the user gives it as `probability`.
 *
 * Rules (docs/scenario-format.md, `load.cascade`):
 * - An **overload episode** is a stretch of time in which the peak offered load exceeds
 *   capacity x spread (the load per backend in rotation exceeds one apiserver's
 *   capacity). It is judged at the peak, the busiest hour, after every event.
 * - Every apiserver that serves during an episode (ready, in rotation and reachable; the
 *   direct host for `none`) draws once per episode from this actor's own random stream
 *   `protocol/overload-cascade` (so no other component's draws move): with `probability`
 *   it fails at once (a down cause on its process) and restarts after a draw of
 *   `restart`. A restarted apiserver that comes back into the same episode draws again.
 * - When the load fits again the episode ends; the next one draws afresh.
 */
import { compileSampler, type RandomStream, type Sampler } from '../engine/index.ts';
import type { ResolvedCascade, ResolvedLoad } from '../scenario/types.ts';
import type { LoadBalancer } from './load-balancer.ts';
import type { Plan } from './plan.ts';
import type { ModelEvent } from './events.ts';

/** The overload-cascade timers: an apiserver fails under overload, or restarts. */
export type CascadeEvent = Extract<ModelEvent, { kind: 'overload-fail' | 'overload-restart' }>;

/**
 * What the cascade reads and drives of the cluster. The Cluster implements it; an
 * interface, so cluster.ts imports this file and not the other way round.
 */
export interface CascadeHost {
  readonly plan: Plan;
  readonly sim: { schedule(delayMs: number, event: CascadeEvent): unknown };
  readonly streams: { stream(name: string): RandomStream };
  readonly tracing: boolean;
  narrate(kind: string, target: string, head: string): void;
  readonly apiBlocked: number;
  readonly loadBalancer: LoadBalancer;
  readonly api: { readonly ready: ArrayLike<number> };
  addCause(comp: number, delta: number): void;
}

/** Draws and schedules overload failures of one replication. */
export class OverloadCascade {
  private readonly probability: number;
  private readonly restart: Sampler;
  /** Peak offered load over one apiserver's capacity: overloaded while spread < this. */
  private readonly need: number;
  private readonly peakPerS: number;
  private readonly capacityPerS: number;
  private rng: RandomStream | null = null;
  private episode = false;
  /** Per host: 1 once its apiserver drew in this episode (or is failing/down from the cascade). */
  private readonly drawn: Uint8Array;
  private readonly failEv: CascadeEvent[];
  private readonly restartEv: CascadeEvent[];

  constructor(c: CascadeHost, load: ResolvedLoad, cascade: ResolvedCascade) {
    this.probability = cascade.probability;
    this.restart = compileSampler(cascade.restart);
    this.peakPerS = load.peakPerS;
    this.capacityPerS = load.capacityPerS;
    this.need = load.peakPerS / load.capacityPerS;
    const n = c.plan.hosts.length;
    this.drawn = new Uint8Array(n);
    this.failEv = Array.from({ length: n }, (_, host) => ({ kind: 'overload-fail', host }));
    this.restartEv = Array.from({ length: n }, (_, host) => ({ kind: 'overload-restart', host }));
  }

  private stream(c: CascadeHost): RandomStream {
    if (this.rng === null) this.rng = c.streams.stream('protocol/overload-cascade');
    return this.rng;
  }

  /** Is the peak load more than the backends in rotation carry? */
  private overloaded(c: CascadeHost): boolean {
    if (c.apiBlocked > 0 || !c.loadBalancer.apiUp()) return false;
    return c.loadBalancer.spread() < this.need;
  }

  /** Does the apiserver on host h take client requests now? */
  private serving(c: CascadeHost, h: number): boolean {
    const lb = c.loadBalancer;
    if (lb.kind === 'none') return h === c.plan.directHost && c.api.ready[h] === 1;
    return lb.ok[h] === 1 && (lb.routed[h] === 1 || (lb.nRouted === 0 && lb.failOpen));
  }

  /** After every settled event: starts or ends an episode, and draws for new servers. */
  check(c: CascadeHost): void {
    if (!this.overloaded(c)) {
      if (this.episode) {
        this.episode = false;
        this.drawn.fill(0);
      }
      return;
    }
    this.episode = true;
    const hosts = c.plan.procHosts.apiserver;
    for (let i = 0; i < hosts.length; i++) {
      const h = hosts[i]!;
      if (this.drawn[h] === 1 || !this.serving(c, h)) continue;
      this.drawn[h] = 1;
      if (this.stream(c).next() < this.probability) c.sim.schedule(0, this.failEv[h]!);
    }
  }

  /** An overload failure or restart of the apiserver on `ev.host`. */
  handle(c: CascadeHost, ev: CascadeEvent): void {
    const h = ev.host;
    const comp = c.plan.procComp.apiserver[h]!;
    const name = c.plan.hosts[h]!;
    if (ev.kind === 'overload-fail') {
      if (c.tracing)
        c.narrate(
          'overload',
          `apiserver/${name}`,
          `apiserver on ${name} fails under ` +
            `overload (peak ${this.peakPerS}/s over ${c.loadBalancer.spread()} × ${this.capacityPerS}/s)`,
        );
      c.addCause(comp, 1);
      c.sim.schedule(this.restart(this.stream(c)), this.restartEv[h]!);
      return;
    }
    if (c.tracing)
      c.narrate('overload', `apiserver/${name}`, `apiserver on ${name} restarts after its overload failure`);
    c.addCause(comp, -1);
    this.drawn[h] = 0;
  }
}
