/**
 * `recordTimeline`: one replication run with a narrator and a timeline recorder
 * attached, for callers that want only the Timeline (tests, the library). `explain`
 * attaches the same observers to its one run instead.
 */
import { Narrator, openReplication } from '../model/index.ts';
import type { Scenario } from '../scenario/types.ts';
import { TimelineRecorder } from './recorder.ts';
import type { Timeline } from './types.ts';

/** Options of `recordTimeline`; all optional. */
export interface RecordOptions {
  /** @default 0 */
  readonly replication?: number;
  /** @default scenario.simulation.horizonMs */
  readonly untilMs?: number;
  /** Stop recording after this many events. @default 2000 */
  readonly maxEvents?: number;
}

/** Records replication `replication` of `scenario` as a Timeline. */
export function recordTimeline(scenario: Scenario, options: RecordOptions = {}): Timeline {
  const narrator = new Narrator();
  const recorder = new TimelineRecorder({ maxEvents: options.maxEvents });
  const rep = openReplication(scenario, options.replication ?? 0, { observers: [narrator, recorder] });
  rep.runUntil(options.untilMs ?? scenario.simulation.horizonMs);
  rep.finish();
  return recorder.timeline(narrator.entries);
}
