/**
 * `npm run bench`: a benchmark, not a test. Runs the k-of-n model (test/bench/k-of-n.ts)
 * on our engine and on a minimal hand-written loop in the same process, interleaved,
 * and prints events per second for each, their ratio, and each run's availability next
 * to the exact binomial value; first, the start-up ratio of `--help` to `node -e 0`
 * (test/bench/startup.ts); then the full model, the precision benchmark, the robustness study
 * and the time bounds the tests do not assert (test/bench/bounds.ts, ratios; the exit code is 1
 * when one is exceeded). Writes the figures to reports/bench.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import type { Bounds } from './bounds.ts';
import type { FullModel } from './full-model.ts';
import type { Comparison } from './compare.ts';
import type { Precision } from './precision.ts';
import type { RobustBench } from './robust.ts';
import { DOWN_MEAN_MS, UP_MEAN_MS, exactKOfN } from './k-of-n.ts';
import { startup } from './startup.ts';

/**
 * One engine-vs-baseline comparison, in a child process of its own
 * (test/bench/compare.ts): fastpriorityqueue's code is shared by both loops, and in a
 * long-lived process its call sites would carry the other sizes' and models' history.
 */
function compare(n: number, targetSeconds: number, rounds: number): Comparison {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'test/bench/compare.ts', String(n), String(targetSeconds), String(rounds)],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as Comparison;
}

function fmt(x: number): string {
  return `${(x / 1e6).toFixed(2)} M`;
}

const BENCH_SCENARIO = 'test/bench/stacked-3-bench.yaml';

/**
 * The full model runs in a child process (test/bench/full-model.ts): after the k-of-n
 * runs the engine's call sites here have seen other payload types, and a model measured
 * in this process would pay for that polymorphism, which a real run never does.
 */
function fullModel(): FullModel {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/full-model.ts'], { encoding: 'utf8' });
  return JSON.parse(out) as FullModel;
}

/** The precision benchmark (issue 11) in a child process of its own, like the full model. */
function precision(): Precision {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/precision.ts'], { encoding: 'utf8' });
  return JSON.parse(out) as Precision;
}

/** The robustness study (issue 20) in a child process of its own, like the full model. */
function robust(): RobustBench {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/robust.ts'], { encoding: 'utf8' });
  return JSON.parse(out) as RobustBench;
}

/** The time bounds (test/bench/bounds.ts) in a child process of its own; exit code 1 = a bound exceeded. */
function bounds(): Bounds {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/bounds.ts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`test/bench/bounds.ts exited ${r.status}`);
  return JSON.parse(r.stdout) as Bounds;
}

