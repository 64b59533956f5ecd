/**
 * `k8s-ha-sim explain` through the CLI entry: output streams and exit codes (0 ok,
 * 2 bad input, 3 broken invariant).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/model/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/index.ts')>();
  return {
    ...real,
    openReplication: (...args: Parameters<typeof real.openReplication>) => {
      if (args[0].name === 'broken-on-purpose') throw new real.InvariantError('invariant broken at t=0ms: test', 0);
      return real.openReplication(...args);
    },
  };
});

const { main } = await import('../../src/cli/main.ts');

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

const FILE = new URL('../../scenarios/teaching/etcd-leader-killed.yaml', import.meta.url).pathname;

describe('explain CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('narrates and exits 0', async () => {
    const c = capture();
    const code = await main(['explain', FILE, '--until', '2h', '--check-invariants']);
    expect(code).toBe(0);
    expect(c.out()).toContain('t=1h00m00.000s host cp-1 (the etcd leader) down for 10m: etcd leader cp-1 lost');
    expect(c.out()).toContain('Outages:');
  });

  it('--quiet prints no narration', async () => {
    const c = capture();
    expect(await main(['explain', FILE, '--until', '2h', '--quiet'])).toBe(0);
    expect(c.out()).toBe('');
  });

  it('--json - prints only JSON', async () => {
    const c = capture();
    const code = await main(['explain', FILE, '--until', '2h', '--json', '-', '--quiet']);
    expect(code).toBe(0);
    const j = JSON.parse(c.out()) as { events: unknown[]; outages: Record<string, unknown[]> };
    expect(j.events.length).toBeGreaterThan(5);
    expect(Object.keys(j.outages)).toEqual(['etcd', 'api', 'controllers', 'scheduler']);
  });

  it('exits 2 on bad input', async () => {
    const c = capture();
    expect(await main(['explain', FILE, '--until', 'soon'])).toBe(2);
    expect(c.err()).toContain('--until "soon"');
    expect(await main(['explain', 'no-such-file.yaml'])).toBe(2);
  });

  it('exits 3 when an invariant breaks, with a replay hint', async () => {
    const c = capture();
    const code = await main([
      'explain',
      FILE,
      '--set',
      'name=broken-on-purpose',
      '--check-invariants',
      '--seed',
      '4',
      '--quiet',
    ]);
    expect(code).toBe(3);
    expect(c.err()).toContain('invariant broken');
    // The replay carries every override of the run, --set included.
    expect(c.err()).toContain('--seed 4 --set name=broken-on-purpose --check-invariants)');
  });
});
