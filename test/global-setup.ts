/**
 * Vitest global setup: compiles src/ to dist/ (incremental tsc, ~1 s when nothing
 * changed) so the tests that spawn bin/k8s-ha-sim run the code under test, from a fresh
 * clone too.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Runs `tsc -p tsconfig.build.json`; a compile error fails the whole run. */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
