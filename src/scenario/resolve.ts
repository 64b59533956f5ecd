/**
 * A shape-valid scenario file -> the resolved `Scenario` (types.ts): defaults from
 * docs/facts.md, `timing: ideal`, distributions as objects, plus the cross-field checks that
 * need more than one key. Pure: returns problems, never throws on input.
 */
import type { Distribution } from '../engine/distributions.ts';
import { mean } from '../engine/distributions.ts';
import { MS_PER } from '../engine/time.ts';
import type { FailureClass, ResolvedFailure, ResolvedTiming, ResolvedTopology, Scenario, SloKey } from './types.ts';
import { FAILURE_CLASSES } from './types.ts';
import { errorAt, warningAt, type PathProblem } from './problems.ts';
import { formatDurationMs } from '../units/format.ts';
import type { DistributionFile, FailureFile, ScenarioFile } from './schema.ts';
import { resolveTopology } from './resolve-topology.ts';
import { resolveFaults } from './resolve-faults.ts';
import { expandPresets } from './presets.ts';
import { resolveLoad } from './resolve-load.ts';
import { WEAK_EVENTS, lognormalFromQuantiles, poissonRate, roughDuration, slaPair } from './observed.ts';
import { resolveOperations } from './resolve-operations.ts';
import { assertNever } from '../engine/assert-never.ts';

/** Protocol delays when `timing` says nothing (facts §1-§5; docs/spec.md §4). */
export const DEFAULT_TIMING: ResolvedTiming = {
  ideal: false,
  etcd: { electionTimeoutMs: 1000, heartbeatIntervalMs: 100, voteRoundMs: 50, startupMs: 100, preVote: true },
  apiserver: {
    etcdFailoverDelayMs: 0,
    etcdKeepaliveTimeMs: 30_000,
    etcdKeepaliveTimeoutMs: 10_000,
    etcdCheckFailures: 'round-robin',
    startupMs: 5000,
    startupProbeMs: 250_000,
    restartOnEtcdLoss: true,
    livenessDelayMs: 80_000,
    backoffInitialMs: 10_000,
    backoffMaxMs: 300_000,
  },
  loadBalancer: { vipFailoverMs: 3600, advertIntervalMs: 1000, splitBrain: false },
  leaderElection: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 },
};

/** `timing: ideal`: every delay zero, no crash-loop. */
export const IDEAL_TIMING: ResolvedTiming = {
  ideal: true,
  etcd: { electionTimeoutMs: 0, heartbeatIntervalMs: 0, voteRoundMs: 0, startupMs: 0, preVote: true },
  apiserver: {
    etcdFailoverDelayMs: 0,
    etcdKeepaliveTimeMs: 0,
    etcdKeepaliveTimeoutMs: 0,
    etcdCheckFailures: 'round-robin',
    startupMs: 0,
    startupProbeMs: 0,
    restartOnEtcdLoss: false,
    livenessDelayMs: 0,
    backoffInitialMs: 0,
    backoffMaxMs: 0,
  },
  loadBalancer: { vipFailoverMs: 0, advertIntervalMs: 0, splitBrain: false },
  leaderElection: { leaseDurationMs: 0, renewDeadlineMs: 0, retryPeriodMs: 0 },
};

/** `simulation` defaults (docs/spec.md §4). */
export const DEFAULT_SIMULATION = { horizonMs: MS_PER.y, replications: 1000, seed: 1 } as const;

/** Failures whose mean time to failure is below this are rejected (they would flood the event queue). */
export const MIN_MEAN_TTF_MS = 1000;

