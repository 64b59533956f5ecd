/**
 * Exact structural availability of each SLI (docs/spec.md §8), by a dynamic program over zones
 * and hosts; docs/analysis.md explains the method and its limits.
 *
 * Given the zones' states, hosts are independent, and an SLI depends on the hosts only
 * through (number of effectively-up etcd members, capped at the quorum q; OR over hosts of
 * five flags, see structure.ts). That summary composes by "add the counts (cap at q), OR
 * the flags", so each host's small outcome distribution is folded into its zone's
 * distribution, the zone's is mixed with "zone down" and folded into the cluster's.
 * Cost: O(hosts x S x 2^k + zones x S^2) with S = (q + 1) x 32 states and k <= 6 local
 * components per host, instead of 2^components.
 */
import { SLIS, type Sli } from '../scenario/types.ts';
import type { Scenario } from '../scenario/types.ts';
import { FLAG_L, FLAG_SPACE, hostOutcome, sliBits } from './structure.ts';
import { compileTopology, type CompiledTopology, type ComponentKind } from './topology.ts';
import type { FailureClass } from '../scenario/types.ts';

/** A computation that can refuse its input (docs/style.md §4 `Result<T>`). */
export type AnalysisResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly string[] };

/** One component's steady-state availability. */
export interface ComponentAvailability {
  readonly id: string;
  readonly kind: ComponentKind;
  readonly failureClass: FailureClass | 'operations';
  readonly availability: number;
}

/** The exact analysis of one scenario. */
export interface ExactAnalysis {
  /** Long-run availability of each SLI with ideal timing. */
  readonly availability: Record<Sli, number>;
  /** 1 - availability, summed from the down states directly (no cancellation). */
  readonly unavailability: Record<Sli, number>;
  /** Every component (fault target) in canonical order. */
  readonly components: readonly ComponentAvailability[];
}

/**
 * Largest a-priori dynamic-program cost (elementary steps, counting every state as
 * reachable) `analyze` accepts. Real passes touch only reachable states and are one to
 * three orders of magnitude cheaper, so this bounds a pass to about a second at worst.
 */
export const MAX_DP_COST = 2e9;

/** Largest measured work (multiply-adds over all passes) `spof` accepts; about a second. */
export const MAX_SPOF_WORK = 3e8;

/** Counts the multiply-adds of dynamic-program passes. */
export interface DpWork {
  ops: number;
}

/** Elementary steps of one dynamic-program pass over `t`. */
export function dpCost(t: CompiledTopology): number {
  const s = (t.quorum + 1) * FLAG_SPACE;
  return t.hosts.length * s * 64 + (t.zones.length + t.hostlessLoadBalancers.length) * s * s;
}

/** Compiles `scenario` and checks it is within the analysis limits. */
export function compileForAnalysis(scenario: Scenario): AnalysisResult<CompiledTopology> {
  const r = compileTopology(scenario);
  if (!r.ok) return { ok: false, errors: r.errors.map((e) => `${scenario.file}: ${e}`) };
  const cost = dpCost(r.value);
  if (cost > MAX_DP_COST) {
    return {
      ok: false,
      errors: [
        `${scenario.file}: topology too big for exact analysis (${r.value.hosts.length} hosts, ` +
          `${r.value.members} etcd members: about ${cost.toExponential(1)} steps, limit ` +
          `${MAX_DP_COST.toExponential(1)}); use \`run\` to simulate it`,
      ],
    };
  }
  return r;
}

/** Exact availability of every SLI of `scenario` (ideal timing), or why it was refused. */
export function analyzeScenario(scenario: Scenario): AnalysisResult<ExactAnalysis> {
  const r = compileForAnalysis(scenario);
  if (!r.ok) return r;
  const t = r.value;
  const unavailability = sliUnavailability(
    t,
    t.components.map((c) => c.availability),
    t.components.map((c) => c.unavailability),
  );
  // Sums of products round: an SLI that is always up came out as 1 - (1 + 2e-16) = -2e-16.
  // A probability is in [0, 1]; clamping removes only that rounding.
  const availability = {} as Record<Sli, number>;
  for (const s of SLIS) {
    unavailability[s] = clampProbability(unavailability[s]);
    availability[s] = clampProbability(1 - unavailability[s]);
  }
  const components = t.components.map((c) => ({
    id: c.id,
    kind: c.kind,
    failureClass: c.failureClass,
    availability: c.availability,
  }));
  return { ok: true, value: { availability, unavailability, components } };
}

