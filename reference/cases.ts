/**
 * The reference cases, as pure data: what each one measures on the real components, the
 * scripted simulator scenario that stands for the same fault, and how the simulated outage
 * is read from `explain --json`. The scenario files under reference/scenarios/ are
 * generated from these definitions (`scenarioYaml`), and a test checks they are current.
 */
import { API_WRITE_SHARE } from '../src/model/apiservers.ts';
import type { ExplainJson } from '../src/report/explain.ts';
import { SHARE_VERDICT_RULE, type VerdictRule } from './stats.ts';

/** The component a case tests (`etcd-client`: kube-apiserver's etcd client, clientv3). */
export type Component = 'etcd' | 'etcd-client' | 'haproxy' | 'keepalived';

/** Which outage of a simulated run a case compares with. */
export type Extractor =
  /** Length of the `etcd` SLI outage that starts within 1 s of `afterS` (default: the fault); 0 when there is none. */
  | { readonly kind: 'write-outage'; readonly afterS?: number }
  /** Delay from the fault to the minority etcd leader stepping down. */
  | { readonly kind: 'step-down' }
  /** Delay from `afterS` to the health-check event of `target` saying `removed` or `back`. */
  | {
      readonly kind: 'health-check';
      readonly target: string;
      readonly change: 'removed' | 'back';
      readonly afterS: number;
    }
  /** Delay from `afterS` to the next VIP move (to `to`, an lb/... target, when given). */
  | { readonly kind: 'vip-move'; readonly afterS: number; readonly to?: string }
  /**
   * From the model's `requestImpact` after the fault: `hang` = seconds from the fault to the
   * end of the last impact interval starting within 5 s of it (0 without one); `share` /
   * `failed` = the time-averaged affected / failed share of API requests over
   * [fault, fault + max(hang, 1 s)), as the measured side counts requests over that window.
   */
  | { readonly kind: 'request-impact'; readonly metric: 'hang' | 'share' | 'failed' }
  /** 1 when an apiserver leaves load-balancer rotation within 60 s of the fault, else 0. */
  | { readonly kind: 'apiserver-out' };

/**
 * One interval of the model's request-level impact (issue 19's `requestImpact` on
 * `explain --json`, src/model/request-impact.ts): from/to in seconds; shares of all API
 * requests that hang there (on a ready apiserver's lost etcd member; they end late or
 * fail) and that fail (outright on a not-ready backend, plus the writes among the hung).
 */
export type RequestImpact = ExplainJson['requestImpact'][number];

/** The `requestImpact` of a run (SPEC §7 `explain --json`). */
export function requestImpactOf(run: ExplainJson): readonly RequestImpact[] {
  return run.requestImpact;
}

/**
 * The share of requests an interval affects (hung or failed). The model's shares overlap:
 * failedShare = (1 − ready share) + API_WRITE_SHARE × hungShare (request-impact.ts), and
 * hung requests are on ready backends, so the affected share is the not-ready ones plus
 * every hung one: failedShare + (1 − API_WRITE_SHARE) × hungShare. With every backend
 * ready (the client cases: one client, no load balancer in the way) that is hungShare.
 */
export const affectedShareOf = (i: RequestImpact): number =>
  Math.min(1, i.failedShare + (1 - API_WRITE_SHARE) * i.hungShare);

/** The time average over [a, b) of min(1, sum of `share` over the intervals covering t). */
export function timeAverage(
  xs: readonly RequestImpact[],
  a: number,
  b: number,
  share: (i: RequestImpact) => number,
): number {
  if (!(b > a)) return 0;
  const cuts = [...new Set([a, b, ...xs.flatMap((i) => [i.from, i.to]).filter((t) => t > a && t < b)])].sort(
    (p, q) => p - q,
  );
  let sum = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const lo = cuts[k]!;
    const hi = cuts[k + 1]!;
    const mid = (lo + hi) / 2;
    const level = Math.min(
      1,
      xs.filter((i) => i.from <= mid && i.to > mid).reduce((s, i) => s + share(i), 0),
    );
    sum += level * (hi - lo);
  }
  return sum / (b - a);
}

