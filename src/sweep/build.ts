/** Builds the sweep report from the variants and the run report of those that ran. */
import { formatAvailability, formatMinutes } from '../units/format.ts';
import type { Report, ScenarioReport } from '../report/report-types.ts';
import type { SweepReport, SweepVariant } from './types.ts';
import { SLIS, type Sli } from '../scenario/types.ts';
import type { Setting, SweepAxis } from './grid.ts';
import { cheapestPassing, paretoFront, type SweepPoint } from './select.ts';
import type { CostWeights } from './cost.ts';

/** A variant before the run: loaded (ran) or refused by the loader (skipped). */
export type PlannedVariant =
  | { readonly status: 'ran'; readonly name: string; readonly settings: readonly Setting[] }
  | {
      readonly status: 'skipped';
      readonly name: string;
      readonly settings: readonly Setting[];
      readonly message: string;
    };

/** The SLI that ranks variants: `api` if any variant has an API SLO, else the first SLI with one. */
export function rankSliOf(scenarios: readonly ScenarioReport[]): Sli {
  const withSlo = SLIS.filter((sli) => scenarios.some((s) => s.slo[sli] !== undefined));
  return withSlo.includes('api') ? 'api' : (withSlo[0] ?? 'api');
}

/**
 * Every SLO met with 95% confidence, and (docs/scenario-format.md) with a `load`, the peak carried with one
 * apiserver host down (N+1); null when there is neither an SLO nor a load.
 */
function sloMet(s: ScenarioReport): boolean | null {
  const vs = Object.values(s.slo).filter((v) => v !== undefined);
  const nPlusOne = s.capacity?.nPlusOne;
  if (vs.length === 0) return nPlusOne ?? null;
  return vs.every((v) => v.met) && nPlusOne !== false;
}

/** The sweep report; `report.scenarios` are the ran variants, in order. */
export function buildSweepReport(
  base: { name: string; file: string },
  axes: readonly SweepAxis[],
  planned: readonly PlannedVariant[],
  report: Report,
  costs: { readonly weights: CostWeights; readonly byScenario: readonly number[] } | null = null,
): SweepReport {
  const rankSli = rankSliOf(report.scenarios);
  const points: SweepPoint[] = report.scenarios.map((s, i) => ({
    name: s.name,
    machines: s.topology.machines,
    apiDowntimeMinutesPerYear: s.slis.api.downtimeMinutesPerYear,
    rankAvailability: s.slis[rankSli].availability,
    sloMet: sloMet(s),
    ...(costs !== null ? { cost: costs.byScenario[i]! } : {}),
  }));
  const front = paretoFront(points);
  const cheapest = cheapestPassing(points);
  let k = 0;
  const variants: SweepVariant[] = planned.map((v) =>
    v.status === 'skipped'
      ? { status: 'skipped', name: v.name, settings: v.settings, message: v.message }
      : { status: 'ran', name: v.name, settings: v.settings, scenario: k++, paretoOptimal: front.includes(v.name) },
  );
  return {
    schemaVersion: 1,
    kind: 'sweep',
    generator: report.generator,
    base,
    axes: axes.map((a) => ({ path: a.path, values: [...a.values] })),
    variants,
    rankSli,
    paretoFront: front,
    cheapest,
    answer: answerText(
      report.scenarios,
      cheapest,
      costs === null ? null : (n) => costs.byScenario[report.scenarios.findIndex((s) => s.name === n)]!,
    ),
    ...(costs !== null
      ? {
          cost: {
            weights: costs.weights,
            byVariant: Object.fromEntries(report.scenarios.map((s, i) => [s.name, costs.byScenario[i]!])),
          },
        }
      : {}),
    report,
  };
}

function answerText(
  scenarios: readonly ScenarioReport[],
  cheapest: string | null,
  costOf: ((name: string) => number) | null,
): string {
  const withLoad = scenarios.some((s) => s.capacity !== undefined);
  if (withLoad && scenarios.every((s) => Object.keys(s.slo).length === 0))
    return nPlusOneAnswer(scenarios, cheapest, costOf);
  if (scenarios.every((s) => Object.keys(s.slo).length === 0)) {
    return 'No SLO given, so no variant can be called sufficient: add slo: to the scenario or pass --slo api=99.95%.';
  }
  const s = scenarios.find((x) => x.name === cheapest);
  if (s === undefined)
    return withLoad
      ? 'No variant meets every SLO with 95% confidence and ' +
          'carries the peak load with one apiserver host down (N+1).'
      : 'No variant meets every SLO ' + 'with 95% confidence.';
  const slos = Object.entries(s.slo)
    .filter(([, v]) => v !== undefined)
    .map(
      ([sli, v]) =>
        `SLO ${sli} ≥ ${formatAvailability(v!.target)} (95% CI lower bound ${formatAvailability(v!.lowerBound)})`,
    )
    .join(', ');
  const what = withLoad ? 'every SLO with 95% confidence and N+1 at peak' : 'every SLO with 95% confidence';
  const cost = costOf === null ? '' : `, cost ${costOf(s.name)}`;
  return (
    `Cheapest variant meeting ${what}: ${s.name}: ${s.topology.machines} ` +
    `machine${s.topology.machines === 1 ? '' : 's'}${cost}, API downtime ` +
    `${formatMinutes(s.slis.api.downtimeMinutesPerYear)} per year; ${slos}${capacityText(s)}.`
  );
}

/** docs/scenario-format.md: the N+1 sentence of a variant with a load. */
function capacityText(s: ScenarioReport): string {
  const c = s.capacity;
  if (c === undefined) return '';
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;
  return (
    `; N+1 at peak: ${c.oneHostDown.apiservers} surviving apiservers carry ${c.peakPerS} req/s ` +
    `(headroom ${pct(c.oneHostDown.headroom)}; with zone ${c.oneZoneDown.zone} down ` +
    `${pct(c.oneZoneDown.headroom)})`
  );
}

function nPlusOneAnswer(
  scenarios: readonly ScenarioReport[],
  cheapest: string | null,
  costOf: ((name: string) => number) | null,
): string {
  const s = scenarios.find((x) => x.name === cheapest);
  if (s === undefined)
    return (
      'No variant carries the peak load with one apiserver host down (N+1); ' +
      'add apiservers or capacity. No SLO given, so only capacity was judged.'
    );
  const cost = costOf === null ? '' : `, cost ${costOf(s.name)}`;
  return (
    `Cheapest variant that carries the peak with one apiserver host down (N+1): ${s.name}: ` +
    `${s.capacity!.allUp.apiservers} apiservers, ${s.topology.machines} ` +
    `machines${cost}${capacityText(s)}. No SLO given, so availability was not judged.`
  );
}
