/**
 * `topology:` -> ResolvedTopology: zones named, counts expanded into hosts placed
 * round-robin, load-balancer instances and defaults filled in, then the cross-field
 * checks of the topology (unique names, zones that exist, endpoints that make sense) and
 * its warnings (even etcd member counts, zone placements that cannot survive a zone loss).
 */
import { quorumOf } from './quorum.ts';
import type {
  LoadBalancerKind,
  ProcessKind,
  ResolvedHealthCheck,
  ResolvedLoadBalancer,
  ResolvedTopology,
} from './types.ts';
import { PROCESS_KINDS } from './types.ts';
import { errorAt, quote, suggestion, warningAt, type KeyPath, type PathProblem } from './problems.ts';
import type { ScenarioFile } from './schema.ts';
import { assertNever } from '../engine/assert-never.ts';

type TopologyFile = ScenarioFile['topology'];
type MutableHost = { name: string; zone: string; runs: ProcessKind[] };

const T = 'topology';
const CONTROL_PLANE_RUNS: readonly ProcessKind[] = ['apiserver', 'controller-manager', 'scheduler'];

/** Zone names for a count: a, b, ..., z, aa, ab, ... */
export function zoneNames(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let n = i;
    let s = '';
    do {
      s = String.fromCharCode(97 + (n % 26)) + s;
      n = Math.floor(n / 26) - 1;
    } while (n >= 0);
    out.push(s);
  }
  return out;
}

/**
 * Resolves the topology, pushing its problems. Returns the topology whenever hosts could
 * be built, even with errors, so later checks (faults) still run in the same pass; null
 * when nothing usable remains. The caller decides validity by counting errors.
 */
export function resolveTopology(t: TopologyFile, problems: PathProblem[]): ResolvedTopology | null {
  const zones = resolveZones(t, problems);
  const built = t.hosts ? explicitHosts(t, zones, problems) : presetHosts(t, zones, problems);
  if (!built) return null;
  const { kind, hosts } = built;
  const lb = resolveLoadBalancer(t, hosts, zones, problems);
  const loadBalancer =
    lb !== null && t.loadBalancer?.failOpen === true && lb.kind !== 'none' ? { ...lb, failOpen: true } : lb;
  if (t.loadBalancer?.failOpen === true && lb?.kind === 'none')
    problems.push(
      errorAt([T, 'loadBalancer', 'failOpen'], 'a load balancer of kind ' + '"none" routes nowhere; remove failOpen'),
    );
  const etcdEndpoints = resolveEndpoints(t, kind, hosts, problems);
  checkProcesses(hosts, problems);
  if (!loadBalancer) return null;
  warnTopology(t, hosts, zones, loadBalancer, problems);
  return {
    kind,
    zones,
    hosts: hosts.map((h) => ({ name: h.name, zone: h.zone, runs: sortRuns(h.runs) })),
    apiserver: { etcdEndpoints },
    loadBalancer,
  };
}

function resolveZones(t: TopologyFile, problems: PathProblem[]): string[] {
  if (typeof t.zones === 'number') return zoneNames(t.zones);
  if (Array.isArray(t.zones)) {
    const seen = new Map<string, number>();
    t.zones.forEach((z, i) => {
      const first = seen.get(z);
      if (first !== undefined)
        problems.push(errorAt([T, 'zones', i], `duplicate zone name ${quote(z)} (first at zones[${first}])`));
      else seen.set(z, i);
    });
    return [...seen.keys()];
  }
  if (t.hosts) {
    const names: string[] = [];
    for (const h of t.hosts) if (h.zone !== undefined && !names.includes(h.zone)) names.push(h.zone);
    return names.length > 0 ? names : ['a'];
  }
  return ['a'];
}

