/**
 * One run drawn as a Gantt chart (`explain --html`): lanes of component states over
 * time, the SLI outages and the narrated events. Plain, serialisable data; times in ms
 * from the start of the run.
 */
import type { TraceEntry } from '../engine/index.ts';
import type { Sli } from '../scenario/types.ts';

/**
 * How a state reads, whatever the lane: `strong` a leader, VIP or lease holder; `ok` up,
 * ready, following, standing by; `warn` degraded (not ready, back-off, no leader in
 * reach, zone down under it, lease not renewed); `down` down; `off` not in play.
 */
export type LaneTone = 'strong' | 'ok' | 'warn' | 'down' | 'off';

/** A maximal interval with one state. */
export interface LaneSegment {
  readonly fromMs: number;
  readonly toMs: number;
  readonly tone: LaneTone;
  readonly label: string;
}

/** Lane groups, in drawing order. */
export type LaneGroup = 'sli' | 'zone' | 'host' | 'etcd' | 'apiserver' | 'lb' | 'lease';

/** One component's (or SLI's) states over the run. */
export interface Lane {
  readonly id: string;
  readonly group: LaneGroup;
  readonly label: string;
  readonly segments: readonly LaneSegment[];
}

/** A whole run. */
export interface Timeline {
  readonly scenario: string;
  readonly description: string;
  readonly file: string;
  readonly seed: number;
  readonly replication: number;
  /** Start of the drawn window (a focused timeline, `windowTimeline`). @default 0 */
  readonly fromMs?: number;
  /** End of the drawn run (the horizon, or the time of the last event kept). */
  readonly untilMs: number;
  /** True when the run had more events than drawn and was cut at `untilMs`. */
  readonly truncated: boolean;
  readonly lanes: readonly Lane[];
  readonly events: readonly TraceEntry[];
  readonly outages: { readonly [S in Sli]: readonly { readonly fromMs: number; readonly toMs: number }[] };
}
