/**
 * An imported topology -> scenario YAML text, with comments saying what was read from
 * where and what the user must still decide. Deterministic: no dates, inputs in order.
 *
 * The text is produced by the `yaml` package's serializer (a Document built node by node,
 * comments set through its API), never by pasting values into YAML text: a value read
 * from the cluster (a member name, an endpoint, a label) is a scalar the serializer quotes
 * as needed, and in a comment it goes through `yamlCommentText`, which writes line breaks
 * and invisible characters as `\uXXXX`, so it can neither end its comment nor add a key.
 */
import { Document, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { yamlCommentText } from '../scenario/text-escape.ts';
import type { ImportedManaged, ImportedTopology } from './build.ts';

/** Health-check timings written for an LB kind without a preset (facts §5). */
const KIND_HEALTH_CHECK: Record<string, { readonly value: Record<string, string | number>; readonly note: string }> = {
  haproxy: {
    value: { kind: 'http', interval: '2s', fall: 3, rise: 2 },
    note: 'haproxy defaults (inter ' + "2000ms, fall 3, rise 2), kind's haproxy checks /healthz",
  },
};

/** The failures block of the bundled baselines: facts §6 judgment defaults. */
const FAILURES_NOTE = [
  'DECIDE: failure and repair rates. These are the facts §6 defaults the bundled',
  'baselines use (judgment, not measurements of this cluster). If you have counts,',
  'write them as observed (see docs/scenario-format.md), e.g.',
  '  host: { observed: { failures: 3, over: 2y, population: 6 }, mttr: 10m }',
];
const LOGNORMAL_5M = { lognormal: { median: '5m', sigma: 0.9 } };
const FAILURES = {
  zone: { mttf: '4y', ttr: { lognormal: { median: '2h', sigma: 1 } } },
  host: { mttf: '11160h', ttr: LOGNORMAL_5M },
  etcd: { mttf: '2000h', mttr: '1m' },
  apiserver: { mttf: '1000h', mttr: '1m' },
  'controller-manager': { mttf: '1000h', mttr: '1m' },
  scheduler: { mttf: '1000h', mttr: '1m' },
  loadBalancer: { mttf: '11160h', ttr: LOGNORMAL_5M },
};
const SIMULATION = { horizon: '1y', replications: 200, seed: 1 };

/** No anchors for objects used twice (the two lognormal repairs): plain, separate maps. */
const DOC_OPTIONS = { aliasDuplicateObjects: false } as const;

/** Options of the serializer: one document, no folding, `{a: 1}` flow style. */
const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

/** A comment from lines of text, each line encoded for the comment sink (leading space after `#`). */
function comment(lines: readonly string[]): string {
  return lines.map((l) => ` ${yamlCommentText(l)}`).join('\n');
}

/** Every map and sequence under `node` in flow style (`{ a: 1 }`, `[a, b]`). */
function flow(node: unknown): void {
  if (isMap(node) || isSeq(node)) {
    node.flow = true;
    for (const it of node.items as unknown[]) flow(isPair(it) ? it.value : it);
  }
}

/** The pair `key` of `map`, with its key made a node that can carry a comment. */
function pairOf(doc: Document, map: YAMLMap, key: string): Pair<Node, Node> {
  const p = map.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === key) as
    | Pair<unknown, Node>
    | undefined;
  if (p === undefined) throw new Error(`render: no key ${key}`);
  if (!isScalar(p.key)) p.key = doc.createNode(key);
  return p as Pair<Node, Node>;
}

/** `key: value   # note` with value in flow style. */
function flowWithNote(doc: Document, map: YAMLMap, key: string, note: string | null): void {
  const p = pairOf(doc, map, key);
  flow(p.value);
  if (note !== null && p.value !== null) p.value.comment = comment([note]);
}

function header(
  title: string,
  sources: readonly string[],
  decide: readonly string[],
  notes: readonly string[],
): string {
  const lines = [title, 'Read from:', ...sources.map((s) => `  ${s}`)];
  if (decide.length > 0)
    lines.push('DECIDE (not in the inputs; check before trusting the numbers):', ...decide.map((d) => `  - ${d}`));
  if (notes.length > 0) lines.push('Notes:', ...notes.map((n) => `  - ${n}`));
  return comment(lines);
}

function lbValue(t: ImportedTopology): {
  value: Record<string, unknown>;
  note: string;
  flowAll: boolean;
  hcNote: string | null;
} {
  const lb = t.lb;
  if (lb.preset !== null)
    return { value: { preset: lb.preset }, note: `DECIDE: ${lb.note}`, flowAll: true, hcNote: null };
  const hc = KIND_HEALTH_CHECK[lb.kind];
  if (hc === undefined) return { value: { kind: lb.kind }, note: lb.note, flowAll: true, hcNote: null };
  return { value: { kind: lb.kind, healthCheck: hc.value }, note: lb.note, flowAll: false, hcNote: hc.note };
}

