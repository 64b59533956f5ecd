import { describe, expect, it } from 'vitest';
import { StreamFactory, createStream, streamState } from '../../src/engine/rng.ts';

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

  it('initial states are distinct across seeds, replications and names (no collisions in 60k)', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      for (let rep = 0; rep < 200; rep++) {
        for (const name of [
          'host/cp-1',
          'host/cp-2',
          'etcd/cp-1',
          'zone/a',
          'lb/cloud',
          'protocol/etcd-election',
          'apiserver/cp-1',
          'controller-manager/cp-1',
          'scheduler/cp-1',
          'lb/lb-1',
          'zone/b',
          'zone/c',
          'host/cp-11',
          'host/cp-1 ',
          'Host/cp-1',
          'etcd/etcd-1',
          'etcd/etcd-10',
          'x',
          'y',
          'lb/cp-1',
          'lb/cp-2',
          'host/lb-1',
          'scheduler/cp-2',
          'etcd/cp-2',
          'etcd/cp-3',
          'host/cp-3',
          'apiserver/cp-2',
          'apiserver/cp-3',
          'z',
          'w',
        ]) {
          const st = streamState(seed, rep, name);
          seen.add(`${st.s0},${st.s1},${st.s2}`);
          expect(st.s0).toBeGreaterThanOrEqual(0);
          expect(st.s2).toBeLessThan(1);
        }
      }
    }
    expect(seen.size).toBe(10 * 200 * 30);
  });

  it('streams of neighbouring replications and seeds are uncorrelated', () => {
    // Correlation of the first 1000 draws of (seed, r) and (seed, r + 1), and of seeds 1 and 2.
    const corr = (a: number[], b: number[]): number => {
      const ma = a.reduce((s, x) => s + x, 0) / a.length;
      const mb = b.reduce((s, x) => s + x, 0) / b.length;
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      a.forEach((x, i) => {
        sab += (x - ma) * (b[i]! - mb);
        saa += (x - ma) ** 2;
        sbb += (b[i]! - mb) ** 2;
      });
      return sab / Math.sqrt(saa * sbb);
    };
    const seq = (seed: number, rep: number): number[] => {
      const st = createStream(seed, rep, 'host/cp-1');
      return draws(() => st.next(), 1000);
    };
    // |r| < 4 / sqrt(1000) = 0.126 for independent sequences.
    expect(Math.abs(corr(seq(1, 0), seq(1, 1)))).toBeLessThan(0.126);
    expect(Math.abs(corr(seq(1, 0), seq(2, 0)))).toBeLessThan(0.126);
    const firsts = Array.from({ length: 2000 }, (_, r) => createStream(1, r, 'host/cp-1').next());
    const mean = firsts.reduce((s, x) => s + x, 0) / firsts.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 2000));
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
