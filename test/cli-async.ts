/**
 * Child processes for the slow CLI tests, run asynchronously: a long spawnSync blocks the
 * vitest worker's event loop, and on a loaded machine its reports to the main process
 * then time out ("Timeout calling onTaskUpdate").
 */
import { spawn } from 'node:child_process';

/** What a finished child process left. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cmd args` to completion (stdin `input` if given), never rejecting on exit codes. */
export function runAsync(
  cmd: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A child that exits without reading its stdin closes the pipe: EPIPE here is not a
    // test failure (its exit code and output are what the caller checks).
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Runs bin/k8s-ha-sim with `args` and extra environment variables. */
export function cliAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return runAsync('node', ['bin/k8s-ha-sim', ...args], { env: { ...process.env, ...env } });
}
