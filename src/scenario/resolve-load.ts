/**
 * docs/scenario-format.md: `load:` -> ResolvedLoad. Capacity is given directly or derived from the
 * apiserver's in-flight limits by Little's law: with API Priority and Fairness the sum
 * --max-requests-inflight + --max-mutating-requests-inflight is the server's total
 * concurrency (facts §9), so it serves at most (inflight + mutating) / serviceTime
 * requests per second.
 */
import { errorAt, warningAt, type PathProblem } from './problems.ts';
import type { ScenarioFile } from './schema.ts';
import type { Distribution } from '../engine/index.ts';
import type { DistributionFile } from './schema.ts';
import type { ResolvedCascade, ResolvedLoad } from './types.ts';

/** kube-apiserver defaults (facts §9). */
export const DEFAULT_MAX_REQUESTS_INFLIGHT = 400;
/** kube-apiserver default of --max-mutating-requests-inflight (facts §9). */
export const DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT = 200;

/** Resolves `load`; null when absent or invalid (problems pushed). */
export function resolveLoad(
  l: ScenarioFile['load'],
  problems: PathProblem[],
  toDist: (d: DistributionFile) => Distribution | null,
): ResolvedLoad | null {
  if (l === undefined) return null;
  const a = l.apiserver;
  const inflightGiven = a.maxRequestsInflight !== undefined || a.maxMutatingRequestsInflight !== undefined;
  let capacityPerS: number;
  let capacitySource: string;
  if (a.capacity !== undefined) {
    if (inflightGiven || a.serviceTime !== undefined) {
      problems.push(
        errorAt(
          ['load', 'apiserver', 'capacity'],
          'give either capacity or the ' + 'in-flight limits with a serviceTime, not both',
        ),
      );
      return null;
    }
    capacityPerS = a.capacity;
    capacitySource = 'given';
  } else {
    if (a.serviceTime === undefined) {
      problems.push(
        errorAt(
          ['load', 'apiserver'],
          'missing the capacity: give capacity ' +
            '(requests/s) or serviceTime (with the in-flight limits, default 400 + 200)',
        ),
      );
      return null;
    }
    const ro = a.maxRequestsInflight ?? DEFAULT_MAX_REQUESTS_INFLIGHT;
    const mut = a.maxMutatingRequestsInflight ?? DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT;
    capacityPerS = (ro + mut) / (a.serviceTime / 1000);
    capacitySource = `(${ro} + ${mut} in flight) / ${a.serviceTime}ms service time`;
  }
  const daily = l.daily ?? null;
  if (daily !== null && Math.max(...daily) === 0) {
    problems.push(errorAt(['load', 'daily'], 'every hourly factor is 0: no request is ever offered'));
    return null;
  }
  if (daily !== null && Math.max(...daily) !== 1) {
    problems.push(
      warningAt(
        ['load', 'daily'],
        `the busiest hour's factor is ${Math.max(...daily)}, ` + `not 1: the peak (${l.peak}/s) is never offered`,
      ),
    );
  }
  const resolved: ResolvedLoad = { peakPerS: l.peak, daily, capacityPerS, capacitySource };
  if (l.cascade !== undefined) {
    const restart = toDist(l.cascade.restart);
    if (restart === null) {
      problems.push(errorAt(['load', 'cascade', 'restart'], 'expected a distribution with one kind'));
      return null;
    }
    const cascade: ResolvedCascade = { probability: l.cascade.probability, restart };
    return { ...resolved, cascade };
  }
  return resolved;
}
