/**
 * The reference cases, as pure data: what each one measures on the real components, the
 * scripted simulator scenario that stands for the same fault, and how the simulated outage
 * is read from `explain --json`. The scenario files under reference/scenarios/ are
 * generated from these definitions (`scenarioYaml`), and a test checks they are current.
 */
import type { ExplainJson } from '../src/report/explain.ts';

/** The component a case tests. */
export type Component = 'etcd' | 'haproxy' | 'keepalived';

/** Which outage of a simulated run a case compares with. */
export type Extractor =
  /** Length of the `etcd` SLI outage that starts within 1 s of `afterS` (default: the fault); 0 when there is none. */
  | { readonly kind: 'write-outage'; readonly afterS?: number }
  /** Delay from the fault to the minority etcd leader stepping down. */
  | { readonly kind: 'step-down' }
  /** Delay from `afterS` to the health-check event of `target` saying `removed` or `back`. */
  | { readonly kind: 'health-check'; readonly target: string; readonly change: 'removed' | 'back'; readonly afterS: number }
  /** Delay from `afterS` to the next VIP move (to `to`, an lb/... target, when given). */
  | { readonly kind: 'vip-move'; readonly afterS: number; readonly to?: string };

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
}

/** The fault time of every reference scenario, in seconds (1h). */
export const FAULT_AT_S = 3600;

/**
 * The stand-in's /healthz answers 500 while its process keeps running: no restart, so no
 * start-up time. The model has no "unhealthy but running" fault, so the case takes the
 * apiserver down with a zero start-up (`timing.apiserver.startup`, facts §2).
 */
const HEALTHZ_ONLY = '{ apiserver: { startup: 0s } }';
const STACKED3 = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: haproxy, healthCheck: { kind: http } } }';
const STACKED5 = '{ kind: stacked, zones: 3, controlPlane: { count: 5 }, loadBalancer: { kind: haproxy, healthCheck: { kind: http } } }';
const KEEPALIVED2 = '{ kind: stacked, zones: 2, controlPlane: { count: 2 }, loadBalancer: { kind: keepalived, healthCheck: { kind: http } } }';
const WRITE: Extractor = { kind: 'write-outage' };

