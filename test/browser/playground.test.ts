/**
 * The playground in real Chromium (Debian's, through playwright-core), opened from disk:
 * no request but the page itself, a click on cp-1's host moves the etcd leader and the API
 * lamp goes red then green with the narration saying so, two of three members down stop
 * writes until one returns, scrubbing back restores exactly the state shown then, "find
 * the SPOF" is judged by the exact analysis, controls are labelled and keyboard reachable.
 * Screenshots go to reports/screenshots/playground-*.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePlayground, playgroundScenarios } from '../../src/cli/commands/play.ts';
import { runExplain } from '../../src/cli/commands/explain.ts';
import { explainTimeline } from '../../src/study/explain.ts';
import { renderPlaygroundHtml } from '../../src/playground/page.ts';
import { renderTimelineHtml } from '../../src/report/timeline-html.ts';
import { launch, openFile, screenshot, type BrowserSession, type PageLog } from './chromium.ts';

const DIR = resolve('reports', 'browser-test');
let session: BrowserSession;
let file: string;

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  session = await launch();
  const { scenarios, initial } = playgroundScenarios(undefined);
  file = resolve(DIR, 'playground.html');
  writeFileSync(file, renderPlaygroundHtml({ script: await bundlePlayground(), scenarios, initial }));
}, 180_000); // Chromium's start and an esbuild bundle: seconds idle, minutes at high load
afterAll(async () => {
  await session?.close();
});

async function open(): Promise<{ page: Page; log: PageLog }> {
  const opened = await openFile(session, file);
  await opened.page.waitForSelector('body[data-ready="true"]');
  return opened;
}

const stateOf = (page: Page, sel: string): Promise<string | null> =>
  page.locator(sel).first().getAttribute('data-state');
const lamp = (page: Page, sli: string): Promise<string | null> => stateOf(page, `[data-sli="${sli}"]`);
const advance = (page: Page, seconds: number): Promise<unknown> =>
  page.evaluate(
    (s) => (window as never as { playground: { advance(s: number): unknown } }).playground.advance(s),
    seconds,
  );
const pgState = (
  page: Page,
): Promise<{ nowMs: number; cluster: unknown; narration: { text: string }[]; log: unknown[] }> =>
  page.evaluate(() => (window as never as { playground: { state(): never } }).playground.state());

async function randomOff(page: Page): Promise<void> {
  await page.locator('#random').uncheck();
}

/** Every drawn component's id and state, in page order. */
async function drawn(page: Page): Promise<string[]> {
  return page
    .locator('[data-component]')
    .evaluateAll((es) => es.map((e) => `${e.getAttribute('data-component')}=${e.getAttribute('data-state')}`));
}