/** The `request-impact` metric of a run with the fault at `faultS`. */
export function requestImpactMetric(
  xs: readonly RequestImpact[],
  faultS: number,
  metric: 'hang' | 'share' | 'failed',
): number {
  const near = xs.filter(
    (i) => i.from >= faultS - 1e-9 && i.from < faultS + 5 && i.to > i.from && affectedShareOf(i) > 0,
  );
  const hang = near.reduce((m, i) => Math.max(m, i.to - faultS), 0);
  if (metric === 'hang') return hang;
  const end = faultS + Math.max(hang, 1);
  return timeAverage(xs, faultS, end, metric === 'share' ? affectedShareOf : (i) => i.failedShare);
}

/** One reference case. */
export interface ReferenceCase {
  readonly name: string;
  readonly component: Component;
  /** What the number is, in words (for the report and the docs table). */
  readonly measures: string;
  /** Which experiment on the real components yields it (several cases can share one). */
  readonly experiment: string;
  /** The scripted scenario for the simulator (`topology` and `faults` YAML, flow style). */
  readonly scenario: { readonly topology: string; readonly faults: readonly string[]; readonly timing?: string };
  readonly extract: Extractor;
  /**
   * Simulator seeds at most, below `--seeds` (quick and full runs): for scenarios whose
   * model answer barely varies and whose runs are slow enough to matter for the time limit.
   */
  readonly maxSeeds?: { readonly quick: number; readonly full: number };
  /** The verdict rule when not the default (share-valued cases: {@link SHARE_VERDICT_RULE}). */
  readonly rule?: VerdictRule;
}

/** The fault time of every reference scenario, in seconds (1h). */
export const FAULT_AT_S = 3600;

/**
 * The stand-in's /healthz answers 500 while its process keeps running: no restart, so no
 * start-up time. The model has no "unhealthy but running" fault, so the case takes the
 * apiserver down with a zero start-up (`timing.apiserver.startup`, facts §2).
 */
const HEALTHZ_ONLY = '{ apiserver: { startup: 0s } }';
const STACKED3 =
  '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: haproxy, healthCheck: { kind: http } } }';
const STACKED5 =
  '{ kind: stacked, zones: 3, controlPlane: { count: 5 }, loadBalancer: { kind: haproxy, healthCheck: { kind: http } } }';
const KEEPALIVED2 =
  '{ kind: stacked, zones: 2, controlPlane: { count: 2 }, loadBalancer: { kind: ' +
  'keepalived, healthCheck: { kind: http } } }';
const WRITE: Extractor = { kind: 'write-outage' };
/** External etcd, every apiserver listing all three members (kubeadm external), haproxy with /healthz checks. */
const EXTERNAL3 =
  '{ kind: external, zones: 3, controlPlane: { count: 3 }, etcd: { count: 3 }, ' +
  'apiserver: { etcdEndpoints: all }, loadBalancer: { kind: haproxy, healthCheck: { kind: http } } }';

/** The four cases of one client experiment (reference/experiments-client.ts). */
function clientCases(experiment: string, what: string, fault: string): ReferenceCase[] {
  const scenario = { topology: EXTERNAL3, faults: [fault] };
  const c = (
    suffix: 'hang' | 'share' | 'failed' | 'probe-out',
    measures: string,
    extract: Extractor,
  ): ReferenceCase => ({
    name: `${experiment}-${suffix}`,
    component: 'etcd-client',
    experiment,
    measures: `apiserver-like clientv3 at ` + `100 req/s, ${what}: ${measures}`,
    scenario,
    extract,
    maxSeeds: { quick: 50, full: 200 },
    ...(suffix === 'share' || suffix === 'failed' ? { rule: SHARE_VERDICT_RULE } : {}),
  });
  return [
    c('hang', 'time until requests stop hanging on the member (s)', { kind: 'request-impact', metric: 'hang' }),
    c('share', 'share of requests hung > 1 s or failed over [fault, fault + max(hang, 1 s))', {
      kind: 'request-impact',
      metric: 'share',
    }),
    c('failed', 'share of requests failed over the same window', { kind: 'request-impact', metric: 'failed' }),
    c('probe-out', 'health check (2 s timeout, 1/s) failed 3 times in a row: 1, else 0', { kind: 'apiserver-out' }),
  ];
}