/** The failures block, the commented-out load block and the simulation settings: shared tail. */
function tail(doc: Document, root: YAMLMap, loadNote: readonly string[] | null): void {
  const failures = pairOf(doc, root, 'failures');
  failures.key.spaceBefore = true;
  failures.key.commentBefore = comment(FAILURES_NOTE);
  for (const it of (failures.value as YAMLMap).items) flow(it.value);
  const sim = pairOf(doc, root, 'simulation');
  sim.key.spaceBefore = true;
  if (loadNote !== null) sim.key.commentBefore = comment(loadNote);
  flow(sim.value);
}

/** The scenario YAML for a self-managed control plane. */
export function renderTopology(t: ImportedTopology): string {
  const etcdHosts = t.hosts.filter((h) => h.runs.includes('etcd')).length;
  const apis = t.hosts.filter((h) => h.runs.includes('apiserver')).length;
  const shape =
    t.topologyKind === 'stacked'
      ? 'stacked etcd'
      : t.topologyKind === 'external'
        ? 'external etcd'
        : 'custom placement';
  const lb = lbValue(t);
  const doc = new Document(
    {
      name: t.name,
      description: `Imported: ${apis} apiserver(s), ${etcdHosts} etcd member(s) (${shape}) over ${t.zones.length} zone(s)`,
      topology: {
        ...(t.topologyKind === null ? {} : { kind: t.topologyKind }),
        zones: [...t.zones],
        hosts: t.hosts.map((h) => ({ name: h.name, zone: h.zone, runs: [...h.runs] })),
        apiserver: { etcdEndpoints: t.etcdEndpoints },
        loadBalancer: lb.value,
      },
      failures: FAILURES,
      simulation: SIMULATION,
      slo: { api: '99.95%' },
    },
    DOC_OPTIONS,
  );
  doc.commentBefore = header(
    'Imported by `k8s-ha-sim import` (a starting point: the shape is read, ' + 'the rates are not).',
    t.sources,
    t.decide,
    t.notes,
  );
  const root = doc.contents as YAMLMap;
  const topology = pairOf(doc, root, 'topology');
  topology.key.spaceBefore = true;
  const topo = topology.value as YAMLMap;
  flowWithNote(doc, topo, 'zones', t.zoneNote);
  const hosts = pairOf(doc, topo, 'hosts');
  hosts.key.comment = comment([
    'in host order: the first etcd host starts as leader, the first LB instance holds the VIP',
  ]);
  (hosts.value as YAMLMap).items.forEach((h, i) => {
    flow(h);
    (h as unknown as Node).comment = comment([t.hosts[i]!.note]);
  });
  flowWithNote(doc, topo, 'apiserver', t.etcdEndpointsNote);
  if (lb.flowAll) flowWithNote(doc, topo, 'loadBalancer', lb.note);
  else {
    const p = pairOf(doc, topo, 'loadBalancer');
    p.key.comment = comment([lb.note]);
    flowWithNote(doc, p.value as YAMLMap, 'healthCheck', lb.hcNote);
  }
  const i = t.inflight;
  tail(doc, root, [
    `API load (optional; docs/scenario-format.md \`load\`). In-flight limits from ${i.from};`,
    'DECIDE the peak request rate and the mean service time before uncommenting:',
    'load:',
    '  peak: 1000                 # requests/s at the busiest hour',
    `  apiserver: { maxRequestsInflight: ${i.readOnly}, maxMutatingRequestsInflight: ${i.mutating}, serviceTime: 1s }`,
  ]);
  flowWithNote(
    doc,
    root,
    'slo',
    'DECIDE: your target; 99.95% is what the 3-zone managed control planes sell (facts §6)',
  );
  return doc.toString(TO_STRING);
}

/** The scenario YAML for a managed control plane: a preset stands in for what cannot be seen. */
export function renderManaged(m: ImportedManaged): string {
  const doc = new Document(
    {
      name: m.name,
      description: `Managed control plane (${m.provider}): preset ${m.preset}`,
      topology: { preset: m.preset },
      failures: FAILURES,
      simulation: SIMULATION,
    },
    DOC_OPTIONS,
  );
  doc.commentBefore = header(
    `Imported by \`k8s-ha-sim import\`: ${m.message}.`,
    m.sources,
    [
      'whether the preset matches ' + 'your tier (zonal/regional, with or without zones)',
      'failure and repair rates ' + '(failures:)',
    ],
    [],
  );
  const root = doc.contents as YAMLMap;
  pairOf(doc, root, 'topology').key.spaceBefore = true;
  flowWithNote(doc, root, 'topology', "the provider's published shape; its SLA is the default SLO");
  tail(doc, root, null);
  return doc.toString(TO_STRING);
}
