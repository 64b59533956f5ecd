/**
 * Rates the way people observe them (docs/scenario-format.md): failure counts over an exposure, repair
 * times as quantiles, and a cloud SLA, turned into the distributions the simulator uses,
 * with the uncertainty and the assumption stated.
 *
 * - `observed: { failures: k, over: T, population: n }`: a Poisson rate k / (n T) with
 *   the exact (Garwood) 95% interval [χ²(0.025; 2k) / 2nT, χ²(0.975; 2k+2) / 2nT].
 * - `quantiles: { p50: 20m, p95: 4h }`: the lognormal through two quantiles.
 * - `sla: "99.99%"`: availability A = mttf / (mttf + mttr); with a repair time R given,
 *   mttf = R A / (1 - A); without, one outage a month spending the whole monthly budget.
 */
import { logGamma, normalQuantile } from '../engine/distributions.ts';
import { MS_PER } from '../engine/time.ts';
import { bisect } from '../engine/bisect.ts';

/** Regularized lower incomplete gamma P(a, x) (series below a+1, continued fraction above). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnPre = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(lnPre);
  }
  // Lentz's continued fraction for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(lnPre) * h;
}

/** The p-quantile of a Gamma(shape a, scale 1) distribution, by bisection to full precision. */
export function gammaQuantile(p: number, a: number): number {
  if (p <= 0) return 0;
  let hi = Math.max(1, a);
  while (gammaP(a, hi) < p) hi *= 2;
  return bisect((x) => gammaP(a, x), p, 0, hi, 1e-15, true);
}

/** A Poisson rate estimate: events per ms of exposure, with its exact 95% interval. */
export interface RateEstimate {
  readonly events: number;
  readonly exposureMs: number;
  readonly ratePerMs: number;
  readonly lowerPerMs: number;
  readonly upperPerMs: number;
}

/** k events in `exposureMs` (population x duration): the rate and its exact two-sided 95% interval. */
export function poissonRate(k: number, exposureMs: number): RateEstimate {
  const lower = k === 0 ? 0 : gammaQuantile(0.025, k) / exposureMs;
  const upper = gammaQuantile(0.975, k + 1) / exposureMs;
  return { events: k, exposureMs, ratePerMs: k / exposureMs, lowerPerMs: lower, upperPerMs: upper };
}

/** Below this many events the interval is wide enough to call the estimate weak. */
export const WEAK_EVENTS = 10;

/** The lognormal (median, sigma) through two quantiles `{ p: value }`, p in (0, 1), values > 0. */
export function lognormalFromQuantiles(
  a: { p: number; ms: number },
  b: { p: number; ms: number },
): { medianMs: number; sigma: number } | null {
  const za = normalQuantile(a.p);
  const zb = normalQuantile(b.p);
  if (za === zb) return null;
  const sigma = (Math.log(b.ms) - Math.log(a.ms)) / (zb - za);
  if (!(sigma >= 0)) return null;
  const mu = Math.log(a.ms) - za * sigma;
  return { medianMs: Math.exp(mu), sigma };
}

/** The month an SLA is measured over (30 days). */
export const SLA_MONTH_MS = 30 * MS_PER.d;

/**
 * A failure/repair pair with availability `a`: given a mean repair, the mean time to
 * failure that makes mttf / (mttf + mttr) = a; without one, one outage per 30-day month
 * that spends the whole monthly budget.
 */
export function slaPair(
  a: number,
  meanRepairMs: number | null,
): { mttfMs: number; mttrMs: number; assumption: string } {
  if (meanRepairMs !== null) {
    return {
      mttfMs: (meanRepairMs * a) / (1 - a),
      mttrMs: meanRepairMs,
      assumption: 'the given repair time, and ' + 'the SLA read as the mean availability',
    };
  }
  return {
    mttfMs: a * SLA_MONTH_MS,
    mttrMs: (1 - a) * SLA_MONTH_MS,
    assumption:
      'one outage a month spending the whole monthly downtime budget, the SLA read as the ' +
      'mean availability (an SLA is a floor with credits, so this is pessimistic)',
  };
}

/** A duration to 3 significant digits in its largest fitting unit (`2.44y`, `30.0d`, `4.32m`), for messages. */
export function roughDuration(ms: number): string {
  const units: [string, number][] = [
    ['y', MS_PER.y],
    ['d', MS_PER.d],
    ['h', MS_PER.h],
    ['m', MS_PER.m],
    ['s', MS_PER.s],
  ];
  for (const [u, size] of units) if (ms >= size) return `${(ms / size).toPrecision(3)}${u}`;
  return `${Math.round(ms)}ms`;
}