function presetHosts(t: TopologyFile, zones: readonly string[], problems: PathProblem[]) {
  const kind = t.kind;
  if (kind === undefined) {
    problems.push(
      errorAt(
        [T, 'kind'],
        'missing required key (expected "stacked" or "external", or list the hosts under topology.hosts)',
      ),
    );
    return null;
  }
  if (kind === 'custom') {
    problems.push(errorAt([T, 'kind'], 'kind "custom" needs an explicit host list under topology.hosts'));
    return null;
  }
  if (!t.controlPlane) {
    problems.push(
      errorAt([T, 'controlPlane'], 'missing required key (expected { count: N }: control-plane hosts cp-1..cp-N)'),
    );
  }
  if (kind === 'stacked' && t.etcd) {
    problems.push(
      errorAt(
        [T, 'etcd'],
        'a stacked topology runs etcd on the control-plane hosts; remove topology.etcd or use kind "external"',
      ),
    );
  }
  if (!t.controlPlane || (kind === 'stacked' && t.etcd)) return null;
  const hosts: MutableHost[] = [];
  const cpRuns: ProcessKind[] = kind === 'stacked' ? ['etcd', ...CONTROL_PLANE_RUNS] : [...CONTROL_PLANE_RUNS];
  for (let i = 0; i < t.controlPlane.count; i++) {
    hosts.push({ name: `cp-${i + 1}`, zone: zones[i % zones.length] ?? 'a', runs: [...cpRuns] });
  }
  // External etcd without a count gets as many members as control-plane hosts, so a sweep
  // over topology.kind=stacked,external compares like with like.
  const etcdCount = t.etcd?.count ?? t.controlPlane.count;
  for (let i = 0; kind === 'external' && i < etcdCount; i++) {
    hosts.push({ name: `etcd-${i + 1}`, zone: zones[i % zones.length] ?? 'a', runs: ['etcd'] });
  }
  return { kind, hosts };
}

function explicitHosts(t: TopologyFile, zones: readonly string[], problems: PathProblem[]) {
  const list = t.hosts ?? [];
  const kind = t.kind ?? 'custom';
  for (const key of ['controlPlane', 'etcd'] as const) {
    if (t[key] !== undefined) {
      problems.push(
        errorAt([T, key], `give either counts (controlPlane, etcd) or an explicit host list (hosts), not both`),
      );
    }
  }
  const hosts: MutableHost[] = [];
  const seen = new Map<string, number>();
  list.forEach((h, i) => {
    const at: KeyPath = [T, 'hosts', i];
    const first = seen.get(h.name);
    if (first !== undefined)
      problems.push(errorAt([...at, 'name'], `duplicate host name ${quote(h.name)} (first at hosts[${first}])`));
    seen.set(h.name, first ?? i);
    const zone = h.zone ?? zones[0] ?? 'a';
    if (!zones.includes(zone))
      problems.push(
        errorAt([...at, 'zone'], `unknown zone ` + `${quote(zone)}${suggestion(zone, zones, 'zones are')}`),
      );
    if (h.runs.length === 0) problems.push(errorAt([...at, 'runs'], 'a host must run at least one process'));
    h.runs.forEach((r, j) => {
      if (h.runs.indexOf(r) !== j) problems.push(warningAt([...at, 'runs', j], `${quote(r)} is listed twice`));
    });
    hosts.push({ name: h.name, zone, runs: [...new Set(h.runs as ProcessKind[])] });
  });
  checkPresetShape(kind, hosts, problems);
  return { kind, hosts };
}

/** A preset kind given with explicit hosts must match what the preset means. */
function checkPresetShape(
  kind: ResolvedTopology['kind'],
  hosts: readonly MutableHost[],
  problems: PathProblem[],
): void {
  hosts.forEach((h, i) => {
    const etcd = h.runs.includes('etcd');
    const api = h.runs.includes('apiserver');
    if (kind === 'stacked' && etcd !== api) {
      problems.push(
        errorAt(
          [T, 'hosts', i, 'runs'],
          `kind "stacked" runs etcd and apiserver together, but host ` +
            `${quote(h.name)} runs only ${etcd ? 'etcd' : 'apiserver'}; omit kind (custom) for mixed layouts`,
        ),
      );
    }
    if (kind === 'external' && etcd && api) {
      problems.push(
        errorAt(
          [T, 'hosts', i, 'runs'],
          `kind "external" keeps etcd apart, but host ` +
            `${quote(h.name)} runs both etcd and apiserver; omit kind (custom) for mixed layouts`,
        ),
      );
    }
  });
}

