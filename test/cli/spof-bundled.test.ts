/**
 * `spof --json -` on the bundled scenarios finds what an operator would name: the load
 * balancer host of haproxy-single, the zone of stacked-3-one-zone, the pinned host of
 * no-lb, and nothing of order 1 for stacked-3 over three zones.
 */
import { describe, expect, it } from 'vitest';
import { cliAsync } from '../cli-async.ts';

interface SpofJson {
  scenario: string;
  slis: Record<string, { spof: string[]; cutSets: string[][]; importance: Record<string, number> }>;
  recommendation: string;
}

// Awaited, not spawnSync'ed: a child process must not block the worker's event loop.
async function spof(file: string): Promise<SpofJson> {
  const r = await cliAsync(['spof', file, '--json', '-', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SpofJson;
}

describe('spof on the bundled scenarios', () => {
  it('haproxy-single: the LB instance, its host and its zone', async () => {
    const s = await spof('scenarios/haproxy-single.yaml');
    expect(s.slis.api!.spof).toEqual(expect.arrayContaining(['lb/lb-1', 'host/lb-1']));
    expect(s.slis.etcd!.spof).toEqual([]);
    expect(s.recommendation).toMatch(/load balancer/);
  });

  it('stacked-3-one-zone: the zone, for every SLI', async () => {
    const s = await spof('scenarios/stacked-3-one-zone.yaml');
    for (const sli of ['etcd', 'api', 'controllers', 'scheduler']) expect(s.slis[sli]!.spof).toEqual(['zone/a']);
    expect(s.recommendation).toMatch(/zone/);
  });

  it('no-lb: the pinned host and its apiserver', async () => {
    const s = await spof('scenarios/no-lb.yaml');
    expect(s.slis.api!.spof).toEqual(expect.arrayContaining(['host/cp-1', 'apiserver/cp-1']));
    expect(s.slis.api!.spof).not.toContain('host/cp-2');
  });

  it('stacked-3 over three zones: no single point of failure, zone pairs are cut sets', async () => {
    const s = await spof('scenarios/stacked-3.yaml');
    for (const sli of ['etcd', 'api', 'controllers', 'scheduler']) expect(s.slis[sli]!.spof).toEqual([]);
    expect(s.slis.api!.cutSets).toContainEqual(['zone/a', 'zone/b']);
  });

  it('stacked-3-two-zones: the zone holding two members', async () => {
    const s = await spof('scenarios/stacked-3-two-zones.yaml');
    expect(s.slis.etcd!.spof).toEqual(['zone/a']);
    expect(s.recommendation).toMatch(/third zone/);
  });
});
