/**
 * The browser tests run on a bare machine: without Debian's Chromium they use the one in
 * the @sparticuz/chromium devDependency (no download at test time). The choice is pinned
 * and the npm-shipped browser is launched explicitly here to render a real HTML report.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync } from '../cli-async.ts';
import { chooseChromium, launch, openFile } from './chromium.ts';

const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-chromium-test-'));

describe('Chromium choice', () => {
  it('uses the system Chromium when it exists and nothing is forced', async () => {
    const fake = join(dir, 'chromium');
    writeFileSync(fake, '');
    expect(await chooseChromium({}, fake)).toEqual({ path: fake, source: 'system' });
  });

  it('falls back to the npm-shipped Chromium when the system one is missing', async () => {
    const c = await chooseChromium({}, join(dir, 'no-such-chromium'));
    expect(c.source).toBe('bundled');
    expect(() => accessSync(c.path, constants.X_OK)).not.toThrow();
  });

  it('the npm-shipped Chromium loads NSS and NSPR from its own unpacked libraries (a bare Debian has none)', async () => {
    const c = await chooseChromium({ K8S_HA_SIM_CHROMIUM: 'bundled' });
    const libs = c.env!.LD_LIBRARY_PATH!.split(':')[0]!;
    const ldd = spawnSync('ldd', [c.path], { encoding: 'utf8', env: { ...process.env, ...c.env } });
    expect(ldd.stdout).not.toContain('not found');
    for (const lib of ['libnss3.so', 'libnssutil3.so', 'libnspr4.so', 'libplc4.so', 'libplds4.so'])
      expect(ldd.stdout).toContain(`${lib} => ${libs}/${lib}`);
  });

  it('K8S_HA_SIM_CHROMIUM forces a choice; a forced missing system Chromium fails, not skips', async () => {
    const fake = join(dir, 'chromium');
    expect((await chooseChromium({ K8S_HA_SIM_CHROMIUM: 'bundled' }, fake)).source).toBe('bundled');
    await expect(chooseChromium({ K8S_HA_SIM_CHROMIUM: 'system' }, join(dir, 'missing'))).rejects.toThrow(
      'K8S_HA_SIM_CHROMIUM=system but',
    );
    await expect(chooseChromium({ K8S_HA_SIM_CHROMIUM: 'firefox' })).rejects.toThrow('expected system or bundled');
  });
});

describe('the npm-shipped Chromium', () => {
  it('renders an HTML report headless: charts drawn, no errors, no request but its own file', async () => {
    const html = join(dir, 'report.html');
    const r = await cliAsync([
      'run',
      'scenarios/stacked-3.yaml',
      '--replications',
      '30',
      '--workers',
      '1',
      '--html',
      html,
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const session = await launch({ K8S_HA_SIM_CHROMIUM: 'bundled' });
    try {
      expect(session.choice.source).toBe('bundled');
      const { page, log } = await openFile(session, html);
      expect(await page.locator('svg').count()).toBeGreaterThan(0);
      expect(await page.textContent('body')).toContain('stacked-3');
      expect(log.pageErrors).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      expect(new Set(log.requests).size).toBe(1);
    } finally {
      await session.close();
    }
  }, 300_000); // a CLI run, then Chromium: ~8 s idle, far more on a loaded machine
});
