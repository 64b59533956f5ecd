/**
 * `npm run reference [-- --quick] [--trials N] [--seeds N] [--only NAME,...] [--serial]
 * [--time-limit S] [--strict] [--no-docs] [--keep-client-lines DIR]`: runs the real-component experiments, runs the
 * simulator on the matching scripted scenarios, and writes reports/reference.json (SPEC §9)
 * plus the table in docs/fidelity.md (full runs only). Exit 0 when every case was measured
 * (verdicts are findings, not errors; `--strict` makes a failed verdict exit 1), 1 when a
 * case could not be measured or the time limit struck, 2 on bad flags.
 *
 * The etcd-client cases (issue 19) build reference/go/refclient with Go against Debian's
 * golang-etcd-server-dev, offline; they are skipped, with the reason, only when Go or those
 * sources are missing. Every case records the machine's load (load average, the event
 * loop's scheduling delay) over its trials; a failed verdict under heavy load is reported
 * as "not trustworthy (load X)" and does not count for `--strict`.
 *
 * Everything it starts is stopped by process group; every namespace it creates (prefix
 * `k8sref<pid>-`) is deleted, on success, errors, Ctrl-C and SIGTERM.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CASES, extractSimulated, scenarioYaml, type ReferenceCase } from './cases.ts';
import { CLIENT_EXPERIMENTS, CLIENT_TRIALS, goMissing, keepClientLines } from './experiments-client.ts';
import { ETCD_EXPERIMENTS } from './experiments-etcd.ts';
import type { Experiment, ExperimentContext } from './experiment.ts';
import { HAPROXY_EXPERIMENT } from './experiments-haproxy.ts';
import { KEEPALIVED_EXPERIMENT } from './experiments-keepalived.ts';
import { latenessQuantile, snapshot } from './load-gauge.ts';
import { cleanupAll, cleanupSync, netnsAvailable, nowMs } from './procs.ts';
import {
  caseReport,
  loadSummary,
  markdownTable,
  replaceTable,
  type CaseReport,
  type LoadSample,
  type ReferenceReport,
} from './report.ts';
import { DEFAULT_VERDICT_RULE } from './stats.ts';
import { simulateSeeds } from './simulator.ts';

const REPO = join(new URL('.', import.meta.url).pathname, '..');

/** Lanes run side by side (their addresses and namespaces differ); experiments in a lane run in turn. */
const LANE_NAMES: readonly (readonly string[])[] = [
  [
    'etcd3-leader-sigkill',
    'etcd3-leader-sigstop',
    'etcd3-follower-sigkill',
    'etcd3-follower-sigstop',
    'etcd5-leader-sigkill',
  ],
  ['etcd3-two-down', 'etcd3-nopv-partition-leader'],
  ['etcd3-partition-leader'],
  ['haproxy'],
  ['keepalived-holder-down'],
  // The Go client lanes (issue 19) use namespaces only, not the lane's loopback octet.
  ['client-blackhole-follower', 'client-sigkill-follower', 'client-peercut-leader'],
  ['client-blackhole-leader', 'client-peercut-follower'],
  ['client-sigstop-follower'],
];
const ALL_EXPERIMENTS = [
  ...ETCD_EXPERIMENTS,
  HAPROXY_EXPERIMENT,
  KEEPALIVED_EXPERIMENT,
  ...CLIENT_EXPERIMENTS,
] as unknown as readonly Experiment<never>[];
const LANES: readonly (readonly Experiment<never>[])[] = LANE_NAMES.map((names) =>
  names.map((n) => {
    const e = ALL_EXPERIMENTS.find((x) => x.name === n);
    if (e === undefined) throw new Error(`lane names unknown experiment ${n}`);
    return e;
  }),
);

