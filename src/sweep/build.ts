/** Builds the sweep report from the variants and the run report of those that ran. */
import { formatAvailability, formatMinutes } from '../units/format.ts';
import type { Report, ScenarioReport } from '../report/report-types.ts';
import type { SweepReport, SweepVariant } from './types.ts';
import { SLIS, type Sli } from '../scenario/types.ts';
import type { Setting, SweepAxis } from './grid.ts';
import { cheapestPassing, paretoFront, type SweepPoint } from './select.ts';

/** A variant before the run: loaded (ran) or refused by the loader (skipped). */
export type PlannedVariant =
  | { readonly status: 'ran'; readonly name: string; readonly settings: readonly Setting[] }
  | { readonly status: 'skipped'; readonly name: string; readonly settings: readonly Setting[]; readonly message: string };

/** The SLI that ranks variants: `api` if any variant has an API SLO, else the first SLI with one. */
export function rankSliOf(scenarios: readonly ScenarioReport[]): Sli {
  const withSlo = SLIS.filter((sli) => scenarios.some((s) => s.slo[sli] !== undefined));
  return withSlo.includes('api') ? 'api' : (withSlo[0] ?? 'api');
}

function sloMet(s: ScenarioReport): boolean | null {
  const vs = Object.values(s.slo).filter((v) => v !== undefined);
  return vs.length === 0 ? null : vs.every((v) => v.met);
}

/** The sweep report; `report.scenarios` are the ran variants, in order. */
export function buildSweepReport(
  base: { name: string; file: string },
  axes: readonly SweepAxis[],
  planned: readonly PlannedVariant[],
  report: Report,
): SweepReport {
  const rankSli = rankSliOf(report.scenarios);
  const points: SweepPoint[] = report.scenarios.map((s) => ({
    name: s.name,
    machines: s.topology.machines,
    apiDowntimeMinutesPerYear: s.slis.api.downtimeMinutesPerYear,
    rankAvailability: s.slis[rankSli].availability,
    sloMet: sloMet(s),
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
    answer: answerText(report.scenarios, cheapest),
    report,
  };
}

function answerText(scenarios: readonly ScenarioReport[], cheapest: string | null): string {
  if (scenarios.every((s) => Object.keys(s.slo).length === 0)) {
    return 'No SLO given, so no variant can be called sufficient: add slo: to the scenario or pass --slo api=99.95%.';
  }
  const s = scenarios.find((x) => x.name === cheapest);
  if (s === undefined) return 'No variant meets every SLO with 95% confidence.';
  const slos = Object.entries(s.slo)
    .filter(([, v]) => v !== undefined)
    .map(([sli, v]) => `SLO ${sli} ≥ ${formatAvailability(v!.target)} (95% CI lower bound ${formatAvailability(v!.lowerBound)})`)
    .join(', ');
  return `Cheapest variant meeting every SLO with 95% confidence: ${s.name}: ${s.topology.machines} machine${s.topology.machines === 1 ? '' : 's'}, API downtime ${formatMinutes(s.slis.api.downtimeMinutesPerYear)} per year; ${slos}.`;
}