async function main(): Promise<void> {
  const st = startup();
  console.log(
    `start-up (median of ${st.rounds} interleaved runs): node -e 0 ` +
      `${st.nodeMs.toFixed(0)} ms, k8s-ha-sim --help ${st.helpMs.toFixed(0)} ms, ratio ` +
      `${st.ratio.toFixed(2)} (target <= 2.5)\n`,
  );
  const a = UP_MEAN_MS / (UP_MEAN_MS + DOWN_MEAN_MS);
  const exact = exactKOfN(5, 3, a);
  console.log('k-of-n model: up ~ Exp(mean 1000 h), down ~ Exp(mean 10 h), system up while >= k of n up');
  const head = compare(5, 2, 3);
  const ratio = head.engine.eventsPerSecond / head.baseline.eventsPerSecond;
  console.log(`\nn = 5, k = 3 (best of 3 interleaved runs of >= 2 s each, in one process)`);
  console.log(
    `  engine    ${fmt(head.engine.eventsPerSecond)} events/s   availability ${head.engine.run.availability.toFixed(7)}`,
  );
  console.log(
    `  baseline  ${fmt(head.baseline.eventsPerSecond)} events/s   availability ${head.baseline.run.availability.toFixed(7)}`,
  );
  console.log(`  exact (binomial)                availability ${exact.toFixed(7)}`);
  console.log(`  ratio engine / baseline: ${ratio.toFixed(3)}`);

  const scaling: { n: number; eventsPerSecond: number; baselineEventsPerSecond: number }[] = [];
  console.log('\nscaling (k = majority, best of 3 interleaved runs of ~1.5 s each, a fresh process per n)');
  console.log('       n   engine ev/s   baseline ev/s   ratio');
  for (const n of [5, 50, 500, 5000]) {
    const r = compare(n, 1.5, 3);
    scaling.push({ n, eventsPerSecond: r.engine.eventsPerSecond, baselineEventsPerSecond: r.baseline.eventsPerSecond });
    const q = r.engine.eventsPerSecond / r.baseline.eventsPerSecond;
    console.log(
      `${String(n).padStart(8)}   ${fmt(r.engine.eventsPerSecond).padStart(11)}   ` +
        `${fmt(r.baseline.eventsPerSecond).padStart(13)}   ${q.toFixed(3)}`,
    );
  }
  console.log(`\nfull model: ${BENCH_SCENARIO} (1-year replications, wall clock incl. worker start-up)`);
  const fm = fullModel();
  console.log(`  events per second (1 worker)     ${fmt(fm.eventsPerSecond)}`);
  console.log(`  events per cluster-year          ${fm.eventsPerClusterYear.toFixed(0)}`);
  console.log(
    `  cluster-years per second         1 worker: ` +
      `${fm.clusterYearsPerSecond.workers1.toFixed(0)}   2 workers: ` +
      `${fm.clusterYearsPerSecond.workers2.toFixed(0)}   ` +
      `(x${(fm.clusterYearsPerSecond.workers2 / fm.clusterYearsPerSecond.workers1).toFixed(2)})`,
  );
  console.log(
    `  --precision 1m (api)             ${fm.precision.replications} replications in ` +
      `${fm.precision.seconds.toFixed(2)} s (half-width ${fm.precision.halfWidthMinutes.toFixed(3)} ` +
      `min/yr)`,
  );
  const pr = precision();
  console.log(
    '\nprecision: replications to pin API yearly downtime to ±10% (95% CI), control variate vs crude on the same runs',
  );
  for (const c of pr.cases) {
    console.log(
      `  ${c.scenario.padEnd(34)} control variate ` +
        `${String(c.controlVariate.replications).padStart(7)} (${c.controlVariate.seconds.toFixed(2)} s)   ` +
        `crude ${String(c.crude.replications).padStart(8)} (${c.crude.seconds.toFixed(1)} s)   ratio ` +
        `${c.ratio.toFixed(0)}x`,
    );
  }
  console.log(
    `  npm start's three-zone scenarios at 1,000 replications ` +
      `(${pr.npmStart.seconds.toFixed(1)} s, 2 workers): relative half-width`,
  );
  for (const s of pr.npmStart.scenarios)
    console.log(
      `    ${s.scenario.padEnd(14)} API ` + `±${(s.api * 100).toFixed(1)}%   etcd ±${(s.etcd * 100).toFixed(1)}%`,
    );
  const rb = robust();
  console.log(
    `\nrobust: npm start's stacked-3 vs external-3x3 (operations), ${rb.inputs} uncertain inputs, defaults, 2 workers`,
  );
  console.log(
    `  ${rb.totalSeconds.toFixed(1)} s (simulated sets ${rb.simulatedSeconds.toFixed(1)} ` +
      `s, outer level ${rb.outerSeconds.toFixed(1)} s); ${rb.inputSetsPerSecond.toFixed(0)} input sets/s ` +
      `(exact + gap)`,
  );
  console.log(
    `  single run of the pair at 1,000 replications: ${rb.singleRunSeconds.toFixed(1)} s ` +
      `-> the study costs x${rb.costRatio.toFixed(2)}`,
  );
  const bd = bounds();
  console.log(
    `\ntime bounds the tests do not assert, as ratios (unit: loading scenarios/stacked-3.yaml, ${bd.unitMs.toFixed(1)} ms here)`,
  );
  for (const b of bd.bounds) {
    console.log(
      `  ${b.ok ? 'ok  ' : 'OVER'} ${b.ratio.toFixed(2).padStart(8)} <= ${String(b.limit).padEnd(4)} ${b.name}: ${b.measure}`,
    );
  }
  if (bd.bounds.some((b) => !b.ok)) process.exitCode = 1;
  const out = {
    startup: st,
    engineEventsPerSecond: head.engine.eventsPerSecond,
    baselineEventsPerSecond: head.baseline.eventsPerSecond,
    ratio,
    availability: { engine: head.engine.run.availability, baseline: head.baseline.run.availability, exact },
    scaling,
    fullModel: fm,
    precision: pr,
    robust: rb,
    bounds: bd,
  };
  writeJsonAtomic('reports/bench.json', out);
  console.log('\nwrote reports/bench.json');
}

function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync('reports', { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

await main();
