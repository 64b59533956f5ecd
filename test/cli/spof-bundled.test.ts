/**
 * `spof --json -` on the bundled scenarios finds what an operator would name: the load
 * balancer host of haproxy-single, the zone of stacked-3-one-zone, the pinned host of
 * no-lb, and nothing of order 1 for stacked-3 over three zones.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface SpofJson {
  scenario: string;
  slis: Record<string, { spof: string[]; cutSets: string[][]; importance: Record<string, number> }>;
  recommendation: string;
}

function spof(file: string): SpofJson {
  const r = spawnSync('node', ['bin/k8s-ha-sim', 'spof', file, '--json', '-', '--quiet'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SpofJson;
}

describe('spof on the bundled scenarios', () => {
  it('haproxy-single: the LB instance, its host and its zone', () => {
    const s = spof('scenarios/haproxy-single.yaml');
    expect(s.slis.api!.spof).toEqual(expect.arrayContaining(['lb/lb-1', 'host/lb-1']));
    expect(s.slis.etcd!.spof).toEqual([]);
    expect(s.recommendation).toMatch(/load balancer/);
  });

  it('stacked-3-one-zone: the zone, for every SLI', () => {
    const s = spof('scenarios/stacked-3-one-zone.yaml');
    for (const sli of ['etcd', 'api', 'controllers', 'scheduler']) expect(s.slis[sli]!.spof).toEqual(['zone/a']);
    expect(s.recommendation).toMatch(/zone/);
  });

  it('no-lb: the pinned host and its apiserver', () => {
    const s = spof('scenarios/no-lb.yaml');
    expect(s.slis.api!.spof).toEqual(expect.arrayContaining(['host/cp-1', 'apiserver/cp-1']));
    expect(s.slis.api!.spof).not.toContain('host/cp-2');
  });

  it('stacked-3 over three zones: no single point of failure, zone pairs are cut sets', () => {
    const s = spof('scenarios/stacked-3.yaml');
    for (const sli of ['etcd', 'api', 'controllers', 'scheduler']) expect(s.slis[sli]!.spof).toEqual([]);
    expect(s.slis.api!.cutSets).toContainEqual(['zone/a', 'zone/b']);
  });

  it('stacked-3-two-zones: the zone holding two members', () => {
    const s = spof('scenarios/stacked-3-two-zones.yaml');
    expect(s.slis.etcd!.spof).toEqual(['zone/a']);
    expect(s.recommendation).toMatch(/third zone/);
  });
});
