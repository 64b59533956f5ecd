/**
 * Fuzzing in-process (fast-check, fixed seeds), sized so that every class of robustness
 * bug issue 10 lists would have been found: each input is loaded; a rejected one must
 * carry a position on every problem and short, control-free lines; an accepted one is run
 * (invariants checked after every event, narration capped as `explain` caps it), its
 * explain JSON serialised and its exact analysis computed — all finite, probabilities in
 * [0, 1]. No wall-clock bound is asserted (a loaded machine would fail it): a hang is caught by
 * the test timeout, which can fire because each property yields to the event loop between
 * inputs; the time per input is recorded, not judged — the slowest input and how many took
 * over SLOW_INPUT_MS are written to reports/fuzz-stats.json with the counts of the run (the
 * numbers the note asks for). Load-independent scaling bounds live in `npm run bench`
 * (test/bench/bounds.ts).
 *
 * Which generator would have found which class:
 * - text damage (CR line breaks, `*undefined` aliases, bracket floods, long tokens, error
 *   floods, control characters): CR-only breaks, undefined alias, nesting depth,
 *   quadratic de-duplication, echoed tokens, control characters in messages;
 * - structural mutation with heavy-tailed distributions and tiny durations: Weibull
 *   drawing Infinity, analytic values outside [0, 1], unbounded explain output;
 * - random fault scripts on keepalived / haproxy topologies, split brain on and off, faults
 *   seconds apart: the VIP invariants after a partition replaces another.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeScenario } from '../../src/analysis/exact.ts';
import { CappedTrace } from '../../src/study/explain.ts';
import { explainJson } from '../../src/report/explain.ts';
import { runReplication } from '../../src/model/replication.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem } from '../../src/scenario/problems.ts';
import { SLIS } from '../../src/scenario/types.ts';

/** Inputs slower than this are counted in fuzz-stats.json (recorded, not asserted). */
const SLOW_INPUT_MS = 3000;
/**
 * Simulated time per accepted input: 6 h for fault scripts (faults up to 5h30m), 10 min for
 * structural mutants, whose failure rates can be one per second per component (a draw of
 * Infinity or a broken invariant shows in the first events; the cost should not).
 */
const RUN_MS = { script: 6 * 3600_000, mutant: 10 * 60_000 } as const;
/** The narration cap used in the fuzz run (explain's own is larger; the code path is the same). */
const FUZZ_EVENT_CAP = 2000;
/**
 * Per batch: about 1-2 s on an idle 2-core machine; the counts are fixed, so on a machine
 * shared by many test runs (load 20 was seen) they get more time rather than fewer inputs.
 */
const PROPERTY_TIMEOUT_MS = 300_000;

/**
 * Lets the worker's event loop run (setImmediate: after pending I/O). A property that never
 * yields blocks vitest's worker RPC: its onTaskUpdate call times out after a fixed 60 s
 * (birpc's default, not configurable in vitest 3) when the reply cannot be read in time.
 */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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

const stats = { inputs: 0, rejectedWithPosition: 0, accepted: 0, crashes: 0, slowInputs: 0, worstMs: 0, peakRssMb: 0 };
const perProperty: Record<string, number> = {};
let worstInput = '';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Loads, checks and (when valid) runs one input; throws on any broken expectation. */
function examine(text: string, label: string): void {
  const t0 = performance.now();
  stats.inputs++;
  perProperty[label] = (perProperty[label] ?? 0) + 1;
  try {
    check(text);
  } catch (e) {
    stats.crashes++;
    throw e;
  } finally {
    const ms = performance.now() - t0;
    if (ms > stats.worstMs) {
      stats.worstMs = ms;
      worstInput = `${label}: ${text.slice(0, 300)}`;
    }
    if (ms > SLOW_INPUT_MS) stats.slowInputs++;
    if ((stats.inputs & 255) === 0) stats.peakRssMb = Math.max(stats.peakRssMb, process.memoryUsage().rss / 2 ** 20);
  }
}