/** Resolves a shape-valid file; null when a cross-field check failed (problems pushed). */
export function resolveScenario(written: ScenarioFile, path: string, problems: PathProblem[]): Scenario | null {
  const errorsBefore = countErrors(problems);
  const file = expandPresets(written, problems);
  const simulation = {
    horizonMs: file.simulation?.horizon ?? DEFAULT_SIMULATION.horizonMs,
    replications: file.simulation?.replications ?? DEFAULT_SIMULATION.replications,
    seed: file.simulation?.seed ?? DEFAULT_SIMULATION.seed,
  };
  const timing = resolveTiming(file.timing, problems);
  const resolvedTopology = resolveTopology(file.topology, problems);
  const failures = resolveFailures(file.failures ?? {}, problems);
  if (!resolvedTopology) return null;
  const topology = idealHealthCheck(resolvedTopology, timing.ideal);
  const faults = resolveFaults(file.faults ?? [], topology, simulation.horizonMs, problems);
  warnFailures(failures, topology, simulation.horizonMs, problems);
  const operations =
    file.operations === undefined
      ? undefined
      : resolveOperations(file.operations, topology, faults, simulation.horizonMs, problems);
  if (countErrors(problems) > errorsBefore) return null;
  const slo: { [K in SloKey]?: number } = {};
  for (const [k, v] of Object.entries(file.slo ?? {}) as [SloKey, number | undefined][])
    if (v !== undefined) slo[k] = v;
  const load = resolveLoad(file.load, problems, toDistribution);
  return {
    name: file.name,
    description: file.description ?? '',
    file: path,
    topology,
    failures,
    timing,
    faults,
    simulation,
    slo,
    ...(file.badMinute !== undefined ? { badMinute: file.badMinute } : {}),
    ...(load !== null ? { load } : {}),
    ...(operations === undefined ? {} : { operations }),
  };
}

function countErrors(problems: readonly PathProblem[]): number {
  return problems.filter((p) => p.severity === 'error').length;
}

/** In ideal mode detection is instant: the health-check interval becomes 0. */
function idealHealthCheck(t: ResolvedTopology, ideal: boolean): ResolvedTopology {
  const hc = t.loadBalancer.healthCheck;
  if (!ideal || hc === null) return t;
  return { ...t, loadBalancer: { ...t.loadBalancer, healthCheck: { ...hc, intervalMs: 0 } } };
}

