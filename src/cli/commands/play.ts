/**
 * `k8s-ha-sim play [SCENARIO] [--out page.html] [--serve [PORT]]`: writes the
 * interactive playground as one self-contained HTML file — the engine and model bundled
 * for the browser with esbuild at build time (scripts/build-playground.ts writes
 * dist/playground/app.iife.js), every bundled and teaching scenario embedded — that
 * opens from disk and makes no network request. SCENARIO (a file or a bundled name)
 * is the one it opens on. `--serve` also serves the page on 127.0.0.1 until interrupted.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { renderPlaygroundHtml, type BundledScenario } from '../../playground/page.ts';
import { InputError, OutputError, type ExitSink } from '../errors.ts';
import { loadScenarioForCli } from '../load-scenario.ts';
import { writeOutput } from '../output.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The browser bundle of src/playground/app.ts, built by `npm run build` (an IIFE, minified). */
export async function bundlePlayground(): Promise<string> {
  const file = join(ROOT, 'dist', 'playground', 'app.iife.js');
  if (!existsSync(file))
    throw new InputError(`${file} is missing: this is a source checkout, run \`npm run build\` first`);
  return readFileSync(file, 'utf8');
}

function scenariosIn(dir: string, group: 'bundled' | 'teaching'): BundledScenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const yaml = readFileSync(join(dir, f), 'utf8');
      const name = /^name:\s*(\S+)/m.exec(yaml)?.[1] ?? basename(f, '.yaml');
      return { name, group, file: `scenarios/${group === 'teaching' ? 'teaching/' : ''}${f}`, yaml };
    });
}

/** Every scenario the page offers, SCENARIO first when it is not a bundled one. */
export function playgroundScenarios(file: string | undefined): { scenarios: BundledScenario[]; initial: string } {
  const scenarios = [
    ...scenariosIn(join(ROOT, 'scenarios'), 'bundled'),
    ...scenariosIn(join(ROOT, 'scenarios', 'teaching'), 'teaching'),
  ];
  if (file === undefined) return { scenarios, initial: 'stacked-3' };
  const known = scenarios.find((s) => s.name === file || resolve(ROOT, s.file) === resolve(file));
  if (known !== undefined) return { scenarios, initial: known.name };
  const s = loadScenarioForCli(file, {}, { quiet: true });
  if (scenarios.some((x) => x.name === s.name))
    throw new InputError(
      `${file}: its name "${s.name}" ` + `is already a bundled scenario's; rename it to open it in the playground`,
    );
  return {
    scenarios: [{ name: s.name, group: 'bundled', file, yaml: readFileSync(file, 'utf8') }, ...scenarios],
    initial: s.name,
  };
}

/**
 * The request handler of `--serve`: the page for GET and HEAD (405 with `Allow: GET, HEAD`
 * otherwise), and only when the Host header names this server by a loopback name —
 * `localhost`, `127.0.0.1` or `[::1]`, with this port — so a page on another site cannot
 * reach it through DNS rebinding (421 otherwise).
 */
export function playHandler(html: string, port: number): RequestListener {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]'].map((h) => `${h}:${port}`));
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed: the playground is read-only (GET, HEAD)\n');
      return;
    }
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`misdirected request: open http://127.0.0.1:${port}/\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
}

/** Listens on 127.0.0.1:`port`; a busy or forbidden port is an OutputError (exit 4), not a stack trace. */
export async function servePlayground(html: string, port: number): Promise<import('node:http').Server> {
  const server = createServer(playHandler(html, port));
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'the port is in use (another server, or another play ' + '--serve)'
          : err.code === 'EACCES'
            ? 'permission denied (ports ' + 'below 1024 need privileges)'
            : err.message;
      fail(
        new OutputError(
          `--serve ${port}: cannot listen on 127.0.0.1:${port}: ${why}; give ` +
            `another port, e.g. --serve ${port === 65535 ? 8088 : port + 1}`,
        ),
      );
    });
    server.listen(port, '127.0.0.1', ok);
  });
  return server;
}

/** Registers `play` (it exits 0 unless it throws: main maps InputError to 2). */
export function register(program: Command, _exit: ExitSink): void {
  program
    .command('play')
    .description(
      'write the interactive playground: one self-contained HTML page (break a control plane and watch it react)',
    )
    .argument('[scenario]', 'scenario file or bundled name to open on (default stacked-3)')
    .option('--out <file>', 'where to write the page', 'reports/playground.html')
    .option('--serve [port]', 'also serve the page on http://127.0.0.1:PORT/ until interrupted (default 8087)')
    .action(async (file: string | undefined, opts: { out: string; serve?: string | boolean }) => {
      const port = opts.serve === true ? 8087 : Number(opts.serve);
      if (opts.serve !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
        throw new InputError(`--serve ` + `${String(opts.serve)}: expected a port from 1 to 65535`);
      const { scenarios, initial } = playgroundScenarios(file);
      const html = renderPlaygroundHtml({ script: await bundlePlayground(), scenarios, initial });
      writeOutput(opts.out, html);
      process.stderr.write(
        `wrote ${opts.out} (${Math.round(html.length / 1024)} KiB); open it in a browser, no server needed\n`,
      );
      if (opts.serve === undefined) return;
      await servePlayground(html, port);
      process.stderr.write(`serving on http://127.0.0.1:${port}/ (Ctrl-C stops)\n`);
      await new Promise<void>(() => undefined);
    });
}