/** Every case, in report order. */
export const CASES: readonly ReferenceCase[] = [
  { name: 'etcd3-leader-sigkill', component: 'etcd', experiment: 'etcd3-leader-sigkill', measures: '3 members, SIGKILL of the leader: write unavailability (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/@leader, for: 10m }'] }, extract: WRITE },
  { name: 'etcd3-leader-sigstop', component: 'etcd', experiment: 'etcd3-leader-sigstop', measures: '3 members, SIGSTOP of the leader: write unavailability (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/@leader, for: 10m }'] }, extract: WRITE },
  { name: 'etcd3-follower-sigkill', component: 'etcd', experiment: 'etcd3-follower-sigkill', measures: '3 members, SIGKILL of a follower: write unavailability (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, for: 10m }'] }, extract: WRITE },
  { name: 'etcd3-follower-sigstop', component: 'etcd', experiment: 'etcd3-follower-sigstop', measures: '3 members, SIGSTOP of a follower: write unavailability (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, for: 10m }'] }, extract: WRITE },
  { name: 'etcd5-leader-sigkill', component: 'etcd', experiment: 'etcd5-leader-sigkill', measures: '5 members, SIGKILL of the leader: write unavailability (s)', scenario: { topology: STACKED5, faults: ['{ at: 1h, down: etcd/@leader, for: 10m }'] }, extract: WRITE },
  { name: 'etcd3-two-down', component: 'etcd', experiment: 'etcd3-two-down', measures: '3 members, both followers SIGKILLed, one restarted after 5 s: write unavailability (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, for: 5s }', '{ at: 1h, down: etcd/cp-3, for: 10m }'] }, extract: WRITE },
  { name: 'etcd3-partition-write', component: 'etcd', experiment: 'etcd3-partition-leader', measures: '3 members, the leader cut off by a partition: write unavailability on the majority side (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, partition: [[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'] }, extract: WRITE },
  { name: 'etcd3-partition-step-down', component: 'etcd', experiment: 'etcd3-partition-leader', measures: '3 members, the leader cut off by a partition: time until it steps down (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, partition: [[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'] }, extract: { kind: 'step-down' } },
  { name: 'etcd3-partition-heal', component: 'etcd', experiment: 'etcd3-partition-leader', measures: '... the partition heals after 8 s: longest write gap in the next 3 s (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, partition: [[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'] }, extract: { kind: 'write-outage', afterS: FAULT_AT_S + 8 } },
  { name: 'etcd3-nopv-partition-write', component: 'etcd', experiment: 'etcd3-nopv-partition-leader', measures: 'as etcd3-partition-write with etcd 3.4\'s default --pre-vote=false (s)', scenario: { topology: STACKED3, timing: '{ etcd: { preVote: false } }', faults: ['{ at: 1h, partition: [[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'] }, extract: WRITE },
  { name: 'etcd3-nopv-partition-heal', component: 'etcd', experiment: 'etcd3-nopv-partition-leader', measures: 'as etcd3-partition-heal with --pre-vote=false: the rejoining member\'s higher term disrupts the leader (s)', scenario: { topology: STACKED3, timing: '{ etcd: { preVote: false } }', faults: ['{ at: 1h, partition: [[host/cp-1], [host/cp-2, host/cp-3]], for: 8s }'] }, extract: { kind: 'write-outage', afterS: FAULT_AT_S + 8 } },
  { name: 'haproxy-local-etcd-down-removal', component: 'haproxy', experiment: 'haproxy', measures: 'stand-in apiserver (local endpoint) loses its etcd member: removal by haproxy /healthz check (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, for: 8s }'] }, extract: { kind: 'health-check', target: 'apiserver/cp-2', change: 'removed', afterS: FAULT_AT_S } },
  { name: 'haproxy-local-etcd-down-return', component: 'haproxy', experiment: 'haproxy', measures: '... its etcd member restarted: back in haproxy rotation (s after the restart)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: etcd/cp-2, for: 8s }'] }, extract: { kind: 'health-check', target: 'apiserver/cp-2', change: 'back', afterS: FAULT_AT_S + 8 } },
  { name: 'haproxy-healthz-fail-removal', component: 'haproxy', experiment: 'haproxy', measures: 'a backend\'s /healthz fails (500): removal by haproxy (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: apiserver/cp-2, for: 8s }'], timing: HEALTHZ_ONLY }, extract: { kind: 'health-check', target: 'apiserver/cp-2', change: 'removed', afterS: FAULT_AT_S } },
  { name: 'haproxy-healthz-fail-return', component: 'haproxy', experiment: 'haproxy', measures: '... /healthz passes again: back in rotation (s)', scenario: { topology: STACKED3, faults: ['{ at: 1h, down: apiserver/cp-2, for: 8s }'], timing: HEALTHZ_ONLY }, extract: { kind: 'health-check', target: 'apiserver/cp-2', change: 'back', afterS: FAULT_AT_S + 8 } },
  { name: 'keepalived-holder-down', component: 'keepalived', experiment: 'keepalived-holder-down', measures: 'VIP holder\'s link down: VIP answers from the backup (s)', scenario: { topology: KEEPALIVED2, faults: ['{ at: 1h, down: lb/cp-1, for: 8s }'] }, extract: { kind: 'vip-move', afterS: FAULT_AT_S, to: 'lb/cp-2' } },
  { name: 'keepalived-holder-return', component: 'keepalived', experiment: 'keepalived-holder-down', measures: '... link up again: VIP back on the higher-priority holder (s)', scenario: { topology: KEEPALIVED2, faults: ['{ at: 1h, down: lb/cp-1, for: 8s }'] }, extract: { kind: 'vip-move', afterS: FAULT_AT_S + 8, to: 'lb/cp-1' } },
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
      const ev = run.events.find((x) => x.t >= FAULT_AT_S && (/step-down|steps-down/.test(x.kind) && x.target.startsWith('etcd/') || /etcd leader \S+ (cut off[^:;]*, )?steps down/.test(x.text)));
      return ev === undefined ? null : ev.t - FAULT_AT_S;
    }
    case 'health-check': {
      const word = e.change === 'removed' ? 'removed from rotation' : 'back in rotation';
      const ev = run.events.find((x) => x.t >= e.afterS && x.kind === 'health-check' && x.target === e.target && x.text.includes(word));
      return ev === undefined ? null : ev.t - e.afterS;
    }
    case 'vip-move': {
      const ev = run.events.find((x) => x.t >= e.afterS && (x.kind === 'vip-failover' || /VIP moves to/.test(x.text)) && (e.to === undefined || x.target === e.to || x.text.includes(`VIP moves to ${e.to.slice(3)}`)));
      return ev === undefined ? null : ev.t - e.afterS;
    }
  }
}