describe('playground in Chromium', () => {
  it('loads from disk and makes no request, even while playing', async () => {
    const { page, log } = await open();
    await page.locator('#play').click();
    await page.waitForTimeout(400);
    await page.locator('#play').click();
    await page.locator('[data-component="host/cp-2"]').click();
    expect(log.pageErrors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.requests).toEqual([pathToFileURL(file).href]);
    expect((await pgState(page)).nowMs).toBeGreaterThan(0);
    await page.close();
  });

  it("clicking cp-1's host in stacked-3 moves the etcd leader; the API lamp goes red, then green; the narration says so", async () => {
    const { page } = await open();
    await randomOff(page);
    expect(await stateOf(page, '[data-component="etcd/cp-1"]')).toBe('leader');
    expect(await lamp(page, 'api')).toBe('up');
    await page.locator('[data-component="host/cp-1"]').click();
    expect(await stateOf(page, '[data-component="host/cp-1"]')).toBe('down');
    expect(await lamp(page, 'api')).toBe('down');
    await advance(page, 1);
    // The VIP was on cp-1: keepalived's failover (3.6 s) keeps the API down after the election.
    expect(await lamp(page, 'api')).toBe('down');
    await advance(page, 1.5);
    const leaders = await page
      .locator('[data-component^="etcd/"][data-state="leader"]')
      .evaluateAll((es) => es.map((e) => e.getAttribute('data-component')));
    expect(leaders).toHaveLength(1);
    expect(leaders[0]).not.toBe('etcd/cp-1');
    await screenshot(page, 'playground-stacked-3-failover');
    await advance(page, 30);
    expect(await lamp(page, 'api')).toBe('up');
    expect(await lamp(page, 'etcd')).toBe('up');
    const text = await page.locator('#narration').innerText();
    expect(text).toMatch(/host cp-1 down: etcd leader cp-1 lost.*api down/s);
    expect(text).toMatch(/etcd leader elected: cp-[23] \(term 3\)/);
    expect(text).toMatch(/keepalived: VIP moves to cp-2/);
    expect(text).toMatch(/api up/);
    await page.close();
  });

  it('failing two of three members stops writes until one returns', async () => {
    const { page } = await open();
    await randomOff(page);
    await page.locator('[data-component="etcd/cp-2"]').click();
    await advance(page, 5);
    expect(await lamp(page, 'etcd')).toBe('up');
    await page.locator('[data-component="etcd/cp-3"]').click();
    await advance(page, 600);
    expect(await lamp(page, 'etcd')).toBe('down');
    expect(await page.locator('[data-component^="etcd/"][data-state="leader"]').count()).toBe(0);
    expect(await stateOf(page, '[data-component="etcd/cp-1"]')).toBe('cut-off');
    await page.locator('[data-component="etcd/cp-3"]').click();
    await advance(page, 10);
    expect(await lamp(page, 'etcd')).toBe('up');
    expect(await page.locator('#narration').innerText()).toMatch(
      /writes stop[\s\S]*etcd on cp-3 up \(scripted\)[\s\S]*writes resume/,
    );
    await page.close();
  });

  it('scrubbing back to an earlier moment restores exactly the state shown then', async () => {
    const { page } = await open();
    await page.locator('#rate').selectOption('1000');
    await advance(page, 120);
    await page.locator('[data-component="zone/b"]').click();
    await advance(page, 7.25);
    const then = await pgState(page);
    const shown = await drawn(page);
    const lamps = await page.locator('[data-sli]').evaluateAll((es) => es.map((e) => e.getAttribute('data-state')));
    await page.locator('[data-component="host/cp-1"]').click();
    await advance(page, 400);
    await page.locator('[data-component="zone/b"]').click();
    await advance(page, 100);
    expect(JSON.stringify((await pgState(page)).cluster)).not.toBe(JSON.stringify(then.cluster));
    await page.evaluate(
      (s) => (window as never as { playground: { scrub(s: number): unknown } }).playground.scrub(s),
      then.nowMs / 1000,
    );
    const back = await pgState(page);
    expect(back.nowMs).toBe(then.nowMs);
    expect(JSON.stringify(back.cluster)).toBe(JSON.stringify(then.cluster));
    expect(back.narration).toEqual(then.narration);
    expect(await drawn(page)).toEqual(shown);
    expect(await page.locator('[data-sli]').evaluateAll((es) => es.map((e) => e.getAttribute('data-state')))).toEqual(
      lamps,
    );
    // Forward again replays the later actions: the log was kept.
    expect(back.log).toHaveLength(3);
    // The URL fragment holds scenario + log: a fresh page opened on it shows the same moment.
    const url = page.url();
    const again = await session.context.newPage();
    await again.goto(url);
    await again.waitForSelector('body[data-ready="true"]');
    const shared = await pgState(again);
    expect(shared.nowMs).toBe(then.nowMs);
    expect(JSON.stringify(shared.cluster)).toBe(JSON.stringify(then.cluster));
    await again.close();
    await page.close();
  });

  it('"find the SPOF" on stacked-3-two-zones accepts zone a and rejects zone b', async () => {
    const { page } = await open();
    await page.locator('#scenario').selectOption('stacked-3-two-zones');
    await page.locator('#m-spof').click();
    await page.locator('[data-component="zone/a"]').click();
    await page.locator('[data-component="zone/b"]').click();
    expect(await stateOf(page, '[data-component="zone/a"]')).toBe('up');
    await page.locator('#spof-check').click();
    expect(await page.locator('.spof-result [data-for="zone/a"]').getAttribute('data-verdict')).toBe('correct');
    expect(await page.locator('.spof-result [data-for="zone/b"]').getAttribute('data-verdict')).toBe('wrong');
    expect(await page.locator('[data-component="zone/a"]').getAttribute('data-verdict')).toBe('correct');
    expect(await page.locator('[data-component="zone/b"]').getAttribute('data-verdict')).toBe('wrong');
    expect(await page.locator('.spof-result').innerText()).toMatch(
      /zone b is not a SPOF: api survives it alone; it only does together with host cp-1/,
    );
    await screenshot(page, 'playground-find-the-spof');
    await page.close();
  });

  it('draws a partition; the quorum overlay shows the split and writes stop', async () => {
    const { page } = await open();
    await randomOff(page);
    await page.locator('#quorum-overlay').check();
    await page.locator('#m-partition').click();
    await page.locator('[data-side="1"]').click();
    await page.locator('[data-component="zone/a"]').click();
    await page.locator('[data-side="2"]').click();
    await page.locator('[data-component="zone/b"]').click();
    await page.locator('#cut').click();
    await advance(page, 30);
    expect(await page.locator('#quorum .split').innerText()).toBe('1-1-1 split');
    expect(await lamp(page, 'etcd')).toBe('down');
    expect(await page.locator('#narration').innerText()).toMatch(/network partition \{zone a\} \| \{zone b\}/);
    await screenshot(page, 'playground-quorum-partition');
    await page.locator('#heal').click();
    await advance(page, 30);
    expect(await lamp(page, 'etcd')).toBe('up');
    await page.close();
  });

  it('plays a teaching scenario as a guided story, one event at a time', async () => {
    const { page } = await open();
    await page.locator('#scenario').selectOption('etcd-leader-killed');
    expect(await page.locator('#m-story').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#teach button.primary').click();
    expect(await page.locator('#teach .callout').innerText()).toMatch(
      /t=1h00m00\.000s[\s\S]*host cp-1 \(the etcd leader\) down for 10m/,
    );
    await page.locator('#teach button.primary').click();
    expect(await page.locator('#teach .callout').innerText()).toMatch(/etcd leader elected/);
    await screenshot(page, 'playground-guided-story');
    await page.close();
  });

  it('every control has a label and the components are reachable by keyboard', async () => {
    const { page } = await open();
    const unlabelled = await page.locator('button, select, input').evaluateAll((es) =>
      es
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .filter((e) => {
          const el = e as HTMLInputElement;
          const name = el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '';
          return name.trim() === '';
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    expect(await page.locator('[data-component="host/cp-1"]').getAttribute('aria-label')).toBe(
      'host cp-1: up. Press to fail it.',
    );
    let found = false;
    for (let i = 0; i < 80 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement?.getAttribute('data-component') === 'host/cp-1');
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    expect(await stateOf(page, '[data-component="host/cp-1"]')).toBe('down');
    await page.close();
  });
});

describe('focused explain timeline in Chromium', () => {
  it('opens on the worst outage with context and zooms with the buttons, time staying linear', async () => {
    const run = runExplain('scenarios/stacked-3-two-zones.yaml', { quiet: true });
    const t = explainTimeline(run);
    expect(t.truncated).toBe(false);
    const f = resolve(DIR, 'timeline-focus.html');
    writeFileSync(f, renderTimelineHtml(t));
    const { page, log } = await openFile(session, f);
    expect(log.pageErrors).toEqual([]);
    expect(log.requests).toEqual([pathToFileURL(f).href]);
    const svg = page.locator('svg.gantt-chart');
    const view = async (): Promise<[number, number]> => [
      Number(await svg.getAttribute('data-from-ms')),
      Number(await svg.getAttribute('data-to-ms')),
    ];
    const [from, to] = await view();
    const worst = t.outages.api.reduce((a, b) => (b.toMs - b.fromMs > a.toMs - a.fromMs ? b : a));
    expect(from).toBeLessThan(worst.fromMs);
    expect(to).toBeGreaterThan(worst.toMs);
    expect(to - from).toBeLessThan(3 * (worst.toMs - worst.fromMs) + 1);
    // A segment's width is its duration times the scale, before and after zooming in.
    const rect = page.locator('g.lane[data-lane="sli/api"] rect[data-from]');
    const widthOf = async (): Promise<number> => {
      const all = await rect.evaluateAll((es) =>
        es.map((e) => ({
          from: Number(e.getAttribute('data-from')),
          to: Number(e.getAttribute('data-to')),
          w: Number(e.getAttribute('width')),
        })),
      );
      return all.find((s) => s.from === worst.fromMs)!.w;
    };
    const w0 = await widthOf();
    await page.locator('[data-gantt-zoom="in"]').click();
    const [f1, t1] = await view();
    expect(t1 - f1).toBeCloseTo((to - from) / 2, 0);
    const w1 = await widthOf();
    expect(w1).toBeGreaterThan(w0 * 1.5);
    await page.locator('[data-gantt-zoom="all"]').click();
    expect(await view()).toEqual([0, t.untilMs]);
    await page.locator('button:has-text("★ worst")').click();
    expect(await view()).toEqual([from, to]);
    await screenshot(page, 'explain-timeline-focus');
    await page.close();
  });
});

describe('playground topology controls in Chromium', () => {
  it('rebuild the cluster: external etcd, five control-plane nodes, haproxy', async () => {
    const { page, log } = await open();
    await page.locator('details.topo summary').click();
    await page.locator('#t-kind').selectOption('external');
    await page.locator('#t-cp').selectOption('5');
    await page.locator('#t-etcd').selectOption('3');
    await page.locator('#t-lb').selectOption('haproxy');
    await page.locator('#t-apply').click();
    expect(await page.locator('[data-component^="apiserver/"]').count()).toBe(5);
    expect(await page.locator('[data-component^="etcd/"]').count()).toBe(3);
    expect(await page.locator('[data-component="etcd/etcd-1"]').getAttribute('data-state')).toBe('leader');
    expect(await page.locator('[data-component="lb/lb-1"]').getAttribute('data-state')).toBe('up');
    await page.locator('[data-component="lb/lb-1"]').click();
    expect(await lamp(page, 'api')).toBe('down');
    expect(log.pageErrors).toEqual([]);
    await page.close();
  });
});

describe('window.playground.load in Chromium', () => {
  it('loads a scenario from YAML, or reports each problem as file:line:col key.path: message', async () => {
    const { page } = await open();
    const load = (yaml: string): Promise<{ ok: boolean; errors: string[] }> =>
      page.evaluate((y) => (window as never as { playground: { load(y: string): never } }).playground.load(y), yaml);
    const bad = await load('name: x\ntopology: { kind: stacked, zones: 3, controlPlane: { count: 0 } }\n');
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toMatch(/^loaded\.yaml:2:\d+ topology\.controlPlane\.count: /);
    const good = await load('name: five\ntopology: { kind: stacked, zones: 3, controlPlane: { count: 5 } }\n');
    expect(good).toEqual({ ok: true, errors: [] });
    expect(await page.locator('[data-component^="etcd/"]').count()).toBe(5);
    expect((await pgState(page)).cluster).toMatchObject({ quorum: 3 });
    await page.close();
  });
});
