/**
 * `faults:` -> ResolvedFault[]: targets checked against the resolved topology (with a
 * did-you-mean), partition groups expanded to host names and checked disjoint, rolling
 * upgrades expanded to a host order, times checked against the horizon, then sorted by
 * time (stable).
 */
import type { ResolvedFault, ResolvedTopology } from './types.ts';
import { errorAt, quote, suggestion, warningAt, type KeyPath, type PathProblem } from './problems.ts';
import { formatDurationMs } from '../units/format.ts';
import type { FaultFile } from './schema.ts';
import { assertNever } from '../engine/assert-never.ts';

/** Target kinds (the part before the slash). */
export const TARGET_KINDS = ['zone', 'host', 'etcd', 'apiserver', 'controller-manager', 'scheduler', 'lb'] as const;
/** Selectors resolved when a fault fires. */
export const SELECTORS: Readonly<Record<string, readonly string[]>> = {
  host: ['@etcd-leader', '@controller-manager-leader', '@scheduler-leader'],
  etcd: ['@leader'],
};

/** Resolves and sorts the faults; invalid ones are left out (their problems are pushed). */
export function resolveFaults(
  faults: readonly FaultFile[],
  topo: ResolvedTopology,
  horizonMs: number,
  problems: PathProblem[],
): ResolvedFault[] {
  const out: ResolvedFault[] = [];
  faults.forEach((f, index) => {
    const at: KeyPath = ['faults', index];
    if (f.at >= horizonMs) {
      problems.push(
        errorAt(
          [...at, 'at'],
          `fault at ${formatDurationMs(f.at)} is not inside the ` + `horizon (${formatDurationMs(horizonMs)})`,
        ),
      );
    }
    const r = resolveOne(f, index, at, topo, horizonMs, problems);
    if (r) out.push(r);
  });
  // Array.prototype.sort is stable: equal times keep file order.
  return out.sort((a, b) => a.atMs - b.atMs);
}

function resolveOne(
  f: FaultFile,
  index: number,
  at: KeyPath,
  topo: ResolvedTopology,
  horizonMs: number,
  problems: PathProblem[],
): ResolvedFault | null {
  const atMs = f.at;
  if (f.down !== undefined) {
    const ok = checkTarget(f.down, [...at, 'down'], topo, problems, true);
    return ok ? { kind: 'down', atMs, target: f.down, forMs: f.for ?? null, index } : null;
  }
  if (f.hang !== undefined) {
    const kind = f.hang.slice(0, f.hang.indexOf('/'));
    if (kind !== 'etcd' && kind !== 'apiserver' && f.hang.includes('/')) {
      problems.push(
        errorAt(
          [...at, 'hang'],
          `only etcd and apiserver processes hang (SIGSTOP), not ` + `${quote(f.hang)}; use down: for other components`,
        ),
      );
      return null;
    }
    const ok = checkTarget(f.hang, [...at, 'hang'], topo, problems, true);
    return ok ? { kind: 'down', atMs, target: f.hang, forMs: f.for ?? null, index, hang: true } : null;
  }
  if (f.up !== undefined) {
    const ok = checkTarget(f.up, [...at, 'up'], topo, problems, false);
    return ok ? { kind: 'up', atMs, target: f.up, index } : null;
  }
  if (f.partition !== undefined) {
    const groups = expandPartition(f.partition, [...at, 'partition'], topo, problems);
    return groups
      ? {
          kind: 'partition',
          atMs,
          groups,
          groupLabels: f.partition.map((g) => [...g]),
          traffic: f.traffic ?? 'all',
          forMs: f.for ?? null,
          index,
        }
      : null;
  }
  if (f.heal !== undefined) return { kind: 'heal', atMs, index };
  if (f.rollingUpgrade !== undefined) {
    const u = f.rollingUpgrade;
    const hosts = upgradeHosts(u.hosts, [...at, 'rollingUpgrade', 'hosts'], topo, problems);
    if (!hosts) return null;
    const gapMs = u.gap ?? 0;
    const endMs = atMs + hosts.length * u.perHost + (hosts.length - 1) * gapMs;
    if (endMs > horizonMs && atMs < horizonMs) {
      problems.push(
        warningAt(
          [...at, 'rollingUpgrade'],
          `the upgrade ends at ` +
            `${formatDurationMs(endMs)}, after the horizon (${formatDurationMs(horizonMs)}); the last hosts are ` +
            `never upgraded`,
        ),
      );
    }
    return { kind: 'rolling-upgrade', atMs, hosts, perHostMs: u.perHost, gapMs, index };
  }
  return null;
}

