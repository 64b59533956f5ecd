import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainScenario } from '../../src/index.ts';
import { loadScenarioFile } from '../scenario-file.ts';
import { Narrator, openReplication } from '../../src/model/index.ts';
import { renderTimelineHtml } from '../../src/report/timeline-html.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { TimelineRecorder, type Timeline } from '../../src/timeline/index.ts';

function record(file: string, replication: number, rereadAll: boolean, untilMs?: number): Timeline {
  const s = loadScenarioFile(file);
  const narrator = new Narrator();
  const recorder = new TimelineRecorder({ rereadAll, maxEvents: 400 });
  const rep = openReplication(s, replication, { observers: [narrator, recorder] });
  rep.runUntil(untilMs ?? s.simulation.horizonMs);
  rep.finish();
  return recorder.timeline(narrator.entries);
}

const FILES = [
  ...readdirSync('scenarios/teaching').map((f) => `scenarios/teaching/${f}`),
  ...readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/${f}`),
];

describe('TimelineRecorder', () => {
  // The recorder re-reads only lanes a reported change can affect. If any actor changed
  // visible state without reporting it, this comparison with re-reading every lane after
  // every event would differ.
  for (const file of FILES) {
    it(`${file}: re-reading only changed lanes gives the same timeline as re-reading all`, () => {
      for (const r of [0, 7]) expect(record(file, r, false)).toEqual(record(file, r, true));
    });
  }

  // Its cost is bounded in `npm run bench` (test/bench/bounds.ts: 1,000 hosts against 100).
  it('a 1,000-host explain --html runs once', () => {
    const yaml = `name: big
topology: { kind: stacked, zones: 3, controlPlane: { count: 1000 }, loadBalancer: { kind: haproxy } }
failures:
  host: { mttf: 2000h, mttr: 4h }
  etcd: { mttf: 720h, mttr: 1m }
simulation: { horizon: 2d, seed: 1, replications: 1 }
`;
    const r = loadScenarioText(yaml, 'big.yaml', {});
    if (!r.ok) throw new Error('invalid');
    const rec = new TimelineRecorder();
    const narrator = new Narrator();
    const rep = openReplication(r.value.scenario, 0, { observers: [narrator, rec] });
    rep.runUntil(r.value.scenario.simulation.horizonMs);
    const result = rep.finish();
    const html = renderTimelineHtml(rec.timeline(narrator.entries));
    expect(result.events).toBeGreaterThan(100);
    expect(html.length).toBeGreaterThan(1e6);
  });

  it('explain --html records the same run it narrates (one replication, not two)', () => {
    const run = explainScenario(loadScenarioFile('scenarios/teaching/etcd-leader-killed.yaml'), { timeline: true });
    expect(run.timeline).not.toBeNull();
    expect(run.timeline!.events).toEqual(run.entries.filter((e) => e.timeMs <= run.timeline!.untilMs));
    const flat = run.timeline!.outages.api.flatMap((o) => [o.fromMs, o.toMs]);
    expect(flat).toEqual([...run.result.slis.api.outages]);
  });
});
