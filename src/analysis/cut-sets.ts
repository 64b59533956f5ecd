/**
 * Minimal cut sets of order 1 to 3 per SLI: sets of components whose joint failure, with
 * everything else up, takes the SLI down, while no proper subset does. The structure is
 * coherent (monotone), so a cut of order k is minimal iff it contains no minimal cut of
 * order < k found before; subsets are enumerated in increasing order and supersets of
 * found cuts are skipped for that SLI.
 */
import { SLIS, type Sli } from '../scenario/types.ts';
import type { Scenario } from '../scenario/types.ts';
import type { AnalysisResult } from './exact.ts';
import { evaluateBits } from './structure.ts';
import { compileTopology, type CompiledTopology } from './topology.ts';

/** Largest number of structure evaluations x hosts the search accepts (~1 s). */
export const MAX_CUT_SEARCH_COST = 3e8;

/** Minimal cut sets of each SLI as lists of component ids, by order then canonical order. */
export type CutSets = Record<Sli, string[][]>;

/**
 * Minimal cut sets of order <= `maxOrder` (1..3) of every SLI of `scenario`, or why the
 * search was refused. An SLI that is down with every component up has the single minimal
 * cut `[]` (order 0).
 */
export function findCutSets(scenario: Scenario, maxOrder = 3): AnalysisResult<CutSets> {
  const r = compileTopology(scenario);
  if (!r.ok) return { ok: false, errors: r.errors.map((e) => `${scenario.file}: ${e}`) };
  return cutSetsOf(r.value, maxOrder, scenario.file);
}

/** `findCutSets` on a compiled topology. */
export function cutSetsOf(t: CompiledTopology, maxOrder: number, file: string): AnalysisResult<CutSets> {
  const n = t.components.length;
  const order = Math.max(0, Math.min(3, Math.floor(maxOrder)));
  const cost = subsets(n, order) * (t.hosts.length + 1);
  if (cost > MAX_CUT_SEARCH_COST) {
    return {
      ok: false,
      errors: [`${file}: too many components (${n}) to search cut sets of order ${order}; use --max-order 2`],
    };
  }
  const idx = cutIndexes(t, order);
  const out = {} as CutSets;
  SLIS.forEach((s, i) => {
    out[s] = (idx[i] as number[][]).map((set) => set.map((c) => t.components[c]?.id ?? '?'));
  });
  return { ok: true, value: out };
}

/** Number of subsets of size 1..k of n things. */
function subsets(n: number, k: number): number {
  let total = 0;
  let c = 1;
  for (let i = 1; i <= k; i++) {
    c = (c * (n - i + 1)) / i;
    total += c;
  }
  return total;
}

/** The search proper, on component indexes; one list per SLI in SLIS order. */
function cutIndexes(t: CompiledTopology, order: number): number[][][] {
  const n = t.components.length;
  const up = new Uint8Array(n).fill(1);
  const cuts: number[][][] = SLIS.map(() => []);
  const allUp = evaluateBits(t, up);
  // Per SLI: singles as a bitmap, pairs as a set of i * n + j keys (i < j).
  const single = SLIS.map(() => new Uint8Array(n));
  const pairs = SLIS.map(() => new Set<number>());
  const live = SLIS.map((_, s) => (allUp & (1 << s)) !== 0);
  SLIS.forEach((_, s) => {
    if (!live[s]) cuts[s]?.push([]);
  });
  const record = (set: number[]): void => {
    for (const c of set) up[c] = 0;
    const bits = evaluateBits(t, up);
    for (const c of set) up[c] = 1;
    for (let s = 0; s < SLIS.length; s++) {
      if (!live[s] || bits & (1 << s) || containsCut(set, single[s] as Uint8Array, pairs[s] as Set<number>, n))
        continue;
      cuts[s]?.push(set);
      if (set.length === 1) (single[s] as Uint8Array)[set[0] as number] = 1;
      else if (set.length === 2) pairs[s]?.add((set[0] as number) * n + (set[1] as number));
    }
  };
  if (order >= 1) for (let i = 0; i < n; i++) record([i]);
  if (order >= 2) for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) record([i, j]);
  if (order >= 3) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) for (let k = j + 1; k < n; k++) record([i, j, k]);
  }
  return cuts;
}

/** Whether the sorted set `set` contains an already found smaller cut. */
function containsCut(set: number[], single: Uint8Array, pairs: Set<number>, n: number): boolean {
  for (const c of set) if (single[c]) return true;
  if (set.length < 3) return false;
  const [i, j, k] = set as [number, number, number];
  return pairs.has(i * n + j) || pairs.has(i * n + k) || pairs.has(j * n + k);
}