/** The component ids of a topology, by target kind. */
function componentNames(topo: ResolvedTopology, kind: (typeof TARGET_KINDS)[number]): string[] {
  switch (kind) {
    case 'zone':
      return [...topo.zones];
    case 'host':
      return topo.hosts.map((h) => h.name);
    case 'etcd':
    case 'apiserver':
    case 'controller-manager':
    case 'scheduler':
      return topo.hosts.filter((h) => h.runs.includes(kind)).map((h) => h.name);
    case 'lb':
      return topo.loadBalancer.instances.map((i) => i.slice('lb/'.length));
    default:
      return assertNever(kind);
  }
}

/** Checks a `down`/`up` target; pushes a problem and returns false when it names nothing. */
export function checkTarget(
  target: string,
  path: KeyPath,
  topo: ResolvedTopology,
  problems: PathProblem[],
  allowSelector: boolean,
): boolean {
  const slash = target.indexOf('/');
  if (slash < 0) {
    const hint = topo.hosts.some((h) => h.name === target)
      ? `; did you mean "host/${target}"?`
      : topo.zones.includes(target)
        ? `; did you mean "zone/${target}"?`
        : '';
    problems.push(
      errorAt(
        path,
        `expected a target KIND/NAME such as "host/cp-1", "zone/a" or ` +
          `"etcd/@leader", found ${quote(target)}${hint}`,
      ),
    );
    return false;
  }
  const kind = target.slice(0, slash);
  const name = target.slice(slash + 1);
  if (!(TARGET_KINDS as readonly string[]).includes(kind)) {
    problems.push(
      errorAt(
        path,
        `unknown target kind ${quote(kind)} in ${quote(target)}${suggestion(kind, TARGET_KINDS, 'kinds are')}`,
      ),
    );
    return false;
  }
  const k = kind as (typeof TARGET_KINDS)[number];
  if (name.startsWith('@')) return checkSelector(k, name, target, path, problems, allowSelector);
  const names = componentNames(topo, k);
  if (names.includes(name)) return true;
  problems.push(errorAt(path, unknownTargetMessage(k, name, target, names, topo)));
  return false;
}

function checkSelector(
  k: string,
  name: string,
  target: string,
  path: KeyPath,
  problems: PathProblem[],
  allowSelector: boolean,
): boolean {
  const allowed = SELECTORS[k] ?? [];
  const all = Object.entries(SELECTORS).flatMap(([kk, ss]) => ss.map((s) => `${kk}/${s}`));
  if (!allowed.includes(name)) {
    problems.push(errorAt(path, `unknown selector ${quote(target)}${suggestion(target, all, 'selectors are')}`));
    return false;
  }
  if (!allowSelector) {
    problems.push(
      errorAt(
        path,
        `"up" needs a named component, not the selector ${quote(target)} ` +
          `(resolved only when a down fires); give that down a "for" instead`,
      ),
    );
    return false;
  }
  return true;
}

