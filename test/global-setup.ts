/**
 * Vitest global setup: compiles src/ to dist/ (incremental tsc, ~1 s when nothing
 * changed) so the tests that spawn bin/k8s-ha-sim run the code under test, from a fresh
 * clone too (with the playground's browser bundle); and, when the browser tests will use the npm-shipped Chromium, unpacks it
 * once here so parallel test files do not race to unpack it.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildPlayground } from '../scripts/build-playground.ts';
import { chooseChromium } from './browser/chromium.ts';

/** Builds dist/; a compile error fails the whole run. */
export default async function setup(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  // The playground's browser bundle, as `npm run build` writes it (play reads it).
  await buildPlayground();
  const choice = await chooseChromium();
  process.stderr.write(`browser tests: ${choice.source} Chromium ${choice.path}\n`);
}
