/**
 * Timelines that focus: the window functions over a recorded Timeline, and explain's
 * --around / --from through the study function the CLI runs (the flags' own checks: test/cli/explain-flags.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { explainScenario, explainTimeline } from '../../src/index.ts';
import { formatExplainText } from '../../src/report/explain.ts';
import { linearScale, linearTicks } from '../../src/report/charts/gantt-chart.ts';
import type { TraceEntry } from '../../src/engine/trace.ts';
import { recordTimeline } from '../../src/timeline/index.ts';
import { focusWindow, summariseCrashLoops, windowTimeline, worstOutage } from '../../src/report/timeline-window.ts';
import { loadScenarioFile } from '../scenario-file.ts';

const s2z = 'scenarios/stacked-3-two-zones.yaml';

describe('windowTimeline', () => {
  const t = recordTimeline(loadScenarioFile('scenarios/teaching/etcd-leader-killed.yaml'));
  const w = { fromMs: 3_599_000, toMs: 3_700_000 };
  const cut = windowTimeline(t, w);

  it('clips every lane to the window, contiguous from its start to its end', () => {
    expect(cut.fromMs).toBe(w.fromMs);
    expect(cut.untilMs).toBe(w.toMs);
    for (const lane of cut.lanes) {
      expect(lane.segments[0]!.fromMs).toBe(w.fromMs);
      expect(lane.segments[lane.segments.length - 1]!.toMs).toBe(w.toMs);
      for (let i = 1; i < lane.segments.length; i++) expect(lane.segments[i]!.fromMs).toBe(lane.segments[i - 1]!.toMs);
    }
  });

  it('keeps exactly the events and outages inside it', () => {
    expect(cut.events).toEqual(t.events.filter((e) => e.timeMs >= w.fromMs && e.timeMs <= w.toMs));
    expect(cut.events.length).toBeGreaterThan(0);
    expect(cut.events.length).toBeLessThan(t.events.length);
    expect(cut.outages.api).toEqual(t.outages.api.filter((o) => o.fromMs < w.toMs && o.toMs > w.fromMs));
  });

  it('refuses an empty window', () => {
    expect(() => windowTimeline(t, { fromMs: t.untilMs + 1, toMs: t.untilMs + 2 })).toThrow(/empty window/);
  });
});

describe('worstOutage and focusWindow', () => {
  it('pick the longest outage and put its own length of context on each side, within the run', () => {
    const t = recordTimeline(loadScenarioFile(s2z), { maxEvents: Infinity });
    const worst = worstOutage(t)!;
    const all = Object.values(t.outages).flat();
    expect(worst.toMs - worst.fromMs).toBe(Math.max(...all.map((o) => o.toMs - o.fromMs)));
    const w = focusWindow(worst, t.untilMs);
    const len = worst.toMs - worst.fromMs;
    expect(w).toEqual({ fromMs: worst.fromMs - len, toMs: worst.toMs + len });
    expect(focusWindow({ fromMs: 1000, toMs: 2000 }, 10_000)).toEqual({ fromMs: 0, toMs: 10_000 });
    expect(focusWindow({ fromMs: 1e9, toMs: 1e9 + 500 }, 2e9)).toEqual({ fromMs: 1e9 - 60_000, toMs: 1e9 + 60_500 });
  });
});

describe('summariseCrashLoops', () => {
  const e = (timeMs: number, kind: string, host: string, text: string): TraceEntry => ({
    timeMs,
    kind,
    target: `apiserver/${host}`,
    text,
  });
  const restart = (t: number, h: string, b: string) =>
    e(
      t,
      'apiserver-restart',
      h,
      `kubelet kills apiserver on ` + `${h} (startup probe failed: no etcd); crash-loop back-off ${b}`,
    );
  const start = (t: number, h: string, ok: boolean) =>
    e(
      t,
      'apiserver-start',
      h,
      `kubelet starts apiserver on ` + `${h} again: ${ok ? 'etcd reachable, ready' : 'etcd still unreachable'}`,
    );
  const started = (t: number, h: string) =>
    e(t, 'apiserver-started', h, `apiserver on ${h} has started: etcd unreachable`);

  it("folds one apiserver's repeated restarts into its first, keeping other apiservers and the ready start", () => {
    const events = [
      restart(0, 'cp-1', '10s'),
      start(10, 'cp-1', false),
      restart(20, 'cp-2', '10s'),
      restart(90, 'cp-1', '20s'),
      start(110, 'cp-1', false),
      restart(190, 'cp-1', '40s'),
      start(230, 'cp-1', true),
    ];
    const out = summariseCrashLoops(events);
    expect(out.map((x) => x.timeMs)).toEqual([0, 20, 230]);
    expect(out[0]!.text).toBe(
      'kubelet kills apiserver on cp-1 (startup probe failed: no etcd); ' +
        'crash-loop back-off 10s (crash loop: 2 more restarts until t=0h00m00.190s, summarised)',
    );
    expect(out[1]).toEqual(events[2]);
    expect(out[2]).toEqual(events[6]);
  });

  it('folds the first restart (at once, liveness) and the end of start-up without etcd', () => {
    const first = e(
      0,
      'apiserver-restart',
      'cp-1',
      'kubelet kills apiserver on cp-1 (liveness failed: no etcd); first restart at once',
    );
    const out = summariseCrashLoops([first, started(5, 'cp-1'), restart(250, 'cp-1', '10s'), started(265, 'cp-1')]);
    expect(out.map((x) => x.timeMs)).toEqual([0]);
    expect(out[0]!.text).toMatch(/crash loop: 1 more restart until t=0h00m00.265s/);
  });

  it('keeps a step that changes an SLI', () => {
    const withNote = { ...restart(90, 'cp-1', '20s'), text: `${restart(90, 'cp-1', '20s').text}; api down` };
    expect(summariseCrashLoops([restart(0, 'cp-1', '10s'), withNote]).map((x) => x.timeMs)).toEqual([0, 90]);
  });
});

describe('linear scale', () => {
  it('maps durations faithfully and ticks at round steps', () => {
    const sc = linearScale({ fromMs: 1000, toMs: 11_000 }, 500);
    expect(sc.x(1000)).toBe(0);
    expect(sc.x(6000)).toBe(250);
    expect(sc.x(3000) - sc.x(2000)).toBeCloseTo(sc.x(10_000) - sc.x(9000), 9);
    expect(sc.x(99_999)).toBe(500);
    expect(linearTicks(0, 30_000)).toEqual([0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000]);
    expect(linearTicks(0, 86_400_000 * 365).length).toBeLessThanOrEqual(8);
  });
});

describe('explain --around worst / --from', () => {
  it('shows only the focus window, crash loops summarised, and draws it whole', () => {
    const run = explainScenario(loadScenarioFile(s2z), { aroundWorst: true });
    expect(run.window).toBeDefined();
    const text = formatExplainText(run);
    expect(text).toMatch(/\.\.\. \d+ events before the focus window/);
    expect(text).toMatch(/crash loop: \d+ more restarts until/);
    expect(text.split('Outages:')[0]).not.toMatch(/t=44d02h09m41/);
    expect(text.split('Outages:')[1]).toMatch(/t=44d02h09m41/);
    const t = explainTimeline(run);
    expect(t.fromMs).toBe(run.window!.fromMs);
    expect(t.truncated).toBe(false);
    const worst = worstOutage(t)!;
    expect(worst.fromMs).toBeGreaterThan(t.fromMs!);
    expect(worst.toMs).toBeLessThan(t.untilMs);
  });

  it('takes --from with --until as the focus window', () => {
    const run = explainScenario(loadScenarioFile('scenarios/teaching/etcd-leader-killed.yaml'), {
      fromMs: 59 * 60_000,
      untilMs: 62 * 60_000,
    });
    expect(run.window).toEqual({ fromMs: 59 * 60_000, toMs: 62 * 60_000 });
  });
});
