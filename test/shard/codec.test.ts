/**
 * The partial-result codec is generic: any typed-array field (or array / object of them)
 * a ChunkResult gains is carried bit for bit, so statistics computed from decoded chunks
 * equal those from the originals; and shard ranges tile the replications.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioAccumulator } from '../../src/montecarlo/aggregate.ts';
import { runChunk } from '../../src/montecarlo/chunk.ts';
import { decodeValue, encodeValue } from '../../src/montecarlo/codec.ts';
import { accumulatorConfig, shardRange } from '../../src/montecarlo/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const bytes = (a: ArrayBufferView): number[] => [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];

describe('codec', () => {
  it('round-trips every typed-array kind bit for bit, -0, NaN and infinities included', () => {
    const value = {
      f64: new Float64Array([0, -0, NaN, Infinity, -Infinity, 5e-324, 1 / 3]),
      f32: new Float32Array([1.5, -0]),
      i32: new Int32Array([-1, 2 ** 31 - 1]),
      u8: new Uint8Array([0, 255]),
      big: new BigInt64Array([-(2n ** 63n)]),
      // A field of a future ChunkResult: per-window downtime, one array per window.
      windows: [new Float64Array([1, 2]), new Float64Array([])],
      nested: { structuralDownMs: new Float64Array([3.25]), n: -0, nan: NaN, s: 'x', b: true, z: null },
    };
    const json = JSON.stringify(encodeValue(value));
    const back = decodeValue(JSON.parse(json)) as typeof value;
    for (const k of ['f64', 'f32', 'i32', 'u8', 'big'] as const) {
      expect(back[k].constructor).toBe(value[k].constructor);
      expect(bytes(back[k])).toEqual(bytes(value[k]));
    }
    expect(back.windows.map(bytes)).toEqual(value.windows.map(bytes));
    expect(back.windows[0]).toBeInstanceOf(Float64Array);
    expect(bytes(back.nested.structuralDownMs)).toEqual([...new Uint8Array(new Float64Array([3.25]).buffer)]);
    expect(Object.is(back.nested.n, -0)).toBe(true);
    expect(back.nested.nan).toBeNaN();
    expect([back.nested.s, back.nested.b, back.nested.z]).toEqual(['x', true, null]);
  });

  it('refuses what it cannot carry losslessly, naming the path', () => {
    expect(() => encodeValue({ a: [new Map()] })).toThrow('$.a[0]: cannot encode a Map');
    expect(() => decodeValue({ $typed: 'Float64Array', base64: 'AAA=' })).toThrow(
      'not a whole number of Float64Array elements',
    );
    expect(() => decodeValue({ $typed: 'Evil', base64: '' })).toThrow('unknown typed array');
  });

  it('statistics from decoded chunks (with an extra field) equal those from the originals', () => {
    const file = 'scenarios/stacked-3.yaml';
    const r = loadScenarioText(readFileSync(file, 'utf8'), file, { replications: 60 });
    if (!r.ok) throw new Error('scenario');
    const s = r.value.scenario;
    const chunks = [runChunk(s, 0, 0, 25), runChunk(s, 0, 25, 60)];
    const direct = new ScenarioAccumulator(accumulatorConfig(s));
    const decoded = new ScenarioAccumulator(accumulatorConfig(s));
    for (const c of chunks) {
      direct.add(c);
      const extended = { ...c, futureField: new Float64Array(c.to - c.from).fill(7) };
      const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(extended)))) as typeof extended;
      expect(bytes(back.futureField)).toEqual(bytes(extended.futureField));
      decoded.add(back);
    }
    const a = direct.stats();
    expect(a.slis.api.outages).toBeGreaterThan(0);
    expect(JSON.stringify(decoded.stats(), (_k, v) => (ArrayBuffer.isView(v) ? bytes(v) : v))).toBe(
      JSON.stringify(a, (_k, v) => (ArrayBuffer.isView(v) ? bytes(v) : v)),
    );
  });
});

describe('shardRange', () => {
  it('tiles [0, R) in shard order with blocks differing by at most one', () => {
    for (const [R, N] of [
      [10, 3],
      [1_000_000, 50],
      [7, 7],
      [3, 5],
      [1, 1],
    ] as const) {
      const ranges = Array.from({ length: N }, (_, index) => shardRange(R, { index, count: N }));
      expect(ranges[0]!.from).toBe(0);
      expect(ranges[N - 1]!.to).toBe(R);
      for (let i = 1; i < N; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
      const sizes = ranges.map((x) => x.to - x.from);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardRange(1_000_000, { index: 49, count: 50 })).toEqual({ from: 980_000, to: 1_000_000 });
  });
});