function resolveLoadBalancer(
  t: TopologyFile,
  hosts: MutableHost[],
  zones: readonly string[],
  problems: PathProblem[],
): ResolvedLoadBalancer | null {
  const loadBalancerKind: LoadBalancerKind = t.loadBalancer?.kind ?? 'none';
  const at: KeyPath = [T, 'loadBalancer'];
  const loadBalancerHosts = hosts.filter((h) => h.runs.includes('load-balancer'));
  const healthCheck = loadBalancerKind === 'none' ? null : resolveHealthCheck(t.loadBalancer?.healthCheck);
  if (loadBalancerKind === 'none' && t.loadBalancer?.healthCheck) {
    problems.push(
      errorAt([...at, 'healthCheck'], 'a load balancer of kind "none" has no health check; remove healthCheck'),
    );
  }
  switch (loadBalancerKind) {
    case 'none':
    case 'cloud': {
      if (loadBalancerHosts.length > 0) {
        problems.push(
          errorAt(
            [...at, 'kind'],
            `host ${quote(loadBalancerHosts[0]?.name ?? '')} runs load-balancer, but ` +
              `the load balancer kind is ${quote(loadBalancerKind)}; use haproxy or keepalived`,
          ),
        );
        return null;
      }
      if (loadBalancerKind === 'cloud')
        return {
          kind: loadBalancerKind,
          instances: ['lb/cloud'],
          instanceHosts: [null],
          directHost: null,
          healthCheck,
        };
      const direct = hosts.find((h) => h.runs.includes('apiserver'));
      return {
        kind: loadBalancerKind,
        instances: [],
        instanceHosts: [],
        directHost: direct?.name ?? null,
        healthCheck: null,
      };
    }
    case 'haproxy': {
      if (loadBalancerHosts.length > 1) {
        problems.push(
          errorAt(
            [...at, 'kind'],
            `haproxy is a single instance, but ${loadBalancerHosts.length} ` +
              `hosts run load-balancer; use keepalived for several`,
          ),
        );
        return null;
      }
      let host = loadBalancerHosts[0];
      if (!host) {
        if (hosts.some((h) => h.name === 'lb-1')) {
          problems.push(
            errorAt(
              [...at, 'kind'],
              'haproxy adds a host named "lb-1", but a host of ' +
                'that name already exists; let it run load-balancer instead',
            ),
          );
          return null;
        }
        host = { name: 'lb-1', zone: zones[0] ?? 'a', runs: ['load-balancer'] };
        hosts.push(host);
      }
      return {
        kind: loadBalancerKind,
        instances: [`lb/${host.name}`],
        instanceHosts: [host.name],
        directHost: null,
        healthCheck,
      };
    }
    case 'keepalived': {
      let instances = loadBalancerHosts;
      if (instances.length === 0) {
        instances = hosts.filter((h) => h.runs.includes('apiserver'));
        for (const h of instances) h.runs.push('load-balancer');
      }
      return {
        kind: loadBalancerKind,
        instances: instances.map((h) => `lb/${h.name}`),
        instanceHosts: instances.map((h) => h.name),
        directHost: null,
        healthCheck,
      };
    }
    default:
      return assertNever(loadBalancerKind);
  }
}

function resolveHealthCheck(h: NonNullable<TopologyFile['loadBalancer']>['healthCheck']): ResolvedHealthCheck {
  return { kind: h?.kind ?? 'http', intervalMs: h?.interval ?? 2000, fall: h?.fall ?? 3, rise: h?.rise ?? 2 };
}

function resolveEndpoints(
  t: TopologyFile,
  kind: ResolvedTopology['kind'],
  hosts: readonly MutableHost[],
  problems: PathProblem[],
): 'local' | 'all' {
  const apiHosts = hosts.filter((h) => h.runs.includes('apiserver'));
  const withoutEtcd = apiHosts.filter((h) => !h.runs.includes('etcd'));
  const given = t.apiserver?.etcdEndpoints;
  const dflt = kind === 'stacked' ? 'local' : kind === 'external' ? 'all' : withoutEtcd.length === 0 ? 'local' : 'all';
  const chosen = given ?? dflt;
  if (chosen === 'local' && withoutEtcd.length > 0) {
    const why =
      kind === 'external'
        ? 'an external topology has no etcd member on the apiserver hosts'
        : `host ${quote(withoutEtcd[0]?.name ?? '')} runs apiserver but no etcd member`;
    problems.push(
      errorAt(
        [T, 'apiserver', 'etcdEndpoints'],
        `"local" endpoints need an etcd member ` + `on every apiserver host, but ${why}; use "all"`,
      ),
    );
  }
  return chosen;
}

