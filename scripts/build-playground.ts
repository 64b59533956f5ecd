/**
 * Bundles the playground's browser code (src/playground/app.ts: the engine, the model and
 * the exact SPOF analysis) into dist/playground/app.iife.js with esbuild, at build time:
 * `npm run build` runs it after tsc, the vitest global setup too. `play` only reads the
 * file, so esbuild is a dev dependency and the installed package never imports it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where `play` reads the bundle from (src/cli/commands/play.ts). */
export const PLAYGROUND_BUNDLE = join(ROOT, 'dist', 'playground', 'app.iife.js');

/** Writes the browser bundle (an IIFE, minified, no source map); returns its path. */
export async function buildPlayground(): Promise<string> {
  const out = await build({
    entryPoints: [join(ROOT, 'src', 'playground', 'app.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    // seedrandom probes for node's crypto; the seeded streams never use it.
    external: ['crypto'],
    logLevel: 'silent',
  });
  mkdirSync(dirname(PLAYGROUND_BUNDLE), { recursive: true });
  writeFileSync(PLAYGROUND_BUNDLE, out.outputFiles[0]!.text);
  return PLAYGROUND_BUNDLE;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildPlayground();
}
