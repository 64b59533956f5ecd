import { describe, expect, it } from 'vitest';
import { StreamFactory, createStream, streamKey } from '../../src/engine/rng.ts';

function draws(next: () => number, n: number): number[] {
  return Array.from({ length: n }, () => next());
}

describe('seeded streams', () => {
  it('same (seed, replication, name) gives the same sequence', () => {
    const a = createStream(7, 3, 'host/cp-1');
    const b = createStream(7, 3, 'host/cp-1');
    expect(draws(() => a.next(), 100)).toEqual(draws(() => b.next(), 100));
  });

  it('a different seed, replication or name gives a different sequence', () => {
    const base = draws(() => createStream(7, 3, 'host/cp-1').next(), 1)[0];
    const first = (seed: number, rep: number, name: string): number => createStream(seed, rep, name).next();
    expect(first(8, 3, 'host/cp-1')).not.toBe(base);
    expect(first(7, 4, 'host/cp-1')).not.toBe(base);
    expect(first(7, 3, 'host/cp-2')).not.toBe(base);
  });

  it('the key is not ambiguous between fields', () => {
    expect(streamKey(1, 23, 'x')).not.toBe(streamKey(12, 3, 'x'));
  });

  it('draws lie in [0, 1) with 53-bit resolution', () => {
    const s = createStream(1, 0, 'res');
    let fine = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = s.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      // A 32-bit generator leaves the low bits of u * 2^32 zero.
      if ((u * 2 ** 32) % 1 !== 0) fine++;
    }
    expect(fine).toBeGreaterThan(9_900);
  });

  it('streams are independent of creation order, and a new stream shifts no other', () => {
    const f1 = new StreamFactory(5, 0);
    const a1 = draws(() => f1.stream('a').next(), 10);
    const b1 = draws(() => f1.stream('b').next(), 10);

    const f2 = new StreamFactory(5, 0);
    const extra = f2.stream('zzz-new');
    extra.next();
    const b2 = draws(() => f2.stream('b').next(), 5);
    extra.next();
    const a2 = draws(() => f2.stream('a').next(), 10);
    b2.push(...draws(() => f2.stream('b').next(), 5));
    expect(a2).toEqual(a1);
    expect(b2).toEqual(b1);
  });

  it('the factory caches: the same name continues the same stream', () => {
    const f = new StreamFactory(1, 1);
    const x = f.stream('x').next();
    const y = f.stream('x').next();
    const ref = createStream(1, 1, 'x');
    expect([x, y]).toEqual([ref.next(), ref.next()]);
  });

  it('uniform draws are uniform: mean and variance within 5 standard errors', () => {
    const s = createStream(11, 0, 'uniform-check');
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // Var[U^2] = 1/5 - 1/9.
    expect(Math.abs(sumSq / n - 1 / 3)).toBeLessThan(5 * Math.sqrt((1 / 5 - 1 / 9) / n));
  });
});