function resolveTiming(t: ScenarioFile['timing'], problems: PathProblem[]): ResolvedTiming {
  if (t === 'ideal') return IDEAL_TIMING;
  const d = DEFAULT_TIMING;
  const vipMs = t?.loadBalancer?.vipFailover ?? d.loadBalancer.vipFailoverMs;
  const r: ResolvedTiming = {
    ideal: false,
    etcd: {
      electionTimeoutMs: t?.etcd?.electionTimeout ?? d.etcd.electionTimeoutMs,
      heartbeatIntervalMs: t?.etcd?.heartbeatInterval ?? d.etcd.heartbeatIntervalMs,
      voteRoundMs: t?.etcd?.voteRound ?? d.etcd.voteRoundMs,
      startupMs: t?.etcd?.startup ?? d.etcd.startupMs,
      preVote: t?.etcd?.preVote ?? d.etcd.preVote,
    },
    apiserver: {
      etcdFailoverDelayMs: t?.apiserver?.etcdFailoverDelay ?? d.apiserver.etcdFailoverDelayMs,
      etcdKeepaliveTimeMs: t?.apiserver?.etcdKeepaliveTime ?? d.apiserver.etcdKeepaliveTimeMs,
      etcdKeepaliveTimeoutMs: t?.apiserver?.etcdKeepaliveTimeout ?? d.apiserver.etcdKeepaliveTimeoutMs,
      etcdCheckFailures: t?.apiserver?.etcdCheckFailures ?? d.apiserver.etcdCheckFailures,
      startupMs: t?.apiserver?.startup ?? d.apiserver.startupMs,
      startupProbeMs: t?.apiserver?.startupProbe ?? d.apiserver.startupProbeMs,
      restartOnEtcdLoss: t?.apiserver?.restartOnEtcdLoss ?? d.apiserver.restartOnEtcdLoss,
      livenessDelayMs: t?.apiserver?.livenessDelay ?? d.apiserver.livenessDelayMs,
      backoffInitialMs: t?.apiserver?.backoffInitial ?? d.apiserver.backoffInitialMs,
      backoffMaxMs: t?.apiserver?.backoffMax ?? d.apiserver.backoffMaxMs,
    },
    loadBalancer: {
      vipFailoverMs: vipMs,
      // Without its own advertInterval a short vipFailover keeps its takeover inside (0, vipFailover].
      advertIntervalMs: t?.loadBalancer?.advertInterval ?? Math.min(d.loadBalancer.advertIntervalMs, vipMs),
      splitBrain: t?.loadBalancer?.splitBrain ?? d.loadBalancer.splitBrain,
    },
    leaderElection: {
      leaseDurationMs: t?.leaderElection?.leaseDuration ?? d.leaderElection.leaseDurationMs,
      renewDeadlineMs: t?.leaderElection?.renewDeadline ?? d.leaderElection.renewDeadlineMs,
      retryPeriodMs: t?.leaderElection?.retryPeriod ?? d.leaderElection.retryPeriodMs,
    },
  };
  const e = r.etcd;
  // etcd's Config.Validate: election timeout >= 5 x heartbeat interval (facts §1).
  if (e.heartbeatIntervalMs <= 0 || e.electionTimeoutMs < 5 * e.heartbeatIntervalMs) {
    problems.push(
      errorAt(
        ['timing', 'etcd', t?.etcd?.heartbeatInterval !== undefined ? 'heartbeatInterval' : 'electionTimeout'],
        `electionTimeout ` +
          `(${formatDurationMs(e.electionTimeoutMs)}) must be at least 5 x heartbeatInterval ` +
          `(${formatDurationMs(e.heartbeatIntervalMs)}), and heartbeatInterval above 0, as etcd requires`,
      ),
    );
  }
  const a = r.apiserver;
  if (t?.apiserver?.etcdKeepalive !== undefined) {
    problems.push(
      errorAt(
        ['timing', 'apiserver', 'etcdKeepalive'],
        'etcdKeepalive was replaced ' +
          '(docs/model.md): set etcdKeepaliveTime (30s: a hung member is given up after time + timeout) and ' +
          "etcdKeepaliveTimeout (10s: a black-holed member's requests hang this long)",
      ),
    );
  }
  if (t?.apiserver?.etcdFailoverDelay !== undefined && t.apiserver.etcdFailoverDelay > 0) {
    problems.push(
      warningAt(
        ['timing', 'apiserver', 'etcdFailoverDelay'],
        'etcdFailoverDelay has no ' +
          'effect: the etcd client round-robins over every member and fails nothing over (docs/model.md; see ' +
          'etcdKeepaliveTime / etcdKeepaliveTimeout)',
      ),
    );
  }
  if (a.backoffInitialMs > a.backoffMaxMs) {
    problems.push(
      errorAt(
        ['timing', 'apiserver', t?.apiserver?.backoffInitial !== undefined ? 'backoffInitial' : 'backoffMax'],
        `backoffInitial ` +
          `(${formatDurationMs(a.backoffInitialMs)}) must not exceed backoffMax ` +
          `(${formatDurationMs(a.backoffMaxMs)})`,
      ),
    );
  }
  const lb = r.loadBalancer;
  if (lb.advertIntervalMs > lb.vipFailoverMs) {
    problems.push(
      errorAt(
        ['timing', 'loadBalancer', 'advertInterval'],
        `advertInterval ` +
          `(${formatDurationMs(lb.advertIntervalMs)}) must not exceed vipFailover ` +
          `(${formatDurationMs(lb.vipFailoverMs)}): the master-down interval is 3 x advert_int + skew`,
      ),
    );
  }
  const le = r.leaderElection;
  // client-go's NewLeaderElector rejects these (leaderelection.go).
  if (le.leaseDurationMs > 0 && le.leaseDurationMs <= le.renewDeadlineMs) {
    problems.push(
      errorAt(
        ['timing', 'leaderElection'],
        `leaseDuration ` +
          `(${formatDurationMs(le.leaseDurationMs)}) must be greater than renewDeadline ` +
          `(${formatDurationMs(le.renewDeadlineMs)}), as client-go requires`,
      ),
    );
  }
  if (le.renewDeadlineMs > 0 && le.renewDeadlineMs <= 1.2 * le.retryPeriodMs) {
    problems.push(
      errorAt(
        ['timing', 'leaderElection'],
        `renewDeadline ` +
          `(${formatDurationMs(le.renewDeadlineMs)}) must be greater than 1.2 x retryPeriod ` +
          `(${formatDurationMs(le.retryPeriodMs)}), as client-go requires`,
      ),
    );
  }
  return r;
}

