/**
 * The `precision` part of `npm run bench` (issue 11), run by bench.ts in its own process:
 * replications and seconds each estimator needs to pin API yearly downtime to ±10%
 * (95% CI half-width over the estimate), control variate and crude measured on the SAME
 * replications (crude is the plain mean of the runs the control variate used), and the
 * bundled three-zone scenarios as `npm start` runs them (1,000 replications, 2 workers).
 * The needed count is extrapolated from the run: R x (relative half-width / 0.10)^2.
 * Prints one JSON object (Precision) on stdout.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';

/** Per benchmark scenario: what each estimator needs for ±10%. */
export interface PrecisionCase {
  readonly scenario: string;
  readonly replicationsRun: number;
  readonly secondsPerReplication: number;
  readonly controlVariate: {
    readonly relativeHalfWidth: number;
    readonly replications: number;
    readonly seconds: number;
  };
  readonly crude: { readonly relativeHalfWidth: number; readonly replications: number; readonly seconds: number };
  /** crude replications / control-variate replications. */
  readonly ratio: number;
}

/** What bench.json's `precision` holds. */
export interface Precision {
  readonly target: 0.1;
  readonly cases: readonly PrecisionCase[];
  /** `npm start`'s three-zone scenarios: relative half-width of API and etcd downtime at 1,000 replications. */
  readonly npmStart: {
    readonly seconds: number;
    readonly scenarios: readonly { readonly scenario: string; readonly api: number; readonly etcd: number }[];
  };
}

function load(file: string, replications: number): Scenario {
  const r = loadScenarioText(readFileSync(file, 'utf8'), file, { replications });
  if (!r.ok) throw new Error(`${file} is invalid`);
  return r.value.scenario;
}

/** At least 10: `--precision` never stops on fewer replications with an event (MIN_EVENT_REPLICATIONS). */
const need = (r: number, rel: number): number => Math.max(10, Math.ceil(r * (rel / 0.1) ** 2));

async function precisionCase(file: string, replications: number): Promise<PrecisionCase> {
  const s = load(file, replications);
  const t0 = performance.now();
  const st = (await runMonteCarlo([s], { workers: 2 })).runs[0]!.stats.slis.api;
  const perRep = (performance.now() - t0) / 1000 / replications;
  const cvRel = st.relativeHalfWidth!;
  const crudeDown = 1 - st.crude!.availability;
  const crudeRel = (st.crude!.ci95[1] - st.crude!.ci95[0]) / 2 / crudeDown;
  const cv = need(replications, cvRel);
  const crude = need(replications, crudeRel);
  return {
    scenario: file,
    replicationsRun: replications,
    secondsPerReplication: perRep,
    controlVariate: { relativeHalfWidth: cvRel, replications: cv, seconds: cv * perRep },
    crude: { relativeHalfWidth: crudeRel, replications: crude, seconds: crude * perRep },
    ratio: crude / cv,
  };
}

async function main(): Promise<Precision> {
  const cases = [
    await precisionCase('test/bench/stacked-3-bench.yaml', 1000),
    await precisionCase('scenarios/stacked-3.yaml', 2000),
  ];
  const files = ['stacked-3', 'stacked-5', 'external-3x3', 'external-5x5'].map((n) => `scenarios/${n}.yaml`);
  const t0 = performance.now();
  const r = await runMonteCarlo(
    files.map((f) => load(f, 1000)),
    { workers: 2 },
  );
  const seconds = (performance.now() - t0) / 1000;
  const scenarios = r.runs.map((x) => ({
    scenario: x.scenario.name,
    api: x.stats.slis.api.relativeHalfWidth!,
    etcd: x.stats.slis.etcd.relativeHalfWidth!,
  }));
  return { target: 0.1, cases, npmStart: { seconds, scenarios } };
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
