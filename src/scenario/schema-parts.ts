/**
 * The building blocks of the scenario schema that schema.ts and operations-schema.ts
 * share: durations, fractions, documented keys, distributions and failure laws. Their own
 * file, so the two schemas import them and not each other.
 */
import { z } from 'zod';
import { DURATION_PATTERN, MAX_DURATION_MS, durationHint, parseDurationMs } from './duration.ts';
import { describeValue, expectedFound, quote } from './problems.ts';

/** Names of hosts and zones: letters, digits, `.`, `_`, `-`; starts and ends alphanumeric. */
export const NAME_PATTERN = '^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$';

const PERCENT_PATTERN = '^[0-9]+(\\.[0-9]+)?%$';

/** `found X`, the tail of a schema message. */
export const found = (input: unknown): string => `found ${describeValue(input)}`;

/** A duration string, parsed to ms. */
export function duration() {
  const msg = (iss: { input?: unknown }) =>
    iss.input === undefined
      ? expectedFound('a duration such as "90s"', undefined)
      : `${durationHint(iss.input)}, ${found(iss.input)}`;
  return z
    .string({ error: msg })
    .regex(new RegExp(DURATION_PATTERN), { error: msg })
    .transform((s, ctx) => {
      const ms = parseDurationMs(s);
      if (ms === null || ms > MAX_DURATION_MS) {
        ctx.issues.push({
          code: 'custom',
          input: s,
          message: `duration ${quote(s)} is absurdly long (more than 100000y)`,
        });
        return z.NEVER;
      }
      return ms;
    });
}

/** A duration that must not be 0 (e.g. a mean time to failure). */
export function positiveDuration() {
  return duration().refine((ms) => ms > 0, { error: 'expected a duration greater than 0, found a zero duration' });
}

/** An integer in [min, max]. */
export function integer(min: number, max: number, what: string) {
  const msg = (iss: { input?: unknown }) => expectedFound(`${what} (an integer from ${min} to ${max})`, iss.input);
  return z.number({ error: msg }).int({ error: msg }).min(min, { error: msg }).max(max, { error: msg });
}

/** A host or zone name. */
export function name(what: string) {
  const msg = (iss: { input?: unknown }) =>
    expectedFound(
      `${what}: letters, digits, ".", "_" or "-", starting and ending with a letter or ` +
        `digit, at most 63 characters`,
      iss.input,
    );
  return z.string({ error: msg }).regex(new RegExp(NAME_PATTERN), { error: msg });
}

/** A fraction from a number in [0, 1] or a percentage string such as "99.95%". */
export function fraction() {
  const msg = (iss: { input?: unknown }) => {
    const v = iss.input;
    const hint = typeof v === 'number' && v >= 50 && v <= 100 ? `; did you mean "${v}%"?` : '';
    return `${expectedFound('a fraction in [0, 1] or a percentage such as "99.95%"', v)}${hint}`;
  };
  return z
    .union(
      [
        z.number({ error: msg }).min(0, { error: msg }).max(1, { error: msg }),
        z.string({ error: msg }).regex(new RegExp(PERCENT_PATTERN), { error: msg }),
      ],
      { error: msg },
    )
    .transform((v, ctx) => {
      if (typeof v === 'number') return v;
      const pct = Number(v.slice(0, -1));
      if (pct > 100) {
        ctx.issues.push({ code: 'custom', input: v, message: `a percentage cannot exceed 100%, ${found(v)}` });
        return z.NEVER;
      }
      return Number((pct / 100).toPrecision(12));
    });
}

/** Attaches a description (and a documented default) that the JSON Schema carries. */
export function doc<T extends z.ZodType>(schema: T, description: string, dflt?: unknown): T {
  return schema.meta(dflt === undefined ? { description } : { description, default: dflt as never });
}