function resolveFailures(
  f: NonNullable<ScenarioFile['failures']>,
  problems: PathProblem[],
): { [C in FailureClass]?: ResolvedFailure } {
  const out: { [C in FailureClass]?: ResolvedFailure } = {};
  for (const c of FAILURE_CLASSES) {
    const entry: FailureFile | undefined = f[c];
    if (!entry) continue;
    const given = entry.mttr !== undefined ? exponential(entry.mttr) : entry.ttr ? toDistribution(entry.ttr) : null;
    const observed = resolveObserved(c, entry, given, problems);
    if (observed === 'error') continue;
    const ttf =
      observed?.ttf ??
      (entry.mttf !== undefined ? exponential(entry.mttf) : entry.ttf ? toDistribution(entry.ttf) : null);
    const ttr = observed?.ttr ?? given;
    if (!ttf || !ttr) continue;
    const m = mean(ttf);
    if (!(m >= MIN_MEAN_TTF_MS)) {
      problems.push(
        errorAt(
          [
            'failures',
            c,
            entry.mttf !== undefined
              ? 'mttf'
              : entry.ttf !== undefined
                ? 'ttf'
                : entry.observed !== undefined
                  ? 'observed'
                  : 'sla',
          ],
          `a mean time to failure of ` +
            `${formatDurationMs(m)} is absurdly short (at least 1s): it would flood the simulation with events`,
        ),
      );
      continue;
    }
    out[c] = { ttf, ttr };
  }
  return out;
}

/**
 * docs/scenario-format.md: `observed` counts and `sla` -> an exponential time to failure (and, for an
 * SLA without a repair time, the repair too), with the estimate and assumption stated as
 * a warning at the key. null when the entry uses neither; 'error' after pushing an error.
 */
function resolveObserved(
  c: FailureClass,
  entry: FailureFile,
  repair: Distribution | null,
  problems: PathProblem[],
): { ttf: Distribution; ttr: Distribution | null } | null | 'error' {
  const o = entry.observed;
  if (o !== undefined) {
    const population = o.population ?? 1;
    const est = poissonRate(o.failures, o.over * population);
    const perYear = (r: number) => (r * MS_PER.y).toPrecision(3);
    const exposure = `${population === 1 ? '' : `${population} x `}${roughDuration(o.over)}`;
    if (o.failures === 0 && (o.use ?? 'estimate') !== 'upper95') {
      problems.push(
        errorAt(
          ['failures', c, 'observed', 'failures'],
          `0 failures in ${exposure}: ` +
            `the point estimate is "never fails"; use: upper95 simulates the 95% upper bound ` +
            `(${perYear(est.upperPerMs)}/y, mttf ${roughDuration(1 / est.upperPerMs)})`,
        ),
      );
      return 'error';
    }
    const use = o.use ?? 'estimate';
    const rate = use === 'upper95' ? est.upperPerMs : use === 'lower95' ? est.lowerPerMs : est.ratePerMs;
    const weak =
      o.failures === 0
        ? '; with no failure seen only an upper bound is known'
        : o.failures < WEAK_EVENTS
          ? `; only ${o.failures} failure${o.failures === 1 ? '' : 's'}: a weak estimate (the ` +
            `interval spans a factor of ${(est.upperPerMs / est.lowerPerMs).toFixed(1)})`
          : '';
    const what = use === 'upper95' ? 'the 95% upper bound' : use === 'lower95' ? 'the 95% lower bound' : 'the estimate';
    problems.push(
      warningAt(
        ['failures', c, 'observed'],
        `${o.failures} failures in ${exposure}: ` +
          `${perYear(est.ratePerMs)}/y per component, exact 95% interval ` +
          `${perYear(est.lowerPerMs)}-${perYear(est.upperPerMs)}/y; simulating ${what} (mttf ` +
          `${roughDuration(1 / rate)})${weak}`,
      ),
    );
    return { ttf: exponential(1 / rate), ttr: null };
  }
  if (entry.sla === undefined) return null;
  if (entry.sla >= 1 || entry.sla <= 0) {
    problems.push(
      errorAt(
        ['failures', c, 'sla'],
        `an availability of ${entry.sla * 100}% gives no ` +
          `failure/repair pair; use a value strictly between 0% and 100%`,
      ),
    );
    return 'error';
  }
  const pair = slaPair(entry.sla, repair === null ? null : mean(repair));
  problems.push(
    warningAt(
      ['failures', c, 'sla'],
      `sla ${Number((entry.sla * 100).toPrecision(10))}% -> mttf ` +
        `${roughDuration(pair.mttfMs)}, mean repair ${roughDuration(pair.mttrMs)}; assumed: ` +
        `${pair.assumption}`,
    ),
  );
  return { ttf: exponential(pair.mttfMs), ttr: repair ?? exponential(pair.mttrMs) };
}

