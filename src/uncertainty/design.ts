/**
 * Outer designs of the uncertainty study: Latin hypercubes in the unit cube, seeded from
 * the engine's named streams (seed, 0, name), so one seed gives the same points on every
 * worker, shard and machine; and the Saltelli pick-freeze matrices of the Sobol indices.
 */
import { createStream } from '../engine/rng.ts';

/** Keeps a unit coordinate inside (0, 1), where every inverse CDF is finite. */
const EDGE = 1e-9;

/**
 * A Latin hypercube of `n` points in `d` dimensions: each coordinate takes one point in
 * each of the n equal strata (a Fisher–Yates permutation of the strata per dimension,
 * then a uniform position inside the stratum). Row-major: point i is `rows[i]`.
 */
export function latinHypercube(n: number, d: number, seed: number, name: string): number[][] {
  const rng = createStream(seed, 0, `uncertainty/${name}`);
  const rows = Array.from({ length: n }, () => new Array<number>(d).fill(0.5));
  for (let k = 0; k < d; k++) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    for (let i = 0; i < n; i++) rows[i]![k] = Math.min(1 - EDGE, Math.max(EDGE, (perm[i]! + rng.next()) / n));
  }
  return rows;
}

/** Saltelli's design: base matrices A and B, and for each input k the matrix AB_k (A with column k from B). */
export interface PickFreeze {
  readonly a: number[][];
  readonly b: number[][];
  readonly ab: number[][][];
}

/** The pick-freeze design of `n` base rows in `d` dimensions (two independent hypercubes). */
export function pickFreeze(n: number, d: number, seed: number): PickFreeze {
  const a = latinHypercube(n, d, seed, 'sobol-a');
  const b = latinHypercube(n, d, seed, 'sobol-b');
  const ab = Array.from({ length: d }, (_, k) => a.map((row, i) => row.map((v, j) => (j === k ? b[i]![k]! : v))));
  return { a, b, ab };
}
