/**
 * Chromium driven by playwright-core for the browser tests, never downloaded at test time:
 * Debian's /usr/bin/chromium when it is installed, otherwise the Chromium shipped inside
 * the @sparticuz/chromium devDependency (it unpacks its own binary to the temp directory;
 * `npm ci` is all a bare machine needs). That binary links NSS and NSPR (libnss3, libnspr4,
 * ...), which a bare Debian lacks (they came with Debian's chromium package): the package
 * ships them in al2023.tar.br, which it only unpacks on AWS Lambda, so we unpack them here and
 * launch the bundled browser with them first on LD_LIBRARY_PATH (and its own fonts.conf). Without
 * that, every browser test's `beforeAll` failed and vitest reported 14 tests skipped.
 * K8S_HA_SIM_CHROMIUM=bundled forces the npm one,
 * =system forces Debian's (failing, not skipping, when it is missing). Every request the
 * page makes is recorded, and every request but the page's own file:// URL is aborted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Which Chromium a run uses and why. */
export interface ChromiumChoice {
  readonly path: string;
  readonly source: 'system' | 'bundled';
  /** Bundled only: what the browser process needs in its environment (its own libraries and fonts). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Where the bundled browser's shared libraries (NSS, NSPR, expat) are unpacked. */
export const BUNDLED_LIBRARY_DIR = join(tmpdir(), 'k8s-ha-sim-chromium-libs');

/**
 * Unpacks @sparticuz/chromium's al2023.tar.br (lib/*.so) into BUNDLED_LIBRARY_DIR once; a
 * concurrent caller sees either nothing or the whole directory (unpacked aside, then renamed).
 */
function bundledLibraries(): string {
  const libs = join(BUNDLED_LIBRARY_DIR, 'lib');
  if (existsSync(join(libs, 'libnss3.so'))) return libs;
  // The package exports only its entry point (build/cjs/index.cjs): its root is two levels up.
  const pkg = dirname(dirname(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'))));
  const tar = brotliDecompressSync(readFileSync(join(pkg, 'bin', 'al2023.tar.br')));
  const aside = mkdtempSync(`${BUNDLED_LIBRARY_DIR}-`);
  execFileSync('tar', ['-x', '-C', aside], { input: tar });
  try {
    renameSync(aside, BUNDLED_LIBRARY_DIR);
  } catch (e) {
    rmSync(aside, { recursive: true, force: true });
    if (!existsSync(join(libs, 'libnss3.so'))) throw e;
  }
  return libs;
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
export async function chooseChromium(
  env: NodeJS.ProcessEnv = process.env,
  systemPath = SYSTEM_CHROMIUM,
): Promise<ChromiumChoice> {
  const forced = env.K8S_HA_SIM_CHROMIUM;
  if (forced !== undefined && forced !== '' && forced !== 'system' && forced !== 'bundled') {
    throw new Error(`K8S_HA_SIM_CHROMIUM=${forced}: expected system or bundled`);
  }
  if (forced === 'system' || (forced !== 'bundled' && existsSync(systemPath))) {
    if (!existsSync(systemPath))
      throw new Error(`K8S_HA_SIM_CHROMIUM=system but ${systemPath} is missing: apt-get install -y chromium`);
    return { path: systemPath, source: 'system' };
  }
  // The npm package's own binary (brotli-compressed in node_modules, unpacked once to /tmp).
  const { default: bundled } = await import('@sparticuz/chromium');
  const path = await bundled.executablePath(); // also unpacks its fonts to <tmp>/fonts
  const libs = bundledLibraries();
  const inherited = env.LD_LIBRARY_PATH ? `:${env.LD_LIBRARY_PATH}` : '';
  return {
    path,
    source: 'bundled',
    env: { LD_LIBRARY_PATH: `${libs}${inherited}`, FONTCONFIG_PATH: join(tmpdir(), 'fonts') },
  };
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
export async function launch(
  env: NodeJS.ProcessEnv = process.env,
): Promise<BrowserSession & { readonly choice: ChromiumChoice }> {
  const choice = await chooseChromium(env);
  const profile = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-chromium-'));
  // A persistent context is how playwright takes a fresh --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: choice.path,
    ...(choice.env ? { env: { ...process.env, ...choice.env } } : {}),
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
