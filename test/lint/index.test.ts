import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.ts';

describe('library entry point', () => {
  it('runs a scenario end to end through the public API', async () => {
    const text =
      'name: lib\ntopology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }\n' +
      'failures: { host: { mttf: 500h, mttr: 1h } }\nsimulation: { horizon: 30d, replications: 5, seed: 3 }\n';
    const loaded = lib.loadScenarioText(text, 'lib.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(lib.formatProblem).join('\n'));
    const s = loaded.value.scenario;
    const one = lib.runReplication(s, 0);
    expect(one.horizonMs).toBe(30 * 86_400_000);
    const mc = await lib.runMonteCarlo([s], { workers: 1 });
    const exact = lib.analyzeScenario(s);
    expect(exact.ok).toBe(true);
    const report = lib.buildReport(
      mc,
      [{ analytic: exact.ok ? exact.value.availability : null, spofBySli: null, cutSets: null, recommendation: null }],
      'test',
    );
    expect(JSON.parse(lib.reportJson(report)).scenarios[0].replications).toBe(5);
    expect(lib.renderHtml(report)).toContain('<svg');
  });
});
