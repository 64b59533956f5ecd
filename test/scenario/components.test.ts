/**
 * The one component table (src/scenario/components.ts): the model numbers its components
 * in the table's order, and the analysis lists the same rows in the host-grouped order
 * through the one explicit mapping `hostGroupedOrder`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTopology } from '../../src/analysis/topology.ts';
import { planOf } from '../../src/model/plan.ts';
import { componentTable, hostGroupedOrder } from '../../src/scenario/components.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';

function scenario(file: string): Scenario {
  const r = loadScenarioText(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.scenario;
}

const FILES = [
  ...readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/${f}`),
  ...readdirSync('scenarios/teaching')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/teaching/${f}`),
];

describe('the shared component table', () => {
  it('orders stacked-3 as the model numbers it, and the analysis groups it by host', () => {
    const s = scenario('scenarios/stacked-3.yaml');
    const rows = componentTable(s.topology);
    const procs = (h: string): string[] =>
      ['etcd', 'apiserver', 'controller-manager', 'scheduler', 'lb'].map((k) => `${k}/${h}`);
    expect(rows.map((r) => r.id)).toEqual([
      'zone/a',
      'zone/b',
      'zone/c',
      'host/cp-1',
      'host/cp-2',
      'host/cp-3',
      ...procs('cp-1'),
      ...procs('cp-2'),
      ...procs('cp-3'),
    ]);
    expect(hostGroupedOrder(rows).map((i) => rows[i]!.id)).toEqual([
      'zone/a',
      'zone/b',
      'zone/c',
      'host/cp-1',
      ...procs('cp-1'),
      'host/cp-2',
      ...procs('cp-2'),
      'host/cp-3',
      ...procs('cp-3'),
    ]);
    expect(rows.find((r) => r.id === 'lb/cp-2')).toMatchObject({
      kind: 'process',
      ref: 1,
      proc: 'load-balancer',
      failureClass: 'loadBalancer',
    });
  });

  it.each(FILES)('%s: the model uses the table as is, the analysis through hostGroupedOrder', (file) => {
    const s = scenario(file);
    const rows = componentTable(s.topology);
    const plan = planOf(s);
    expect(plan.compIds).toEqual(rows.map((r) => r.id));
    expect(plan.compRef).toEqual(Int32Array.from(rows, (r) => r.ref));
    const order = hostGroupedOrder(rows);
    expect([...order].sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    const t = compileTopology(s);
    if (!t.ok) throw new Error(t.errors.join('\n'));
    const own = t.value.components.filter((c) => c.kind !== 'common');
    expect(own.map((c) => c.id)).toEqual(order.map((i) => rows[i]!.id));
    expect(own.map((c) => c.failureClass)).toEqual(order.map((i) => rows[i]!.failureClass));
    // The host-grouped order: every process right after its own host.
    t.value.hosts.forEach((h) => {
      for (const c of [h.etcd, h.apiserver, h.controllerManager, h.scheduler, ...h.loadBalancers])
        if (c >= 0) expect(c).toBeGreaterThan(h.host);
    });
  });
});