function check(text: string): void {
  const r = loadScenarioText(text, 'fuzz.yaml');
  if (!r.ok) {
    const lines = text.split(/\r\n|\r|\n/).length;
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lines + 1);
      expect(e.col).toBeGreaterThanOrEqual(1);
      const line = formatProblem(e);
      expect(line).toMatch(/^fuzz\.yaml:\d+:\d+[ :]/);
      expect(line.length).toBeLessThan(1500);
      expect(line).not.toMatch(CONTROL);
      expect(e.message).not.toMatch(/undefined|\[object Object\]|internal error|call stack/i);
    }
    stats.rejectedWithPosition++;
    return;
  }
  stats.accepted++;
  const s = r.value.scenario;
  const untilMs = Math.min(
    s.simulation.horizonMs,
    s.faults.length > 0 && s.name === 'fault-script' ? RUN_MS.script : RUN_MS.mutant,
  );
  const trace = new CappedTrace(FUZZ_EVENT_CAP);
  const result = runReplication(s, 0, { untilMs, trace, checkInvariants: true });
  for (const sli of SLIS) {
    const t = result.slis[sli];
    expect(Number.isFinite(t.downMs) && t.downMs >= 0 && t.downMs <= untilMs).toBe(true);
    for (const x of t.outages) expect(x >= 0 && x <= untilMs).toBe(true);
  }
  expect(trace.entries.length).toBeLessThanOrEqual(FUZZ_EVENT_CAP);
  const json = JSON.stringify(
    explainJson({
      scenario: s,
      seed: s.simulation.seed,
      replication: 0,
      untilMs,
      entries: trace.entries,
      omittedEvents: trace.omitted,
      result,
      timeline: null,
    }),
  );
  expect(json.length).toBeLessThan(FUZZ_EVENT_CAP * 1000 + 4 * 64 * result.events + 1000);
  if (s.topology.hosts.length <= 6) {
    const a = analyzeScenario(s);
    if (a.ok)
      for (const sli of SLIS) expect(a.value.availability[sli] >= 0 && a.value.availability[sli] <= 1).toBe(true);
  }
}

afterAll(() => {
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/fuzz-stats.json',
    `${JSON.stringify({ ...stats, perProperty, slowInputMs: SLOW_INPUT_MS, worstInput }, null, 2)}\n`,
  );
});

// ---- structural mutations of the bundled scenarios ---------------------------------

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

const distribution: fc.Arbitrary<Json> = fc.oneof(
  fc.record({
    weibull: fc.record({
      shape: fc.constantFrom(0.0001, 0.05, 0.1, 0.3, 1, 99),
      scale: fc.constantFrom('1ms', '1s', '1h', '100000y'),
    }),
  }),
  fc.record({ lognormal: fc.record({ median: fc.constantFrom('1ms', '1s', '1h'), sigma: fc.constantFrom(0, 3, 10) }) }),
  fc.record({ exponential: fc.record({ mean: fc.constantFrom('1ms', '1s', '1m', '100000y') }) }),
  fc.record({ uniform: fc.record({ min: fc.constantFrom('0s', '1s'), max: fc.constantFrom('1s', '1h') }) }),
);
const failureClass: fc.Arbitrary<Json> = fc.oneof(
  fc.record({
    mttf: fc.constantFrom('1s', '1m', '1h', '100000y'),
    mttr: fc.constantFrom('1ms', '1s', '1m', '100000y'),
  }),
  fc.record({ ttf: distribution, ttr: distribution }),
);
const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    0,
    -1,
    1.5,
    1e308,
    Infinity,
    '',
    '1h',
    '1ms',
    '-5m',
    '99.95%',
    '100%',
    'zone/a',
    'host/@etcd-leader',
    [],
    {},
    [[]],
  ),
  fc.constantFrom<Json>('\u001b]0;pwned\u0007', 'a\u0000b', '\u009b31m', 'x'.repeat(5000), '`$(id)`|x'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1e9, max: 1e9 }),
  distribution,
  failureClass,
);

type Mutation = {
  op: 'drop' | 'retype' | 'rename' | 'duplicate' | 'failures';
  pick: number;
  value: Json;
  name: string;
};
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('drop', 'retype', 'rename', 'duplicate', 'failures'),
  pick: fc.nat(),
  value: junk,
  name: fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('__proto__', 'constructor', 'kind', 'count', 'x-y', 'k'.repeat(900)),
  ),
});
const CLASSES = ['zone', 'host', 'etcd', 'apiserver', 'controller-manager', 'scheduler', 'loadBalancer'];

