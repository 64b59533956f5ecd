/**
 * The worst replication a report names is replayed exactly by `explain --replication`:
 * both run replication r seeded from (seed, r) only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExplain } from '../../src/cli/commands/explain.ts';
import { runReplication } from '../../src/model/index.ts';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

describe('replaying the worst replication', () => {
  it('explain --replication N reproduces the downtime the Monte Carlo run recorded for N', async () => {
    const file = 'scenarios/single-node.yaml';
    const r = loadScenarioText(readFileSync(file, 'utf8'), file, { replications: 120 });
    if (!r.ok) throw new Error('invalid');
    const mc = await runMonteCarlo([r.value.scenario], { workers: 2 });
    const worst = mc.runs[0]!.stats.slis.api.worstReplication!;
    expect(worst.replication).toBeGreaterThan(0);
    const replay = runExplain(file, { replication: String(worst.replication), quiet: true });
    expect(replay.replication).toBe(worst.replication);
    expect(replay.result.slis.api.downMs / 60_000).toBeCloseTo(worst.downtimeMinutes, 6);
    // Every other replication had no more API downtime (each one replayed on its own).
    for (let rep = 0; rep < 120; rep++) {
      if (rep === worst.replication) continue;
      const down = runReplication(r.value.scenario, rep).slis.api.downMs / 60_000;
      expect(down, `replication ${rep}`).toBeLessThanOrEqual(worst.downtimeMinutes);
    }
  });

  it('rejects a bad --replication', () => {
    expect(() => runExplain('scenarios/single-node.yaml', { replication: '-1', quiet: true })).toThrow(/--replication/);
  });
});
