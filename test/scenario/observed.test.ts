/**
 * Rates as observed (issue 16): exact Poisson intervals, lognormal fits from quantiles,
 * SLA -> failure/repair pairs, checked against exact values and through the loader.
 */
import { describe, expect, it } from 'vitest';
import { cdf, mean } from '../../src/engine/distributions.ts';
import { MS_PER } from '../../src/engine/time.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { gammaP, gammaQuantile, lognormalFromQuantiles, poissonRate, slaPair } from '../../src/scenario/observed.ts';
import { formatProblem } from '../../src/scenario/problems.ts';

const Y = MS_PER.y;

function load(failures: string) {
  const r = loadScenarioText(
    `name: o\ntopology: { kind: stacked, controlPlane: { count: 1 } }\nfailures:\n${failures}\n`,
    'o.yaml',
  );
  if (!r.ok) return { errors: r.errors.map(formatProblem), warnings: [] as string[], scenario: null };
  return { errors: [] as string[], warnings: r.value.warnings.map(formatProblem), scenario: r.value.scenario };
}

describe('incomplete gamma and its quantile', () => {
  it('P(k, x) for integer k equals 1 - the Poisson(x) probability of fewer than k events', () => {
    for (const k of [1, 2, 3, 7, 20]) {
      for (const x of [0.3, 2, 5.5, 13, 40]) {
        let term = Math.exp(-x);
        let sum = 0;
        for (let i = 0; i < k; i++) {
          sum += term;
          term *= x / (i + 1);
        }
        expect(gammaP(k, x)).toBeCloseTo(1 - sum, 13);
      }
    }
  });

  it('chi-square quantiles match the tables (chi2 = 2 x Gamma(nu/2))', () => {
    expect(2 * gammaQuantile(0.025, 3)).toBeCloseTo(1.237344, 6); // chi2(0.025; 6)
    expect(2 * gammaQuantile(0.975, 4)).toBeCloseTo(17.534546, 6); // chi2(0.975; 8)
    expect(2 * gammaQuantile(0.975, 1)).toBeCloseTo(7.377759, 6); // chi2(0.975; 2) = -2 ln 0.025
    expect(gammaQuantile(0.975, 1)).toBeCloseTo(-Math.log(0.025), 12);
  });
});

describe('observed failure counts', () => {
  it('3 failures over 2 years of 6 hosts: 0.25/y with the exact Garwood interval 0.0516-0.731/y', () => {
    const e = poissonRate(3, 12 * Y);
    expect(e.ratePerMs * Y).toBeCloseTo(0.25, 12);
    expect(e.lowerPerMs * Y).toBeCloseTo(1.237344 / 24, 6);
    expect(e.upperPerMs * Y).toBeCloseTo(17.534546 / 24, 6);
    const { scenario, warnings } = load('  host: { observed: { failures: 3, over: 2y, population: 6 }, mttr: 10m }');
    expect(mean(scenario!.failures.host!.ttf)).toBeCloseTo(4 * Y, 0);
    expect(warnings).toEqual([
      'o.yaml:4:21 failures.host.observed: warning: 3 failures in 6 x 2.00y: 0.250/y per component, ' +
        'exact 95% interval 0.0516-0.731/y; simulating the estimate (mttf 4.00y); only 3 failures: a weak ' +
        'estimate (the interval spans a factor of 14.2)',
    ]);
  });

  it('many failures: no weakness note; use: upper95 simulates the upper bound', () => {
    const { scenario, warnings } = load(
      '  etcd: { observed: { failures: 40, over: 1y, population: 10, use: upper95 }, mttr: 1m }',
    );
    expect(warnings[0]).not.toMatch(/weak/);
    expect(1 / mean(scenario!.failures.etcd!.ttf)).toBeCloseTo(poissonRate(40, 10 * Y).upperPerMs, 18);
  });

  it('0 failures: an error offering the upper bound; with upper95 it runs', () => {
    expect(load('  zone: { observed: { failures: 0, over: 3y, population: 3 }, mttr: 2h }').errors).toEqual([
      'o.yaml:4:33 failures.zone.observed.failures: 0 failures in 3 x 3.00y: the point estimate is ' +
        '"never fails"; use: upper95 simulates the 95% upper bound (0.410/y, mttf 2.44y)',
    ]);
    const ok = load('  zone: { observed: { failures: 0, over: 3y, population: 3, use: upper95 }, mttr: 2h }');
    expect(mean(ok.scenario!.failures.zone!.ttf)).toBeCloseTo((9 * Y) / -Math.log(0.025), 0);
  });

  it('two ways of giving the time to failure: an error', () => {
    expect(load('  host: { mttf: 1y, observed: { failures: 3, over: 2y }, mttr: 1m }').errors[0]).toMatch(
      /failures\.host\.observed: give one of "mttf", "ttf", "observed", "sla", not "mttf" and "observed"/,
    );
  });
});