function mutate(root: Json, m: Mutation): void {
  if (m.op === 'failures' && root !== null && typeof root === 'object' && !Array.isArray(root)) {
    const old = root['failures'];
    const f = (old !== null && typeof old === 'object' && !Array.isArray(old) ? old : {}) as { [k: string]: Json };
    f[CLASSES[m.pick % CLASSES.length]!] = m.value;
    root['failures'] = f;
    return;
  }
  const all = slots(root);
  const s = all[m.pick % Math.max(1, all.length)];
  if (!s) return;
  const { parent, key } = s;
  const get = (): Json => (Array.isArray(parent) ? (parent[key as number] ?? null) : (parent[key as string] ?? null));
  const set = (v: Json) => (Array.isArray(parent) ? (parent[key as number] = v) : (parent[key as string] = v));
  if (m.op === 'drop') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (m.op === 'retype' || m.op === 'failures') {
    set(m.value);
  } else if (m.op === 'rename') {
    if (Array.isArray(parent)) return void set(m.value);
    const v = get();
    delete parent[key as string];
    Object.defineProperty(parent, m.name, { value: v, enumerable: true, writable: true, configurable: true });
  } else {
    const v = JSON.parse(JSON.stringify(get())) as Json;
    if (Array.isArray(parent)) parent.splice(key as number, 0, v);
  }
}

// ---- text damage ---------------------------------------------------------------------

const damage = fc.record({
  op: fc.constantFrom(
    'delete-line',
    'dup-line',
    'swap',
    'insert',
    'truncate',
    'cr',
    'crlf',
    'flood',
    'long-token',
    'brackets',
  ),
  a: fc.nat(),
  b: fc.nat(),
  n: fc.integer({ min: 1, max: 1500 }),
  chars: fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom(
      ':',
      '- ',
      '{',
      '[',
      '*a',
      '&a',
      '*nope',
      '<<: *nope',
      '!!binary',
      '\t',
      '"',
      '\n  ',
      '---\n',
      '%YAML 1.1\n',
      '\u001b[2J',
      '\u0000',
      '\r',
    ),
  ),
});
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function damageText(text: string, ds: readonly Damage[]): string {
  let lines = text.split('\n');
  let joiner = '\n';
  for (const d of ds) {
    const a = d.a % Math.max(1, lines.length);
    const b = d.b % Math.max(1, lines.length);
    const l = lines[a] ?? '';
    const at = d.b % (l.length + 1);
    switch (d.op) {
      case 'delete-line':
        lines.splice(a, 1);
        break;
      case 'dup-line':
        lines.splice(a, 0, l);
        break;
      case 'swap':
        [lines[a], lines[b]] = [lines[b] ?? '', l];
        break;
      case 'truncate':
        lines = lines.slice(0, a + 1);
        break;
      case 'cr':
        joiner = '\r';
        break;
      case 'crlf':
        joiner = '\r\n';
        break;
      case 'flood':
        // Many lines that each make a syntax error (the de-duplication case; the scaling
        // itself is pinned in regressions.test.ts, larger floods cost too long per input).
        lines.splice(
          a,
          0,
          ...Array.from({ length: d.n }, (_, i) => (d.b % 3 === 0 ? `k${i}: [` : d.b % 3 === 1 ? `x${i}: "a" b` : '}')),
        );
        break;
      case 'long-token':
        lines[a] = l.slice(0, at) + 'z'.repeat(d.n * 5) + l.slice(at);
        break;
      case 'brackets':
        lines[a] = l.slice(0, at) + (d.b % 2 === 0 ? '[' : '{').repeat(d.n) + l.slice(at);
        break;
      default:
        lines[a] = l.slice(0, at) + d.chars + l.slice(at);
    }
  }
  return lines.join(joiner);
}

// ---- random fault scripts on LB topologies --------------------------------------------

