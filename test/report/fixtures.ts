/**
 * Synthetic reports for the view tests: fixed numbers (no simulation), shaped like
 * report.json, with a scenario named like an XSS attempt.
 */
import { replayCommand } from '../../src/report/safe-text.ts';
import type { SliStats } from '../../src/montecarlo/aggregate.ts';
import type { Report, ScenarioReport } from '../../src/report/report-types.ts';
import { SLIS, type Sli } from '../../src/scenario/types.ts';

export const EVIL = '<img src=x onerror=alert(1)>';

const MIN_PER_YEAR = 525_600;

/** SLI statistics around availability `a` with a CI half-width of `hw` and an outage-length scale. */
export function sliStats(a: number, hw: number, outageScaleS: number, requestSuccess?: number): SliStats {
  const lo = a - hw;
  const hi = Math.min(1, a + hw);
  const st: SliStats = {
    availability: a,
    ci95: [lo, hi],
    downtimeMinutesPerYear: (1 - a) * MIN_PER_YEAR,
    downtimeMinutesPerYearCi95: [(1 - hi) * MIN_PER_YEAR, (1 - lo) * MIN_PER_YEAR],
    outages: 120,
    outagesPerYear: 1.2,
    meanOutageSeconds: outageScaleS * 1.6,
    p50OutageSeconds: outageScaleS,
    p99OutageSeconds: outageScaleS * 40,
    longestOutageSeconds: outageScaleS * 90,
    outageCdf: syntheticCdf(outageScaleS),
    worstReplication: { replication: 17, downtimeMinutes: outageScaleS * 3 },
    estimator: 'control-variate',
    estimatorReason: 'control variate: synthetic',
    crude: { availability: a, ci95: [a - 4 * hw, Math.min(1, a + 4 * hw)] },
    varianceReduction: 16,
    relativeHalfWidth: 1 - a > 0 ? hw / (1 - a) : null,
    evidence: { replicationsWithEvents: 300, sufficient: true },
    split: null,
    window: {
      windowDays: 30,
      windows: 4800,
      target: 0.9995,
      breachRisk: 0.02,
      breachRiskCi95: [0.016, 0.024],
      downtimeMinutes: { p50: 0, p90: outageScaleS / 60, p99: (outageScaleS * 10) / 60, max: (outageScaleS * 90) / 60 },
    },
  };
  return requestSuccess === undefined ? st : { ...st, requestSuccess };
}

/** Lognormal-shaped outage quantiles: median `scaleS`, p99 about 40x, longest 90x. */
function syntheticCdf(scaleS: number): SliStats['outageCdf'] {
  const p = [...Array.from({ length: 100 }, (_, i) => i / 100), 0.995, 0.999, 1];
  const sigma = Math.log(40) / 2.3263;
  const seconds = p.map((q) => {
    if (q === 1) return scaleS * 90;
    // Logistic approximation of the normal quantile is enough for a picture.
    const qq = Math.max(q, 0.002);
    const z = Math.log(qq / (1 - qq)) / 1.702;
    return Math.min(scaleS * 90, scaleS * Math.exp(sigma * z));
  });
  return { p, seconds };
}

interface Spec {
  readonly name: string;
  readonly machines: number;
  readonly api: number;
  readonly analyticApi: number;
  readonly spof: readonly string[];
  readonly slo: number | null;
}

