/**
 * `merge` on hostile partial results (issue 22): numbers replaced by NaN, Infinity,
 * negatives, 1e308, fractions where counts belong; typed arrays re-typed (BigInt64Array),
 * shortened or lengthened; keys deleted or given the wrong type; a scenario with changed
 * rates and a recomputed (unkeyed) hash. Each mutant is either refused with an InputError
 * (exit 2 in the CLI, one message per problem) or merged into a report with finite
 * figures; never another exception. With a shard key (HMAC-SHA256) a changed or unsigned
 * partial is refused. Each `it` is a bounded batch; the two shards are made once.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.ts';
import { readPartials, shardKey, signPartial } from '../../src/cli/shard.ts';
import { mergePartials } from '../../src/study/shard.ts';
import { reportOf } from '../../src/cli/simulate.ts';
import { decodeValue, encodeValue } from '../../src/montecarlo/codec.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { scenarioHash } from '../../src/report/json.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { cliAsync } from '../cli-async.ts';

const dir = mkdtempSync(join(tmpdir(), 'fuzz-merge-'));
const KEY = 'a shard key of more than 16 bytes';
let shards: [string, string];
const counts: Record<string, number> = { partialSets: 0, merged: 0, refused: 0 };

beforeAll(async () => {
  writeFileSync(join(dir, 'key'), `${KEY}\n`);
  for (let i = 0; i < 2; i++) {
    const r = await cliAsync([
      'run',
      'scenarios/stacked-3.yaml',
      '--replications',
      '6',
      '--horizon',
      '30d',
      '--shard',
      `${i}/2`,
      '--json',
      join(dir, `s${i}.json`),
      '--quiet',
      '--workers',
      '1',
    ]);
    expect(r.stderr).toBe('');
  }
  shards = [readFileSync(join(dir, 's0.json'), 'utf8'), readFileSync(join(dir, 's1.json'), 'utf8')];
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/fuzz-merge-stats.json', `${JSON.stringify(counts, null, 2)}\n`);
});

let n = 0;
/** Merges the texts as files; returns 'refused' or 'merged' (and checks the figures); rethrows anything else. */
function merge(texts: readonly string[], key: string | null = null): 'refused' | 'merged' {
  counts.partialSets!++;
  const files = texts.map((t) => {
    const f = join(dir, `m${n++}.json`);
    writeFileSync(f, t);
    return f;
  });
  try {
    const { result, first } = mergePartials(readPartials(files, key === null ? null : Buffer.from(key)));
    const md = renderMarkdown(reportOf(first.scenarios, result, first.replays));
    expect(md).not.toMatch(/NaN|Infinity|-\d+(\.\d+)? ?(h|ms|s|m|d)\b|e\+\d/);
    counts.merged!++;
    return 'merged';
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expect(e.message).not.toMatch(/undefined|\[object Object\]|at .*\.ts:\d+/);
    expect(e.message).not.toMatch(/chunk at replication (\d+), expected \1\b/);
    counts.refused!++;
    return 'refused';
  } finally {
    for (const f of files) rmSync(f, { force: true });
  }
}

type J = null | boolean | number | string | J[] | { [k: string]: J };

/** A shard with chunk field `field` of chunk 0 decoded, changed by `f`, encoded again. */
function withChunk(text: string, f: (c: Record<string, unknown>) => void): string {
  const p = JSON.parse(text) as { parts: { chunks: J[] }[] };
  const c = decodeValue(p.parts[0]!.chunks[0]) as Record<string, unknown>;
  f(c);
  p.parts[0]!.chunks[0] = encodeValue(c) as J;
  return JSON.stringify(p);
}

const NUMBERS = [NaN, Infinity, -Infinity, -1, -0.5, 1e308, 0.5, 2 ** 31, 1e20, -1e-300];