const target = fc.constantFrom(
  'zone/a',
  'zone/b',
  'zone/c',
  'host/cp-1',
  'host/cp-2',
  'host/cp-3',
  'lb/cp-1',
  'lb/cp-2',
  'etcd/cp-1',
  'apiserver/cp-2',
  'host/@etcd-leader',
);
// Minutes plus 0-5 s, so that faults also land inside each other's VIP master-down windows (3.6 s).
const minutes = fc
  .tuple(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 0, max: 5 }))
  .map(([m, s]) => `${m}m${s}s`);
const fault = fc.oneof(
  fc
    .record({ at: minutes, what: target, forM: fc.integer({ min: 1, max: 90 }) })
    .map((f) => `{ at: ${f.at}, down: ` + `${f.what}, for: ${f.forM}m }`),
  fc
    .record({
      at: minutes,
      groups: fc.uniqueArray(fc.constantFrom('zone/a', 'zone/b', 'zone/c', 'host/cp-1', 'host/cp-2', 'host/cp-3'), {
        minLength: 1,
        maxLength: 2,
      }),
      forM: fc.integer({ min: 1, max: 90 }),
    })
    .map((f) => `{ at: ${f.at}, partition: [[${f.groups.join(', ')}]], for: ${f.forM}m }`),
);
const lbKind = fc.constantFrom('keepalived', 'haproxy', 'cloud');

function faultScenario(kind: string, faults: readonly string[], count: number, splitBrain: boolean): string {
  return [
    'name: fault-script',
    `topology: { kind: stacked, zones: 3, controlPlane: { count: ${count} }, loadBalancer: { kind: ${kind} } }`,
    `timing: { loadBalancer: { splitBrain: ${splitBrain} } }`,
    'faults:',
    ...faults.map((f) => `  - ${f}`),
    'simulation: { horizon: 6h }',
  ].join('\n');
}

describe('fuzzing in-process (>= 10,000 inputs)', () => {
  // Batches, each its own test, each yielding between inputs (yieldToEventLoop): a long
  // synchronous property would block the vitest worker's RPC to the runner.
  for (let b = 0; b < 6; b++)
    it(
      `structural mutations of every bundled scenario, with heavy tails ` + `and tiny durations (batch ${b + 1}/6)`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.nat({ max: FILES.length - 1 }),
            fc.array(mutation, { minLength: 1, maxLength: 4 }),
            async (i, ms) => {
              await yieldToEventLoop();
              const root = JSON.parse(JSON.stringify(DATA[i])) as Json;
              for (const m of ms) mutate(root, m);
              let text: string;
              try {
                text = stringify(root);
              } catch {
                return;
              }
              examine(text, 'structural');
            },
          ),
          { seed: 20261201 + b, numRuns: 500 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

  for (let b = 0; b < 11; b++)
    it(
      `text damage: lines, CR breaks, undefined aliases, bracket and ` +
        `error floods, long tokens, control characters (batch ${b + 1}/11)`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.nat({ max: FILES.length - 1 }),
            fc.array(damage, { minLength: 1, maxLength: 3 }),
            async (i, ds) => {
              await yieldToEventLoop();
              examine(damageText(TEXTS[i] ?? '', ds), 'text');
            },
          ),
          { seed: 1201 + b, numRuns: 500 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

  for (let b = 0; b < 7; b++)
    it(
      `random fault scripts on keepalived, haproxy and cloud topologies ` + `keep every invariant (batch ${b + 1}/7)`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            lbKind,
            fc.array(fault, { minLength: 1, maxLength: 5 }),
            fc.constantFrom(3, 5),
            fc.boolean(),
            async (kind, faults, count, splitBrain) => {
              await yieldToEventLoop();
              examine(faultScenario(kind, faults, count, splitBrain), 'fault-script');
            },
          ),
          { seed: 4242 + b, numRuns: b < 6 ? 250 : 200 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

  it('the run is not vacuous: all outcomes occur and the total reaches 10,000', () => {
    expect(stats.inputs).toBeGreaterThanOrEqual(10_000);
    expect(stats.accepted).toBeGreaterThan(1500);
    expect(stats.rejectedWithPosition).toBeGreaterThan(3000);
    expect(stats.crashes).toBe(0);
  });
});