interface Options {
  readonly quick: boolean;
  readonly trials: number;
  readonly seeds: number;
  readonly only: readonly string[] | null;
  readonly serial: boolean;
  readonly timeLimitS: number;
  readonly strict: boolean;
  readonly docs: boolean;
  /** `--keep-client-lines DIR`: every etcd-client trial's raw refclient lines, one JSON file each. */
  readonly keepClientLines: string | null;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      trials: { type: 'string' },
      seeds: { type: 'string' },
      only: { type: 'string' },
      serial: { type: 'boolean', default: false },
      'time-limit': { type: 'string' },
      strict: { type: 'boolean', default: false },
      'no-docs': { type: 'boolean', default: false },
      'keep-client-lines': { type: 'string' },
    },
  });
  const int = (text: string | undefined, dflt: number, name: string, max: number): number => {
    if (text === undefined) return dflt;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new RangeError(`--${name} ` + `${JSON.stringify(text)}: expected a whole number from 1 to ${max}`);
    return n;
  };
  const quick = values.quick === true;
  return {
    quick,
    trials: int(values.trials, quick ? 2 : 20, 'trials', 1000),
    seeds: int(values.seeds, quick ? 200 : 1000, 'seeds', 100_000),
    only: values.only === undefined ? null : values.only.split(','),
    serial: values.serial === true,
    // Quick: 200 s, so with the hard stop a minute later it stays inside .ci/run's `timeout 300`.
    timeLimitS: int(values['time-limit'], quick ? 200 : 1800, 'time-limit', 86_400),
    strict: values.strict === true,
    docs: !quick && values['no-docs'] !== true,
    keepClientLines: values['keep-client-lines'] ?? null,
  };
}

const log = (line: string): void => void process.stderr.write(`reference: ${line}\n`);

/** The load samples of every case's trials. */
const LOADS = new Map<string, LoadSample[]>();

/** Runs `trial` while gauging the machine's load: load average and a sleeping thread's wake-up delay (load-gauge.ts). */
async function underLoadGauge<T>(trial: () => Promise<T>): Promise<{ value: T; load: LoadSample }> {
  const before = snapshot();
  const value = await trial();
  return {
    value,
    load: {
      loadavg1: Math.round(loadavg()[0]! * 100) / 100,
      schedDelayP99Ms: latenessQuantile(before, snapshot(), 0.99),
    },
  };
}

/** Runs one experiment's trials until each of its cases has `want` numbers (bounded). */
async function runExperiment(
  e: Experiment<never>,
  ctx: ExperimentContext,
  want: number,
  deadline: number,
  out: Map<string, number[]>,
  missing: Map<string, string>,
): Promise<void> {
  const names = CASES.filter((c) => c.experiment === e.name).map((c) => c.name);
  const env = await e.setup(ctx);
  try {
    for (let t = 0; t < want + 3 && names.some((n) => (out.get(n)?.length ?? 0) < want); t++) {
      if (nowMs() > deadline) {
        for (const n of names) if ((out.get(n)?.length ?? 0) < want) missing.set(n, 'time limit reached');
        return;
      }
      const { value: r, load } = await underLoadGauge(() => e.trial(env, ctx));
      for (const [k, v] of Object.entries(r)) {
        if ((out.get(k)?.length ?? 0) >= want) continue;
        out.set(k, [...(out.get(k) ?? []), v]);
        LOADS.set(k, [...(LOADS.get(k) ?? []), load]);
      }
      log(
        `${e.name} trial ${t + 1}: ` +
          `${
            Object.entries(r)
              .map(([k, v]) => `${k}=${v.toFixed(3)}`)
              .join(' ') || 'no outcome'
          } (load ` +
          `${load.loadavg1}, scheduling delay p99 ${load.schedDelayP99Ms} ms)`,
      );
    }
  } finally {
    await e.teardown(env);
  }
}

function version(argv: readonly string[], pattern: RegExp): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 5000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.match(pattern)?.[1] ?? 'unknown';
}

function versions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const commit =
    spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || 'unknown';
  return {
    etcd: version(['etcd', '--version'], /etcd Version: (\S+)/),
    haproxy: version(['haproxy', '-v'], /HAProxy version (\S+)/),
    keepalived: version(['keepalived', '--version'], /Keepalived v(\S+)/),
    go: version(['go', 'version'], /go version go(\S+)/),
    'etcd clientv3 (golang-etcd-server-dev)': version(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a dpkg-query format, not a template
      ['dpkg-query', '-W', '-f', '${Version}', 'golang-etcd-server-dev'],
      /^(\S+)/,
    ),
    node: process.version,
    'k8s-ha-sim': `${pkg.version} (${commit})`,
  };
}