function unknownTargetMessage(
  k: string,
  name: string,
  target: string,
  names: readonly string[],
  topo: ResolvedTopology,
): string {
  if (k === 'lb' && topo.loadBalancer.kind === 'none')
    return `${quote(target)}: there is no load ` + `balancer (topology.loadBalancer.kind is "none")`;
  if (k !== 'zone' && k !== 'host' && k !== 'lb' && topo.hosts.some((h) => h.name === name)) {
    return `host ${quote(name)} does not run ${k}; ${k} runs on ${names.map(quote).join(', ') || 'no host'}`;
  }
  const noun = k === 'zone' ? 'zone' : k === 'lb' ? 'load-balancer instance' : k === 'host' ? 'host' : `${k} host`;
  return `unknown ${noun} ${quote(name)} in ${quote(target)}${suggestion(name, names, `${noun}s are`)}`;
}

function expandPartition(
  groups: readonly (readonly string[])[],
  path: KeyPath,
  topo: ResolvedTopology,
  problems: PathProblem[],
): string[][] | null {
  const owner = new Map<string, string>();
  const out: string[][] = [];
  let ok = true;
  groups.forEach((g, gi) => {
    const hosts: string[] = [];
    g.forEach((member, mi) => {
      const p: KeyPath = [...path, gi, mi];
      const expanded = expandMember(member, p, topo, problems);
      if (!expanded) {
        ok = false;
        return;
      }
      for (const h of expanded) {
        const prev = owner.get(h);
        if (prev !== undefined) {
          problems.push(
            errorAt(
              p,
              `partition groups must be disjoint: host ${quote(h)} (from ${quote(member)}) is already in ${prev}`,
            ),
          );
          ok = false;
        } else {
          owner.set(h, `group ${gi + 1} (via ${quote(member)})`);
          hosts.push(h);
        }
      }
    });
    out.push(hosts.sort());
  });
  return ok ? out : null;
}

function expandMember(member: string, path: KeyPath, topo: ResolvedTopology, problems: PathProblem[]): string[] | null {
  const slash = member.indexOf('/');
  const kind = slash < 0 ? '' : member.slice(0, slash);
  const name = member.slice(slash + 1);
  if (kind === 'zone' && topo.zones.includes(name)) {
    const hosts = topo.hosts.filter((h) => h.zone === name).map((h) => h.name);
    if (hosts.length === 0) problems.push(warningAt(path, `zone ${quote(name)} holds no host`));
    return hosts;
  }
  if (kind === 'host' && topo.hosts.some((h) => h.name === name)) return [name];
  const candidates = [...topo.zones.map((z) => `zone/${z}`), ...topo.hosts.map((h) => `host/${h.name}`)];
  const bare = slash < 0 ? candidates.find((c) => c.endsWith(`/${member}`)) : undefined;
  const hint = bare ? `; did you mean ${quote(bare)}?` : suggestion(member, candidates, 'members are');
  problems.push(errorAt(path, `expected zone/NAME or host/NAME of this topology, found ${quote(member)}${hint}`));
  return null;
}

function upgradeHosts(
  spec: string | readonly string[],
  path: KeyPath,
  topo: ResolvedTopology,
  problems: PathProblem[],
): string[] | null {
  if (typeof spec === 'string') {
    const pick =
      spec === 'control-plane'
        ? topo.hosts.filter((h) => h.runs.includes('apiserver'))
        : spec === 'etcd'
          ? topo.hosts.filter((h) => h.runs.includes('etcd'))
          : topo.hosts;
    return pick.map((h) => h.name);
  }
  const names = topo.hosts.map((h) => h.name);
  const out: string[] = [];
  let ok = true;
  spec.forEach((raw, i) => {
    const name = raw.startsWith('host/') ? raw.slice('host/'.length) : raw;
    if (!names.includes(name)) {
      problems.push(errorAt([...path, i], `unknown host ${quote(raw)}${suggestion(name, names, 'hosts are')}`));
      ok = false;
    } else if (out.includes(name)) {
      problems.push(errorAt([...path, i], `host ${quote(name)} is listed twice`));
      ok = false;
    } else {
      out.push(name);
    }
  });
  return ok ? out : null;
}
