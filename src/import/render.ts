/**
 * An imported topology -> scenario YAML text, with comments saying what was read from
 * where and what the user must still decide. Deterministic: no dates, inputs in order.
 */
import type { ImportedManaged, ImportedTopology } from './build.ts';

/** Health-check timings written for an LB kind without a preset (facts §5). */
const KIND_HEALTH_CHECK: Record<string, string> = {
  haproxy: '{ kind: http, interval: 2s, fall: 3, rise: 2 }   # haproxy defaults (inter 2000ms, fall 3, rise 2), kind\'s haproxy checks /healthz',
};

/** The failures block of the bundled baselines: facts §6 judgment defaults. */
const FAILURES_BLOCK = `# DECIDE: failure and repair rates. These are the facts §6 defaults the bundled
# baselines use (judgment, not measurements of this cluster). If you have counts,
# write them as observed (see docs/scenario-format.md), e.g.
#   host: { observed: { failures: 3, over: 2y, population: 6 }, mttr: 10m }
failures:
  zone: { mttf: 4y, ttr: { lognormal: { median: 2h, sigma: 1 } } }
  host: { mttf: 11160h, ttr: { lognormal: { median: 5m, sigma: 0.9 } } }
  etcd: { mttf: 2000h, mttr: 1m }
  apiserver: { mttf: 1000h, mttr: 1m }
  controller-manager: { mttf: 1000h, mttr: 1m }
  scheduler: { mttf: 1000h, mttr: 1m }
  loadBalancer: { mttf: 11160h, ttr: { lognormal: { median: 5m, sigma: 0.9 } } }
`;

const PLAIN = /^[A-Za-z][A-Za-z0-9._-]*$/;
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

/** A name as a YAML scalar: bare when unambiguous, else quoted. */
export function yamlScalar(s: string): string {
  return PLAIN.test(s) && !RESERVED.has(s.toLowerCase()) ? s : JSON.stringify(s);
}

function header(title: string, sources: readonly string[], decide: readonly string[], notes: readonly string[]): string {
  const lines = [`# ${title}`, '# Read from:', ...sources.map((s) => `#   ${s}`)];
  if (decide.length > 0) lines.push('# DECIDE (not in the inputs; check before trusting the numbers):', ...decide.map((d) => `#   - ${d}`));
  if (notes.length > 0) lines.push('# Notes:', ...notes.map((n) => `#   - ${n}`));
  return `${lines.join('\n')}\n`;
}

function lbLines(t: ImportedTopology): string[] {
  const lb = t.lb;
  if (lb.preset !== null) return [`  loadBalancer: { preset: ${lb.preset} }   # DECIDE: ${lb.note}`];
  const hc = KIND_HEALTH_CHECK[lb.kind];
  if (hc === undefined) return [`  loadBalancer: { kind: ${lb.kind} }   # ${lb.note}`];
  return [`  loadBalancer:   # ${lb.note}`, `    kind: ${lb.kind}`, `    healthCheck: ${hc}`];
}

/** The scenario YAML for a self-managed control plane. */
export function renderTopology(t: ImportedTopology): string {
  const etcdHosts = t.hosts.filter((h) => h.runs.includes('etcd')).length;
  const apis = t.hosts.filter((h) => h.runs.includes('apiserver')).length;
  const shape = t.topologyKind === 'stacked' ? 'stacked etcd' : t.topologyKind === 'external' ? 'external etcd' : 'custom placement';
  const desc = `Imported: ${apis} apiserver(s), ${etcdHosts} etcd member(s) (${shape}) over ${t.zones.length} zone(s)`;
  const width = Math.max(...t.hosts.map((h) => h.name.length));
  const hostLines = t.hosts.map(
    (h) => `    - { name: ${yamlScalar(h.name)},${' '.repeat(width - h.name.length)} zone: ${yamlScalar(h.zone)}, runs: [${h.runs.join(', ')}] }   # ${h.note}`,
  );
  const lines = [
    `name: ${yamlScalar(t.name)}`,
    `description: ${JSON.stringify(desc)}`,
    '',
    'topology:',
    ...(t.topologyKind === null ? [] : [`  kind: ${t.topologyKind}`]),
    `  zones: [${t.zones.map(yamlScalar).join(', ')}]   # ${t.zoneNote}`,
    '  hosts:   # in host order: the first etcd host starts as leader, the first LB instance holds the VIP',
    ...hostLines,
    `  apiserver: { etcdEndpoints: ${t.etcdEndpoints} }   # ${t.etcdEndpointsNote}`,
    ...lbLines(t),
    '',
  ];
  return [
    header('Imported by `k8s-ha-sim import` (a starting point: the shape is read, the rates are not).', t.sources, t.decide, t.notes),
    lines.join('\n'),
    '\n',
    FAILURES_BLOCK,
    loadLines(t),
    '\nsimulation: { horizon: 1y, replications: 200, seed: 1 }\n',
    'slo: { api: "99.95%" }   # DECIDE: your target; 99.95% is what the 3-zone managed control planes sell (facts §6)\n',
  ].join('');
}

/** A commented-out `load` block with the in-flight limits that were read. */
function loadLines(t: ImportedTopology): string {
  const i = t.inflight;
  return [
    '',
    `# API load (optional; docs/scenario-format.md \`load\`). In-flight limits from ${i.from};`,
    '# DECIDE the peak request rate and the mean service time before uncommenting:',
    '# load:',
    '#   peak: 1000                 # requests/s at the busiest hour',
    `#   apiserver: { maxRequestsInflight: ${i.readOnly}, maxMutatingRequestsInflight: ${i.mutating}, serviceTime: 1s }`,
    '',
  ].join('\n');
}

/** The scenario YAML for a managed control plane: a preset stands in for what cannot be seen. */
export function renderManaged(m: ImportedManaged): string {
  return [
    header(`Imported by \`k8s-ha-sim import\`: ${m.message}.`, m.sources, ['whether the preset matches your tier (zonal/regional, with or without zones)', 'failure and repair rates (failures:)'], []),
    `name: ${yamlScalar(m.name)}\n`,
    `description: ${JSON.stringify(`Managed control plane (${m.provider}): preset ${m.preset}`)}\n\n`,
    `topology: { preset: ${m.preset} }   # the provider's published shape; its SLA is the default SLO\n\n`,
    FAILURES_BLOCK,
    '\nsimulation: { horizon: 1y, replications: 200, seed: 1 }\n',
  ].join('');
}
