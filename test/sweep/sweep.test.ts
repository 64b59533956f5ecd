import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeScenario } from '../../src/analysis/index.ts';
import { runSweep } from '../../src/cli/commands/sweep.ts';
import { InputError } from '../../src/cli/errors.ts';
import { loadScenarioForCli } from '../../src/cli/load-scenario.ts';
import type { SweepReport } from '../../src/sweep/types.ts';

const FILE = 'test/sweep/fixtures/ideal-stacked.yaml';
const dir = mkdtempSync(join(tmpdir(), 'sweep-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function analyticApi(count: number): number {
  const s = loadScenarioForCli(FILE, { set: [`topology.controlPlane.count=${count}`] }, { quiet: true });
  const a = analyzeScenario(s);
  if (!a.ok) throw new Error('analysis refused');
  return a.value.availability.api;
}

describe('sweep', () => {
  it('names the cheapest variant the exact analysis says meets the SLO', async () => {
    const counts = [1, 3, 5];
    const exact = counts.map(analyticApi);
    // An SLO halfway (in nines) between one node and three: 1 fails, 3 and 5 pass.
    const target = 1 - Math.sqrt((1 - exact[0]!) * (1 - exact[1]!));
    expect(exact[0]!).toBeLessThan(target);
    expect(exact[1]!).toBeGreaterThan(target);
    const out = join(dir, 'sweep.json');
    const code = await runSweep(FILE, {
      set: ['topology.controlPlane.count=1,3,5'],
      slo: [`api=${target}`],
      json: out,
      md: join(dir, 'sweep.md'),
      html: join(dir, 'sweep.html'),
      quiet: true,
      workers: '2',
    });
    expect(code).toBe(0);
    const sw = JSON.parse(readFileSync(out, 'utf8')) as SweepReport;
    const cheapestCount = counts[exact.findIndex((a) => a > target)];
    expect(sw.cheapest).toBe(`ideal-stacked [topology.controlPlane.count=${cheapestCount}]`);
    expect(sw.variants.map((v) => v.status)).toEqual(['ran', 'ran', 'ran']);
    // Common random numbers: every variant ran with the same seed and replications.
    expect(new Set(sw.report.scenarios.map((s) => `${s.seed}/${s.replications}`)).size).toBe(1);
    // Simulated availability agrees with the exact value (ideal timing) within a few CIs.
    sw.report.scenarios.forEach((s, i) => {
      const hw = (s.slis.api.ci95[1] - s.slis.api.ci95[0]) / 2;
      expect(Math.abs(s.slis.api.availability - exact[i]!)).toBeLessThan(3 * hw + 1e-9);
    });
    expect(readFileSync(join(dir, 'sweep.md'), 'utf8')).toContain(
      `**Cheapest variant meeting every ` +
        `SLO with 95% confidence: ideal-stacked \\[topology.controlPlane.count=${cheapestCount}\\]`,
    );
    expect(readFileSync(join(dir, 'sweep.html'), 'utf8')).toContain('class="cheapest-ring"');
  });

  it('reports invalid variants as skipped with the loader message', async () => {
    const out = join(dir, 'skip.json');
    // `local` endpoints are an error for an external topology (SPEC §4 checks).
    await runSweep(FILE, {
      set: ['topology.kind=stacked,external', 'topology.apiserver.etcdEndpoints=local'],
      replications: '20',
      json: out,
      quiet: true,
      workers: '1',
    });
    const sw = JSON.parse(readFileSync(out, 'utf8')) as SweepReport;
    expect(sw.variants.map((v) => v.status)).toEqual(['ran', 'skipped']);
    const skipped = sw.variants[1]!;
    expect(skipped.status === 'skipped' && skipped.message).toMatch(/etcdEndpoints/);
    expect(sw.answer).toMatch(/No SLO/);
  });

  it('refuses a sweep without --set, or with a path given twice', async () => {
    await expect(runSweep(FILE, { quiet: true })).rejects.toBeInstanceOf(InputError);
    await expect(runSweep(FILE, { set: ['topology.zones=1,3', 'topology.zones=2'], quiet: true })).rejects.toThrow(
      /twice/,
    );
  });
});