/** `p` clamped to [0, 1] (NaN stays NaN, so a real error still shows). */
export function clampProbability(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/**
 * P(SLI down) for every SLI when component i is up with probability a[i] and down with
 * probability u[i] (a[i] + u[i] = 1; both given to keep precision near 1).
 */
export function sliUnavailability(
  t: CompiledTopology,
  a: readonly number[],
  u: readonly number[],
  work: DpWork = { ops: 0 },
): Record<Sli, number> {
  const q = t.quorum;
  const size = (q + 1) * FLAG_SPACE;
  let cluster = delta(size);
  for (let z = 0; z < t.zones.length; z++) {
    const zone = t.zones[z] as number;
    let dist = delta(size);
    t.hosts.forEach((h, i) => {
      if (h.zone === zone) dist = convolve(dist, hostDistribution(t, i, a, u), q, work);
    });
    for (let s = 0; s < size; s++) dist[s] = (dist[s] as number) * (a[zone] as number);
    dist[0] = (dist[0] as number) + (u[zone] as number);
    cluster = convolve(cluster, dist, q, work);
  }
  for (const lb of t.hostlessLoadBalancers) {
    const dist = new Float64Array(size);
    dist[0] = u[lb] as number;
    dist[FLAG_L] = a[lb] as number;
    cluster = convolve(cluster, dist, q, work);
  }
  const down = [0, 0, 0, 0];
  for (let s = 0; s < size; s++) {
    const p = cluster[s] as number;
    if (p === 0) continue;
    const bits = sliBits(t, Math.floor(s / FLAG_SPACE), s % FLAG_SPACE);
    for (let i = 0; i < SLIS.length; i++) if (!(bits & (1 << i))) down[i] = (down[i] as number) + p;
  }
  const r = {} as Record<Sli, number>;
  SLIS.forEach((sli, i) => {
    // Common-mode components are in series and independent of the rest: multiply.
    let upP = 1 - (down[i] as number);
    for (const m of t.common) if (m.sliMask & (1 << i)) upP *= a[m.comp] as number;
    r[sli] = t.common.length === 0 ? (down[i] as number) : 1 - upP;
  });
  return r;
}

/** The distribution with all mass on state 0 (no member up, no flag). */
function delta(size: number): Float64Array {
  const d = new Float64Array(size);
  d[0] = 1;
  return d;
}

/** Distribution of the summary of two independent parts: counts add (capped), flags OR. */
function convolve(x: Float64Array, y: Float64Array, q: number, work: DpWork): Float64Array {
  const out = new Float64Array(x.length);
  const ys: number[] = [];
  for (let j = 0; j < y.length; j++) if (y[j] !== 0) ys.push(j);
  for (let i = 0; i < x.length; i++) {
    const px = x[i] as number;
    if (px === 0) continue;
    const ci = Math.floor(i / FLAG_SPACE);
    const fi = i % FLAG_SPACE;
    work.ops += ys.length;
    for (const j of ys) {
      const c = Math.min(q, ci + Math.floor(j / FLAG_SPACE));
      const k = c * FLAG_SPACE + (fi | (j % FLAG_SPACE));
      out[k] = (out[k] as number) + px * (y[j] as number);
    }
  }
  return out;
}

/**
 * Outcome distribution of host `h` given its zone is up: enumerates the host's own
 * components (host, processes, LB instances) that can be either up or down.
 */
function hostDistribution(t: CompiledTopology, h: number, a: readonly number[], u: readonly number[]): Float64Array {
  const host = t.hosts[h];
  const size = (t.quorum + 1) * FLAG_SPACE;
  const dist = new Float64Array(size);
  if (host === undefined) return delta(size);
  const up = new Uint8Array(t.components.length);
  up[host.zone] = 1;
  const local = [
    host.host,
    host.etcd,
    host.apiserver,
    host.controllerManager,
    host.scheduler,
    ...host.loadBalancers,
  ].filter((c) => c >= 0);
  const uncertain: number[] = [];
  for (const c of local) {
    if ((u[c] as number) === 0) up[c] = 1;
    else if ((a[c] as number) === 0) up[c] = 0;
    else uncertain.push(c);
  }
  const combos = 1 << uncertain.length;
  for (let m = 0; m < combos; m++) {
    let p = 1;
    uncertain.forEach((c, i) => {
      const isUp = (m >> i) & 1;
      up[c] = isUp;
      p *= isUp ? (a[c] as number) : (u[c] as number);
    });
    const o = hostOutcome(t, h, up);
    dist[o] = (dist[o] as number) + p;
  }
  return dist;
}
