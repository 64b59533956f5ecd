/** Issue 16: capacity headroom at peak with one host and one zone down (facts §9), and the `load` block's checks. */
import { describe, expect, it } from 'vitest';
import { capacityReport } from '../../src/analysis/capacity.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem } from '../../src/scenario/problems.ts';

function load(yaml: string) {
  const r = loadScenarioText(yaml, 'c.yaml');
  return r.ok
    ? { scenario: r.value.scenario, errors: [] as string[], warnings: r.value.warnings.map(formatProblem) }
    : { scenario: null, errors: r.errors.map(formatProblem), warnings: [] };
}

describe('capacity headroom', () => {
  it('4 apiservers over 2 zones at 1200 req/s of 500 each: N+1 holds, a zone loss does not', () => {
    const { scenario } = load(
      'name: c\ntopology: { kind: stacked, zones: 2, controlPlane: { count: ' +
        '4 } , loadBalancer: { kind: haproxy } }\nload: { peak: 1200, apiserver: { capacity: 500 } }\n',
    );
    const r = capacityReport(scenario!)!;
    expect(r.allUp).toEqual({ apiservers: 4, capacityPerS: 2000, headroom: 800 / 1200, servedShare: 1 });
    expect(r.oneHostDown).toEqual({ apiservers: 3, capacityPerS: 1500, headroom: 300 / 1200, servedShare: 1 });
    expect(r.oneZoneDown).toEqual({
      apiservers: 2,
      capacityPerS: 1000,
      headroom: -200 / 1200,
      servedShare: 1000 / 1200,
      zone: 'a',
    });
    expect(r.nPlusOne).toBe(true);
    expect(r.apiserversForNPlusOne).toBe(4);
  });

  it('needs ceil(L / C) + 1 apiservers; exactly at capacity counts as carried', () => {
    const at = (peak: number, count: number) =>
      capacityReport(
        load(
          `name: c\ntopology: { kind: ` +
            `stacked, zones: 3, controlPlane: { count: ${count} }, loadBalancer: { kind: haproxy } }\nload: { ` +
            `peak: ${peak}, apiserver: { capacity: 500 } }\n`,
        ).scenario!,
      )!;
    expect(at(1000, 3).nPlusOne).toBe(true);
    expect(at(1000, 3).apiserversForNPlusOne).toBe(3);
    expect(at(1001, 3).nPlusOne).toBe(false);
    expect(at(1001, 3).apiserversForNPlusOne).toBe(4);
  });

  it('no load: no report', () => {
    expect(
      capacityReport(load('name: c\ntopology: { kind: stacked, controlPlane: { count: 1 } }\n').scenario!),
    ).toBeNull();
  });
});

describe('the load block', () => {
  const base = 'name: c\ntopology: { kind: stacked, controlPlane: { count: 1 } }\n';
  it.each([
    [
      'load: { peak: 100, apiserver: { capacity: 50, serviceTime: 1s } }',
      /^c\.yaml:3:43 load\.apiserver\.capacity: give either capacity or the in-flight limits with a serviceTime, not both$/,
    ],
    [
      'load: { peak: 100, apiserver: { maxRequestsInflight: 800 } }',
      /^c\.yaml:3:31 load\.apiserver: missing the capacity: give capacity/,
    ],
    [
      'load: { peak: 0, apiserver: { capacity: 5 } }',
      /^c\.yaml:3:15 load\.peak: expected requests per second \(a number > 0\), found 0$/,
    ],
    [
      'load: { peak: 10, daily: [1, 0.5], apiserver: { capacity: 5 } }',
      /^c\.yaml:3:26 load\.daily: expected 24 hourly factors/,
    ],
    [
      `load: { peak: 10, daily: [${Array(24).fill(0).join(',')}], apiserver: { capacity: 5 } }`,
      /^c\.yaml:3:26 load\.daily: every hourly factor is 0/,
    ],
  ])('%s', (yaml, re) => {
    expect(load(base + yaml).errors[0]).toMatch(re);
  });

  it('a profile whose busiest hour is not 1 earns a warning', () => {
    expect(
      load(`${base}load: { peak: 10, daily: [${Array(24).fill(0.5).join(',')}], apiserver: { ` + `capacity: 5 } }`)
        .warnings[0],
    ).toMatch(/load\.daily: warning: the busiest hour's factor is 0\.5, not 1/);
  });
});
