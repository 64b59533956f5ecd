import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../scenario-file.ts';
import { compressedScale, ganttChart, markersOf } from '../../src/report/charts/gantt-chart.ts';
import { runReplication } from '../../src/model/replication.ts';
import { renderTimelineHtml } from '../../src/report/timeline-html.ts';
import { recordTimeline } from '../../src/timeline/index.ts';
import { SLIS } from '../../src/scenario/types.ts';
import { EVIL } from './fixtures.ts';

const scenario = loadScenarioFile('scenarios/teaching/etcd-leader-killed.yaml');

describe('recordTimeline', () => {
  const t = recordTimeline(scenario);

  it('covers the whole run with contiguous segments in every lane', () => {
    expect(t.untilMs).toBe(scenario.simulation.horizonMs);
    for (const lane of t.lanes) {
      expect(lane.segments[0]!.fromMs).toBe(0);
      expect(lane.segments[lane.segments.length - 1]!.toMs).toBe(t.untilMs);
      lane.segments.forEach((s, i) => {
        expect(s.toMs).toBeGreaterThan(s.fromMs);
        if (i > 0) expect(s.fromMs).toBe(lane.segments[i - 1]!.toMs);
      });
    }
  });

  it('has the SLI outages of the same run', () => {
    const r = runReplication(scenario, 0);
    for (const sli of SLIS) {
      const flat = t.outages[sli].flatMap((o) => [o.fromMs, o.toMs]);
      expect(flat).toEqual([...r.slis[sli].outages]);
    }
  });

  it('shows the leader moving away from the killed host, and its host down', () => {
    const cp1 = t.lanes.find((l) => l.id === 'etcd/cp-1')!;
    expect(cp1.segments[0]!.tone).toBe('strong');
    expect(cp1.segments[1]!.tone).toBe('down');
    const leaders = t.lanes.filter(
      (l) => l.group === 'etcd' && l.segments.some((s, i) => i > 0 && s.tone === 'strong'),
    );
    expect(leaders.length).toBeGreaterThan(0);
    expect(t.lanes.find((l) => l.id === 'host/cp-1')!.segments.map((s) => s.tone)).toEqual(['ok', 'down', 'ok']);
    // Lease lanes and the LB routing set exist.
    expect(t.lanes.filter((l) => l.group === 'lease')).toHaveLength(2);
    expect(t.lanes.some((l) => l.id === 'lb/routing')).toBe(true);
  });

  it('stops at maxEvents and says so', () => {
    const cut = recordTimeline(scenario, { maxEvents: 3 });
    expect(cut.truncated).toBe(true);
    expect(cut.events.length).toBeLessThanOrEqual(3 + 1);
    expect(cut.untilMs).toBeLessThan(scenario.simulation.horizonMs);
  });
});

describe('ganttChart', () => {
  const t = recordTimeline(scenario);

  it('gives every interval between events a visible width that grows with its length', () => {
    const { x, breaks } = compressedScale(t);
    const widths = breaks.slice(1).map((b, i) => ({ gap: b - breaks[i]!, w: x(b) - x(breaks[i]!) }));
    for (const w of widths) expect(w.w).toBeGreaterThanOrEqual(12 - 1e-9);
    const sorted = [...widths].sort((a, b) => a.gap - b.gap);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.w).toBeGreaterThanOrEqual(sorted[i - 1]!.w - 1e-9);
  });

  it('draws one lane per lane, one marker per instant, one segment per state interval', () => {
    const svg = ganttChart(t);
    expect(svg.match(/class="lane"/g)?.length).toBe(t.lanes.length);
    expect(svg.match(/class="marker"/g)?.length).toBe(markersOf(t).length);
    expect(svg.match(/class="seg /g)?.length).toBe(t.lanes.reduce((n, l) => n + l.segments.length, 0));
    expect(svg.match(/class="api-down-band"/g)?.length).toBe(t.outages.api.length);
  });

  it('matches the stored chart for seed 1', async () => {
    await expect(ganttChart(t)).toMatchFileSnapshot('__snapshots__/gantt-etcd-leader-killed.svg');
  });

  it('escapes the scenario name and narration', () => {
    const html = renderTimelineHtml({
      ...t,
      scenario: EVIL,
      events: [{ timeMs: 1000, kind: 'x', target: '', text: EVIL }, ...t.events],
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
