/**
 * One entry per scripted fault kind (STYLE §3): the compiler finds every renderer that
 * must learn a new kind.
 */
import type { FaultKind } from '../scenario/types.ts';

/** Human description of a fault kind. */
export interface FaultInfo {
  readonly title: string;
  readonly description: string;
}

/** Every scripted fault kind, with its title and description. */
export const FAULT_INFO: Readonly<Record<FaultKind, FaultInfo>> = {
  down: {
    title: 'down',
    description: 'takes a component down (for a while, or until an `up` fault)',
  },
  up: {
    title: 'up',
    description: 'ends every scripted `down` of a component (random failures keep their course)',
  },
  partition: {
    title: 'partition',
    description: 'splits the hosts into groups that reach only themselves; replaces any earlier partition',
  },
  heal: { title: 'heal', description: 'ends the current partition' },
  'rolling-upgrade': {
    title: 'rolling upgrade',
    description: 'takes hosts down one at a time, each for perHost, with gap between them',
  },
};
