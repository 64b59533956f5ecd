/**
 * Property tests (fast-check, fixed seeds): random mutations of the bundled scenarios
 * either load or fail with `file:line:col` problems, never an exception or a hang; and
 * renaming hosts or reordering order-free lists changes nothing after resolution but
 * the names.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem } from '../../src/scenario/problems.ts';
import type { ResolvedFault, Scenario } from '../../src/scenario/types.ts';

const FILES = [
  ...readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/${f}`),
  ...readdirSync('scenarios/teaching')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/teaching/${f}`),
].sort();
const TEXTS = FILES.map((f) => readFileSync(f, 'utf8'));
const DATA: unknown[] = TEXTS.map((t) => parse(t) as unknown);
const outcomes = { ok: 0, rejected: 0 };

/**
 * Loads and checks the outcome's form. How long hostile inputs take is bounded in
 * `npm run bench` (test/bench/bounds.ts), not here: a loaded machine must not fail a test.
 */
function checkLoad(text: string): void {
  const r = loadScenarioText(text, 'mutant.yaml');
  const lines = text.split('\n').length;
  outcomes[r.ok ? 'ok' : 'rejected']++;
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      const line = formatProblem(e);
      expect(line).toMatch(/^mutant\.yaml:\d+:\d+[ :]/);
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lines + 1);
      expect(e.col).toBeGreaterThanOrEqual(1);
      expect(e.message).not.toMatch(/undefined|\[object Object\]|internal error/);
    }
  } else {
    expect(r.value.scenario.topology.hosts.length).toBeGreaterThan(0);
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Slot = { parent: Json[] | { [k: string]: Json }; key: string | number };

function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) n.forEach((v, i) => (out.push({ parent: n, key: i }), stack.push(v)));
    else if (n !== null && typeof n === 'object')
      for (const [k, v] of Object.entries(n)) out.push({ parent: n, key: k }), stack.push(v);
  }
  return out;
}

const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    Number.NaN,
    Infinity,
    -Infinity,
    '',
    '1h',
    '-5m',
    '99.95%',
    'zone/a',
    'host/@etcd-leader',
    [],
    {},
    [[]],
    { a: 1 },
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: false }),
);

type Mutation = { op: 'drop' | 'retype' | 'rename' | 'duplicate' | 'typo'; pick: number; value: Json; name: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('drop', 'retype', 'rename', 'duplicate', 'typo'),
  pick: fc.nat(),
  value: junk,
  name: fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('__proto__', 'constructor', 'kind', 'count', 'for', 'x-y'),
  ),
});

function mutate(root: Json, m: Mutation): void {
  const all = slots(root);
  const s = all[m.pick % Math.max(1, all.length)];
  if (!s) return;
  const { parent, key } = s;
  const get = (): Json => (Array.isArray(parent) ? (parent[key as number] ?? null) : (parent[key as string] ?? null));
  const set = (v: Json) => (Array.isArray(parent) ? (parent[key as number] = v) : (parent[key as string] = v));
  switch (m.op) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return;
    case 'retype':
      set(m.value);
      return;
    case 'rename':
    case 'typo': {
      if (Array.isArray(parent)) return void set(m.value);
      const v = get();
      delete parent[key as string];
      const k = String(key);
      const newKey =
        m.op === 'rename'
          ? m.name
          : k.length > 1
            ? k.slice(0, m.pick % k.length) + k.slice((m.pick % k.length) + 1)
            : `${k}x`;
      Object.defineProperty(parent, newKey, { value: v, enumerable: true, writable: true, configurable: true });
      return;
    }
    case 'duplicate': {
      const v = JSON.parse(JSON.stringify(get())) as Json;
      if (Array.isArray(parent)) parent.splice(key as number, 0, v);
      else {
        const other = all[(m.pick * 7 + 3) % all.length];
        if (other && !Array.isArray(other.parent)) other.parent[String(other.key)] = v;
      }
      return;
    }
    default:
      return;
  }
}

