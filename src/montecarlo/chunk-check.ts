/**
 * The schema of a ChunkResult read from a partial result file (docs/robustness.md): `merge` must not
 * trust what a shard wrote. Every field has its typed-array kind and length (from the
 * chunk's replication range and the SLI count), every number is finite and in range:
 * downtime from 0 to the horizon, counts whole and not negative, breaches at most the
 * windows of a replication, likelihood ratios positive. A field this list does not know
 * (added by a newer model) must still be a Float64Array or Int32Array of finite numbers.
 * Pure: returns the problems, never throws.
 */
import { SLIS } from '../scenario/types.ts';
import { SKETCH_BINS } from './sketch.ts';

/** What a chunk is checked against. */
export interface ChunkExpectation {
  readonly scenarioIndex: number;
  /** Replications of the scenario (chunks lie inside [0, replications)). */
  readonly replications: number;
  readonly horizonMs: number;
  /** Full SLO windows per replication. */
  readonly windows: number;
}

type Kind = 'f64' | 'i32';
type Len = 'perRepSli' | 'perRep' | 'perSli' | 'sketch';
type Range = 'downtime' | 'count' | 'breaches' | 'ratio' | 'nonNegative';

/** Every known ChunkResult field: kind, length, range. */
const FIELDS: Record<string, readonly [Kind, Len, Range]> = {
  downMs: ['f64', 'perRepSli', 'downtime'],
  outageCounts: ['i32', 'perRepSli', 'count'],
  twinDownMs: ['f64', 'perRepSli', 'downtime'],
  twinOutageCounts: ['i32', 'perRepSli', 'count'],
  likelihoodRatio: ['f64', 'perRep', 'ratio'],
  windowBreaches: ['i32', 'perRepSli', 'breaches'],
  windowDownSketch: ['f64', 'sketch', 'nonNegative'],
  outageSketch: ['f64', 'sketch', 'nonNegative'],
  outageMaxMs: ['f64', 'perSli', 'downtime'],
  windowDownMaxMs: ['f64', 'perSli', 'downtime'],
  requestSuccessMs: ['f64', 'perRep', 'downtime'],
  events: ['f64', 'perRep', 'count'],
};

/** Largest likelihood ratio accepted (importance sampling weights are modest; 1e300 is junk). */
export const MAX_LIKELIHOOD_RATIO = 1e12;

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

/** Every way `raw` is not a chunk of `e`; empty when it is one. `where` prefixes each message. */
export function chunkProblems(raw: unknown, e: ChunkExpectation, where: string): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`${where}: expected an object`];
  const c = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (c.scenarioIndex !== e.scenarioIndex)
    problems.push(
      `${where}: scenarioIndex is ` + `${JSON.stringify(c.scenarioIndex ?? null)}, expected ${e.scenarioIndex}`,
    );
  if (!isInt(c.from) || !isInt(c.to) || c.from < 0 || c.to <= c.from || c.to > e.replications) {
    return [
      ...problems,
      `${where}: replication range ` +
        `${JSON.stringify(c.from ?? null)}..${JSON.stringify(c.to ?? null)} is not a non-empty range inside ` +
        `0..${e.replications}`,
    ];
  }
  const n = c.to - c.from;
  const K = SLIS.length;
  const lengths: Record<Len, number> = { perRepSli: n * K, perRep: n, perSli: K, sketch: K * SKETCH_BINS };
  const limit: Record<Range, [number, number, boolean]> = {
    downtime: [0, e.horizonMs, false],
    count: [0, Number.MAX_SAFE_INTEGER, true],
    breaches: [0, e.windows, true],
    ratio: [0, MAX_LIKELIHOOD_RATIO, false],
    nonNegative: [0, Number.MAX_VALUE, false],
  };
  const check = (name: string, kind: Kind, len: number | null, [lo, hi, whole]: [number, number, boolean]): void => {
    const v = c[name];
    const ok = kind === 'f64' ? v instanceof Float64Array : v instanceof Int32Array;
    if (!ok) {
      problems.push(
        `${where}.${name}: expected a ${kind === 'f64' ? 'Float64Array' : 'Int32Array'}, found ${describe(v)}`,
      );
      return;
    }
    const a = v as Float64Array | Int32Array;
    if (len !== null && a.length !== len) {
      problems.push(
        `${where}.${name}: ${a.length} values, expected ${len} (${n} replication(s) x ${K} SLIs as the field's layout needs)`,
      );
      return;
    }
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      if (!Number.isFinite(x) || x < lo || x > hi || (whole && !Number.isInteger(x))) {
        problems.push(
          `${where}.${name}[${i}]: ${String(x)} is not ${whole ? 'a whole number' : 'a finite number'} from ${lo} to ${hi}`,
        );
        return;
      }
    }
  };
  for (const [name, [kind, len, range]] of Object.entries(FIELDS)) check(name, kind, lengths[len], limit[range]);
  for (const name of Object.keys(c)) {
    if (name in FIELDS || name === 'scenarioIndex' || name === 'from' || name === 'to') continue;
    const v = c[name];
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) problems.push(`${where}.${name}: ${String(v)} is not finite`);
    } else check(name, v instanceof Int32Array ? 'i32' : 'f64', null, [-Number.MAX_VALUE, Number.MAX_VALUE, false]);
  }
  if (problems.length === 0) {
    // Consistency: a replication with downtime had an outage, and the longest outage fits in the horizon.
    const down = c.downMs as Float64Array;
    const count = c.outageCounts as Int32Array;
    for (let i = 0; i < down.length; i++) {
      if (down[i]! > 0 && count[i]! === 0) {
        problems.push(
          `${where}: replication ${c.from + Math.floor(i / K)} has ${down[i]} ms down for ${SLIS[i % K]} but no outage`,
        );
        break;
      }
    }
  }
  return problems;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