/** Every control plane needs etcd and an apiserver; controllers reach the API through their own host. */
function checkProcesses(hosts: readonly MutableHost[], problems: PathProblem[]): void {
  const where: KeyPath = [T];
  if (!hosts.some((h) => h.runs.includes('etcd')))
    problems.push(errorAt(where, 'no host runs etcd; at least one must'));
  if (!hosts.some((h) => h.runs.includes('apiserver')))
    problems.push(errorAt(where, 'no host runs apiserver; at least one must'));
  hosts.forEach((h, i) => {
    for (const p of ['controller-manager', 'scheduler'] as const) {
      if (h.runs.includes(p) && !h.runs.includes('apiserver')) {
        problems.push(
          errorAt(
            [T, 'hosts', i, 'runs'],
            `host ${quote(h.name)} runs ${p} but no apiserver; ${p} ` +
              `reaches the API through its own host's apiserver (kubeadm ${p}.conf)`,
          ),
        );
      }
    }
  });
  for (const p of ['controller-manager', 'scheduler'] as const) {
    if (!hosts.some((h) => h.runs.includes(p))) {
      problems.push(
        warningAt(
          where,
          `no host runs ${p}: the ` +
            `${p === 'scheduler' ? 'scheduler' : 'controllers'} SLI will be down all the time`,
        ),
      );
    }
  }
}

function warnTopology(
  t: TopologyFile,
  hosts: readonly MutableHost[],
  zones: readonly string[],
  lb: ResolvedLoadBalancer,
  problems: PathProblem[],
): void {
  const etcdHosts = hosts.filter((h) => h.runs.includes('etcd'));
  const m = etcdHosts.length;
  const q = quorumOf(m);
  const countPath: KeyPath = t.hosts
    ? [T, 'hosts']
    : t.kind === 'external'
      ? [T, 'etcd', 'count']
      : [T, 'controlPlane', 'count'];
  if (m % 2 === 0) {
    const tolerated = m - q;
    problems.push(
      warningAt(
        countPath,
        m === 2
          ? '2 etcd members need both for quorum (2), so either failure stops etcd: no more fault ' +
              'tolerance than 1 member and about twice the failures (facts §1)'
          : `an even number of etcd members (${m}) adds no fault tolerance: quorum is ${q}, so it ` +
              `survives ${tolerated} failure(s), the same as ${m - 1} members (facts §1)`,
      ),
    );
  }
  const zonePath: KeyPath = t.zones !== undefined ? [T, 'zones'] : [T];
  if (m >= 2) {
    let worst = zones[0] ?? 'a';
    let worstCount = -1;
    for (const z of zones) {
      const c = etcdHosts.filter((h) => h.zone === z).length;
      if (c > worstCount) [worst, worstCount] = [z, c];
    }
    if (m - worstCount < q) {
      problems.push(
        warningAt(
          zonePath,
          zones.length === 1 || worstCount === m
            ? `all ${m} etcd members are in zone ${quote(worst)}: a zone outage stops etcd (and the API)`
            : `losing zone ${quote(worst)} (${worstCount} of ${m} etcd members) leaves ` +
                `${m - worstCount}, below the quorum of ${q}: this placement cannot survive a zone outage; no zone ` +
                `may hold half or more of the members (3 zones for 3 or 5 members; facts §7)`,
        ),
      );
    }
  }
  const empty = zones.filter((z) => !hosts.some((h) => h.zone === z));
  if (empty.length > 0) problems.push(warningAt(zonePath, `zone(s) ${empty.map(quote).join(', ')} hold no host`));
  const apiHosts = hosts.filter((h) => h.runs.includes('apiserver')).length;
  if (t.loadBalancer === undefined && lb.kind === 'none' && apiHosts > 1) {
    problems.push(
      warningAt(
        [T],
        `no loadBalancer given, so clients use ${quote(lb.directHost ?? '')} directly ` +
          `and the other ${apiHosts - 1} apiserver(s) add no API availability; say loadBalancer: { kind: none ` +
          `} to silence this`,
      ),
    );
  }
}

function sortRuns(runs: readonly ProcessKind[]): ProcessKind[] {
  return PROCESS_KINDS.filter((p) => runs.includes(p));
}
