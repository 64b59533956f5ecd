import { describe, expect, it } from 'vitest';
import { spofReport, type SpofReport } from '../../src/analysis/index.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { preset } from './builders.ts';

const FAILURES = {
  zone: { mttfH: 8760, mttrH: 2 },
  host: { mttfH: 2000, mttrH: 4 },
  etcd: { mttfH: 720, mttrH: 0.02 },
  apiserver: { mttfH: 720, mttrH: 0.02 },
  'controller-manager': { mttfH: 720, mttrH: 0.02 },
  scheduler: { mttfH: 720, mttrH: 0.02 },
  loadBalancer: { mttfH: 2000, mttrH: 0.2 },
} as const;

function report(s: Scenario): SpofReport {
  const r = spofReport(s);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.value;
}

describe('spofReport', () => {
  it('finds the load balancer of haproxy-single', () => {
    const r = report(
      preset({ kind: 'stacked', zones: 3, controlPlane: 3, lb: 'haproxy', failures: FAILURES, name: 'haproxy-single' }),
    );
    expect(r.scenario).toBe('haproxy-single');
    expect(r.slis.api.spof).toEqual(['zone/a', 'host/lb-1', 'lb/lb-1']);
    expect(r.slis.etcd.spof).toEqual([]);
    expect(r.recommendation).toContain('add a second load balancer');
    // A SPOF's importance for the API dominates any other component's.
    const imp = r.slis.api.importance;
    expect(imp['lb/lb-1']).toBeGreaterThan(imp['host/cp-2'] ?? 1);
  });

  it('finds the zone of a one-zone stacked-3', () => {
    const r = report(preset({ kind: 'stacked', zones: 1, controlPlane: 3, lb: 'keepalived', failures: FAILURES }));
    for (const s of ['etcd', 'api', 'controllers', 'scheduler'] as const) expect(r.slis[s].spof).toEqual(['zone/a']);
    expect(r.recommendation).toContain('spread the control-plane hosts over 3 zones');
  });

  it('finds the pinned host and apiserver with no load balancer', () => {
    const r = report(preset({ kind: 'stacked', zones: 3, controlPlane: 3, lb: 'none', failures: FAILURES }));
    expect(r.slis.api.spof).toEqual(['zone/a', 'host/cp-1', 'etcd/cp-1', 'apiserver/cp-1']);
    expect(r.slis.controllers.spof).toEqual([]);
    expect(r.recommendation).toContain('use a load balancer');
  });

  it('finds nothing of order 1 in stacked-3 over 3 zones with keepalived, and zone pairs of order 2', () => {
    const r = report(preset({ kind: 'stacked', zones: 3, controlPlane: 3, lb: 'keepalived', failures: FAILURES }));
    for (const s of ['etcd', 'api', 'controllers', 'scheduler'] as const) expect(r.slis[s].spof).toEqual([]);
    expect(r.slis.api.cutSets).toContainEqual(['zone/a', 'zone/b']);
    expect(r.slis.api.cutSets).toContainEqual(['etcd/cp-1', 'etcd/cp-2']);
    // Local endpoints: losing etcd on cp-1 and apiservers on cp-2, cp-3 leaves no ready apiserver.
    expect(r.slis.api.cutSets).toContainEqual(['etcd/cp-1', 'apiserver/cp-2', 'apiserver/cp-3']);
    // Every VIP holder down at once is a cut of order 3.
    expect(r.slis.api.cutSets).toContainEqual(['lb/cp-1', 'lb/cp-2', 'lb/cp-3']);
    expect(r.slis.api.cutSets.every((c, i, all) => i === 0 || (all[i - 1]?.length ?? 0) <= c.length)).toBe(true);
    expect(r.recommendation).toContain('no single point of failure');
  });

  it('recommends a third zone for 2+1 placement and an odd member count for 4', () => {
    const twoPlusOne = report(
      preset({ kind: 'stacked', zones: 2, controlPlane: 3, lb: 'keepalived', failures: FAILURES }),
    );
    expect(twoPlusOne.slis.etcd.spof).toEqual(['zone/a']);
    expect(twoPlusOne.recommendation).toBe('put cp-3 in a third zone: zone/a holds 2 of 3 etcd members');
    const four = report(preset({ kind: 'stacked', zones: 3, controlPlane: 4, lb: 'keepalived', failures: FAILURES }));
    expect(four.recommendation).toContain('use an odd number of etcd members');
  });

  it('recommends more members for a single node, before the load balancer', () => {
    const single = report(preset({ kind: 'stacked', zones: 1, controlPlane: 1, lb: 'none', failures: FAILURES }));
    expect(single.slis.api.spof).toEqual(['zone/a', 'host/cp-1', 'etcd/cp-1', 'apiserver/cp-1']);
    expect(single.slis.controllers.spof).toContain('controller-manager/cp-1');
    expect(single.recommendation).toContain('run 3 etcd members');
  });

  it('importance is the drop in availability when the component fails, 0 when irrelevant', () => {
    const r = report(preset({ kind: 'external', zones: 3, controlPlane: 3, etcd: 3, lb: 'cloud', failures: FAILURES }));
    expect(r.slis.api.spof).toEqual(['lb/cloud']);
    expect(r.slis.etcd.importance['apiserver/cp-1']).toBe(0);
    expect(r.slis.etcd.importance['lb/cloud']).toBe(0);
    expect(r.slis.api.importance['lb/cloud']).toBeGreaterThan(0.99);
    expect(r.recommendation).toContain('lb/cloud');
  });

  it('is JSON-serialisable (no Infinity or NaN turning into null)', () => {
    const s = preset({ kind: 'external', zones: 3, controlPlane: 5, etcd: 5, lb: 'keepalived', failures: FAILURES });
    const a = JSON.stringify(report(s));
    expect(JSON.parse(a)).toEqual(report(s));
    expect(a).not.toContain('null');
  });
});