/** How long the peer-cut cases cut the member's peer traffic, seconds (reference/experiments-client.ts). */
export const PEER_CUT_S = 20;

/** Every case, in report order. */
export const CASES: readonly ReferenceCase[] = [
  {
    name: 'etcd3-leader-sigkill',
    component: 'etcd',
    experiment: 'etcd3-leader-sigkill',
    measures: '3 members, SIGKILL of the ' + 'leader: write unavailability (s)',
    scenario: { topology: STACKED3, faults: ['{ at: 1h, down: ' + 'etcd/@leader, for: 10m }'] },
    extract: WRITE,
  },
  {
    name: 'etcd3-leader-sigstop',
    component: 'etcd',
    experiment: 'etcd3-leader-sigstop',
    measures: '3 members, SIGSTOP of the ' + 'leader: write unavailability (s)',
    scenario: { topology: STACKED3, faults: ['{ at: 1h, down: ' + 'etcd/@leader, for: 10m }'] },
    extract: WRITE,
  },
  {
    name: 'etcd3-follower-sigkill',
    component: 'etcd',
    experiment: 'etcd3-follower-sigkill',
    measures: '3 members, SIGKILL of a ' + 'follower: write unavailability (s)',
    scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, ' + 'for: 10m }'] },
    extract: WRITE,
  },
  {
    name: 'etcd3-follower-sigstop',
    component: 'etcd',
    experiment: 'etcd3-follower-sigstop',
    measures: '3 members, SIGSTOP of a ' + 'follower: write unavailability (s)',
    scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, ' + 'for: 10m }'] },
    extract: WRITE,
  },
  {
    name: 'etcd5-leader-sigkill',
    component: 'etcd',
    experiment: 'etcd5-leader-sigkill',
    measures: '5 members, SIGKILL of the ' + 'leader: write unavailability (s)',
    scenario: { topology: STACKED5, faults: ['{ at: 1h, down: ' + 'etcd/@leader, for: 10m }'] },
    extract: WRITE,
  },
  {
    name: 'etcd3-two-down',
    component: 'etcd',
    experiment: 'etcd3-two-down',
    measures: '3 members, both followers ' + 'SIGKILLed, one restarted after 5 s: write unavailability (s)',
    scenario: {
      topology: STACKED3,
      faults: ['{ at: 1h, down: etcd/cp-2, ' + 'for: 5s }', '{ at: 1h, down: etcd/cp-3, ' + 'for: 10m }'],
    },
    extract: WRITE,
  },
  {
    name: 'etcd3-partition-write',
    component: 'etcd',
    experiment: 'etcd3-partition-leader',
    measures: '3 members, the leader cut ' + 'off by a partition: write unavailability on the majority side (s)',
    scenario: {
      topology: STACKED3,
      faults: ['{ at: 1h, partition: ' + '[[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'],
    },
    extract: WRITE,
  },
  {
    name: 'etcd3-partition-step-down',
    component: 'etcd',
    experiment: 'etcd3-partition-leader',
    measures: '3 members, the leader cut ' + 'off by a partition: time until it steps down (s)',
    scenario: {
      topology: STACKED3,
      faults: ['{ at: 1h, partition: ' + '[[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'],
    },
    extract: { kind: 'step-down' },
  },
  {
    name: 'etcd3-partition-heal',
    component: 'etcd',
    experiment: 'etcd3-partition-leader',
    measures: '... the partition heals ' + 'after 8 s: longest write gap in the next 3 s (s)',
    scenario: {
      topology: STACKED3,
      faults: ['{ at: 1h, partition: ' + '[[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'],
    },
    extract: { kind: 'write-outage', afterS: FAULT_AT_S + 8 },
  },
  {
    name: 'etcd3-nopv-partition-write',
    component: 'etcd',
    experiment: 'etcd3-nopv-partition-leader',
    measures: 'as etcd3-partition-write ' + "with etcd 3.4's default --pre-vote=false (s)",
    scenario: {
      topology: STACKED3,
      timing: '{ etcd: { preVote: false } }',
      faults: ['{ at: 1h, partition: ' + '[[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'],
    },
    extract: WRITE,
  },
  {
    name: 'etcd3-nopv-partition-heal',
    component: 'etcd',
    experiment: 'etcd3-nopv-partition-leader',
    measures:
      'as etcd3-partition-heal with ' + "--pre-vote=false: the rejoining member's higher term disrupts the leader (s)",
    scenario: {
      topology: STACKED3,
      timing: '{ etcd: { preVote: false } }',
      faults: ['{ at: 1h, partition: ' + '[[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'],
    },
    extract: { kind: 'write-outage', afterS: FAULT_AT_S + 8 },
  },
  ...clientCases(
    'client-blackhole-follower',
    'a follower silently black-holed',
    '{ at: 1h, down: host/etcd-3, for: 10m }',
  ),
  ...clientCases(
    'client-blackhole-leader',
    'the leader silently black-holed',
    '{ at: 1h, down: host/@etcd-leader, for: 10m }',
  ),
  ...clientCases('client-sigstop-follower', 'a follower SIGSTOPped', '{ at: 1h, hang: etcd/etcd-3, for: 10m }'),
  ...clientCases('client-sigkill-follower', 'a follower SIGKILLed', '{ at: 1h, down: etcd/etcd-3, for: 10m }'),
  ...clientCases(
    'client-peercut-follower',
    `a follower's peer traffic (2380) cut for ${PEER_CUT_S} s, its client port reachable`,
    `{ at: 1h, partition: [[host/etcd-3]], traffic: etcd-peer, for: ${PEER_CUT_S}s }`,
  ),
  ...clientCases(
    'client-peercut-leader',
    `the leader's peer traffic (2380) cut for ${PEER_CUT_S} s, its client port reachable`,
    `{ at: 1h, partition: [[host/etcd-1]], traffic: etcd-peer, for: ${PEER_CUT_S}s }`,
  ),
  {
    name: 'haproxy-local-etcd-down-removal',
    component: 'haproxy',
    experiment: 'haproxy',
    measures: 'stand-in apiserver (local ' + 'endpoint) loses its etcd member: removal by haproxy /healthz check (s)',
    scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, ' + 'for: 8s }'] },
    extract: { kind: 'health-check', target: 'apiserver/cp-2', change: 'removed', afterS: FAULT_AT_S },
  },
  {
    name: 'haproxy-local-etcd-down-return',
    component: 'haproxy',
    experiment: 'haproxy',
    measures: '... its etcd member ' + 'restarted: back in haproxy rotation (s after the restart)',
    scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, ' + 'for: 8s }'] },
    extract: { kind: 'health-check', target: 'apiserver/cp-2', change: 'back', afterS: FAULT_AT_S + 8 },
  },
  {
    name: 'haproxy-healthz-fail-removal',
    component: 'haproxy',
    experiment: 'haproxy',
    measures: "a backend's /healthz fails " + '(500): removal by haproxy (s)',
    scenario: { topology: STACKED3, faults: ['{ at: 1h, down: ' + 'apiserver/cp-2, for: 8s }'], timing: HEALTHZ_ONLY },
    extract: { kind: 'health-check', target: 'apiserver/cp-2', change: 'removed', afterS: FAULT_AT_S },
  },
  {
    name: 'haproxy-healthz-fail-return',
    component: 'haproxy',
    experiment: 'haproxy',
    measures: '... /healthz passes again: ' + 'back in rotation (s)',
    scenario: { topology: STACKED3, faults: ['{ at: 1h, down: ' + 'apiserver/cp-2, for: 8s }'], timing: HEALTHZ_ONLY },
    extract: { kind: 'health-check', target: 'apiserver/cp-2', change: 'back', afterS: FAULT_AT_S + 8 },
  },
  {
    name: 'keepalived-holder-down',
    component: 'keepalived',
    experiment: 'keepalived-holder-down',
    measures: "VIP holder's link down: VIP " + 'answers from the backup (s)',
    scenario: { topology: KEEPALIVED2, faults: ['{ at: 1h, down: lb/cp-1, ' + 'for: 8s }'] },
    extract: { kind: 'vip-move', afterS: FAULT_AT_S, to: 'lb/cp-2' },
  },
  {
    name: 'keepalived-holder-return',
    component: 'keepalived',
    experiment: 'keepalived-holder-down',
    measures: '... link up again: VIP back ' + 'on the higher-priority holder (s)',
    scenario: { topology: KEEPALIVED2, faults: ['{ at: 1h, down: lb/cp-1, ' + 'for: 8s }'] },
    extract: { kind: 'vip-move', afterS: FAULT_AT_S + 8, to: 'lb/cp-1' },
  },
];