function scenario(sp: Spec, i: number): ScenarioReport {
  const slis = Object.fromEntries(
    SLIS.map((sli, k) => [
      sli,
      sliStats(
        sli === 'api' ? sp.api : 1 - (1 - sp.api) * (1 + k / 3),
        (1 - sp.api) * 0.25,
        20 + 30 * k,
        sli === 'api' ? sp.api : undefined,
      ),
    ]),
  ) as Record<Sli, SliStats>;
  const analytic = Object.fromEntries(
    SLIS.map((sli) => [sli, sli === 'api' ? sp.analyticApi : 1 - (1 - sp.analyticApi) / 2]),
  ) as Record<Sli, number>;
  const split = Object.fromEntries(
    SLIS.map((sli) => {
      const structureMinutes = (1 - analytic[sli]) * MIN_PER_YEAR;
      const protocolMinutes = slis[sli].downtimeMinutesPerYear - structureMinutes;
      return [
        sli,
        {
          structureMinutes,
          protocolMinutes,
          protocolMinutesCi95: [protocolMinutes * 0.9, protocolMinutes * 1.1] as const,
        },
      ];
    }),
  ) as Record<
    Sli,
    { structureMinutes: number; protocolMinutes: number; protocolMinutesCi95: readonly [number, number] }
  >;
  const lower = slis.api.ci95[0];
  return {
    name: sp.name,
    description: `synthetic scenario ${i} ${EVIL}`,
    file: `scenarios/${i}.yaml`,
    scenarioHash: `${i}`.repeat(64).slice(0, 64),
    seed: 7,
    replications: 400,
    horizonHours: 8760,
    timing: 'default',
    topology: {
      kind: 'stacked',
      zones: 3,
      machines: sp.machines,
      controlPlaneNodes: sp.machines,
      etcdMembers: sp.machines,
      loadBalancer: 'keepalived',
      healthCheck: 'http',
      etcdEndpoints: 'local',
    },
    slis,
    analytic,
    downtimeSplit: split,
    spof: sp.spof,
    spofBySli: { etcd: sp.spof, api: sp.spof, controllers: [], scheduler: [] },
    cutSets: {
      etcd: [],
      api: [...sp.spof.map((c) => [c]), ['zone/a', 'zone/b'], ['zone/a', 'host/cp-2', 'host/cp-3']],
      controllers: [],
      scheduler: [],
    },
    recommendation: sp.spof.length > 0 ? `remove ${sp.spof[0]} ${EVIL}` : null,
    slo:
      sp.slo === null
        ? {}
        : {
            api: {
              target: sp.slo,
              lowerBound: lower,
              availability: sp.api,
              status: lower >= sp.slo ? 'met' : 'not-met',
              breachRisk: 0.02,
              breachRiskCi95: [0.016, 0.024],
              windowDays: 30,
              maxBreachRisk: null,
              breachRiskOk: null,
              met: lower >= sp.slo,
            },
          },
    precisionReached: null,
    events: 1000 * (i + 1),
    replay: ['explain', `scenarios/${i}.yaml`, '--seed', '7'],
    replayCommand:
      slis.api.worstReplication === null
        ? null
        : replayCommand(['explain', `scenarios/${i}.yaml`, '--seed', '7'], slis.api.worstReplication.replication),
    wallSeconds: 0,
    eventsPerSecond: 0,
  };
}

/** Three scenarios: one failing its SLO, one passing, one (evil-named) without SLO. */
export function syntheticReport(): Report {
  const specs: Spec[] = [
    {
      name: 'single-node',
      machines: 1,
      api: 0.99987,
      analyticApi: 0.99988,
      spof: ['host/cp-1', 'zone/a'],
      slo: 0.9999,
    },
    { name: 'stacked-3', machines: 3, api: 0.9999955, analyticApi: 0.9999996, spof: [], slo: 0.9999 },
    { name: EVIL, machines: 5, api: 0.999992, analyticApi: 0.9999993, spof: ['lb/lb-1'], slo: null },
  ];
  const scenarios = specs.map(scenario);
  return {
    schemaVersion: 1,
    generator: 'k8s-ha-sim test',
    scenarios,
    comparisons: scenarios.slice(1).map((s) => ({
      a: 'single-node',
      b: s.name,
      sli: 'api' as const,
      difference: s.slis.api.availability - 0.99987,
      ci95: [s.slis.api.availability - 0.99988, s.slis.api.availability - 0.99986] as const,
      downtimeMinutesPerYearSaved: (s.slis.api.availability - 0.99987) * MIN_PER_YEAR,
      downtimeMinutesPerYearSavedCi95: [
        (s.slis.api.availability - 0.99988) * MIN_PER_YEAR,
        (s.slis.api.availability - 0.99986) * MIN_PER_YEAR,
      ] as const,
      pairedReplications: 400,
      estimators: ['control-variate', 'control-variate'] as const,
    })),
    adjacentComparisons: [],
  };
}
