/**
 * `operations:` -> ResolvedOperations: durations and distributions resolved, upgrade hosts
 * checked against the topology (with a did-you-mean), and the cross-field checks the shape
 * cannot express (a rate or scripted times for each random process, a window shorter than
 * the cadence, a load-balancer change only where there is a load balancer, random
 * partitions not mixed with scripted ones, scripted times inside the horizon).
 */
import type { Distribution } from '../engine/distributions.ts';
import { mean } from '../engine/distributions.ts';
import { formatDurationMs } from '../units/format.ts';
import type {
  OperationFailure,
  ResolvedCertificates,
  ResolvedChanges,
  ResolvedDefrag,
  ResolvedEtcdSpace,
  ResolvedOperations,
  ResolvedSlowDisk,
  ResolvedUpgrades,
} from './operations-types.ts';
import { errorAt, quote, suggestion, type KeyPath, type PathProblem } from './problems.ts';
import type { DistributionFile, FailureFile, OperationsFile } from './schema.ts';
import type { ResolvedFault, ResolvedTopology } from './types.ts';

type Ops = OperationsFile;
type TimeSpec = number | DistributionFile;
type Section<K extends keyof Ops> = Exclude<NonNullable<Ops[K]>, 'none'>;

const OPS: KeyPath = ['operations'];
/** Names of dependencies (they become component ids `dependency/<name>`). */
const DEPENDENCY_NAME = /^[a-z][a-z0-9-]{0,30}$/;
/** Random processes whose mean time between events is below this are rejected (event floods). */
export const MIN_OPERATION_MEAN_MS = 60_000;

/** Resolves the block; problems are pushed, and a section with an error resolves to null. */
export function resolveOperations(
  file: Ops,
  topo: ResolvedTopology,
  faults: readonly ResolvedFault[],
  horizonMs: number,
  problems: PathProblem[],
): ResolvedOperations {
  const ctx: Ctx = { topo, horizonMs, problems };
  const sec = <K extends keyof Ops>(k: K): Section<K> | null => {
    const v = file[k];
    return v === undefined || v === 'none' ? null : (v as Section<K>);
  };
  const partitions = sec('partitions');
  if (partitions !== null && faults.some((f) => f.kind === 'partition' || f.kind === 'heal')) {
    problems.push(
      errorAt(
        [...OPS, 'partitions'],
        'random partitions cannot be combined with ' +
          'scripted partition or heal faults (both would own the one partition state); drop one of them',
      ),
    );
  }
  const changes = sec('changes');
  const dependencies = Object.entries(file.dependencies ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, f]) => {
      if (!DEPENDENCY_NAME.test(name)) {
        problems.push(
          errorAt(
            [...OPS, 'dependencies', name],
            `dependency name ${quote(name)}: ` +
              `expected lowercase letters, digits and "-", starting with a letter (dns, iam, cloud-lb)`,
          ),
        );
      }
      return { name, failure: failureOf(f, [...OPS, 'dependencies', name], problems) };
    });
  const region = sec('region');
  return {
    profile: file.profile ?? null,
    upgrades: upgradesOf(sec('upgrades'), ctx),
    changes: changes === null ? null : changesOf(changes, ctx),
    certificates: certificatesOf(sec('certificates')),
    etcdSpace: etcdSpaceOf(sec('etcdSpace'), ctx),
    slowDisk: slowDiskOf(sec('slowDisk'), ctx),
    defrag: defragOf(sec('defrag'), ctx),
    region: region === null ? null : failureOf(region, [...OPS, 'region'], problems),
    dependencies,
    partitions:
      partitions === null
        ? null
        : {
            everyMs: partitions.every,
            duration: dist(partitions.duration),
            scope: partitions.scope ?? 'zone',
            traffic: partitions.traffic ?? 'all',
          },
  };
}

interface Ctx {
  readonly topo: ResolvedTopology;
  readonly horizonMs: number;
  readonly problems: PathProblem[];
}

