/**
 * `play --serve` (issue 22): a busy port is a clear OutputError (exit 4), not a stack
 * trace; only GET and HEAD are answered (405 otherwise); the Host header must be a
 * loopback name with this port (421 otherwise: DNS rebinding).
 */
import { request } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { OutputError } from '../../src/cli/errors.ts';
import { servePlayground } from '../../src/cli/commands/play.ts';

function ask(port: number, method: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('play --serve', () => {
  it('busy port: OutputError naming the port; methods and Host checked', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const busy = (blocker.address() as { port: number }).port;
    await expect(servePlayground('<p>x</p>', busy)).rejects.toThrow(OutputError);
    await expect(servePlayground('<p>x</p>', busy)).rejects.toThrow(
      new RegExp(`--serve ${busy}: cannot ` + `listen on 127.0.0.1:${busy}: the port is in use`),
    );
    blocker.close();

    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((ok) => probe.close(() => ok()));
    const server = await servePlayground('<p>page</p>', port);
    try {
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`])
        expect(await ask(port, 'GET', host), host).toEqual({ status: 200, body: '<p>page</p>' });
      expect(await ask(port, 'HEAD', `127.0.0.1:${port}`)).toEqual({ status: 200, body: '' });
      for (const m of ['POST', 'PUT', 'DELETE', 'OPTIONS'])
        expect((await ask(port, m, `127.0.0.1:${port}`)).status, m).toBe(405);
      for (const host of [
        'evil.example',
        `evil.example:${port}`,
        '127.0.0.1',
        `127.0.0.1:${port + 1}`,
        `localhost.evil.example:${port}`,
      ])
        expect((await ask(port, 'GET', host)).status, host).toBe(421);
    } finally {
      server.close();
    }
  });
});
