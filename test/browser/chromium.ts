/**
 * Chromium driven by playwright-core for the browser tests, never downloaded at test time:
 * Debian's /usr/bin/chromium when it is installed, otherwise the Chromium shipped inside
 * the @sparticuz/chromium devDependency (it unpacks its own binary to the temp directory;
 * `npm ci` is all a bare machine needs). K8S_HA_SIM_CHROMIUM=bundled forces the npm one,
 * =system forces Debian's (failing, not skipping, when it is missing). Every request the
 * page makes is recorded, and every request but the page's own file:// URL is aborted.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Which Chromium a run uses and why. */
export interface ChromiumChoice {
  readonly path: string;
  readonly source: 'system' | 'bundled';
}

/** Flags every launch uses (headless, no sandbox for containers, no network of its own). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Picks the browser: K8S_HA_SIM_CHROMIUM=system|bundled, else system when present, else
 * bundled. `systemPath` is a parameter so the choice itself can be tested.
 */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env, systemPath = SYSTEM_CHROMIUM): Promise<ChromiumChoice> {
  const forced = env.K8S_HA_SIM_CHROMIUM;
  if (forced !== undefined && forced !== '' && forced !== 'system' && forced !== 'bundled') {
    throw new Error(`K8S_HA_SIM_CHROMIUM=${forced}: expected system or bundled`);
  }
  if (forced === 'system' || (forced !== 'bundled' && existsSync(systemPath))) {
    if (!existsSync(systemPath)) throw new Error(`K8S_HA_SIM_CHROMIUM=system but ${systemPath} is missing: apt-get install -y chromium`);
    return { path: systemPath, source: 'system' };
  }
  // The npm package's own binary (brotli-compressed in node_modules, unpacked once to /tmp).
  const { default: bundled } = await import('@sparticuz/chromium');
  return { path: await bundled.executablePath(), source: 'bundled' };
}

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

/** Launches Chromium headless (see chooseChromium for which one). */
export async function launch(env: NodeJS.ProcessEnv = process.env): Promise<BrowserSession & { readonly choice: ChromiumChoice }> {
  const choice = await chooseChromium(env);
  const profile = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-chromium-'));
  // A persistent context is how playwright takes a fresh --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: choice.path,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1366, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    choice,
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
