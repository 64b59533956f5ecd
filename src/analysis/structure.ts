/**
 * Structure functions of the four SLIs under ideal timing and no partitions (docs/spec.md §8):
 * which SLIs are up for a given set of up components. Shared by the exact analysis (which
 * enumerates each host's local states through `hostOutcome`) and by the cut-set search.
 *
 * Every SLI is "etcd has quorum" AND an OR over hosts of a per-host flag, so a host's whole
 * contribution is (is its etcd member effectively up, which flags it sets):
 * - A: apiserver effectively up and, with `local` endpoints, the member on its host up
 *   (ready given quorum);
 * - C / S: controller-manager / scheduler effectively up and its own host's apiserver A;
 * - L: an LB instance on it effectively up;
 * - D: A on the `none` load balancer's direct host.
 */
import { SLIS, type Sli } from '../scenario/types.ts';
import type { CompiledTopology } from './topology.ts';
import { compileTopology } from './topology.ts';
import type { Scenario } from '../scenario/types.ts';

/** Flag bits of a host outcome (see the module comment). */
export const FLAG_A = 1;
export const FLAG_C = 2;
export const FLAG_S = 4;
export const FLAG_L = 8;
export const FLAG_D = 16;
/** Number of distinct flag combinations. */
export const FLAG_SPACE = 32;

/**
 * Outcome of host `h` (an index into `t.hosts`) for the up vector `up` (component index
 * -> truthy when up), zone included: `etcdUp * FLAG_SPACE + flags`.
 */
export function hostOutcome(t: CompiledTopology, h: number, up: ArrayLike<number | boolean>): number {
  const host = t.hosts[h];
  if (host === undefined || !up[host.zone] || !up[host.host]) return 0;
  const etcdUp = host.etcd >= 0 && Boolean(up[host.etcd]);
  const ready = host.apiserver >= 0 && Boolean(up[host.apiserver]) && (!t.localEndpoints || etcdUp);
  let flags = 0;
  if (ready) {
    flags |= FLAG_A;
    if (host.controllerManager >= 0 && up[host.controllerManager]) flags |= FLAG_C;
    if (host.scheduler >= 0 && up[host.scheduler]) flags |= FLAG_S;
    if (h === t.directHost) flags |= FLAG_D;
  }
  for (const lb of host.loadBalancers) if (up[lb]) flags |= FLAG_L;
  return (etcdUp ? FLAG_SPACE : 0) + flags;
}

/** The SLI a (capped etcd count, OR of flags) state is up for, as a bit per SLI in SLIS order. */
export function sliBits(t: CompiledTopology, etcdUp: number, flags: number): number {
  if (etcdUp < t.quorum) return 0;
  let bits = 1; // etcd
  const apiUp =
    t.loadBalancerKind === 'none' ? (flags & FLAG_D) !== 0 : (flags & (FLAG_A | FLAG_L)) === (FLAG_A | FLAG_L);
  if (apiUp) bits |= 2;
  if (flags & FLAG_C) bits |= 4;
  if (flags & FLAG_S) bits |= 8;
  return bits;
}

/** Evaluates every SLI for the up vector `up` indexed like `t.components`; bit i = SLIS[i] up. */
export function evaluateBits(t: CompiledTopology, up: ArrayLike<number | boolean>): number {
  let count = 0;
  let flags = 0;
  for (let h = 0; h < t.hosts.length; h++) {
    const o = hostOutcome(t, h, up);
    if (o >= FLAG_SPACE) count++;
    flags |= o & (FLAG_SPACE - 1);
  }
  for (const lb of t.hostlessLoadBalancers) if (up[lb]) flags |= FLAG_L;
  let bits = sliBits(t, count, flags);
  // A common-mode component in series: down, it takes its SLIs down whatever else is up.
  for (const m of t.common) if (!up[m.comp]) bits &= ~m.sliMask;
  return bits;
}

/** SLI states as a record, from the bits of `evaluateBits`. */
export function bitsToRecord(bits: number): Record<Sli, boolean> {
  const r = {} as Record<Sli, boolean>;
  SLIS.forEach((s, i) => {
    r[s] = (bits & (1 << i)) !== 0;
  });
  return r;
}

/** A compiled structure function of a scenario. */
export interface StructureFunctions {
  /** Component ids (fault targets) in canonical order; `evaluateIndexed` uses this order. */
  readonly components: readonly string[];
  /** SLI states when exactly the components for which `isUp(id)` holds are up. */
  evaluate(isUp: (id: string) => boolean): Record<Sli, boolean>;
  /** SLI states when every component is up except those in `down` (unknown ids are ignored). */
  evaluateDown(down: Iterable<string>): Record<Sli, boolean>;
  /** SLI states for an up vector indexed like `components` (1/true = up); allocation-free. */
  evaluateIndexed(up: ArrayLike<number | boolean>): Record<Sli, boolean>;
}

/**
 * Compiles the structure functions of `scenario` (ideal timing, no partitions). Throws
 * only for a topology that is not self-consistent, which the scenario loader rejects.
 */
export function structureFunctions(scenario: Scenario): StructureFunctions {
  const r = compileTopology(scenario);
  if (!r.ok) throw new Error(`inconsistent topology: ${r.errors.join('; ')}`);
  return structureOf(r.value);
}

/** The structure functions of an already compiled topology. */
export function structureOf(t: CompiledTopology): StructureFunctions {
  const ids = t.components.map((c) => c.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  return {
    components: ids,
    evaluate: (isUp) =>
      bitsToRecord(
        evaluateBits(
          t,
          ids.map((id) => isUp(id)),
        ),
      ),
    evaluateDown: (down) => {
      const up = new Uint8Array(ids.length).fill(1);
      for (const id of down) {
        const i = index.get(id);
        if (i !== undefined) up[i] = 0;
      }
      return bitsToRecord(evaluateBits(t, up));
    },
    evaluateIndexed: (up) => bitsToRecord(evaluateBits(t, up)),
  };
}