describe('mutated bundled scenarios', () => {
  it('load or fail with file:line:col problems, never throw', () => {
    fc.assert(
      fc.property(fc.nat({ max: FILES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, ms) => {
        const root = JSON.parse(JSON.stringify(DATA[i])) as Json;
        for (const m of ms) mutate(root, m);
        let text: string;
        try {
          text = stringify(root);
        } catch {
          return;
        }
        checkLoad(text);
      }),
      { seed: 20261127, numRuns: 400 },
    );
    // Both outcomes occur, so the property is not vacuous.
    expect(outcomes.ok).toBeGreaterThan(5);
    expect(outcomes.rejected).toBeGreaterThan(150);
  });

  it('survive text-level damage (deleted, duplicated, swapped lines; inserted characters)', () => {
    const damage = fc.record({
      op: fc.constantFrom('delete-line', 'dup-line', 'swap', 'insert', 'truncate'),
      a: fc.nat(),
      b: fc.nat(),
      chars: fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.constantFrom(
          ':',
          '- ',
          '{',
          '[',
          '*a',
          '&a',
          '!!binary',
          '\t',
          '"',
          '\n  ',
          '<<: *a',
          '---\n',
          '%YAML 1.1\n',
        ),
      ),
    });
    fc.assert(
      fc.property(fc.nat({ max: FILES.length - 1 }), fc.array(damage, { minLength: 1, maxLength: 3 }), (i, ds) => {
        let lines = (TEXTS[i] ?? '').split('\n');
        for (const d of ds) {
          const a = d.a % lines.length;
          const b = d.b % lines.length;
          if (d.op === 'delete-line') lines.splice(a, 1);
          else if (d.op === 'dup-line') lines.splice(a, 0, lines[a] ?? '');
          else if (d.op === 'swap') [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
          else if (d.op === 'truncate') lines = lines.slice(0, a + 1);
          else {
            const l = lines[a] ?? '';
            const at = d.b % (l.length + 1);
            lines[a] = l.slice(0, at) + d.chars + l.slice(at);
          }
        }
        checkLoad(lines.join('\n'));
      }),
      { seed: 4242, numRuns: 400 },
    );
  });

  it('refuse hostile input: huge files, deep nesting, alias bombs (a bomb expanded would never return)', () => {
    const bomb = ['x-a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `x-${i}: &a${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*a${i - 1}`)
          .join(', ')}]`,
      );
    const cases = [
      `name: x\n# ${'y'.repeat(1100 * 1024)}\n`,
      '['.repeat(50_000),
      `${'a:\n '.repeat(2000)}b`,
      `${bomb.join('\n')}\nname: x\ntopology: { kind: stacked, controlPlane: { count: 1 } }\n`,
      `name: x\ntopology: { kind: stacked, controlPlane: { count: 10000 }, zones: 1000 }\n`,
    ];
    for (const c of cases) checkLoad(c);
  });
});

// ---- Invariance: renaming hosts, reordering order-free lists -----------------------

const NAMES = ['m1', 'm2', 'm3', 'e1', 'e2'];
function explicitScenario(
  names: readonly string[],
  runsOrder: (runs: string[]) => string[],
  order: (n: number) => number[],
): string {
  const runs = [
    ['etcd', 'apiserver', 'controller-manager', 'scheduler'],
    ['etcd', 'apiserver', 'controller-manager', 'scheduler'],
    ['apiserver', 'controller-manager', 'scheduler', 'etcd'],
    ['etcd'],
    ['etcd'],
  ];
  const zones = ['east', 'west', 'north', 'east', 'west'];
  const n = (i: number) => names[i] ?? 'x';
  const hosts = NAMES.map(
    (_, i) => `    - { name: ${n(i)}, zone: ${zones[i]}, runs: [${runsOrder([...(runs[i] ?? [])]).join(', ')}] }`,
  );
  const faults = [
    `{ at: 1h, down: host/${n(0)}, for: 10m }`,
    `{ at: 2h, down: etcd/${n(3)}, for: 10m }`,
    `{ at: 3h, partition: [[${order(2)
      .map((j) => [`host/${n(0)}`, `zone/west`][j])
      .join(', ')}], [host/${n(2)}]], for: 5m }`,
    `{ at: 4h, rollingUpgrade: { hosts: [${n(1)}, ${n(4)}], perHost: 10m, gap: 1m } }`,
    `{ at: 5h, down: lb/${n(1)}, for: 1m }`,
    '{ at: 6h, down: host/@etcd-leader, for: 1m }',
  ];
  const fo = order(faults.length);
  return [
    'name: invariance',
    'topology:',
    '  zones: [east, west, north]',
    '  hosts:',
    ...hosts,
    '  loadBalancer: { kind: keepalived }',
    'faults:',
    ...fo.map((j) => `  - ${faults[j]}`),
  ].join('\n');
}

