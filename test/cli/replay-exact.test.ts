/**
 * Replay is exact and safe to paste (issues 9 and 10): `run` with overrides (--seed,
 * --horizon, --set) on a file whose name holds shell syntax prints one replay command —
 * the same in the terminal, report.md, report.html and report.json — and pasting it into
 * a shell replays that replication: its API downtime matches to the millisecond, and the
 * `$(...)` in the file name runs nothing.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runAsync } from '../cli-async.ts';

const BIN = resolve('bin/k8s-ha-sim');

describe('replay commands', () => {
  // Child processes awaited (runAsync), not spawnSync'ed: three runs block the worker for over a minute when loaded.
  it('carry every override of the run, are shell-quoted, and reproduce the downtime to the millisecond', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-replay-'));
    // A `k8s-ha-sim` on PATH, as an installed package would put it.
    mkdirSync(join(dir, 'bin'));
    symlinkSync(BIN, join(dir, 'bin', 'k8s-ha-sim'));
    const name = "`$(touch PWNED)` it's a|b.yaml";
    copyFileSync('scenarios/stacked-3.yaml', join(dir, name));
    const out = join(dir, 'out');
    const args = [
      BIN,
      'run',
      name,
      '--replications',
      '60',
      '--workers',
      '1',
      '--seed',
      '11',
      '--horizon',
      '90d',
      '--set',
      'failures.host.mttf=300h',
      '--set',
      'topology.loadBalancer.kind=haproxy',
      '--out',
      out,
    ];
    const run = await runAsync('node', args, { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const s = report.scenarios[0];
    const worst = s.slis.api.worstReplication;
    expect(worst.replication).toBeGreaterThan(0);
    const command: string = s.replayCommand;
    expect(s.replay).toEqual([
      'explain',
      name,
      '--seed',
      '11',
      '--horizon',
      '90d',
      '--set',
      'failures.host.mttf=300h',
      '--set',
      'topology.loadBalancer.kind=haproxy',
    ]);
    expect(command).toBe(
      `k8s-ha-sim explain '\`$(touch PWNED)\` it'\\''s a|b.yaml' --seed 11 ` +
        `--horizon 90d --set failures.host.mttf=300h --set topology.loadBalancer.kind=haproxy --replication ` +
        `${worst.replication}`,
    );
    // The same command in every view.
    // In the terminal, broken between words with " \" continuations to fit the width: the same command once pasted.
    expect(run.stdout.replace(/ \\\n +/g, ' ')).toContain(command);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(command.replace(/\|/g, '\\|'));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const esc = (t: string) =>
      t
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    expect(html).toContain(esc(`${command} --html run.html`));
    // Pasted into a shell: the same replication, to the millisecond, and nothing executed.
    const replay = await runAsync('sh', ['-c', `${command} --json -`], {
      cwd: dir,
      env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` },
    });
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    const outages: { from: number; to: number }[] = JSON.parse(replay.stdout).outages.api;
    const downMs = outages.reduce((t, o) => t + Math.round((o.to - o.from) * 1000), 0);
    // explain --json prints each endpoint to the millisecond: at most 1 ms of rounding per outage
    expect(Math.abs(downMs - worst.downtimeMinutes * 60_000)).toBeLessThanOrEqual(outages.length);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
    // Without the overrides the same replication is a different run (the test can fail).
    const bare = await runAsync(
      'sh',
      [
        '-c',
        `k8s-ha-sim explain '${name.replace(/'/g, "'\\''")}' ` +
          `--seed 11 --replication ${worst.replication} --json -`,
      ],
      { cwd: dir, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` } },
    );
    const bareDown = (JSON.parse(bare.stdout).outages.api as { from: number; to: number }[]).reduce(
      (t, o) => t + (o.to - o.from) * 1000,
      0,
    );
    expect(Math.abs(bareDown - worst.downtimeMinutes * 60_000)).toBeGreaterThan(1);
  });

  it('sweep variants replay with their own settings', async () => {
    const { planVariants, sweepAxes } = await import('../../src/cli/commands/sweep.ts');
    const axes = sweepAxes(['topology.controlPlane.count=3,5']);
    const { replays } = planVariants('scenarios/stacked-3.yaml', { seed: '3', horizon: '30d', quiet: true }, axes);
    expect(replays).toEqual([
      [
        'explain',
        'scenarios/stacked-3.yaml',
        '--seed',
        '3',
        '--horizon',
        '30d',
        '--set',
        'topology.controlPlane.count=3',
      ],
      [
        'explain',
        'scenarios/stacked-3.yaml',
        '--seed',
        '3',
        '--horizon',
        '30d',
        '--set',
        'topology.controlPlane.count=5',
      ],
    ]);
  });
});

describe('a broken invariant inside a Monte Carlo run', () => {
  it('names seed, replication and simulated time, prints the replay command and exits 3', async () => {
    vi.resetModules();
    vi.doMock('../../src/model/replication.ts', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/model/replication.ts')>();
      const { InvariantError } = await import('../../src/model/invariants.ts');
      return {
        ...real,
        runReplication: (...a: Parameters<typeof real.runReplication>) => {
          if (a[1] === 3) throw new InvariantError('invariant broken at t=5025000ms: test', 5_025_000);
          return real.runReplication(...a);
        },
      };
    });
    const { main } = await import('../../src/cli/main.ts');
    let err = '';
    const spy = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((t: string | Uint8Array) => ((err += String(t)), true));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main([
      'run',
      'scenarios/single-node.yaml',
      '--replications',
      '6',
      '--workers',
      '1',
      '--seed',
      '9',
      '--set',
      'failures.host.mttf=100h',
      '--check-invariants',
      '--no-progress',
    ]);
    spy.mockRestore();
    out.mockRestore();
    vi.doUnmock('../../src/model/replication.ts');
    expect(code).toBe(3);
    expect(err).toBe(
      'k8s-ha-sim: scenarios/single-node.yaml: invariant broken in seed 9, replication 3, at ' +
        'simulated time t=1h23m45.000s (5025000ms): test\n' +
        '(a bug in the model; replay: k8s-ha-sim explain scenarios/single-node.yaml --seed 9 --set ' +
        'failures.host.mttf=100h --replication 3 --check-invariants)\n',
    );
  });
});