function exponential(meanMs: number): Distribution {
  return { kind: 'exponential', meanMs };
}

/** A shape-valid distribution mapping -> the engine's Distribution. */
export function toDistribution(d: DistributionFile): Distribution | null {
  if (d.exponential) return { kind: 'exponential', meanMs: d.exponential.mean };
  if (d.weibull) return { kind: 'weibull', shape: d.weibull.shape, scaleMs: d.weibull.scale };
  if (d.lognormal) return { kind: 'lognormal', medianMs: d.lognormal.median, sigma: d.lognormal.sigma };
  if (d.fixed !== undefined) return { kind: 'fixed', valueMs: d.fixed };
  if (d.uniform) return { kind: 'uniform', minMs: d.uniform.min, maxMs: d.uniform.max };
  if (d.quantiles) {
    const [a, b] = Object.entries(d.quantiles).map(([k, ms]) => ({ p: Number(k.slice(1)) / 100, ms }));
    const fit = a && b ? lognormalFromQuantiles(a, b) : null;
    return fit && { kind: 'lognormal', medianMs: fit.medianMs, sigma: fit.sigma };
  }
  return null;
}

/** How many components a failure class covers in a topology. */
export function componentCount(c: FailureClass, t: ResolvedTopology): number {
  switch (c) {
    case 'zone':
      return t.zones.length;
    case 'host':
      return t.hosts.length;
    case 'etcd':
    case 'apiserver':
    case 'controller-manager':
    case 'scheduler':
      return t.hosts.filter((h) => h.runs.includes(c)).length;
    case 'loadBalancer':
      return t.loadBalancer.instances.length;
    case 'etcdHang':
      return t.hosts.filter((h) => h.runs.includes('etcd')).length;
    case 'apiserverHang':
      return t.hosts.filter((h) => h.runs.includes('apiserver')).length;
    default:
      return assertNever(c);
  }
}

function warnFailures(
  failures: { [C in FailureClass]?: ResolvedFailure },
  t: ResolvedTopology,
  horizonMs: number,
  problems: PathProblem[],
): void {
  let perRun = 0;
  for (const c of FAILURE_CLASSES) {
    const f = failures[c];
    if (!f) continue;
    // A class with no component here (loadBalancer without an LB) is fine: baselines share one block.
    const n = componentCount(c, t);
    perRun += (n * horizonMs) / (mean(f.ttf) + mean(f.ttr));
  }
  if (perRun > 1e6) {
    problems.push(
      warningAt(['failures'], `about ${perRun.toExponential(1)} failures per replication: the simulation will be slow`),
    );
  }
}