/** The scenario file text of a case (flow-style YAML; no random failures, 2 h horizon). */
export function scenarioYaml(c: ReferenceCase): string {
  const lines = [
    '# yaml-language-server: $schema=../../scenarios/scenario.schema.json',
    `# Generated from reference/cases.ts (${c.name}); the simulator side of the reference case:`,
    `# ${c.measures}.`,
    `name: ${c.name}`,
    `description: ${JSON.stringify(`Reference case ${c.name}: ${c.measures}`)}`,
    `topology: ${c.scenario.topology}`,
    ...(c.scenario.timing === undefined ? [] : [`timing: ${c.scenario.timing}`]),
    'faults:',
    ...c.scenario.faults.map((f) => `  - ${f}`),
    'simulation: { horizon: 2h, replications: 1, seed: 1 }',
  ];
  return `${lines.join('\n')}\n`;
}

/** The simulated outage (seconds) of case `c` in one `explain --json` run; null if absent. */
export function extractSimulated(c: ReferenceCase, run: ExplainJson): number | null {
  const e = c.extract;
  switch (e.kind) {
    case 'write-outage': {
      const at = e.afterS ?? FAULT_AT_S;
      const o = run.outages.etcd.find((x) => x.from >= at && x.from < at + 1);
      return o === undefined ? 0 : o.to - o.from;
    }
    case 'step-down': {
      const ev = run.events.find(
        (x) =>
          x.t >= FAULT_AT_S &&
          ((/step-down|steps-down/.test(x.kind) && x.target.startsWith('etcd/')) ||
            /etcd leader \S+ (cut off[^:;]*, )?steps down/.test(x.text)),
      );
      return ev === undefined ? null : ev.t - FAULT_AT_S;
    }
    case 'health-check': {
      const word = e.change === 'removed' ? 'removed from rotation' : 'back in rotation';
      const ev = run.events.find(
        (x) => x.t >= e.afterS && x.kind === 'health-check' && x.target === e.target && x.text.includes(word),
      );
      return ev === undefined ? null : ev.t - e.afterS;
    }
    case 'vip-move': {
      const ev = run.events.find(
        (x) =>
          x.t >= e.afterS &&
          (x.kind === 'vip-failover' || /VIP moves to/.test(x.text)) &&
          (e.to === undefined || x.target === e.to || x.text.includes(`VIP moves to ` + `${e.to.slice(3)}`)),
      );
      return ev === undefined ? null : ev.t - e.afterS;
    }
    case 'request-impact':
      return requestImpactMetric(requestImpactOf(run), FAULT_AT_S, e.metric);
    case 'apiserver-out': {
      const ev = run.events.find(
        (x) =>
          x.t >= FAULT_AT_S &&
          x.t <= FAULT_AT_S + 60 &&
          x.kind === 'health-check' &&
          x.target.startsWith('apiserver/') &&
          x.text.includes('removed from rotation'),
      );
      return ev === undefined ? 0 : 1;
    }
  }
}
