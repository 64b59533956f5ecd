/**
 * Property test of `import` (issue 22): arbitrary strings — newlines, CR, `---`, `#`,
 * quotes, bidi overrides, zero-width characters, lone surrogates — put into every string
 * field of every input (node names, labels, static-pod names and flags, kubeadm
 * controlPlaneEndpoint and etcd endpoints, etcd member names and URLs, endpoint status),
 * into the source names and into `--name`. Each input is imported; the scenario text must
 * parse (YAML) to exactly the objects the import built — one document, no extra key,
 * nothing from a comment leaking into data — and no line of it may hold a raw line break
 * or invisible character. Bad input is refused with an ImportError, never a crash.
 * Each `it` is a bounded batch (a few hundred imports), so no worker is busy for long.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildImport, type ImportedManaged, type ImportedTopology } from '../../src/import/build.ts';
import { ImportError, importScenario, type ImportTexts } from '../../src/import/index.ts';
import { parseEtcdMembers, parseEtcdStatus, parseKubeadmConfig, parseNodes, parsePods } from '../../src/import/kube.ts';

const DIR = 'test/fixtures/import';
const INPUTS = {
  nodes: 'nodes.json',
  pods: 'pods.json',
  kubeadmConfig: 'kubeadm-config.json',
  etcdMembers: 'etcd-members.json',
  etcdStatus: 'etcd-status.json',
} as const;
type Key = keyof typeof INPUTS;
const CLUSTERS = ['kubeadm-external-etcd', 'kubeadm-stacked-3z', 'kind-ha', 'managed-eks'] as const;
const FIXTURES = Object.fromEntries(
  CLUSTERS.map((c) => [
    c,
    Object.fromEntries(
      (Object.keys(INPUTS) as Key[]).flatMap((k) => {
        try {
          return [[k, readFileSync(`${DIR}/${c}/${INPUTS[k]}`, 'utf8')]];
        } catch {
          return [];
        }
      }),
    ),
  ]),
) as Record<string, Partial<Record<Key, string>>>;

const counts: Record<string, number> = { imports: 0, accepted: 0, refused: 0 };
afterAll(() => {
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/fuzz-import-stats.json', `${JSON.stringify(counts, null, 2)}\n`);
});

/** Strings an attacker or a broken cluster would put in a name. */
const NASTY = [
  '\n',
  '\r',
  '\r\n',
  '\n---\n',
  '\nfaults: [{at: 1h, down: zone/a, for: 300d}]\n#',
  '# ',
  ': ',
  '"',
  "'",
  '\\',
  '\u202e',
  '\u200b',
  '\u2028',
  '\u0085',
  '\ud800',
  '\ufeff',
  '*a',
  '&a ',
  '!!js',
  '{',
  '[',
  '- ',
  '%',
  '@',
  '`',
  '\t',
  '\u0000',
  '\u001b[31m',
];
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((a) => a.join('')),
);

/** Every JSON string literal that is a value (not a key) in `text`: [start, end) offsets. */
function valueStrings(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    const end = m.index + m[0].length;
    if (!/^\s*:/.test(text.slice(end, end + 4))) out.push([m.index, end]);
  }
  return out;
}

/** `text` with the value strings picked by `picks` (index into the list, modulo) replaced. */
function mutate(text: string, picks: readonly { at: number; value: string; keep: boolean }[]): string {
  const spots = valueStrings(text);
  if (spots.length === 0) return text;
  const chosen = new Map<number, string>();
  for (const p of picks) {
    const [s, e] = spots[p.at % spots.length]!;
    // keep: splice into the original value (a plausible name with a payload), else replace it
    chosen.set(s, JSON.stringify(p.keep ? `${JSON.parse(text.slice(s, e)) as string}${p.value}` : p.value));
  }
  let out = '';
  let last = 0;
  for (const [s, e] of spots) {
    const v = chosen.get(s);
    if (v === undefined) continue;
    out += text.slice(last, s) + v;
    last = e;
  }
  return out + text.slice(last);
}

/** The object a topology import must parse back to. */
function expectedTopology(t: ImportedTopology): unknown {
  return {
    name: t.name,
    topology: {
      ...(t.topologyKind === null ? {} : { kind: t.topologyKind }),
      zones: t.zones,
      hosts: t.hosts.map((h) => ({ name: h.name, zone: h.zone, runs: h.runs })),
      apiserver: { etcdEndpoints: t.etcdEndpoints },
      loadBalancer:
        t.lb.preset !== null
          ? { preset: t.lb.preset }
          : t.lb.kind === 'haproxy'
            ? { kind: 'haproxy', healthCheck: { kind: 'http', interval: '2s', fall: 3, rise: 2 } }
            : { kind: t.lb.kind },
    },
  };
}

