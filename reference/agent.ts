/**
 * Helpers the harness runs inside its network namespaces (where its own process cannot
 * open sockets): `echo NAME PORT` answers every HTTP request with NAME (a stand-in for the
 * haproxy on a load-balancer host); `probe URL PERIOD_MS TIMEOUT_MS` GETs URL every
 * PERIOD_MS and prints one JSON line per answer: {"s": sent ms, "d": done ms, "v": body|null}.
 *
 * Run: node --import tsx reference/agent.ts echo|probe ...
 */
import { createServer } from 'node:http';
import { httpCall } from './http.ts';

const now = (): number => performance.timeOrigin + performance.now();

function echo(name: string, port: number): void {
  createServer((_req, res) => res.end(name)).listen(port, '0.0.0.0', () => process.stdout.write(`ready ${name}\n`));
}

function probe(url: string, periodMs: number, timeoutMs: number): void {
  const u = new URL(url);
  const ep = { host: u.hostname, port: Number(u.port) };
  process.stdout.write('ready probe\n');
  const t0 = now();
  let k = 0;
  const tick = (): void => {
    const s = now();
    void httpCall(ep, 'GET', u.pathname, null, timeoutMs).then((r) => {
      process.stdout.write(`${JSON.stringify({ s, d: r.doneMs, v: r.ok ? r.body : null })}\n`);
    });
    k++;
    setTimeout(tick, Math.max(0, t0 + k * periodMs - now()));
  };
  tick();
}

const [mode, a, b, c] = process.argv.slice(2);
if (mode === 'echo' && a !== undefined && b !== undefined) echo(a, Number(b));
else if (mode === 'probe' && a !== undefined) probe(a, Number(b ?? 20), Number(c ?? 200));
else {
  process.stderr.write('usage: agent.ts echo NAME PORT | probe URL [PERIOD_MS] [TIMEOUT_MS]\n');
  process.exit(2);
}
