/**
 * Which timing a resolved scenario runs with, in one word for reports: `ideal`, the
 * documented `default` delays, or `custom`. Lives next to DEFAULT_TIMING so that the
 * reports never import the defaults themselves.
 */
import { DEFAULT_TIMING } from './resolve.ts';
import type { ResolvedTiming } from './types.ts';

/** `ideal`, `default` (every delay as DEFAULT_TIMING) or `custom`. */
export function timingLabel(timing: ResolvedTiming): 'default' | 'custom' | 'ideal' {
  if (timing.ideal) return 'ideal';
  const groups = ['etcd', 'apiserver', 'loadBalancer', 'leaderElection'] as const;
  for (const g of groups) {
    const want = DEFAULT_TIMING[g] as Readonly<Record<string, number | boolean>>;
    const got = timing[g] as Readonly<Record<string, number | boolean>>;
    for (const k of Object.keys(want)) if (got[k] !== want[k]) return 'custom';
  }
  return 'default';
}