/** A duration is a fixed distribution; a mapping is converted. */
export function dist(t: TimeSpec): Distribution {
  if (typeof t === 'number') return { kind: 'fixed', valueMs: t };
  if (t.exponential) return { kind: 'exponential', meanMs: t.exponential.mean };
  if (t.weibull) return { kind: 'weibull', shape: t.weibull.shape, scaleMs: t.weibull.scale };
  if (t.lognormal) return { kind: 'lognormal', medianMs: t.lognormal.median, sigma: t.lognormal.sigma };
  if (t.uniform) return { kind: 'uniform', minMs: t.uniform.min, maxMs: t.uniform.max };
  return { kind: 'fixed', valueMs: t.fixed ?? 0 };
}

function failureOf(f: FailureFile, at: KeyPath, problems: PathProblem[]): OperationFailure {
  const ttf: Distribution =
    f.mttf !== undefined
      ? { kind: 'exponential', meanMs: f.mttf }
      : f.ttf
        ? dist(f.ttf)
        : { kind: 'fixed', valueMs: 0 };
  const ttr: Distribution =
    f.mttr !== undefined
      ? { kind: 'exponential', meanMs: f.mttr }
      : f.ttr
        ? dist(f.ttr)
        : { kind: 'fixed', valueMs: 0 };
  const m = mean(ttf);
  if (!(m >= MIN_OPERATION_MEAN_MS)) {
    problems.push(
      errorAt(
        [...at, f.mttf !== undefined ? 'mttf' : 'ttf'],
        `a mean time to failure of ` +
          `${formatDurationMs(m)} is absurdly short for an operational event (at least 1m)`,
      ),
    );
  }
  return { ttf, ttr };
}

/** Random `every` or scripted `at` (or both), and scripted times inside the horizon. */
function rateOrTimes(
  every: number | undefined,
  at: readonly number[] | undefined,
  path: KeyPath,
  ctx: Ctx,
  rateKey = 'every',
): readonly number[] {
  if (every === undefined && at === undefined) {
    ctx.problems.push(errorAt(path, `give ${quote(rateKey)} (a random rate) or "at" (scripted times), or both`));
  }
  (at ?? []).forEach((t, i) => {
    if (t >= ctx.horizonMs)
      ctx.problems.push(
        errorAt(
          [...path, 'at', i],
          `${formatDurationMs(t)} is ` + `not inside the horizon (${formatDurationMs(ctx.horizonMs)})`,
        ),
      );
  });
  if (every !== undefined && every < MIN_OPERATION_MEAN_MS) {
    ctx.problems.push(
      errorAt(
        [...path, rateKey],
        `every ${formatDurationMs(every)} is absurdly ` + `often for an operational event (at least 1m)`,
      ),
    );
  }
  return [...(at ?? [])].sort((a, b) => a - b);
}

function upgradeHosts(spec: Section<'upgrades'>['hosts'], ctx: Ctx): string[] {
  const t = ctx.topo;
  const all = t.hosts.map((h) => h.name);
  const path: KeyPath = [...OPS, 'upgrades', 'hosts'];
  if (spec === undefined || spec === 'control-plane')
    return t.hosts.filter((h) => h.runs.includes('apiserver')).map((h) => h.name);
  if (spec === 'etcd') return t.hosts.filter((h) => h.runs.includes('etcd')).map((h) => h.name);
  if (spec === 'all') return all;
  const seen = new Set<string>();
  spec.forEach((name, i) => {
    if (!all.includes(name))
      ctx.problems.push(errorAt([...path, i], `unknown host ${quote(name)}${suggestion(name, all, 'hosts are')}`));
    else if (seen.has(name)) ctx.problems.push(errorAt([...path, i], `host ${quote(name)} is listed twice`));
    seen.add(name);
  });
  return spec.filter((n) => all.includes(n));
}

