/** Starting the harness's own TypeScript helpers (stand-ins, agents) as child processes. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { start, type Owned, type StartOptions } from './procs.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '..');

/** Starts `reference/<script>` with tsx and resolves once it prints a line starting with "ready". */
export function startHelper(
  name: string,
  script: string,
  args: readonly string[],
  opts: StartOptions = {},
  limitMs = 15_000,
): Promise<Owned> {
  return new Promise((resolve, reject) => {
    let done = false;
    const onLine = (line: string): void => {
      opts.onLine?.(line);
      if (!done && line.startsWith('ready')) {
        done = true;
        clearTimeout(timer);
        resolve(p);
      }
    };
    const p = start(name, [process.execPath, '--import', 'tsx', join(HERE, script), ...args], {
      cwd: REPO,
      ...opts,
      onLine,
    });
    const timer = setTimeout(() => {
      if (!done) reject(new Error(`${name} did not report ready within ${limitMs} ms`));
    }, limitMs);
    void p.exited.then(() => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`${name} exited before it was ready`));
      }
    });
  });
}
