/**
 * npm start's hardware-vs-operations table fits the terminal: at 100 columns every
 * column shows (zones and the verdict included) with the providers in a note below; at
 * 60 the least important columns go first and no line is wider than asked.
 */
import { describe, expect, it } from 'vitest';
import { renderOperationsView } from '../../src/report/operations-view.ts';
import type { Report, ScenarioReport } from '../../src/report/report-types.ts';
import { syntheticReport } from './fixtures.ts';

function withOps(): Report {
  const r = syntheticReport();
  const hw = r.scenarios.slice(0, 2).map(
    (s, i): ScenarioReport => ({
      ...s,
      name: i === 0 ? 'single-node' : 'two-zone-stack',
      topology: { ...s.topology, zones: i === 0 ? 1 : 2 },
    }),
  );
  const ops = hw.map(
    (s): ScenarioReport => ({
      ...s,
      name: `${s.name}-ops`,
      slis: { ...s.slis, api: { ...s.slis.api, availability: 0.9989 } },
    }),
  );
  return { ...r, scenarios: [...hw, ...ops] };
}

const widest = (t: string): number => Math.max(...t.split('\n').map((l) => [...l].length));

describe('operations view', () => {
  it('fits 100 columns with every column, the providers in a note', () => {
    const t = renderOperationsView(withOps(), 100);
    expect(widest(t)).toBeLessThanOrEqual(100);
    const header = t.split('\n').find((l) => l.startsWith('scenario'))!;
    for (const col of ['zones', 'hardware', 'with ops', 'ops down/yr', 'provider band', 'verdict'])
      expect(header).toContain(col);
    expect(t).toMatch(/single-node +1 .*99\.5–99\.9% +in band/);
    expect(t).toMatch(/two-zone-stack +2 .*— +no 2-zone band/);
    expect(t).toContain('GKE zonal, AKS without zones');
  });

  it('drops the least important columns first at 60 columns', () => {
    const t = renderOperationsView(withOps(), 60);
    expect(widest(t)).toBeLessThanOrEqual(60);
    const header = t.split('\n').find((l) => l.startsWith('scenario'))!;
    expect(header).toContain('with ops');
    expect(header).not.toContain('provider band');
  });
});
