/** Issue 19: `traffic: all | etcd-peer` on scripted partitions and on random `operations.partitions`. */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem } from '../../src/scenario/problems.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const base =
  'name: t\ntopology: { kind: external, zones: 3, controlPlane: { count: 3 }, etcd: { count: 3 }, ' +
  'loadBalancer: { kind: cloud } }\n';

function ok(text: string): Scenario {
  const r = loadScenarioText(text, 'inline.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatProblem).join('\n'));
  return r.value.scenario;
}

function errors(text: string): string[] {
  const r = loadScenarioText(text, 'inline.yaml');
  return r.ok ? [] : r.errors.map(formatProblem);
}

describe('partition traffic', () => {
  it('scripted: etcd-peer is kept, all is the default', () => {
    const s = ok(`${base}faults:\n  - { at: 1h, partition: [[host/etcd-3]], traffic: etcd-peer, for: 30m }\n`);
    const f = s.faults[0]!;
    expect(f.kind === 'partition' && f.traffic).toBe('etcd-peer');
    const d = ok(`${base}faults:\n  - { at: 1h, partition: [[host/etcd-3]], for: 30m }\n`).faults[0]!;
    expect(d.kind === 'partition' && d.traffic).toBe('all');
  });

  it('scripted: traffic on a non-partition fault, or an unknown kind, is an error at its line and column', () => {
    expect(errors(`${base}faults:\n  - { at: 1h, down: host/etcd-3, traffic: etcd-peer }\n`)).toEqual([
      'inline.yaml:4:43 faults[0].traffic: "traffic" applies only to partition, not to "down"',
    ]);
    const bad = errors(`${base}faults:\n  - { at: 1h, partition: [[host/etcd-3]], traffic: peer }\n`);
    expect(bad.length).toBe(1);
    expect(bad[0]).toMatch(/^inline\.yaml:4:\d+ faults\[0\]\.traffic: .*all.*etcd-peer/);
  });

  it('random: operations.partitions.traffic, default all', () => {
    const s = ok(`${base}operations:\n  partitions: { every: 30d, duration: 10m, scope: host, traffic: etcd-peer }\n`);
    expect(s.operations?.partitions?.traffic).toBe('etcd-peer');
    const d = ok(`${base}operations:\n  partitions: { every: 30d, duration: 10m }\n`);
    expect(d.operations?.partitions?.traffic).toBe('all');
    expect(errors(`${base}operations:\n  partitions: { every: 30d, duration: 10m, traffic: ports }\n`).length).toBe(1);
  });
});
