/**
 * The two-level study end to end on small designs: with zero-width ranges it is today's
 * run exactly (the simulated set is the plain run; every outer set equals it), and its
 * result does not depend on the number of workers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioLoader, type LoadOptions } from '../../src/scenario/load.ts';
import { runMonteCarlo } from '../../src/montecarlo/run.ts';
import {
  mergeShards,
  robustStudy,
  simulateSets,
  simulateShard,
  mcDesign,
  studyInputs,
  type StudySubject,
} from '../../src/uncertainty/index.ts';

function subject(file: string, options: LoadOptions): StudySubject {
  const r = scenarioLoader(readFileSync(file, 'utf8'), file, options);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { name: r.value.central.scenario.name, loader: r.value };
}

const ZERO: LoadOptions = {
  replications: 40,
  overrides: [
    { path: 'failures.host.mttf', value: '{ range: [11160h, 11160h] }' },
    { path: 'failures.zone.mttf', value: '{ lognormal: { median: 4y, errorFactor: 1 } }' },
  ],
};

describe('robustness study', () => {
  it("with zero-width ranges equals today's run exactly", async () => {
    const subjects = ['scenarios/stacked-3.yaml', 'scenarios/external-3x3.yaml'].map((f) => subject(f, ZERO));
    const plain = await runMonteCarlo(subjects.map((s) => s.loader.central.scenario));
    const inputs = studyInputs(subjects);
    expect(inputs.map((i) => i.id)).toEqual(['failures.zone.mttf', 'failures.host.mttf']);
    const sets = await simulateSets(subjects, inputs, mcDesign(inputs, { mcSets: 1 }), { from: 0, to: 1 }, {});
    sets[0]!.forEach((set, si) => {
      expect(set.simulated).toEqual(
        ['etcd', 'api', 'controllers', 'scheduler'].map(
          (sli) => plain.runs[si]!.stats.slis[sli as 'api'].downtimeMinutesPerYear,
        ),
      );
    });
    const r = await robustStudy(subjects, { mcSets: 1, sets: 16, sobolRows: 4, simulated: sets });
    for (const x of r.prior.slis) {
      const today = plain.runs[r.subjects.indexOf(x.subject)]!.stats.slis[x.sli].downtimeMinutesPerYear;
      expect(x.downtime.p5.value).toBe(x.downtime.p95.value);
      expect(x.downtime.p50.value).toBeCloseTo(today, 9);
      expect(x.outerVariance).toBeLessThan(1e-20);
    }
    const v = r.prior.verdict!;
    expect([0, 1]).toContain(v.bBetter.share);
    expect(v.saved.p50.value).toBeCloseTo(
      plain.comparisons.find((c) => c.sli === r.sli)!.downtimeMinutesPerYearSaved,
      6,
    );
    expect(v.flips).toEqual([]);
  });

  it('does not depend on the number of workers', async () => {
    const ranged: LoadOptions = {
      replications: 20,
      overrides: [{ path: 'failures.host.mttf', value: '{ lognormal: { median: 11160h, errorFactor: 3 } }' }],
    };
    const subjects = [subject('scenarios/stacked-3.yaml', ranged)];
    const one = await robustStudy(subjects, { mcSets: 4, sets: 32, sobolRows: 8, monteCarlo: { workers: 1 } });
    const two = await robustStudy(subjects, { mcSets: 4, sets: 32, sobolRows: 8, monteCarlo: { workers: 2 } });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    // Sharded: the parts' simulated sets, merged in any order and through JSON, give the same study.
    const parts = await Promise.all(
      [0, 1, 2].map((index) => simulateShard(subjects, { index, count: 3 }, { mcSets: 4 })),
    );
    const merged = mergeShards(subjects, JSON.parse(JSON.stringify([parts[2], parts[0], parts[1]])), { mcSets: 4 });
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    const fromShards = await robustStudy(subjects, { mcSets: 4, sets: 32, sobolRows: 8, simulated: merged.sets });
    expect(JSON.stringify(fromShards)).toBe(JSON.stringify(one));
    expect(mergeShards(subjects, [parts[0]!], { mcSets: 4 }).ok).toBe(false);
    expect(one.inputs[0]!.protocolOnly).toBe(false);
    expect(one.prior.slis.find((s) => s.sli === 'api')!.downtime.p95.value).toBeGreaterThan(
      one.prior.slis.find((s) => s.sli === 'api')!.downtime.p5.value,
    );
  });
});
