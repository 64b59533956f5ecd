/**
 * A minimal HTTP client for probes: one fresh connection per request (a hung member must
 * not block the next probe), a hard timeout, TCP or a unix socket.
 */
import { request } from 'node:http';

/** Where a server listens: TCP host and port, or a unix socket path. */
export type Endpoint = { readonly host: string; readonly port: number } | { readonly socketPath: string };

/** The outcome of one request. */
export interface HttpResult {
  readonly ok: boolean;
  readonly status: number;
  readonly body: string;
  /** Wall-clock ms when the answer (or the failure) arrived. */
  readonly doneMs: number;
}

/** Sends one request; never rejects (a failure is `{ ok: false, status: 0 }`). */
export function httpCall(
  ep: Endpoint,
  method: string,
  path: string,
  body: string | null,
  timeoutMs: number,
): Promise<HttpResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number, text: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        ok: status >= 200 && status < 300,
        status,
        body: text,
        doneMs: performance.timeOrigin + performance.now(),
      });
    };
    const where = 'socketPath' in ep ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port };
    const req = request(
      { ...where, method, path, agent: false, headers: body === null ? {} : { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', () => finish(0, ''));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(0, 'timeout');
    }, timeoutMs);
    req.on('error', () => finish(0, ''));
    req.end(body ?? undefined);
  });
}
