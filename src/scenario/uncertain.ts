/**
 * Uncertain inputs (docs/uncertainty.md): any duration, fraction or number of a scenario or profile
 * may be written as an uncertain quantity instead of one value —
 *
 * - `{ range: [5000h, 20000h] }`: uniform between the two;
 * - `{ loguniform: [1d, 30d] }`: uniform in the logarithm;
 * - `{ lognormal: { median: 2h, errorFactor: 3 } }`: lognormal, 90% between median/EF and
 *   median x EF (EF = p95 / median, sigma = ln EF / 1.645);
 * - `{ events: 3, over: 2y }`: a mean time between events from observed counts: the rate
 *   has the gamma posterior Gamma(events + 0.5, over) of the Jeffreys prior Gamma(0.5, 0),
 *   and the value is 1 / rate.
 *
 * A plain run uses the **median** of each (the central value), so a file whose ranges
 * are centred on its old values loads to the same scenario. The study (src/uncertainty)
 * reads the inputs this pre-pass finds, by key path, and loads the scenario again with
 * a value per input. The pre-pass runs on raw data after the profile is applied and
 * before the shape check, so every key accepts it with no change to the schema.
 */
import { normalQuantile } from '../engine/distributions.ts';
import { parseDurationMs } from './duration.ts';
import { gammaP } from './observed.ts';
import type { KeyPath, PathProblem } from './problems.ts';
import { assertNever } from '../engine/assert-never.ts';

/** What kind of value an uncertain input stands for (and how it is written back). */
export type UncertainValueKind = 'duration' | 'fraction' | 'number';

/** The law of an uncertain input, in the value's unit (ms, fraction or number). */
export type UncertainLaw =
  | { readonly kind: 'uniform'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'loguniform'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'lognormal'; readonly median: number; readonly errorFactor: number }
  /** A mean time 1/λ with λ ~ Gamma(shape, rate) (λ per ms, rate = exposure in ms). */
  | { readonly kind: 'gamma-mean-time'; readonly shape: number; readonly rate: number };

/** One uncertain input found in a scenario. */
export interface UncertainInput {
  /** Its key path, dotted: `operations.changes.every`, `failures.host.mttf`. */
  readonly id: string;
  readonly valueKind: UncertainValueKind;
  readonly law: UncertainLaw;
  /** The median: what a plain run uses. */
  readonly central: number;
}

/** The Jeffreys prior shape of a Poisson rate (Gamma(0.5, 0), improper). */
export const JEFFREYS_SHAPE = 0.5;

/** z of the 95th percentile: an error factor EF gives sigma = ln EF / Z95. */
export const Z95 = 1.6448536269514722;

/** Inverse CDF of `law` at u in (0, 1). */
export function lawQuantile(law: UncertainLaw, u: number): number {
  switch (law.kind) {
    case 'uniform':
      return law.lo === law.hi ? law.lo : law.lo + u * (law.hi - law.lo);
    case 'loguniform':
      return law.lo === law.hi ? law.lo : Math.exp(Math.log(law.lo) + u * (Math.log(law.hi) - Math.log(law.lo)));
    case 'lognormal':
      return law.errorFactor === 1 || u === 0.5
        ? law.median
        : law.median * Math.exp((Math.log(law.errorFactor) / Z95) * normalQuantile(u));
    case 'gamma-mean-time':
      return 1 / gammaQuantile(law.shape, law.rate, 1 - u);
    default:
      return assertNever(law, 'law');
  }
}

/** The median of `law`. */
export function lawMedian(law: UncertainLaw): number {
  return lawQuantile(law, 0.5);
}

/** The law as a short text: `uniform 5000h..20000h` (values in the input's own unit). */
export function describeLaw(law: UncertainLaw, fmt: (v: number) => string): string {
  switch (law.kind) {
    case 'uniform':
      return `uniform ${fmt(law.lo)}..${fmt(law.hi)}`;
    case 'loguniform':
      return `loguniform ${fmt(law.lo)}..${fmt(law.hi)}`;
    case 'lognormal':
      return `lognormal median ${fmt(law.median)} EF ${law.errorFactor}`;
    case 'gamma-mean-time':
      return `1/Gamma(${round3(law.shape)}, ${fmt(law.rate)}) (90%: ${fmt(lawQuantile(law, 0.05))}..${fmt(lawQuantile(law, 0.95))})`;
    default:
      return assertNever(law, 'law');
  }
}

const round3 = (x: number): string => String(Math.round(x * 1000) / 1000);

/** The uncertain inputs of raw scenario data, the data with each replaced, and problems. */
export interface UncertainPass {
  readonly data: unknown;
  readonly inputs: readonly UncertainInput[];
  readonly problems: readonly PathProblem[];
}

/**
 * Finds every uncertain quantity in `data` (depth first, keys in file order) and replaces
 * it by `values[id]` when given, else by its median. Values are written back in the
 * form the schema reads: durations as `<ms>ms`, fractions and numbers as numbers.
 */
