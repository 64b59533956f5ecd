/**
 * The HTML views in real Chromium (Debian's, through playwright-core), opened from disk:
 * no console errors, no request but the page itself, the charts present with the expected
 * number of marks, tooltips working, scenario strings shown as text. Screenshots go to
 * reports/screenshots/ for people to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../scenario-file.ts';
import { markersOf } from '../../src/report/charts/gantt-chart.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderSweepHtml } from '../../src/report/sweep-html.ts';
import { renderTimelineHtml } from '../../src/report/timeline-html.ts';
import { recordTimeline } from '../../src/timeline/index.ts';
import { SLIS } from '../../src/scenario/types.ts';
import { buildSweepReport } from '../../src/sweep/build.ts';
import { EVIL, syntheticReport } from '../report/fixtures.ts';
import { launch, openFile, screenshot, type BrowserSession } from './chromium.ts';

const DIR = resolve('reports', 'browser-test');
let session: BrowserSession;

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

function write(name: string, html: string): string {
  const file = resolve(DIR, name);
  writeFileSync(file, html);
  return file;
}

async function load(file: string) {
  const opened = await openFile(session, file);
  opened.page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
  return opened;
}

function expectClean(log: { consoleErrors: string[]; pageErrors: string[]; requests: string[] }, file: string): void {
  expect(log.consoleErrors).toEqual([]);
  expect(log.pageErrors).toEqual([]);
  expect(log.requests).toEqual([pathToFileURL(file).href]);
}

describe('run report in Chromium', () => {
  it('loads from disk cleanly with every chart and mark, and shows the XSS name as text', async () => {
    const r = syntheticReport();
    const file = write('report.html', renderHtml(r));
    const { page, log } = await load(file);
    expectClean(log, file);
    const n = r.scenarios.length * SLIS.length;
    expect(await page.locator('svg.nines-chart .point').count()).toBe(n);
    expect(await page.locator('svg.nines-chart .whisker').count()).toBe(n);
    expect(await page.locator('svg.downtime-chart .bar-protocol').count()).toBe(n);
    expect(await page.locator('svg.cdf-chart .cdf-line').count()).toBe(n);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.getByText(EVIL, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('.verdict.unmet').innerText()).toContain('1 of 2 SLOs not met');
    // Tooltips: titles became data-tip, hovering shows one.
    expect(await page.locator('svg title').count()).toBe(0);
    await page.locator('svg.nines-chart .point').first().hover();
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(true);
    expect(await page.locator('#tip').innerText()).toMatch(/availability .*95% CI/s);
    await screenshot(page, 'run-report');
    await page.close();
  });
});

/** Pairs of elements matching `selector` whose boxes overlap by more than a pixel each way. */
async function overlapping(page: import('playwright-core').Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => {
    const boxes = els
      .map((e) => ({ r: e.getBoundingClientRect(), t: e.textContent ?? '' }))
      .filter((b) => b.r.width > 0 && b.r.height > 0);
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        if (a.left + 1 < b.right && b.left + 1 < a.right && a.top + 1 < b.bottom && b.top + 1 < a.bottom)
          out.push(`${boxes[i]!.t} / ` + `${boxes[j]!.t}`);
      }
    }
    return out;
  });
}

/** npm start's shape: 20 scenarios with an SLO each (the synthetic two, renamed and shifted). */
function twentyScenarioReport() {
  const r = syntheticReport();
  const scenarios = Array.from({ length: 20 }, (_, i) => {
    const base = r.scenarios[i % 2]!;
    return { ...base, name: `${base.name}-variant-${String(i).padStart(2, '0')}` };
  });
  return { ...r, scenarios, comparisons: [], adjacentComparisons: [] };
}

describe('run report layout at 1366 px (issue 23)', () => {
  it('opens on the verdict chart; the outage CDF of 20 scenarios is small multiples; no labels overlap', async () => {
    const r = twentyScenarioReport();
    const file = write('report-20.html', renderHtml(r));
    const { page, log } = await load(file);
    expectClean(log, file);
    const charts = await page
      .locator('svg.chart')
      .evaluateAll((els) => els.map((e) => ({ cls: e.getAttribute('class'), top: e.getBoundingClientRect().top })));
    expect(charts[0]!.cls).toContain('verdict-chart');
    expect(charts[0]!.top).toBeLessThan(450);
    expect(await page.locator('svg.verdict-chart .verdict-row').count()).toBe(20);
    // Small multiples: a panel per scenario, a line per SLI in each.
    expect(await page.locator('svg.cdf-chart .panel.small').count()).toBe(20);
    expect(await page.locator('svg.cdf-chart .cdf-line').count()).toBe(20 * SLIS.length);
    expect(await overlapping(page, 'svg.verdict-chart text')).toEqual([]);
    expect(await overlapping(page, 'svg.cdf-chart text')).toEqual([]);
    await screenshot(page, 'run-report-20');
    await page.close();
  });
});

describe('sweep report in Chromium', () => {
  it('loads cleanly with one point per variant and the cheapest ringed', async () => {
    const r = syntheticReport();
    const settings = (v: string) => [{ path: 'topology.controlPlane.count', value: v }];
    const sw = buildSweepReport(
      { name: 'synthetic', file: 'synthetic.yaml' },
      [{ path: 'topology.controlPlane.count', values: ['1', '3', '5', '7'] }],
      [
        { status: 'ran', name: r.scenarios[0]!.name, settings: settings('1') },
        { status: 'ran', name: r.scenarios[1]!.name, settings: settings('3') },
        { status: 'ran', name: r.scenarios[2]!.name, settings: settings('5') },
        {
          status: 'skipped',
          name: 'synthetic [topology.controlPlane.count=7]',
          settings: settings('7'),
          message: `bad ${EVIL}`,
        },
      ],
      r,
    );
    const file = write('sweep.html', renderSweepHtml(sw));
    const { page, log } = await load(file);
    expectClean(log, file);
    expect(await page.locator('svg.sweep-chart .variant').count()).toBe(3);
    expect(await page.locator('svg.sweep-chart .cheapest-ring').count()).toBe(1);
    expect(await page.locator('svg.nines-chart .point').count()).toBe(3 * SLIS.length);
    expect(await page.locator('#variants tbody tr').count()).toBe(4);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('.verdict.met').innerText()).toContain('3 machines');
    // The cheapest variant's label covers no axis label, tick, SLO label or other label.
    expect(await overlapping(page, 'svg.sweep-chart text')).toEqual([]);
    await screenshot(page, 'sweep-report');
    await page.close();
  });
});

describe('explain timeline in Chromium', () => {
  it('loads cleanly with a lane per component and a marker per instant', async () => {
    const scenario = loadScenarioFile('scenarios/teaching/etcd-leader-killed.yaml');
    const t = recordTimeline(scenario);
    const file = write('timeline.html', renderTimelineHtml(t));
    const { page, log } = await load(file);
    expectClean(log, file);
    expect(await page.locator('svg.gantt-chart .lane').count()).toBe(t.lanes.length);
    expect(await page.locator('svg.gantt-chart .marker').count()).toBe(markersOf(t).length);
    expect(await page.locator('.tl-events li').count()).toBe(t.events.length);
    expect(await page.locator('svg.gantt-chart .api-down-band').count()).toBe(t.outages.api.length);
    // Hovering an event highlights its marker.
    await page.locator('.tl-events li').first().hover();
    expect(await page.locator('svg.gantt-chart .marker.hl').count()).toBe(1);
    await screenshot(page, 'explain-timeline');
    await page.close();
  });
});
