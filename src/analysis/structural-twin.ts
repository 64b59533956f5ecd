/**
 * The structural twin of the four SLIs (docs/statistics.md): while a replication runs, it tracks
 * whether each SLI would be up under `timing: ideal` given the current component states,
 * i.e. the structure function of structure.ts applied to the model's components. Its
 * expected down-time fraction is the exact structural unavailability that `analyze`
 * computes (for a long horizon; see `transientBias`), which makes it a control variate.
 *
 * "Component up" is what the structure function means by it: the component's OWN state
 * (no down cause of its own: random failure, scripted fault, upgrade), not its effective
 * state — the structure function composes zone -> host -> process itself. The model's
 * `Cluster.addCause` reports exactly those transitions.
 *
 * Incremental: a change re-evaluates only the hosts it touches (a zone: its hosts; a host
 * or process: one host) and keeps counters (etcd members up, hosts setting each flag), so
 * a change costs O(hosts touched), never a scan of the cluster.
 */
import { SLIS, type Sli } from '../scenario/types.ts';
import { FLAG_SPACE, FLAG_L, hostOutcome, sliBits } from './structure.ts';
import type { CompiledTopology } from './topology.ts';

const FLAG_BITS = 5;
const K = SLIS.length;

/** Per-replication structural SLI state over the model's component numbering. */
export class StructuralTwin {
  private readonly t: CompiledTopology;
  /** Model component number -> structure component index. */
  private readonly toStructure: Int32Array;
  /** Structure component index -> hosts whose outcome depends on it (-1: a hostless LB). */
  private readonly hostsOf: readonly (readonly number[])[];
  private readonly hostlessIndex: Int32Array;
  private readonly up: Uint8Array;
  private readonly outcome: Int32Array;
  private readonly flagCount = new Int32Array(FLAG_BITS);
  private etcdUp = 0;
  private hostlessUp = 0;
  private bits = 0;
  private readonly downSince = new Float64Array(K);
  /** Down time per SLI (SLIS order) accumulated so far, ms: read by name through downMsOf. */
  private readonly downMs = new Float64Array(K);
  /** Outages (maximal down intervals of positive length) per SLI so far: read by name through outagesOf. */
  private readonly outages = new Int32Array(K);

  /**
   * @param t the compiled topology (analysis/topology.ts)
   * @param modelIds component ids by model component number (Plan.compIds)
   */
  constructor(t: CompiledTopology, modelIds: readonly string[]) {
    this.t = t;
    const index = new Map(t.components.map((c, i) => [c.id, i] as const));
    this.toStructure = Int32Array.from(modelIds, (id) => {
      const i = index.get(id);
      if (i === undefined) throw new Error(`structural twin: model component ${id} is not in the structure`);
      return i;
    });
    const hostsOf: number[][] = t.components.map(() => []);
    t.hosts.forEach((h, i) => {
      for (const c of [h.zone, h.host, h.etcd, h.apiserver, h.controllerManager, h.scheduler, ...h.loadBalancers]) {
        if (c >= 0) hostsOf[c]!.push(i);
      }
    });
    this.hostsOf = hostsOf;
    this.hostlessIndex = new Int32Array(t.components.length).fill(-1);
    t.hostlessLoadBalancers.forEach((c, i) => (this.hostlessIndex[c] = i));
    this.up = new Uint8Array(t.components.length);
    this.outcome = new Int32Array(t.hosts.length);
    this.reset();
  }

  /** Back to the all-up start of a replication (docs/spec.md §5 Start). */
  reset(): void {
    this.up.fill(1);
    this.flagCount.fill(0);
    this.etcdUp = 0;
    for (let h = 0; h < this.t.hosts.length; h++) {
      const o = hostOutcome(this.t, h, this.up);
      this.outcome[h] = o;
      this.count(o, 1);
    }
    this.hostlessUp = this.t.hostlessLoadBalancers.length;
    this.bits = this.evaluate();
    this.downSince.fill(0);
    this.downMs.fill(0);
    this.outages.fill(0);
  }

  /** Whether `sli` is up now (structurally). */
  isUp(sli: Sli): boolean {
    return (this.bits & (1 << SLIS.indexOf(sli))) !== 0;
  }

  /** Down time of `sli` accumulated so far, ms. */
  downMsOf(sli: Sli): number {
    return this.downMs[SLIS.indexOf(sli)]!;
  }

  /** Outages of `sli` (maximal down intervals of positive length) so far. */
  outagesOf(sli: Sli): number {
    return this.outages[SLIS.indexOf(sli)]!;
  }

  private count(o: number, d: number): void {
    if (o >= FLAG_SPACE) this.etcdUp += d;
    for (let b = 0; b < FLAG_BITS; b++) if (o & (1 << b)) this.flagCount[b]! += d;
  }

  private evaluate(): number {
    let flags = this.hostlessUp > 0 ? FLAG_L : 0;
    for (let b = 0; b < FLAG_BITS; b++) if (this.flagCount[b]! > 0) flags |= 1 << b;
    return sliBits(this.t, Math.min(this.etcdUp, this.t.quorum), flags);
  }

  /** Model component `comp` went up (`up`) or down at `nowMs`. */
  componentChanged(comp: number, up: boolean, nowMs: number): void {
    const c = this.toStructure[comp]!;
    const v = up ? 1 : 0;
    if (this.up[c] === v) return;
    this.up[c] = v;
    const hl = this.hostlessIndex[c]!;
    if (hl >= 0) this.hostlessUp += up ? 1 : -1;
    const hosts = this.hostsOf[c]!;
    for (let i = 0; i < hosts.length; i++) {
      const h = hosts[i]!;
      const o = hostOutcome(this.t, h, this.up);
      if (o === this.outcome[h]) continue;
      this.count(this.outcome[h]!, -1);
      this.count(o, 1);
      this.outcome[h] = o;
    }
    const bits = this.evaluate();
    const changed = bits ^ this.bits;
    if (changed === 0) return;
    this.bits = bits;
    for (let s = 0; s < K; s++) {
      if (!(changed & (1 << s))) continue;
      if (!(bits & (1 << s))) this.downSince[s] = nowMs;
      else this.close(s, nowMs);
    }
  }

  private close(s: number, nowMs: number): void {
    const d = nowMs - this.downSince[s]!;
    if (d <= 0) return;
    this.downMs[s]! += d;
    this.outages[s]!++;
  }

  /** Closes the outages still open at `untilMs`; `downMs` / `outages` are then final. */
  finish(untilMs: number): void {
    for (let s = 0; s < K; s++) if (!(this.bits & (1 << s))) this.close(s, untilMs);
  }
}
