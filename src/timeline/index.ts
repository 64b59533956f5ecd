/** Timelines of one run (lanes of component states): public surface. */
export { TimelineRecorder, type RecorderOptions } from './recorder.ts';
export { recordTimeline, type RecordOptions } from './record.ts';
export type { Lane, LaneGroup, LaneSegment, LaneTone, Timeline } from './types.ts';
