/**
 * Builds `report.json` from a Monte Carlo result plus the exact analysis and SPOF report
 * of each scenario, and serialises it deterministically.
 */
import { createHash } from 'node:crypto';
import { capacityReport, type CapacityReport } from '../analysis/capacity.ts';
import { MINUTES_PER_YEAR, MS_PER } from '../engine/time.ts';
import type { MonteCarloResult, ScenarioRun } from '../montecarlo/run.ts';
import { timingLabel } from '../scenario/timing-label.ts';
import { API_METRICS, SLIS, type Scenario, type Sli, type SloKey } from '../scenario/types.ts';
import type { Report, ScenarioReport, SloVerdict, TopologySummary } from './report-types.ts';
import { replayCommand } from './safe-text.ts';

/** What the exact analysis contributes per scenario (null where it refused). */
export interface AnalysisExtras {
  readonly analytic: { readonly [S in Sli]: number } | null;
  readonly spofBySli: { readonly [S in Sli]: readonly string[] } | null;
  readonly cutSets: { readonly [S in Sli]: readonly (readonly string[])[] } | null;
  readonly recommendation: string | null;
}

/** sha256 of the resolved scenario without its file path (so moving a file keeps the hash). */
export function scenarioHash(scenario: Scenario): string {
  const { file: _file, ...content } = scenario;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Shape summary of a topology. */
export function topologySummary(s: Scenario): TopologySummary {
  const t = s.topology;
  return {
    kind: t.kind,
    zones: t.zones.length,
    machines: t.hosts.length,
    controlPlaneNodes: t.hosts.filter((h) => h.runs.includes('apiserver')).length,
    etcdMembers: t.hosts.filter((h) => h.runs.includes('etcd')).length,
    loadBalancer: t.loadBalancer.kind,
    healthCheck: t.loadBalancer.healthCheck?.kind ?? null,
    etcdEndpoints: t.apiserver.etcdEndpoints,
  };
}

/** Options of the verdicts (`check`). */
export interface VerdictOptions {
  /** `--max-breach-risk`: largest accepted share of SLO windows below the target. */
  readonly maxBreachRisk?: number;
}

/**
 * SLO verdicts: met when the CI's lower bound is at least the target on enough evidence
 * (else insufficient evidence), and, with a breach-risk limit, the breach risk's upper
 * bound within it.
 */
export function sloVerdicts(
  run: ScenarioRun,
  slo: { readonly [K in SloKey]?: number },
  o: VerdictOptions = {},
): { [K in SloKey]?: SloVerdict } {
  const out: { [K in SloKey]?: SloVerdict } = {};
  for (const m of API_METRICS) {
    // docs/model.md: request-weighted API SLIs: the mean verdict only (no per-window breach risk).
    const target = slo[m];
    if (target === undefined) continue;
    const st = run.stats.metrics[m];
    const lowerBound = st.ci95[0];
    const status = lowerBound < target ? 'not-met' : st.evidence.sufficient ? 'met' : 'insufficient-evidence';
    const max = o.maxBreachRisk ?? null;
    out[m] = {
      target,
      lowerBound,
      availability: st.availability,
      status,
      breachRisk: null,
      breachRiskCi95: null,
      windowDays: 0,
      maxBreachRisk: max,
      breachRiskOk: null,
      met: status === 'met',
    };
  }
  for (const sli of SLIS) {
    const target = slo[sli];
    if (target === undefined) continue;
    const st = run.stats.slis[sli];
    const lowerBound = st.ci95[0];
    const status = lowerBound < target ? 'not-met' : st.evidence.sufficient ? 'met' : 'insufficient-evidence';
    const w = st.window;
    const max = o.maxBreachRisk ?? null;
    const breachRiskOk = max === null ? null : w.breachRiskCi95 !== null && w.breachRiskCi95[1] <= max;
    out[sli] = {
      target,
      lowerBound,
      availability: st.availability,
      status,
      breachRisk: w.breachRisk,
      breachRiskCi95: w.breachRiskCi95,
      windowDays: w.windowDays,
      maxBreachRisk: max,
      breachRiskOk,
      met: status === 'met' && breachRiskOk !== false,
    };
  }
  return out;
}

function downtimeSplit(
  run: ScenarioRun,
  analytic: { readonly [S in Sli]: number } | null,
): ScenarioReport['downtimeSplit'] {
  if (analytic === null) return null;
  const entries = SLIS.map((sli) => {
    const st = run.stats.slis[sli];
    if (st.split !== null) {
      const sp = st.split;
      return [
        sli,
        {
          structureMinutes: sp.structureMinutesPerYear,
          protocolMinutes: sp.protocolMinutesPerYear,
          protocolMinutesCi95: sp.protocolMinutesPerYearCi95,
        },
      ];
    }
    const structureMinutes = (1 - analytic[sli]) * MINUTES_PER_YEAR;
    return [
      sli,
      { structureMinutes, protocolMinutes: st.downtimeMinutesPerYear - structureMinutes, protocolMinutesCi95: null },
    ];
  });
  return Object.fromEntries(entries) as ScenarioReport['downtimeSplit'];
}

function scenarioReport(
  run: ScenarioRun,
  extras: AnalysisExtras,
  replay: readonly string[],
  o: VerdictOptions,
): ScenarioReport {
  const s = run.scenario;
  const analytic = extras.analytic;
  const split = downtimeSplit(run, analytic);
  const worst = run.stats.slis.api.worstReplication;
  const spof = extras.spofBySli === null ? [] : [...new Set(SLIS.flatMap((sli) => extras.spofBySli![sli]))].sort();
  return {
    name: s.name,
    description: s.description,
    file: s.file,
    scenarioHash: scenarioHash(s),
    seed: s.simulation.seed,
    replications: run.stats.replications,
    horizonHours: s.simulation.horizonMs / MS_PER.h,
    timing: timingLabel(s.timing),
    topology: topologySummary(s),
    slis: run.stats.slis,
    apiRequestSlis: run.stats.metrics,
    analytic,
    downtimeSplit: split,
    spof,
    spofBySli: extras.spofBySli,
    cutSets: extras.cutSets,
    recommendation: extras.recommendation,
    slo: sloVerdicts(run, s.slo, o),
    precisionReached: run.precisionReached,
    events: run.stats.events,
    ...capacityFields(run),
    replay,
    replayCommand: worst === null ? null : replayCommand(replay, worst.replication),
    wallSeconds: run.wallSeconds,
    eventsPerSecond: run.wallSeconds > 0 ? run.stats.events / run.wallSeconds : 0,
  };
}

/** docs/scenario-format.md: capacity headroom and request success, for scenarios with a load. */
function capacityFields(run: ScenarioRun): { capacity?: CapacityReport; requestSuccess?: number } {
  const capacity = capacityReport(run.scenario);
  if (capacity === null) return {};
  const rs = run.stats.slis.api.requestSuccess;
  return rs === undefined ? { capacity } : { capacity, requestSuccess: rs };
}

/** The replay arguments of a run without command-line overrides: the file and its seed. */
export function defaultReplay(s: Scenario): string[] {
  return ['explain', s.file, '--seed', String(s.simulation.seed)];
}

/**
 * The report of a run; `extras[i]` and `replays[i]` belong to `result.runs[i]`. A replay
 * is the `explain` argument list that reproduces the scenario as run (see
 * `ScenarioReport.replay`); the default names only the file and seed.
 */
export function buildReport(
  result: MonteCarloResult,
  extras: readonly AnalysisExtras[],
  generator: string,
  replays: readonly (readonly string[])[] = [],
  o: VerdictOptions = {},
): Report {
  return {
    schemaVersion: 1,
    generator,
    scenarios: result.runs.map((r, i) => scenarioReport(r, extras[i]!, replays[i] ?? defaultReplay(r.scenario), o)),
    comparisons: result.comparisons,
    adjacentComparisons: result.adjacentComparisons,
  };
}

/** Serialised report: 2-space JSON with a trailing newline. */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** True when every SLO of every scenario is met (what `check` gates on). */
export function allSlosMet(report: Report): boolean {
  return report.scenarios.every((s) => Object.values(s.slo).every((v) => v === undefined || v.met));
}
