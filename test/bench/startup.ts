/**
 * Start-up benchmark (part of `npm run bench`, not a timed test): `k8s-ha-sim --help`
 * from dist/ against `node -e 0`, interleaved in the same run so both see the same
 * machine load; the figure is the ratio of medians (target: within 2.5x, issue 23).
 * Run alone: `node --import tsx test/bench/startup.ts` prints the JSON.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Medians in milliseconds and their ratio. */
export interface Startup {
  readonly rounds: number;
  readonly nodeMs: number;
  readonly helpMs: number;
  readonly ratio: number;
}

function timeOnce(args: readonly string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(r.status)}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** `rounds` interleaved pairs after two warm-up pairs. */
export function startup(rounds = 25): Startup {
  const bare = ['-e', '0'];
  const help = ['bin/k8s-ha-sim', '--help'];
  for (let i = 0; i < 2; i++) timeOnce(bare), timeOnce(help);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(timeOnce(bare));
    b.push(timeOnce(help));
  }
  const nodeMs = median(a);
  const helpMs = median(b);
  return { rounds, nodeMs, helpMs, ratio: helpMs / nodeMs };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(startup()));
}
