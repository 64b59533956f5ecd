import { describe, expect, it } from 'vitest';
import { downtimeChart } from '../../src/report/charts/downtime-chart.ts';
import { ninesLabel, truncate } from '../../src/report/charts/layout.ts';
import { nines } from '../../src/units/format.ts';
import { ninesChart } from '../../src/report/charts/nines-chart.ts';
import { outageCdfChart } from '../../src/report/charts/outage-cdf-chart.ts';
import { escapeHtml } from '../../src/report/charts/svg.ts';
import { cdfSeries, ninesRows, renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { SLIS } from '../../src/scenario/types.ts';
import { EVIL, sliStats, syntheticReport } from './fixtures.ts';

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;

describe('renderHtml', () => {
  const r = syntheticReport();
  const html = renderHtml(r);

  it('escapes every scenario string: the XSS name is text, never markup', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror=alert(1)>');
    expect(html).toContain(escapeHtml(EVIL));
    expect(count(html, /<script/g)).toBe(1);
  });

  it('is self-contained: no external URL, no src/href attribute, a CSP without network sources', () => {
    const urls = (html.match(/https?:\/\/[^"'\s<)]+/g) ?? []).filter((u) => u !== 'http://www.w3.org/2000/svg');
    expect(urls).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\s(src|href)=/);
    expect(html).toContain("default-src 'none'");
  });

  it('draws one point and one whisker per scenario and SLI, one bar pair per scenario and SLI', () => {
    const n = r.scenarios.length * SLIS.length;
    // The nines chart's, plus one per SLO in the verdict chart at the top.
    const slos = r.scenarios.reduce((k, s) => k + Object.keys(s.slo).length, 0);
    expect(count(html, /class="point/g)).toBe(n + slos);
    expect(count(html, /class="whisker"/g)).toBe(n + slos);
    expect(count(html, /class="verdict-row/g)).toBe(slos);
    expect(count(html, /class="bar-structure"/g)).toBe(n);
    expect(count(html, /class="bar-protocol"/g)).toBe(n);
    expect(count(html, /class="cdf-line"/g)).toBe(n);
  });

  it('states the verdict first: 1 of 2 SLOs not met', () => {
    const verdict = html.indexOf('class="verdict');
    expect(verdict).toBeGreaterThan(0);
    expect(verdict).toBeLessThan(html.indexOf('id="availability"'));
    expect(html).toContain('✗ 1 of 2 SLOs not met');
    // The unmet SLO's square, in the verdict chart and in the nines chart.
    expect(count(html, /class="point unmet"/g)).toBe(2);
    expect(html.indexOf('verdict-chart')).toBeLessThan(html.indexOf('nines-chart'));
  });

  it("names each scenario's worst run with the command that replays it", () => {
    const seed = r.scenarios[0]!.seed;
    expect(html).toContain(`k8s-ha-sim explain scenarios/0.yaml --seed ${seed} --replication 17 --html run.html`);
    expect(count(html, /--replication 17/g)).toBe(r.scenarios.length);
  });

  it('matches the stored charts', async () => {
    await expect(ninesChart(ninesRows(r.scenarios))).toMatchFileSnapshot('__snapshots__/nines-chart.svg');
    const rows = r.scenarios.map((s) => ({
      label: s.name,
      cells: Object.fromEntries(
        SLIS.map((sli) => [
          sli,
          {
            totalMinutes: s.slis[sli].downtimeMinutesPerYear,
            ci95: s.slis[sli].downtimeMinutesPerYearCi95,
            structureMinutes: s.downtimeSplit![sli].structureMinutes,
            protocolMinutes: s.downtimeSplit![sli].protocolMinutes,
          },
        ]),
      ) as never,
    }));
    await expect(downtimeChart(rows)).toMatchFileSnapshot('__snapshots__/downtime-chart.svg');
    const cdf = r.scenarios.map((s) => ({
      label: s.name,
      series: Object.fromEntries(SLIS.map((sli) => [sli, cdfSeries(s.slis[sli])])) as never,
    }));
    await expect(outageCdfChart(cdf)).toMatchFileSnapshot('__snapshots__/outage-cdf-chart.svg');
    await expect(html).toMatchFileSnapshot('__snapshots__/report.html');
  });
});

describe('chart helpers', () => {
  it('nines and their labels', () => {
    expect(nines(0.999)).toBeCloseTo(3, 12);
    expect(nines(1)).toBe(Infinity);
    expect([0, 1, 2, 3, 5].map(ninesLabel)).toEqual(['0%', '90%', '99%', '99.9%', '99.999%']);
  });

  it('truncates long labels with an ellipsis and keeps short ones', () => {
    expect(truncate('stacked-3', 200)).toBe('stacked-3');
    const t = truncate('x'.repeat(200), 60);
    expect(t.endsWith('…')).toBe(true);
    expect(t.length).toBeLessThan(20);
  });

  it('draws the outage CDF through the report quantiles, nothing without outages', () => {
    const st = { ...sliStats(0.999, 0.0001, 30), outageCdf: { p: [0, 0.5, 1], seconds: [1, 30, 2700] } };
    expect(cdfSeries(st)?.points).toEqual([
      { seconds: 1, p: 0 },
      { seconds: 30, p: 0.5 },
      { seconds: 2700, p: 1 },
    ]);
    expect(cdfSeries({ ...st, outageCdf: null })).toBeNull();
  });
});

describe('renderMarkdown escaping', () => {
  it('renders the XSS name and description as text', () => {
    const md = renderMarkdown(syntheticReport());
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
  });
});
