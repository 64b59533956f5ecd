import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/queue.ts';

describe('EventQueue', () => {
  it('pops in time order, then priority, then insertion order', () => {
    const q = new EventQueue<string>();
    q.push(5, 1, 'e');
    q.push(1, 2, 'b');
    q.push(1, 1, 'a');
    q.push(1, 2, 'c');
    q.push(3, 0, 'd');
    const out: string[] = [];
    for (let t = q.pop(); t !== undefined; t = q.pop()) out.push(t.payload);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('property: pops equal a stable sort by (time, priority)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), { maxLength: 200 }),
        (items) => {
          const q = new EventQueue<number>();
          items.forEach(([t, p], i) => q.push(t, p, i));
          const expected = items
            .map(([t, p], i) => ({ t, p, i }))
            .sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i)
            .map((x) => x.i);
          const got: number[] = [];
          for (let e = q.pop(); e !== undefined; e = q.pop()) got.push(e.payload);
          expect(got).toEqual(expected);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('cancelled entries are skipped and not counted', () => {
    const q = new EventQueue<string>();
    const a = q.push(1, 0, 'a');
    q.push(2, 0, 'b');
    expect(q.size).toBe(2);
    expect(q.cancel(a)).toBe(true);
    expect(q.cancel(a)).toBe(false);
    expect(q.size).toBe(1);
    expect(q.peek()?.payload).toBe('b');
    expect(q.pop()?.payload).toBe('b');
    expect(q.pop()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('popUntil leaves later entries queued', () => {
    const q = new EventQueue<string>();
    q.push(10, 0, 'late');
    q.push(5, 0, 'early');
    expect(q.popUntil(7)?.payload).toBe('early');
    expect(q.popUntil(7)).toBeUndefined();
    expect(q.size).toBe(1);
    expect(q.popUntil(10)?.payload).toBe('late');
  });

  it('rejects non-finite and negative times', () => {
    const q = new EventQueue<string>();
    expect(() => q.push(Number.NaN, 0, 'x')).toThrow(/finite/);
    expect(() => q.push(Infinity, 0, 'x')).toThrow(/finite/);
    expect(() => q.push(-1, 0, 'x')).toThrow(/finite/);
  });

  it('clear empties the queue', () => {
    const q = new EventQueue<number>();
    for (let i = 0; i < 10; i++) q.push(i, 0, i);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
    q.push(3, 0, 3);
    expect(q.pop()?.payload).toBe(3);
  });
});