describe('fuzz: merge (hostile partial results)', () => {
  it('the shards as written merge; the attacks of issue 22 are refused with exit 2', () => {
    expect(merge(shards)).toBe('merged');
    for (const x of [NaN, Infinity, -3.3e7, 1e308])
      expect(merge([withChunk(shards[0], (c) => ((c.downMs as Float64Array)[0] = x)), shards[1]])).toBe('refused');
    expect(merge([withChunk(shards[0], (c) => (c.downMs = new BigInt64Array(4))), shards[1]])).toBe('refused');
    // changed rates with a recomputed plain hash: accepted without a key (it is consistent), refused with one
    const p = JSON.parse(shards[0]) as { scenarios: J; identity: { hash: string }[] };
    const scenarios = decodeValue(p.scenarios) as Scenario[];
    const changed = { ...scenarios[0]!, name: scenarios[0]!.name };
    p.scenarios = encodeValue([changed]) as J;
    p.identity[0]!.hash = scenarioHash(changed);
    const forged = JSON.stringify(p);
    const k = shardKey(join(dir, 'key'))!;
    const signed = shards.map((s) => signPartial(s.trimEnd(), k));
    expect(merge(signed, KEY)).toBe('merged');
    expect(merge([forged, signed[1]!], KEY)).toBe('refused');
    expect(merge([signPartial(forged, Buffer.from('another key, also 16+ bytes')), signed[1]!], KEY)).toBe('refused');
    expect(merge(shards, KEY)).toBe('refused');
  });

  it('a chunk of another scenario is named as such, not as "chunk at replication 3, expected 3"', () => {
    const t = withChunk(shards[0], (c) => {
      c.scenarioIndex = 1;
    });
    let msg = '';
    try {
      mergePartials(
        readPartials(
          [join(dir, 's0.json')].map(() => {
            const f = join(dir, 'idx.json');
            writeFileSync(f, t);
            return f;
          }),
        ),
      );
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/scenarioIndex is 1, expected 0/);
  });

  for (let batch = 0; batch < 4; batch++) {
    it(`batch ${batch}: 25 mutated chunks (numbers, typed-array kinds, lengths)`, () => {
      const fields = [
        'downMs',
        'outageCounts',
        'twinDownMs',
        'twinOutageCounts',
        'likelihoodRatio',
        'windowBreaches',
        'windowDownSketch',
        'outageSketch',
        'outageMaxMs',
        'windowDownMaxMs',
        'requestSuccessMs',
        'events',
        'from',
        'to',
        'scenarioIndex',
      ];
      fc.assert(
        fc.property(
          fc.constantFrom(...fields),
          fc.nat(100),
          fc.oneof(fc.constantFrom(...NUMBERS), fc.double()),
          fc.constantFrom('set', 'retype', 'shorten', 'lengthen', 'delete', 'string'),
          (field, at, x, how) => {
            const t = withChunk(shards[batch % 2 === 0 ? 0 : 1], (c) => {
              const v = c[field];
              if (how === 'delete') delete c[field];
              else if (how === 'string') c[field] = 'x';
              else if (typeof v === 'number') c[field] = x;
              else if (v instanceof Float64Array || v instanceof Int32Array) {
                if (how === 'set' && v.length > 0) v[at % v.length] = x;
                else if (how === 'retype')
                  c[field] = v instanceof Float64Array ? new Float32Array(v) : new BigInt64Array(v.length);
                else if (how === 'shorten') c[field] = v.slice(0, Math.max(0, v.length - 1 - (at % 3)));
                else if (how === 'lengthen') c[field] = new (v.constructor as Float64ArrayConstructor)([...v, x]);
              }
            });
            const r = merge(batch % 2 === 0 ? [t, shards[1]] : [shards[0], t]);
            // fractional or out-of-range counts and non-finite downtime never merge
            if (how !== 'set' && how !== 'lengthen') expect(r).toBe('refused');
          },
        ),
        { numRuns: 25, seed: 2230 + batch },
      );
    });
  }

  for (let batch = 0; batch < 2; batch++)
    it(
      `batch ${batch}: 30 structural mutants of the outer ` + `layout (keys deleted, wrong types, junk numbers)`,
      () => {
        fc.assert(
          fc.property(
            fc.constantFrom(
              'shard',
              'identity',
              'settings',
              'parts',
              'replays',
              'scenarios',
              'command',
              'generator',
              'format',
            ),
            fc.oneof(
              fc.constant(null),
              fc.constant('x'),
              fc.constant([]),
              fc.constant({}),
              fc.constantFrom(...NUMBERS.map((v) => (Number.isFinite(v) ? v : String(v)))),
            ),
            fc.boolean(),
            (key, value, deep) => {
              const p = JSON.parse(shards[0]) as Record<string, J>;
              const target = p[key];
              if (deep && target !== null && typeof target === 'object' && !Array.isArray(target)) {
                const ks = Object.keys(target);
                if (ks.length > 0) (target as Record<string, J>)[ks[0]!] = value as J;
              } else if (
                deep &&
                Array.isArray(target) &&
                target.length > 0 &&
                typeof target[0] === 'object' &&
                target[0] !== null
              ) {
                const o = target[0] as Record<string, J>;
                const ks = Object.keys(o);
                o[ks[ks.length - 1]!] = value as J;
              } else p[key] = value as J;
              merge([JSON.stringify(p), shards[1]]);
            },
          ),
          { numRuns: 30, seed: 2239 + batch },
        );
      },
    );
});
