/**
 * Names that collide once cleaned (issue 22): nodes `cp a`, `cp/a` and `cp@a` (and zone
 * labels likewise) all clean to `cp-a`; the import writes them apart (`cp-a`, `cp-a-2`,
 * `cp-a-3`) with a warning, so what `import` writes, `validate` accepts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importScenario } from '../../src/import/index.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

describe('import: names colliding after cleaning', () => {
  it('three control-plane nodes and two zones that clean to one name are disambiguated and validate', () => {
    const nodes = JSON.parse(readFileSync('test/fixtures/import/kind-ha/nodes.json', 'utf8')) as {
      items: { metadata: { name: string; labels: Record<string, string> } }[];
    };
    const cps = nodes.items.filter((n) => 'node-role.kubernetes.io/control-plane' in n.metadata.labels);
    expect(cps.length).toBe(3);
    ['cp a', 'cp/a', 'cp@a'].forEach((name, i) => {
      cps[i]!.metadata.name = name;
      cps[i]!.metadata.labels['topology.kubernetes.io/zone'] = ['z a', 'z/a', 'z a'][i]!;
    });
    const r = importScenario({ name: 'c', nodes: { text: JSON.stringify(nodes), source: 'nodes.json' } });
    const loaded = loadScenarioText(r.yaml, 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const s = loaded.value.scenario;
    expect(s.topology.hosts.map((h) => `${h.name}@${h.zone}`).slice(0, 3)).toEqual([
      'cp-a@z-a',
      'cp-a-2@z-a-2',
      'cp-a-3@z-a',
    ]);
    expect(r.warnings.join('\n')).toMatch(/two hosts are named "cp-a" once cleaned .* the second is written "cp-a-2"/);
    expect(r.warnings.join('\n')).toMatch(/two zones are named "z-a" .* "z-a-2"/);
  });
});
