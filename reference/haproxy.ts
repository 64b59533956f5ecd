/**
 * Real haproxy (2.6) in front of stand-in apiservers, configured as kubeadm's HA guide
 * does (facts §5): `mode tcp`, `balance roundrobin`, `option httpchk` +
 * `http-check send meth GET uri /healthz` + `http-check expect status 200`, `server ... check` with haproxy's defaults (inter 2s,
 * fall 3, rise 2), `timeout check 10s`. The stand-ins speak plain HTTP, so the check has no
 * `http-check connect ssl` / `verify none`. Server states are read from the stats socket (`show stat`).
 */
import { writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { start, type Owned } from './procs.ts';

/** One backend of the frontend. */
export interface Backend {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** The haproxy.cfg text. */
export function haproxyConfig(
  statsSocket: string,
  frontend: { host: string; port: number },
  backends: readonly Backend[],
): string {
  return [
    'global',
    `  stats socket ${statsSocket} mode 600 level admin`,
    '  maxconn 512',
    'defaults',
    '  mode http',
    '  log global',
    '  option httplog',
    '  option dontlognull',
    '  option http-server-close',
    '  option redispatch',
    '  retries 1',
    '  timeout http-request 10s',
    '  timeout queue 20s',
    '  timeout connect 5s',
    '  timeout client 35s',
    '  timeout server 35s',
    '  timeout http-keep-alive 10s',
    '  timeout check 10s',
    'frontend apiserver',
    `  bind ${frontend.host}:${frontend.port}`,
    '  mode tcp',
    '  option tcplog',
    '  default_backend apiserverbackend',
    'backend apiserverbackend',
    '  option httpchk',
    '  http-check send meth GET uri /healthz',
    '  http-check expect status 200',
    '  mode tcp',
    '  balance roundrobin',
    ...backends.map((b) => `  server ${b.name} ${b.host}:${b.port} check`),
    '',
  ].join('\n');
}

/** Starts haproxy in the foreground (-db) with the config written under dir. */
export function startHaproxy(
  dir: string,
  frontend: { host: string; port: number },
  backends: readonly Backend[],
): { proc: Owned; socket: string } {
  const socket = join(dir, 'haproxy.sock');
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(socket, frontend, backends));
  const proc = start('haproxy', ['haproxy', '-db', '-f', cfg], { logFile: join(dir, 'haproxy.log') });
  return { proc, socket };
}

/** Server name -> status (`UP`, `DOWN`, `UP 1/3`, ...) from `show stat`; empty on failure. */
export function serverStates(socket: string): Promise<Map<string, string>> {
  return new Promise((resolve) => {
    const out = new Map<string, string>();
    let text = '';
    const conn = createConnection({ path: socket });
    const timer = setTimeout(() => conn.destroy(), 1000);
    conn.on('connect', () => conn.write('show stat\n'));
    conn.on('data', (c: Buffer) => (text += c.toString('utf8')));
    conn.on('error', () => undefined);
    conn.on('close', () => {
      clearTimeout(timer);
      const lines = text.split('\n');
      const header = (lines[0] ?? '').replace(/^# /, '').split(',');
      const iStatus = header.indexOf('status');
      for (const line of lines.slice(1)) {
        const f = line.split(',');
        if (f[0] === 'apiserverbackend' && f[1] !== 'BACKEND' && f[1] !== undefined && iStatus >= 0)
          out.set(f[1], f[iStatus] ?? '');
      }
      resolve(out);
    });
  });
}