function upgradesOf(u: Section<'upgrades'> | null, ctx: Ctx): ResolvedUpgrades | null {
  if (u === null) return null;
  const path: KeyPath = [...OPS, 'upgrades'];
  const windowMs = u.window ?? 0;
  if (windowMs >= u.every) {
    ctx.problems.push(
      errorAt(
        [...path, 'window'],
        `the maintenance window ` +
          `(${formatDurationMs(windowMs)}) must be shorter than the cadence every ${formatDurationMs(u.every)}`,
      ),
    );
  }
  const hosts = upgradeHosts(u.hosts, ctx);
  const cycle = hosts.length * (u.perHost + (u.gap ?? 0));
  if (cycle >= u.every) {
    ctx.problems.push(
      errorAt(
        [...path, 'perHost'],
        `one cycle over ${hosts.length} hosts takes ` +
          `${formatDurationMs(cycle)}, not less than the cadence every ${formatDurationMs(u.every)}`,
      ),
    );
  }
  if (u.at !== undefined && u.at >= ctx.horizonMs) {
    ctx.problems.push(
      errorAt(
        [...path, 'at'],
        `${formatDurationMs(u.at)} is not inside the horizon (${formatDurationMs(ctx.horizonMs)})`,
      ),
    );
  }
  return {
    everyMs: u.every,
    windowMs,
    firstAtMs: u.at ?? null,
    hosts,
    perHostMs: u.perHost,
    gapMs: u.gap ?? 0,
    policy: u.policy ?? 'in-place',
    healthGate: u.healthGate ?? true,
    gateRetryMs: u.gateRetry ?? 60_000,
    failureProbability: u.failure?.probability ?? 0,
    repair: u.failure ? dist(u.failure.repair) : { kind: 'fixed', valueMs: 0 },
  };
}

function changesOf(c: Section<'changes'>, ctx: Ctx): ResolvedChanges {
  const path: KeyPath = [...OPS, 'changes'];
  const atMs = rateOrTimes(c.every, c.at, path, ctx);
  const component = c.component ?? 'apiserver';
  if (component === 'load-balancer' && ctx.topo.loadBalancer.kind === 'none') {
    ctx.problems.push(
      errorAt(
        [...path, 'component'],
        'a load-balancer change needs a load ' + 'balancer; topology.loadBalancer.kind is "none"',
      ),
    );
  }
  return {
    everyMs: c.every ?? null,
    atMs,
    rollout: c.rollout,
    component,
    detect: dist(c.detect),
    rollback: dist(c.rollback),
  };
}

function certificatesOf(c: Section<'certificates'> | null): ResolvedCertificates | null {
  if (c === null) return null;
  return {
    validityMs: c.validity ?? 365 * 86_400_000,
    renewal: c.renewal ?? 'upgrades',
    ageMs: c.age ?? null,
    manualRenewal: dist(c.manualRenewal),
  };
}

function etcdSpaceOf(e: Section<'etcdSpace'> | null, ctx: Ctx): ResolvedEtcdSpace | null {
  if (e === null) return null;
  const path: KeyPath = [...OPS, 'etcdSpace'];
  const fill = e.fill === undefined ? null : dist(e.fill);
  const atMs = rateOrTimes(fill === null ? undefined : mean(fill), e.at, path, ctx, 'fill');
  return { fill, atMs, recovery: dist(e.recovery) };
}

function slowDiskOf(s: Section<'slowDisk'> | null, ctx: Ctx): ResolvedSlowDisk | null {
  if (s === null) return null;
  const atMs = rateOrTimes(s.every, s.at, [...OPS, 'slowDisk'], ctx);
  return { everyMs: s.every ?? null, atMs, duration: dist(s.duration), electionsEveryMs: s.electionsEvery ?? 60_000 };
}

function defragOf(d: Section<'defrag'> | null, ctx: Ctx): ResolvedDefrag | null {
  if (d === null) return null;
  const members = ctx.topo.hosts.filter((h) => h.runs.includes('etcd')).length;
  const gap = d.gap ?? 60_000;
  if (members * (d.perMember + gap) >= d.every) {
    ctx.problems.push(
      errorAt(
        [...OPS, 'defrag', 'perMember'],
        `a pass over ${members} members ` +
          `takes ${formatDurationMs(members * (d.perMember + gap))}, not less than every ` +
          `${formatDurationMs(d.every)}`,
      ),
    );
  }
  if (d.at !== undefined && d.at >= ctx.horizonMs) {
    ctx.problems.push(
      errorAt(
        [...OPS, 'defrag', 'at'],
        `${formatDurationMs(d.at)} is not inside ` + `the horizon (${formatDurationMs(ctx.horizonMs)})`,
      ),
    );
  }
  return { everyMs: d.every, firstAtMs: d.at ?? null, perMemberMs: d.perMember, gapMs: gap };
}