function machine(): Record<string, string | number> {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cpus: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
  };
}

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/**
 * The simulated samples of every case (seeds 1..n of its scenario file). Cases with the same
 * scenario share one set of runs. A scenario the model rejects, or a run without what the
 * extractor reads, makes that case missing with the reason, not the whole run fail.
 */
function simulated(
  seeds: number,
  quick: boolean,
  names: ReadonlySet<string>,
  missing: Map<string, string>,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const runs = new Map<string, ReturnType<typeof simulateSeeds> | Error>();
  const key = (c: ReferenceCase): string => JSON.stringify(c.scenario);
  for (const c of CASES) {
    if (!names.has(c.name)) continue;
    const file = join(REPO, 'reference', 'scenarios', `${c.name}.yaml`);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== scenarioYaml(c)) writeFileSync(file, scenarioYaml(c));
    if (!runs.has(key(c))) {
      try {
        runs.set(
          key(c),
          simulateSeeds(
            file,
            c.maxSeeds === undefined ? seeds : Math.min(seeds, quick ? c.maxSeeds.quick : c.maxSeeds.full),
          ),
        );
      } catch (err) {
        runs.set(key(c), err instanceof Error ? err : new Error(String(err)));
      }
    }
    const r = runs.get(key(c))!;
    const why = (err: unknown): string =>
      (err instanceof Error ? err.message : String(err)).split('\n').slice(0, 3).join(' ');
    if (r instanceof Error) {
      missing.set(c.name, `simulator: ${why(r)}`);
      log(`${c.name}: the simulator cannot run reference/scenarios/${c.name}.yaml: ${why(r)}`);
      continue;
    }
    try {
      out.set(
        c.name,
        r.map((x) => extractSimulated(c, x)).filter((x): x is number => x !== null),
      );
    } catch (err) {
      missing.set(c.name, `simulator: ${why(err)}`);
      log(`${c.name}: ${why(err)}`);
    }
  }
  return out;
}

async function measure(
  opts: Options,
  ctx: ExperimentContext,
  netns: boolean,
  deadline: number,
): Promise<{ measured: Map<string, number[]>; missing: Map<string, string> }> {
  const measured = new Map<string, number[]>();
  const missing = new Map<string, string>();
  const wanted = (e: Experiment<never>): boolean =>
    opts.only === null ||
    opts.only.some((n) => e.name === n || CASES.some((c) => c.experiment === e.name && c.name === n));
  const lane = async (exps: readonly Experiment<never>[], i: number): Promise<void> => {
    for (const e of exps.filter(wanted)) {
      const names = CASES.filter((c) => c.experiment === e.name).map((c) => c.name);
      if (e.needsNetns && !netns) {
        for (const n of names) missing.set(n, 'network namespaces unavailable (needs root with CAP_NET_ADMIN)');
        continue;
      }
      const noGo = e.needsGo === true ? goMissing() : null;
      if (noGo !== null) {
        log(`${e.name} skipped: ${noGo}`);
        for (const n of names) missing.set(n, `skipped: ${noGo}`);
        continue;
      }
      const cap =
        e.maxTrials === undefined
          ? opts.trials
          : Math.min(opts.trials, opts.quick ? e.maxTrials.quick : e.maxTrials.full);
      try {
        await runExperiment(
          e,
          { ...ctx, octet: ctx.octet + i, root: join(ctx.root, `lane${i}`) },
          cap,
          deadline,
          measured,
          missing,
        );
      } catch (err) {
        // Under heavy load a cluster may not even come up in time: say how busy the machine was.
        const why =
          `${err instanceof Error ? err.message : String(err)} (load average ` +
          `${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`;
        log(`${e.name} failed: ${why}`);
        for (const n of names) if ((measured.get(n)?.length ?? 0) < cap) missing.set(n, `experiment failed: ${why}`);
      }
    }
  };
  if (opts.serial) for (const [i, l] of LANES.entries()) await lane(l, i);
  else await Promise.all(LANES.map((l, i) => lane(l, i)));
  return { measured, missing };
}