describe('repair times from quantiles', () => {
  it('p50 20m, p95 4h -> lognormal median 20m, sigma ln(12) / z(0.95)', () => {
    const fit = lognormalFromQuantiles({ p: 0.5, ms: 20 * 60_000 }, { p: 0.95, ms: 4 * 3_600_000 })!;
    expect(fit.medianMs).toBeCloseTo(1_200_000, 3);
    expect(fit.sigma).toBeCloseTo(Math.log(12) / 1.6448536269514722, 12);
  });

  it('any two percentiles: the fitted distribution passes through both', () => {
    const { scenario } = load('  host: { mttf: 1y, ttr: { quantiles: { p90: 2h, p10: 5m } } }');
    const d = scenario!.failures.host!.ttr;
    expect(d.kind).toBe('lognormal');
    expect(cdf(d, 5 * 60_000)).toBeCloseTo(0.1, 10);
    expect(cdf(d, 2 * 3_600_000)).toBeCloseTo(0.9, 10);
  });

  it('one quantile, a shorter higher percentile, a bad key: located errors', () => {
    expect(load('  host: { mttf: 1y, ttr: { quantiles: { p50: 20m } } }').errors[0]).toMatch(
      /failures\.host\.ttr\.quantiles: expected exactly two quantiles/,
    );
    expect(load('  host: { mttf: 1y, ttr: { quantiles: { p50: 4h, p95: 20m } } }').errors[0]).toMatch(
      /the p95 duration must be longer than the p50 duration/,
    );
    expect(load('  host: { mttf: 1y, ttr: { quantiles: { median: 4h, p95: 20m } } }').errors.join('\n')).toMatch(
      /percentile key such as "p50"/,
    );
  });
});

describe('SLA -> failure/repair pair', () => {
  it('99.99% alone: one outage a 30-day month using the whole 4.32-minute budget', () => {
    const p = slaPair(0.9999, null);
    expect(p.mttrMs).toBeCloseTo(259_200, 6);
    expect(p.mttfMs / (p.mttfMs + p.mttrMs)).toBeCloseTo(0.9999, 14);
    const { scenario, warnings } = load('  loadBalancer: { sla: "99.99%" }');
    expect(mean(scenario!.failures.loadBalancer!.ttr)).toBeCloseTo(259_200, 3);
    expect(warnings[0]).toMatch(/sla 99\.99% -> mttf 30\.0d, mean repair 4\.32m; assumed: one outage a month/);
  });

  it('with a repair time: the mttf that gives the availability', () => {
    const { scenario } = load('  loadBalancer: { sla: "99.95%", mttr: 10m }');
    const f = scenario!.failures.loadBalancer!;
    const a = mean(f.ttf) / (mean(f.ttf) + mean(f.ttr));
    expect(a).toBeCloseTo(0.9995, 14);
    expect(mean(f.ttf)).toBeCloseTo((600_000 * 0.9995) / 0.0005, 3);
  });

  it('100% is refused', () => {
    expect(load('  loadBalancer: { sla: "100%" }').errors[0]).toMatch(
      /failures\.loadBalancer\.sla: an availability of 100% gives no failure\/repair pair/,
    );
  });
});
