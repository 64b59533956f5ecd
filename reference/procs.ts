/**
 * Processes and network namespaces the harness starts, and nothing else: every child runs
 * in its own process group and is stopped by that group's id; every namespace carries the
 * run's unique prefix and is deleted at the end, on errors and on Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** A child process the harness owns. */
export interface Owned {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

const live = new Map<number, Owned>();
const namespaces: string[] = [];

/** Options of {@link start}. */
export interface StartOptions {
  readonly cwd?: string;
  /** Run inside this network namespace (`ip netns exec`). */
  readonly netns?: string;
  /** Append stdout and stderr here. */
  readonly logFile?: string;
  /** Called with each stdout line (for agents that report by line). */
  readonly onLine?: (line: string) => void;
  /** The environment (default: the harness's). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts `argv` in a new process group and registers it for cleanup. */
export function start(name: string, argv: readonly string[], opts: StartOptions = {}): Owned {
  const full = opts.netns === undefined ? [...argv] : ['ip', 'netns', 'exec', opts.netns, ...argv];
  const child = spawn(full[0]!, full.slice(1), {
    cwd: opts.cwd,
    detached: true,
    ...(opts.env === undefined ? {} : { env: opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${full[0]})`);
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (opts.logFile !== undefined) {
    // Two sources into one file: neither may end it (the other could still write, and a
    // write after end throws); it ends once both pipes are closed.
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('close', () => log.end());
  }
  if (opts.onLine !== undefined) {
    let buf = '';
    const onLine = opts.onLine;
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
    });
  } else if (opts.logFile === undefined) {
    child.stdout.resume();
    child.stderr.resume();
  }
  const owned: Owned = { name, pid, child, exited };
  live.set(pid, owned);
  void exited.then(() => live.delete(pid));
  return owned;
}

/** Sends `signal` to the process group of `p` (the process and anything it forked). */
export function signal(p: Owned, sig: NodeJS.Signals): void {
  if (!live.has(p.pid)) return;
  try {
    process.kill(-p.pid, sig);
  } catch {
    // Already gone.
  }
}

/** SIGKILLs the group of `p` (after SIGCONT, so a stopped process dies too) and waits for it. */
export async function stop(p: Owned): Promise<void> {
  signal(p, 'SIGCONT');
  signal(p, 'SIGKILL');
  await Promise.race([p.exited, sleep(3000)]);
}

/** Runs a short command to completion; throws with its stderr when it fails. */
export function run(argv: readonly string[], what = argv.join(' ')): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`${what}: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
  return r.stdout;
}

/** Creates network namespace `name` (which must carry the run prefix) with loopback up. */
export function addNetns(name: string): void {
  run(['ip', 'netns', 'add', name]);
  namespaces.push(name);
  run(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
}

/** Runs `ip -n NS ARGS...`. */
export function ipIn(ns: string, ...args: string[]): string {
  return run(['ip', '-n', ns, ...args]);
}

/** Stops every owned process group, then deletes every namespace this run created. */
export async function cleanupAll(): Promise<void> {
  await Promise.all([...live.values()].map((p) => stop(p)));
  while (namespaces.length > 0) {
    const ns = namespaces.pop()!;
    spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 });
  }
}

/** Synchronous last-resort cleanup for `process.on('exit')`. */
export function cleanupSync(): void {
  for (const p of live.values()) {
    try {
      process.kill(-p.pid, 'SIGCONT');
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const ns of namespaces.splice(0)) spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 });
}

/** Whether namespaces can be created here (root with CAP_NET_ADMIN). */
export function netnsAvailable(prefix: string): boolean {
  const name = `${prefix}probe`;
  const r = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return false;
  spawnSync('ip', ['netns', 'del', name], { timeout: 10_000 });
  return true;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Milliseconds on the wall clock with sub-millisecond resolution (same base in every process). */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
