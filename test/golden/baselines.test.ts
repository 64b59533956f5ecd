/**
 * The bundled baseline comparison (what `npm start` runs), at seed 1 with 150 one-year
 * replications: a golden summary (test/golden/baselines.seed-1.txt, the terminal table;
 * `UPDATE_GOLDEN=1` rewrites it below its `#` header — read the diff before committing)
 * and the orderings an operator expects, which must hold whatever the golden numbers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_COMPARISON, simulate } from '../../src/index.ts';
import { loadScenarioFile } from '../scenario-file.ts';
import { renderTerminal } from '../../src/report/terminal.ts';
import type { Report } from '../../src/report/report-types.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const GOLDEN = join(ROOT, 'test/golden/baselines.seed-1.txt');
const HEADER = [
  '# The bundled baselines, seed 1, 150 one-year replications each (npm start runs 1,000).',
  '# Expect: every topology a single zone can take down (one node, two nodes, one zone, 2+1',
  '# placement, a lone haproxy host, clients pinned to cp-1) near an hour of API downtime a',
  '# year; two control-plane nodes worse than one; three zones with no SPOF well under a',
  '# minute, almost all of it protocol delay; controllers ~5-6 min/yr from lease failovers.',
  '# Control-variate estimates (exact structure + simulated protocol delay): the SPOF-bound',
  '# topologies read about their analytic value with a CI of a few hundredths of a minute;',
  '# the first line leads with the breach risk of a 30-day window (two-control-plane highest).',
  '# Regenerate: UPDATE_GOLDEN=1 npx vitest run test/golden (then review the diff).',
  '',
  '',
].join('\n');

let report: Report | undefined;
async function baselines(): Promise<Report> {
  if (report === undefined) {
    // Paths relative to the checkout (the suite runs there): the replay commands, and so how
    // they wrap, must not depend on where the repository was cloned.
    process.chdir(ROOT);
    const scenarios = BUNDLED_COMPARISON.map((f) => loadScenarioFile(f, { replications: 150 }));
    report = await simulate(scenarios, { workers: 1 });
  }
  return report;
}

function apiDown(r: Report, name: string): number {
  const s = r.scenarios.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no scenario ${name}`);
  return s.slis.api.downtimeMinutesPerYear;
}

describe('bundled baselines', () => {
  it('match the golden summary', async () => {
    const body = renderTerminal(await baselines());
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, HEADER + body);
    // A missing golden is a failure, never a pass: it must be written and reviewed on purpose.
    if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing: run with UPDATE_GOLDEN=1 and review it`);
    expect(readFileSync(GOLDEN, 'utf8')).toBe(HEADER + body);
  });

  it('order as an operator expects', async () => {
    const r = await baselines();
    const down = (n: string): number => apiDown(r, n);
    // Two etcd members need both: worse than one.
    expect(down('two-control-plane')).toBeGreaterThan(down('single-node') * 1.3);
    // A zone SPOF costs tens of minutes a year; three zones without one, under a few minutes.
    for (const spofZone of ['single-node', 'no-lb', 'haproxy-single', 'stacked-3-one-zone', 'stacked-3-two-zones']) {
      expect(down(spofZone), spofZone).toBeGreaterThan(20);
    }
    for (const ha of ['stacked-3', 'stacked-5', 'external-3x3', 'external-5x5']) {
      expect(down(ha), ha).toBeLessThan(5);
      expect(r.scenarios.find((s) => s.name === ha)!.spof).toEqual([]);
    }
    // The analytic (structural) value of the HA topologies is far better than simulated:
    // their downtime is protocol delay.
    const s3 = r.scenarios.find((s) => s.name === 'stacked-3')!;
    expect(s3.downtimeSplit!.api.protocolMinutes).toBeGreaterThan(s3.downtimeSplit!.api.structureMinutes);
  });
});
