/**
 * Every bundled scenario validates; baselines share one failure block and one
 * simulation/slo setting so that comparisons differ only in topology; the committed
 * JSON Schema is the one `k8s-ha-sim schema` prints.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem } from '../../src/scenario/problems.ts';
import { scenarioJsonSchema } from '../../src/scenario/schema.ts';
import { MS_PER } from '../../src/engine/time.ts';

const BASELINES = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `scenarios/${f}`);
const TEACHING = readdirSync('scenarios/teaching')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `scenarios/teaching/${f}`);

function load(path: string) {
  const r = loadScenarioText(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(r.errors.map(formatProblem).join('\n'));
  return r.value;
}

describe('bundled scenarios', () => {
  it('include every scenario issue 3 asks for', () => {
    const names = BASELINES.map((p) => p.replace(/^scenarios\/|\.yaml$/g, ''));
    for (const n of [
      'single-node',
      'stacked-3',
      'stacked-5',
      'external-3x3',
      'external-5x5',
      'stacked-3-one-zone',
      'stacked-3-two-zones',
      'haproxy-single',
      'two-control-plane',
      'no-lb',
    ]) {
      expect(names).toContain(n);
    }
    expect(TEACHING.length).toBeGreaterThanOrEqual(6);
  });

  for (const path of [...BASELINES, ...TEACHING]) {
    it(`${path} validates, is named after its file and has a description`, () => {
      const { scenario } = load(path);
      expect(scenario.name).toBe(path.replace(/^.*\/|\.yaml$/g, ''));
      expect(scenario.description.length).toBeGreaterThan(20);
      expect(readFileSync(path, 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
    });
  }

  it('baselines share the same failure block, simulation and slo, text for text', () => {
    const blocks = BASELINES.map((p) => {
      const text = readFileSync(p, 'utf8');
      const i = text.indexOf('# --- Failure');
      expect(i).toBeGreaterThan(0);
      return text.slice(i);
    });
    for (const b of blocks) expect(b).toBe(blocks[0]);
    for (const p of BASELINES) {
      const { scenario } = load(p);
      expect(scenario.simulation).toEqual({ horizonMs: MS_PER.y, replications: 200, seed: 1 });
      expect(scenario.slo).toEqual({ api: 0.9995 });
      expect(Object.keys(scenario.failures).sort()).toEqual([
        'apiserver',
        'controller-manager',
        'etcd',
        'host',
        'loadBalancer',
        'scheduler',
        'zone',
      ]);
    }
  });

  it('teaching scenarios tell a scripted story over a day, without random failures', () => {
    for (const p of TEACHING) {
      const { scenario } = load(p);
      // A story is scripted faults or scripted operational events (operations.*.at, certificate age).
      expect(scenario.faults.length > 0 || scenario.operations !== undefined, p).toBe(true);
      expect(scenario.simulation.horizonMs).toBe(MS_PER.d);
      expect(scenario.failures).toEqual({});
    }
  });

  it('warn exactly where the topology is weak', () => {
    const warned = (p: string) =>
      load(p)
        .warnings.map((w) => w.message)
        .join('\n');
    expect(warned('scenarios/stacked-3.yaml')).toBe('');
    expect(warned('scenarios/external-5x5.yaml')).toBe('');
    expect(warned('scenarios/stacked-3-one-zone.yaml')).toMatch(/zone outage stops etcd/);
    expect(warned('scenarios/stacked-3-two-zones.yaml')).toMatch(/losing zone "a" \(2 of 3 etcd members\) leaves 1/);
    expect(warned('scenarios/two-control-plane.yaml')).toMatch(/2 etcd members need both/);
  });

  it('the committed scenario.schema.json is up to date (regenerate: k8s-ha-sim schema > scenarios/scenario.schema.json)', () => {
    const committed: unknown = JSON.parse(readFileSync('scenarios/scenario.schema.json', 'utf8'));
    expect(committed).toEqual(scenarioJsonSchema());
  });
});
