import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { axisProblems, cartesian, variantName } from '../../src/sweep/grid.ts';
import { cheapestPassing, paretoFront, type SweepPoint } from '../../src/sweep/select.ts';

describe('cartesian', () => {
  it('enumerates every combination, the first axis slowest', () => {
    const g = cartesian([
      { path: 'a', values: ['1', '2'] },
      { path: 'b', values: ['x', 'y', 'z'] },
    ]);
    expect(g.map((s) => s.map((x) => x.value).join(''))).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
  });

  it('has the product of the value counts as its size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), (ns) => {
        const axes = ns.map((n, i) => ({ path: `p${i}`, values: Array.from({ length: n }, (_, k) => String(k)) }));
        expect(cartesian(axes)).toHaveLength(ns.reduce((a, b) => a * b, 1));
      }),
    );
  });

  it('names variants after the base and their settings', () => {
    expect(
      variantName('stacked-3', [
        { path: 'topology.kind', value: 'external' },
        { path: 'topology.controlPlane.count', value: '5' },
      ]),
    ).toBe('stacked-3 [topology.kind=external, topology.controlPlane.count=5]');
  });

  it('rejects duplicate paths and values', () => {
    expect(
      axisProblems([
        { path: 'a', values: ['1'] },
        { path: 'a', values: ['2'] },
      ]),
    ).toHaveLength(1);
    expect(axisProblems([{ path: 'a', values: ['1', '1'] }])).toHaveLength(1);
    expect(axisProblems([{ path: 'a', values: ['1', '2'] }])).toEqual([]);
  });
});

const pt = (name: string, machines: number, down: number, met: boolean | null): SweepPoint => ({
  name,
  machines,
  apiDowntimeMinutesPerYear: down,
  rankAvailability: 1 - down / 525600,
  sloMet: met,
});

describe('paretoFront and cheapestPassing', () => {
  it('keeps exactly the undominated points', () => {
    const pts = [
      pt('a', 1, 60, false),
      pt('b', 3, 5, true),
      pt('c', 3, 8, true),
      pt('d', 5, 5, true),
      pt('e', 5, 1, true),
    ];
    expect(paretoFront(pts)).toEqual(['a', 'b', 'e']);
  });

  it('agrees with a brute-force definition', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 5 })), {
          minLength: 1,
          maxLength: 12,
        }),
        (xs) => {
          const pts = xs.map(([m, d], i) => pt(`v${i}`, m, d, null));
          const front = new Set(paretoFront(pts));
          for (const p of pts) {
            const dominated = pts.some(
              (q) =>
                q.machines <= p.machines &&
                q.apiDowntimeMinutesPerYear <= p.apiDowntimeMinutesPerYear &&
                (q.machines < p.machines || q.apiDowntimeMinutesPerYear < p.apiDowntimeMinutesPerYear),
            );
            expect(front.has(p.name)).toBe(!dominated);
          }
        },
      ),
    );
  });

  it('picks the fewest machines among passing variants, then the best availability', () => {
    const pts = [pt('a', 1, 60, false), pt('c', 3, 8, true), pt('b', 3, 5, true), pt('e', 5, 1, true)];
    expect(cheapestPassing(pts)).toBe('b');
    expect(cheapestPassing([pt('a', 1, 60, false), pt('x', 2, 1, null)])).toBeNull();
  });
});