/** The scenario with host names mapped through `m` (fault order and file indices dropped). */
function canonical(s: Scenario, m: (name: string) => string): unknown {
  const id = (c: string) => {
    const i = c.indexOf('/');
    const kind = c.slice(0, i);
    const name = c.slice(i + 1);
    return kind === 'zone' || name.startsWith('@') || name === 'cloud' ? c : `${kind}/${m(name)}`;
  };
  const fault = (f: ResolvedFault): unknown => {
    switch (f.kind) {
      case 'down':
        return { ...f, index: 0, target: id(f.target) };
      case 'up':
        return { ...f, index: 0, target: id(f.target) };
      case 'partition':
        return {
          ...f,
          index: 0,
          groups: f.groups.map((g) => g.map(m).sort()),
          groupLabels: f.groupLabels.map((g) => g.map(id).sort()),
        };
      case 'heal':
        return { ...f, index: 0 };
      case 'rolling-upgrade':
        return { ...f, index: 0, hosts: f.hosts.map(m) };
      default:
        return f;
    }
  };
  const t = s.topology;
  return {
    ...s,
    topology: {
      ...t,
      hosts: t.hosts.map((h) => ({ ...h, name: m(h.name) })),
      loadBalancer: {
        ...t.loadBalancer,
        instances: t.loadBalancer.instances.map(id),
        instanceHosts: t.loadBalancer.instanceHosts.map((h) => (h === null ? null : m(h))),
        directHost: t.loadBalancer.directHost === null ? null : m(t.loadBalancer.directHost),
      },
    },
    faults: s.faults.map(fault),
  };
}

function loadOk(text: string): Scenario {
  const r = loadScenarioText(text, 'inv.yaml');
  if (!r.ok) throw new Error(`${r.errors.map(formatProblem).join('\n')}\n${text}`);
  return r.value.scenario;
}

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('invariance', () => {
  const reference = loadOk(explicitScenario(NAMES, (r) => r, identity));

  it('the comparison sees real differences (negative control)', () => {
    expect(reference.faults.map((f) => f.kind).sort()).toEqual([
      'down',
      'down',
      'down',
      'down',
      'partition',
      'rolling-upgrade',
    ]);
    const moved = loadOk(
      explicitScenario(NAMES, (r) => r, identity).replace('name: e1, zone: east', 'name: e1, zone: north'),
    );
    expect(canonical(moved, (n) => n)).not.toEqual(canonical(reference, (n) => n));
    const swapped = loadOk(explicitScenario(['m2', 'm1', 'm3', 'e1', 'e2'], (r) => r, identity));
    expect(canonical(swapped, (n) => n)).not.toEqual(canonical(reference, (n) => n));
  });

  it('renaming hosts changes nothing but the names', () => {
    const hostName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
    fc.assert(
      fc.property(fc.uniqueArray(hostName, { minLength: 5, maxLength: 5 }), (names) => {
        const renamed = loadOk(explicitScenario(names, (r) => r, identity));
        const back = new Map(names.map((n, i) => [n, NAMES[i] ?? n]));
        expect(canonical(renamed, (n) => back.get(n) ?? `?${n}`)).toEqual(canonical(reference, (n) => n));
        expect(renamed.topology.hosts.map((h) => h.name)).toEqual(names);
      }),
      { seed: 7, numRuns: 150 },
    );
  });

  it('reordering runs, partition members and faults changes nothing', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        const shuffle = <T>(xs: T[], seed: number): T[] => {
          const out = [...xs];
          let x = seed + 1;
          for (let i = out.length - 1; i > 0; i--) {
            x = (x * 1103515245 + 12345) % 2147483648;
            const j = x % (i + 1);
            [out[i], out[j]] = [out[j] as T, out[i] as T];
          }
          return out;
        };
        const text = explicitScenario(
          NAMES,
          (r) => shuffle(r, a),
          (n) => shuffle(identity(n), b + n),
        );
        const s = loadOk(text);
        expect(canonical(s, (n) => n)).toEqual(canonical(reference, (n) => n));
      }),
      { seed: 11, numRuns: 150 },
    );
  });
});