async function run(opts: Options): Promise<number> {
  for (const bin of ['etcd', 'haproxy', 'keepalived', 'ip']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) {
      log(`${bin} not found: apt-get install -y etcd-server etcd-client haproxy keepalived iproute2`);
      return 1;
    }
  }
  keepClientLines(opts.keepClientLines);
  const started = nowMs();
  const deadline = started + opts.timeLimitS * 1000;
  const root = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-reference-'));
  const prefix = `k8sref${process.pid}-`;
  const ctx: ExperimentContext = { root, prefix, octet: 20 + (process.pid % 45) * 5, log };
  const netns = netnsAvailable(prefix);
  log(
    `run dir ${root}; namespaces ${prefix}*; loopback ` +
      `127.13.${ctx.octet}-${ctx.octet + LANES.length - 1}.*; ${opts.trials} trials per case`,
  );
  const { measured, missing } = await measure(opts, ctx, netns, deadline);
  const names = new Set(
    CASES.filter((c) => opts.only === null || opts.only.includes(c.name) || opts.only.includes(c.experiment)).map(
      (c) => c.name,
    ),
  );
  const sims = simulated(opts.seeds, opts.quick, names, missing);
  const cases: CaseReport[] = [];
  for (const c of CASES) {
    if (!names.has(c.name)) continue;
    const r = caseReport(
      c,
      `reference/scenarios/${c.name}.yaml`,
      measured.get(c.name) ?? [],
      sims.get(c.name) ?? [],
      c.rule ?? DEFAULT_VERDICT_RULE,
      loadSummary(LOADS.get(c.name) ?? [], cpus().length),
    );
    if (r === null) {
      if (!missing.has(c.name))
        missing.set(
          c.name,
          (measured.get(c.name)?.length ?? 0) === 0 ? 'no measurement' : 'the simulator produced no ' + 'such event',
        );
    } else cases.push(r);
  }
  const report: ReferenceReport = {
    generated: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    quick: opts.quick,
    trialsPerCase: opts.trials,
    simulatedSeeds: opts.seeds,
    probePeriodMs: 20,
    versions: versions(),
    machine: machine(),
    verdictRule: DEFAULT_VERDICT_RULE,
    cases,
    missing: [...missing].map(([name, reason]) => ({ name, reason })),
    ...(CLIENT_TRIALS.length === 0 ? {} : { clientTrials: CLIENT_TRIALS }),
  };
  writeAtomic(join(REPO, 'reports', 'reference.json'), `${JSON.stringify(report, null, 2)}\n`);
  const table = markdownTable(report);
  if (opts.docs) {
    const doc = join(REPO, 'docs', 'fidelity.md');
    writeAtomic(doc, replaceTable(existsSync(doc) ? readFileSync(doc, 'utf8') : '# Fidelity\n', table));
  }
  process.stdout.write(table);
  log(
    `done in ${((nowMs() - started) / 1000).toFixed(0)} s; reports/reference.json ` +
      `written${opts.docs ? ', docs/fidelity.md table updated' : ''}`,
  );
  rmSync(root, { recursive: true, force: true });
  if (report.missing.length > 0) return 1;
  return opts.strict && cases.some((c) => c.verdict === 'fail' && c.trustworthy) ? 1 : 0;
}

async function main(): Promise<void> {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`reference: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  process.on('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      log(`${sig}: stopping what this run started`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
  // A hard stop a minute past the time limit, whatever hangs.
  const watchdog = setTimeout(
    () => {
      log('hard time limit: stopping');
      cleanupSync();
      process.exit(1);
    },
    (opts.timeLimitS + 60) * 1000,
  );
  watchdog.unref();
  let code = 1;
  try {
    code = await run(opts);
  } catch (err) {
    log(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    await cleanupAll();
  }
  process.exit(code);
}

await main();
