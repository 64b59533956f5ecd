/**
 * `--observed incidents.yaml`: counts of past events per uncertain input over a period,
 * and the conjugate gamma–Poisson update of that input's range (docs/uncertainty.md).
 *
 * The input is a mean time between events T (a duration: `operations.changes.every`,
 * `failures.host.mttf`, ...), so its rate is λ = 1/T. The prior range of T is first
 * replaced by the gamma law of λ with the same mean and variance (moment matching over
 * 2,000 equally spaced quantiles of the prior); k events over an exposure E (period x
 * population) then give the posterior Gamma(α + k, β + E), and T = 1/λ as before.
 */
import { parseDurationMs } from '../scenario/duration.ts';
import { lawQuantile, type UncertainInput, type UncertainLaw } from '../scenario/uncertain.ts';

/** One observed count: `events` over `periodMs` x `population` exposure. */
export interface ObservedCount {
  /** The input's key path, e.g. `operations.changes.every`. */
  readonly id: string;
  readonly events: number;
  readonly periodMs: number;
  /** Components watched (host failures over 6 hosts: 6). @default 1 */
  readonly population?: number;
}

/** What an observation did to one input. */
export interface ObservedUpdate {
  readonly id: string;
  readonly events: number;
  readonly exposureMs: number;
  readonly prior: UncertainLaw;
  readonly posterior: UncertainLaw;
  /** Medians of the mean time between events, before and after (ms). */
  readonly priorMedian: number;
  readonly posteriorMedian: number;
}

const MATCH_POINTS = 2000;

/**
 * A count's input: its key path, or a class name standing for the rate of that class —
 * `host` for `failures.host.mttf`, `changes` for `operations.changes.every`, `dns` for
 * `operations.dependencies.dns.mttf` — when that input is uncertain.
 */
function resolveId(id: string, byId: ReadonlyMap<string, UncertainInput>): string {
  if (byId.has(id)) return id;
  const candidates = [
    `failures.${id}.mttf`,
    `operations.${id}.every`,
    `operations.${id}.mttf`,
    `operations.dependencies.${id}.mttf`,
  ];
  return candidates.find((k) => byId.has(k)) ?? id;
}

/** The gamma law (shape, rate per ms) with the mean and variance of 1/T under `law`. */
export function gammaOfRate(law: UncertainLaw): { shape: number; rate: number } {
  if (law.kind === 'gamma-mean-time') return { shape: law.shape, rate: law.rate };
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < MATCH_POINTS; i++) {
    const lambda = 1 / lawQuantile(law, (i + 0.5) / MATCH_POINTS);
    s += lambda;
    s2 += lambda * lambda;
  }
  const m = s / MATCH_POINTS;
  const v = Math.max(s2 / MATCH_POINTS - m * m, (m * 1e-6) ** 2);
  return { shape: (m * m) / v, rate: m / v };
}

/**
 * Applies `counts` to `inputs`: each counted input gets its gamma posterior; problems
 * (an unknown id, an input that is not a duration) are returned as messages.
 */
export function applyObserved(
  inputs: readonly UncertainInput[],
  counts: readonly ObservedCount[],
): { readonly inputs: UncertainInput[]; readonly updates: ObservedUpdate[]; readonly problems: string[] } {
  const problems: string[] = [];
  const updates: ObservedUpdate[] = [];
  const byId = new Map(inputs.map((i) => [i.id, i]));
  const posterior = new Map<string, UncertainLaw>();
  for (const c0 of counts) {
    const c = { ...c0, id: resolveId(c0.id, byId) };
    const input = byId.get(c.id);
    if (input === undefined) {
      problems.push(
        `observed "${c.id}": no uncertain input has this key path; uncertain inputs are ${inputs.map((i) => i.id).join(', ')}`,
      );
      continue;
    }
    if (input.valueKind !== 'duration') {
      problems.push(
        `observed "${c.id}": counts update a mean time between events (a duration), not a ${input.valueKind}`,
      );
      continue;
    }
    const prior = posterior.get(c.id) ?? input.law;
    const g = gammaOfRate(prior);
    const exposureMs = c.periodMs * (c.population ?? 1);
    const law: UncertainLaw = { kind: 'gamma-mean-time', shape: g.shape + c.events, rate: g.rate + exposureMs };
    posterior.set(c.id, law);
    updates.push({
      id: c.id,
      events: c.events,
      exposureMs,
      prior,
      posterior: law,
      priorMedian: lawQuantile(prior, 0.5),
      posteriorMedian: lawQuantile(law, 0.5),
    });
  }
  const out = inputs.map((i) => {
    const law = posterior.get(i.id);
    return law === undefined ? i : { ...i, law };
  });
  return { inputs: out, updates, problems };
}

/**
 * Reads an incidents file (already parsed YAML):
 *
 * ```yaml
 * period: 2y                              # default observation period
 * counts:
 *   operations.changes.every: 2           # 2 bad changes in 2 years
 *   failures.host.mttf: { events: 5, over: 1y, population: 6 }
 * ```
 * Returns the counts, or every problem found.
 */
export function parseObserved(data: unknown): { ok: true; value: ObservedCount[] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(data)) return { ok: false, errors: ['expected a mapping with "period" and "counts"'] };
  const extra = Object.keys(data).filter((k) => k !== 'period' && k !== 'counts');
  if (extra.length > 0)
    errors.push(`unknown keys ${extra.map((k) => JSON.stringify(k)).join(', ')}; expected period and counts`);
  const period =
    data.period === undefined ? null : typeof data.period === 'string' ? parseDurationMs(data.period) : null;
  if (data.period !== undefined && !(period !== null && period > 0))
    errors.push(`period: expected a duration ` + `such as 2y, found ${JSON.stringify(data.period)}`);
  if (!isMap(data.counts))
    return { ok: false, errors: [...errors, 'counts: expected a mapping from input key paths to counts'] };
  const out: ObservedCount[] = [];
  for (const [id, v] of Object.entries(data.counts)) {
    const entry = typeof v === 'number' ? { events: v } : isMap(v) ? v : null;
    if (entry === null) {
      errors.push(`counts.${id}: expected a count or { events, over, population }`);
      continue;
    }
    const events = entry.events;
    const over =
      entry.over === undefined ? period : typeof entry.over === 'string' ? parseDurationMs(entry.over) : null;
    const population = entry.population ?? 1;
    if (typeof events !== 'number' || !Number.isInteger(events) || events < 0)
      errors.push(`counts.${id}.events: ` + `expected an integer >= 0, found ${JSON.stringify(events)}`);
    else if (over === null || !(over > 0))
      errors.push(`counts.${id}: no observation period (give "over" or a top-level "period")`);
    else if (typeof population !== 'number' || !Number.isInteger(population) || population < 1)
      errors.push(`counts.${id}.population: ` + `expected an integer >= 1`);
    else out.push({ id, events, periodMs: over, population });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}