/** A distribution of durations: a mapping with exactly one kind. */
const DISTRIBUTION_KINDS = ['exponential', 'weibull', 'lognormal', 'fixed', 'uniform', 'quantiles'] as const;
// --- docs/scenario-format.md: rates as observed (quantiles, observed, sla) ---
/** A quantile key: `p50`, `p95`, `p99.9` (the percentile, strictly between 0 and 100). */
export const QUANTILE_KEY_PATTERN = '^p(0*[1-9][0-9]?(\\.[0-9]+)?|0\\.[0-9]*[1-9][0-9]*)$';
const quantilesSchema = doc(
  z.record(z.string(), positiveDuration()).superRefine((q, ctx) => {
    const keys = Object.keys(q);
    const re = new RegExp(QUANTILE_KEY_PATTERN);
    const bad = keys.filter((k) => !re.test(k));
    for (const k of bad)
      ctx.addIssue({
        code: 'custom',
        path: [k],
        message:
          `expected a percentile key ` +
          `such as "p50" or "p95" (a percentile strictly between 0 and 100), found ${quote(k)}`,
      });
    if (bad.length > 0) return;
    if (keys.length !== 2)
      ctx.addIssue({
        code: 'custom',
        message: `expected exactly two ` + `quantiles (e.g. { p50: 20m, p95: 4h }), found ${keys.length}`,
      });
    else {
      const [a, b] = keys.map((k) => ({ p: Number(k.slice(1)), ms: q[k]! })).sort((x, y) => x.p - y.p) as [
        { p: number; ms: number },
        { p: number; ms: number },
      ];
      if (a.p === b.p) ctx.addIssue({ code: 'custom', message: 'the two quantiles must be different percentiles' });
      else if (!(b.ms > a.ms))
        ctx.addIssue({ code: 'custom', message: `the p${b.p} duration must be longer than the p${a.p} duration` });
    }
  }),
  'A lognormal through two quantiles of observed durations: `{ p50: 20m, p95: 4h }`.',
);
const observedSchema = doc(
  z.strictObject({
    failures: doc(integer(0, 1_000_000, 'a failure count'), 'Failures observed.'),
    over: doc(positiveDuration(), 'Observation period, e.g. 2y.'),
    population: doc(
      integer(1, 1_000_000, 'a component count'),
      'Components of this class watched ' + 'over that period (exposure = population x over).',
      1,
    ).optional(),
    use: doc(
      z.enum(['estimate', 'upper95', 'lower95']),
      'Which rate to simulate: the point estimate failures / exposure, or a bound of its exact 95% interval (upper95 = pessimistic).',
      'estimate',
    ).optional(),
  }),
  'Failures counted over an exposure -> an exponential time to failure, with the exact Poisson 95% interval reported.',
);
// --- end docs/scenario-format.md ---
/** A distribution mapping with exactly one kind. */
export const distributionSchema = z
  .strictObject({
    exponential: doc(
      z.strictObject({ mean: doc(positiveDuration(), 'Mean duration.') }),
      'Exponential (memoryless): `{ ' + 'mean: 4h }`.',
    ).optional(),
    weibull: doc(
      z.strictObject({
        // Below 0.1 the mean is over 10^6 times the scale (Γ(1 + 1/k)) and draws overflow.
        shape: doc(
          z.number().min(0.1).max(100),
          'Shape k (0.1 to 100): below 1 = early failures, 1 = exponential, above 1 = wear-out.',
        ),
        scale: doc(positiveDuration(), 'Scale (characteristic life), a duration.'),
      }),
      'Weibull: `{ shape: 1.2, scale: 3000h }`.',
    ).optional(),
    lognormal: doc(
      z.strictObject({
        median: doc(positiveDuration(), 'Median duration (half the draws are shorter).'),
        sigma: doc(
          z.number().min(0).max(10),
          'Standard deviation of the log (0 = fixed at the median; 0.8 = a long tail).',
        ),
      }),
      'Lognormal: `{ median: 2h, sigma: 1 }`.',
    ).optional(),
    fixed: doc(duration(), 'Always this duration: `fixed: 30s`.').optional(),
    uniform: doc(
      z.strictObject({ min: doc(duration(), 'Shortest duration.'), max: doc(positiveDuration(), 'Longest duration.') }),
      'Uniform between min and max: `{ min: 1m, max: 5m }`.',
    ).optional(),
    quantiles: quantilesSchema.optional(),
  })
  .superRefine((d, ctx) => {
    const kinds = DISTRIBUTION_KINDS.filter((k) => d[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? `expected exactly one distribution kind: ${DISTRIBUTION_KINDS.map(quote).join(', ')}`
            : `expected exactly one distribution kind, found ${kinds.map(quote).join(' and ')}`,
      });
    }
    if (d.uniform && d.uniform.min > d.uniform.max) {
      ctx.addIssue({ code: 'custom', path: ['uniform', 'min'], message: 'uniform "min" must not exceed "max"' });
    }
  })
  .meta({
    description: 'A duration distribution: exactly one of exponential, weibull, lognormal, fixed, uniform.',
    minProperties: 1,
    maxProperties: 1,
  });

/** A `{ mttf, mttr }` or `{ ttf, ttr }` failure entry. */
export const failureSchema = doc(
  z
    .strictObject({
      mttf: doc(
        positiveDuration(),
        'Mean time to failure (exponential shorthand for `ttf: { exponential: { mean } }`).',
      ).optional(),
      mttr: doc(
        duration(),
        'Mean time to repair (exponential shorthand for `ttr: { exponential: { mean } }`).',
      ).optional(),
      ttf: doc(distributionSchema, 'Time-to-failure distribution.').optional(),
      ttr: doc(distributionSchema, 'Time-to-repair distribution.').optional(),
      observed: observedSchema.optional(),
      sla: doc(
        fraction(),
        'An availability such as "99.99%" (a cloud SLA): the time to failure ' +
          'that gives it with the repair time (mttr/ttr, or one outage a month using the whole budget).',
      ).optional(),
    })
    .superRefine((f, ctx) => {
      const ttf = (['mttf', 'ttf', 'observed', 'sla'] as const).filter((k) => f[k] !== undefined);
      if (ttf.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message:
            'missing the time to failure: give "mttf" (a mean, ' +
            'exponential), "ttf" (a distribution), "observed" (counts) or "sla"',
        });
      } else if (ttf.length > 1) {
        ctx.addIssue({
          code: 'custom',
          path: [ttf[1]!],
          message: `give one of "mttf", "ttf", ` + `"observed", "sla", not ${ttf.map(quote).join(' and ')}`,
        });
      }
      if (f.mttr === undefined && f.ttr === undefined && f.sla === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'missing the time to repair: give "mttr" (a mean, ' + 'exponential) or "ttr" (a distribution)',
        });
      } else if (f.mttr !== undefined && f.ttr !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['ttr'], message: 'give either "mttr" or "ttr", not both' });
      }
    }),
  'Random failure and repair of every component of this class: `{ mttf, mttr }` (exponential) or `{ ' +
    'ttf, ttr }` (distributions); the two styles can be mixed.',
);