/** The built import for `texts`, as importScenario builds it (null when it refuses). */
function built(t: ImportTexts): ImportedTopology | ImportedManaged {
  return buildImport({
    ...(t.name !== undefined ? { name: t.name } : {}),
    nodes: { facts: parseNodes(t.nodes!.text, t.nodes!.source), source: t.nodes!.source },
    ...(t.pods ? { pods: { pods: parsePods(t.pods.text, t.pods.source), source: t.pods.source } } : {}),
    ...(t.kubeadmConfig
      ? {
          kubeadm: {
            facts: parseKubeadmConfig(t.kubeadmConfig.text, t.kubeadmConfig.source),
            source: t.kubeadmConfig.source,
          },
        }
      : {}),
    ...(t.etcdMembers
      ? {
          members: {
            members: parseEtcdMembers(t.etcdMembers.text, t.etcdMembers.source),
            source: t.etcdMembers.source,
          },
        }
      : {}),
    ...(t.etcdStatus
      ? { status: { status: parseEtcdStatus(t.etcdStatus.text, t.etcdStatus.source), source: t.etcdStatus.source } }
      : {}),
  });
}

/** Imports `t`; an accepted import must parse to exactly the built objects. */
export function checkImport(t: ImportTexts): void {
  counts.imports!++;
  let yaml: string;
  try {
    yaml = importScenario(t).yaml;
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    counts.refused!++;
    return;
  }
  counts.accepted!++;
  const docs = parseAllDocuments(yaml);
  expect(Array.isArray(docs) ? docs.length : 0).toBe(1);
  const doc = (docs as ReturnType<typeof parseAllDocuments> & unknown[])[0]!;
  expect(doc.errors).toEqual([]);
  const data = doc.toJS() as Record<string, unknown>;
  const b = built(t);
  if (b.kind === 'managed') {
    expect(Object.keys(data)).toEqual(['name', 'description', 'topology', 'failures', 'simulation']);
    expect(data.name).toBe(b.name);
    expect(data.topology).toEqual({ preset: b.preset });
  } else {
    expect(Object.keys(data)).toEqual(['name', 'description', 'topology', 'failures', 'simulation', 'slo']);
    expect({ name: data.name, topology: data.topology }).toEqual(expectedTopology(b));
    expect(data.slo).toEqual({ api: '99.95%' });
  }
  expect(data.simulation).toEqual({ horizon: '1y', replications: 200, seed: 1 });
  expect(Object.keys(data.failures as object)).toEqual([
    'zone',
    'host',
    'etcd',
    'apiserver',
    'controller-manager',
    'scheduler',
    'loadBalancer',
  ]);
  // nothing a reader (or another YAML parser) could take as a line break or hide text with
  expect(yaml).not.toMatch(
    /[\r\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])/,
  );
}

const pick = fc.record({ at: fc.nat(10_000), value: nasty, keep: fc.boolean() });

function inputFor(
  cluster: string,
  picks: Partial<Record<Key, { at: number; value: string; keep: boolean }[]>>,
  source: string,
  name: string | null,
): ImportTexts {
  const f = FIXTURES[cluster]!;
  const out: Record<string, unknown> = name === null ? {} : { name };
  for (const k of Object.keys(f) as Key[])
    out[k] = { text: mutate(f[k]!, picks[k] ?? []), source: `${source}${INPUTS[k]}` };
  return out as ImportTexts;
}

const picksArb = fc.record({
  nodes: fc.array(pick, { maxLength: 3 }),
  pods: fc.array(pick, { maxLength: 3 }),
  kubeadmConfig: fc.array(pick, { maxLength: 3 }),
  etcdMembers: fc.array(pick, { maxLength: 3 }),
  etcdStatus: fc.array(pick, { maxLength: 3 }),
});

describe('fuzz: import (arbitrary strings in every input field, source and name)', () => {
  it('the attack of issue 22: a member name with a newline and a fault stays in its comment', () => {
    const f = FIXTURES['kubeadm-stacked-3z']!;
    const members = f.etcdMembers!.replace(
      /"name":"([^"]+)"/,
      (_m, n: string) =>
        `"name":${JSON.stringify(`${n}\nfaults: [{at: 1h, ` + `down: zone/eu-west-1a, for: 300d}]\n#`)}`,
    );
    const t: ImportTexts = {
      name: 'x',
      nodes: { text: f.nodes!, source: 'n' },
      pods: { text: f.pods!, source: 'p' },
      kubeadmConfig: { text: f.kubeadmConfig!, source: 'k' },
      etcdMembers: { text: members, source: 'm' },
      etcdStatus: { text: f.etcdStatus!, source: 's' },
    };
    checkImport(t);
    expect(parseAllDocuments(importScenario(t).yaml)[0]!.toJS()).not.toHaveProperty('faults');
  });

  for (const [i, cluster] of CLUSTERS.entries()) {
    it(`${cluster}: 120 mutated input sets`, () => {
      fc.assert(
        fc.property(picksArb, nasty, fc.option(nasty, { nil: null }), (picks, source, name) => {
          checkImport(inputFor(cluster, picks, source, name));
        }),
        { numRuns: 120, seed: 2200 + i },
      );
    });
  }
});
