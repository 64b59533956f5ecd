/**
 * Issue 16, API load (facts §9): the LB spreads the offered load over the backends in
 * rotation; a ready backend serves up to its capacity and rejects the rest (429); the
 * request success share counts both failed backends and rejections, weighted by the load
 * of the hour. Exact values: the request loss in seconds of a one-day run.
 */
import { describe, expect, it } from 'vitest';
import { RequestLoad } from '../../src/model/request-load.ts';
import { checkTimes, H, run, topo, type RunView } from './builders.ts';

const T = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: haproxy } }';
const fault = (at: string) => `faults:\n  - { at: ${at}, down: apiserver/cp-2, for: 10m }`;
/** cp-2's removal delay after the fault at `atS` and its return delay after the fault ends 10 min later (s). */
const delays = (v: RunView, atS: number): { d: number; r: number } => {
  const t = checkTimes(v, 'cp-2');
  return { d: t.removed[0]! - atS, r: t.back[0]! - (atS + 600) };
};
const DAILY = `[${[...Array(12).fill(0.5), ...Array(12).fill(1)].join(', ')}]`;

describe('API load and capacity', () => {
  it('no load: an apiserver down costs only its share until the check removes it (unchanged)', () => {
    const v = run(topo(T, fault('1h')));
    const { d } = delays(v, H);
    expect(d).toBeGreaterThan(4);
    expect(v.requestLossS).toBeCloseTo(d / 3, 6);
  });

  it('flat load beyond two apiservers: the survivors reject the excess (429) until it is back in rotation', () => {
    const v = run(topo(T, `load: { peak: 1200, apiserver: { capacity: 500 } }\n${fault('1h')}`));
    // d s until removal: 1 backend in 3 fails (1/3 lost); then 2 routed carry 1000 of 1200
    // (1/6 rejected) until the returning one is routed again r s after it is back (its 5 s
    // start-up, then the rise count)
    const { d, r } = delays(v, H);
    expect(v.requestLossS).toBeCloseTo(d / 3 + (600 - d + r) / 6, 6);
    expect(v.outages.api).toEqual([]);
  });

  it("capacity from the in-flight limits and a service time (Little's law)", () => {
    // (400 + 200) / 1.2 s = 500 requests/s per apiserver: the same as above
    const v = run(topo(T, `load: { peak: 1200, apiserver: { serviceTime: 1200ms } }\n${fault('1h')}`));
    const { d, r } = delays(v, H);
    expect(v.requestLossS).toBeCloseTo(d / 3 + (600 - d + r) / 6, 6);
  });

  it('always over capacity: a quarter of all requests rejected, with no fault at all', () => {
    const v = run(topo(T, 'load: { peak: 1200, apiserver: { capacity: 300 } }'));
    expect(v.requestLossS).toBeCloseTo(0.25 * 86_400, 4);
  });

  it('daily profile: the same fault costs what the hour offers, weighted by its load', () => {
    const load = `load: { peak: 1200, daily: ${DAILY}, apiserver: { capacity: 500 } }`;
    // mean offered load 900/s; at 1h the load is 600/s: two survivors carry it, only the
    // d s before removal lose 1/3 of 600
    const night = run(topo(T, `${load}\n${fault('1h')}`));
    expect(night.requestLossS).toBeCloseTo(((delays(night, H).d / 3) * 600) / 900, 6);
    // at 13h the load is the peak: as with the flat load, times 1200/900
    const day = run(topo(T, `${load}\n${fault('13h')}`));
    const { d, r } = delays(day, 13 * H);
    expect(day.requestLossS).toBeCloseTo(((d / 3 + (600 - d + r) / 6) * 1200) / 900, 6);
  });

  it('integrates across hour and day boundaries in closed form', () => {
    const daily = Array.from({ length: 24 }, (_, h) => (h + 1) / 24);
    const l = new RequestLoad({ peakPerS: 240, daily, capacityPerS: 100, capacitySource: 'given' });
    // brute force: second by second over 1.5 days with 1 backend (cap 100/s)
    const a = 5.5 * H * 1000;
    const b = (24 + 13.25) * H * 1000;
    let brute = 0;
    for (let t = a; t < b; t += 1000) brute += Math.min(l.offeredAt(t), 100) * 1000;
    const mean = daily.reduce((x, y) => x + y, 0) * 10;
    expect(l.served(a, b, 1, 1)).toBeCloseTo(brute / mean, 3);
    expect(l.served(a, b, 0.5, 1)).toBeCloseTo(brute / mean / 2, 3);
    expect(l.served(b, a, 1, 1)).toBe(0);
  });
});