export function applyUncertain(data: unknown, values: Readonly<Record<string, number>> = {}): UncertainPass {
  const inputs: UncertainInput[] = [];
  const problems: PathProblem[] = [];
  // One path stack (pushed and popped), and a node is copied only when something under
  // it was replaced: a deeply nested hostile file costs no more than before.
  const path: (string | number)[] = [];
  const walk = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) {
      let copy: unknown[] | null = null;
      node.forEach((v, i) => {
        path.push(i);
        const w = walk(v);
        path.pop();
        if (w !== v) (copy ??= [...node])[i] = w;
      });
      return copy ?? node;
    }
    const m = node as Record<string, unknown>;
    const spec = parseSpec(m, path, problems);
    if (spec === 'none') {
      let copy: Record<string, unknown> | null = null;
      for (const k of Object.keys(m)) {
        path.push(k);
        const w = walk(m[k]);
        path.pop();
        if (w !== m[k]) (copy ??= { ...m })[k] = w;
      }
      return copy ?? node;
    }
    if (spec === null) return node;
    const id = path.join('.');
    const input: UncertainInput = { id, valueKind: spec.valueKind, law: spec.law, central: lawMedian(spec.law) };
    inputs.push(input);
    return writeValue(input.valueKind, values[id] ?? input.central);
  };
  const out = walk(data);
  return { data: out, inputs, problems };
}

/** A value in the form the schema reads. */
export function writeValue(kind: UncertainValueKind, v: number): string | number {
  if (kind === 'duration') return `${Math.max(0, v).toFixed(3)}ms`;
  if (kind === 'fraction') return Math.min(1, Math.max(0, v));
  return v;
}

interface Spec {
  readonly valueKind: UncertainValueKind;
  readonly law: UncertainLaw;
}

/** `'none'`: not an uncertain quantity; null: one, but malformed (a problem was added). */
function parseSpec(m: Record<string, unknown>, path: KeyPath, problems: PathProblem[]): Spec | null | 'none' {
  const keys = Object.keys(m);
  const bad = (message: string): null => {
    problems.push({ path: [...path], message, severity: 'error' });
    return null;
  };
  if (keys.length === 1 && (keys[0] === 'range' || keys[0] === 'loguniform')) {
    const kind = keys[0] === 'range' ? 'uniform' : 'loguniform';
    const pair = m[keys[0]];
    if (!Array.isArray(pair) || pair.length !== 2)
      return bad(
        `expected ${keys[0]}: [low, high], ` + `two values of the same kind (durations, percentages or numbers)`,
      );
    const a = readValue(pair[0]);
    const b = readValue(pair[1]);
    if (a === null || b === null || a.kind !== b.kind)
      return bad(
        `expected ${keys[0]}: [low, high] ` +
          `with two durations, two percentages or two numbers, found ${JSON.stringify(pair)}`,
      );
    if (a.value > b.value) return bad(`the low end of ${keys[0]} exceeds the high end (${JSON.stringify(pair)})`);
    if (kind === 'loguniform' && !(a.value > 0)) return bad('a loguniform range needs a low end above 0');
    return { valueKind: a.kind, law: { kind, lo: a.value, hi: b.value } };
  }
  if (keys.length === 1 && keys[0] === 'lognormal') {
    const inner = m.lognormal;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner) || !('errorFactor' in inner)) return 'none';
    const o = inner as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'median' && k !== 'errorFactor');
    if (extra.length > 0)
      return bad(
        `an uncertain lognormal takes median and errorFactor only, ` +
          `found ${extra.map((k) => JSON.stringify(k)).join(', ')}`,
      );
    const med = readValue(o.median);
    const ef = o.errorFactor;
    if (med === null || !(med.value > 0))
      return bad('expected lognormal.median: a duration, percentage or number above 0');
    if (typeof ef !== 'number' || !(ef >= 1) || ef > 1000)
      return bad(`expected errorFactor: a ` + `number from 1 to 1000 (p95 / median), found ${JSON.stringify(ef)}`);
    return { valueKind: med.kind, law: { kind: 'lognormal', median: med.value, errorFactor: ef } };
  }
  if (keys.includes('events') && keys.every((k) => k === 'events' || k === 'over')) {
    const k = m.events;
    const over = typeof m.over === 'string' ? parseDurationMs(m.over) : null;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0)
      return bad(`expected events: a count (an ` + `integer >= 0), found ${JSON.stringify(k)}`);
    if (over === null || !(over > 0))
      return bad(`expected over: the observation period, a duration ` + `such as 2y, found ${JSON.stringify(m.over)}`);
    return { valueKind: 'duration', law: { kind: 'gamma-mean-time', shape: k + JEFFREYS_SHAPE, rate: over } };
  }
  return 'none';
}

/** A bound or median as written: a duration (ms), a percentage (fraction) or a number. */
function readValue(v: unknown): { kind: UncertainValueKind; value: number } | null {
  if (typeof v === 'number' && Number.isFinite(v)) return { kind: 'number', value: v };
  if (typeof v !== 'string') return null;
  if (/^[0-9]+(\.[0-9]+)?%$/.test(v))
    return { kind: 'fraction', value: Number((Number(v.slice(0, -1)) / 100).toPrecision(12)) };
  const ms = parseDurationMs(v);
  return ms === null ? null : { kind: 'duration', value: ms };
}

/** Lower regularized incomplete gamma P(a, x): the one in observed.ts (rates as observed). */
export { gammaP };

/** Quantile of Gamma(shape, rate) at p (bisection on the log scale: robust, ~1e-12 relative). */
export function gammaQuantile(shape: number, rate: number, p: number): number {
  let lo = 1e-300;
  let hi = Math.max(1, shape) * 10;
  while (gammaP(shape, hi) < p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = Math.sqrt(lo * hi);
    if (gammaP(shape, mid) < p) lo = mid;
    else hi = mid;
    if (hi / lo < 1 + 1e-13) break;
  }
  return Math.sqrt(lo * hi) / rate;
}
