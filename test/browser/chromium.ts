/**
 * Debian's Chromium driven by playwright-core for the browser tests: never downloads a
 * browser; fails (does not skip) when /usr/bin/chromium is missing. Every request the page
 * makes is recorded, and every request but the page's own file:// URL is aborted.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** What a page did while loading. */
export interface PageLog {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  /** Every request URL, the page's own included. */
  readonly requests: string[];
}

/** A running browser with a fresh profile directory. */
export interface BrowserSession {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium headless; throws a clear error when it is not installed. */
export async function launch(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); the browser tests never download a browser`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-chromium-'));
  // A persistent context is how playwright takes a fresh --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1366, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `file` from disk, recording console errors, page errors and requests. */
export async function openFile(session: BrowserSession, file: string): Promise<{ page: Page; log: PageLog }> {
  const page = await session.context.newPage();
  const log: PageLog = { consoleErrors: [], pageErrors: [], requests: [] };
  const own = pathToFileURL(file).href;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('request', (r) => log.requests.push(r.url()));
  await page.route('**/*', (route) => (route.request().url() === own ? route.continue() : route.abort()));
  await page.goto(own, { waitUntil: 'load' });
  return { page, log };
}

/** Saves a full-page PNG under reports/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join('reports', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
