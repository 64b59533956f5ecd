/**
 * A STAND-IN for kube-apiserver, not the real thing: a small HTTP server whose /healthz,
 * /livez and /readyz do what kube-apiserver's etcd check does (facts §2): a linearizable
 * read of `/registry/health` on the configured etcd endpoints with a 2 s timeout, run at
 * most once per timeout/2 (1 s) with the cached last result in between. `local` uses one
 * endpoint; `all` keeps a current endpoint and moves to the next when a request to it
 * fails (a simplification of the etcd client's balancer). GET / answers the server's name.
 * POST /fault/healthz?fail=1 (or 0) forces the health endpoints to fail, for the "backend
 * /healthz failing" case.
 *
 * Run: node --import tsx reference/standin-apiserver.ts NAME HOST:PORT local|all ETCD_URL[,ETCD_URL...]
 */
import { createServer } from 'node:http';
import { linearizableGet } from './etcd.ts';
import type { Endpoint } from './http.ts';

const CHECK_TIMEOUT_MS = 2000;

function endpointOf(url: string): Endpoint {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

/** The etcd health check with kube-apiserver's rate limit and cached error. */
function etcdCheck(endpoints: readonly Endpoint[], mode: 'local' | 'all'): () => Promise<boolean> {
  let lastStart = -Infinity;
  let last: Promise<boolean> = Promise.resolve(false);
  let current = 0;
  const probe = async (): Promise<boolean> => {
    const deadline = performance.now() + CHECK_TIMEOUT_MS;
    const tries = mode === 'local' ? 1 : endpoints.length;
    for (let i = 0; i < tries; i++) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      if (await linearizableGet(endpoints[current]!, left)) return true;
      if (mode === 'all') current = (current + 1) % endpoints.length;
    }
    return false;
  };
  return () => {
    const now = performance.now();
    if (now - lastStart >= CHECK_TIMEOUT_MS / 2) {
      lastStart = now;
      last = probe();
    }
    return last;
  };
}

function main(argv: readonly string[]): void {
  const [name, listen, mode, urls] = argv;
  if (name === undefined || listen === undefined || (mode !== 'local' && mode !== 'all') || urls === undefined) {
    process.stderr.write('usage: standin-apiserver.ts NAME HOST:PORT local|all ETCD_URL[,ETCD_URL...]\n');
    process.exit(2);
  }
  const endpoints = urls.split(',').map(endpointOf);
  const check = etcdCheck(mode === 'local' ? endpoints.slice(0, 1) : endpoints, mode);
  let forcedFail = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/fault/healthz') {
      forcedFail = url.searchParams.get('fail') === '1';
      res.end('ok\n');
      return;
    }
    if (url.pathname === '/healthz' || url.pathname === '/livez' || url.pathname === '/readyz') {
      if (forcedFail) {
        res.statusCode = 500;
        res.end('[-]forced failure\n');
        return;
      }
      void check().then((ok) => {
        res.statusCode = ok ? 200 : 500;
        res.end(ok ? 'ok' : '[-]etcd failed: linearizable read did not succeed within 2s\n');
      });
      return;
    }
    res.end(`${name}\n`);
  });
  const [host, port] = listen.split(':');
  server.listen(Number(port), host, () => process.stdout.write(`ready ${name}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main(process.argv.slice(2));
