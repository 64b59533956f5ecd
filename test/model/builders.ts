/**
 * Test helpers: scenarios from YAML text through the real loader, and a run that
 * returns outages in seconds plus the narration.
 */
import { ArrayTrace, type TraceEntry } from '../../src/engine/index.ts';
import { runReplication } from '../../src/model/index.ts';
import type { ReplicationResult } from '../../src/model/index.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Scenario, Sli } from '../../src/scenario/types.ts';

/** Loads a scenario from YAML text; throws with every problem if invalid. */
export function scenario(yaml: string): Scenario {
  const r = loadScenarioText(yaml, 'test.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n'));
  return r.value.scenario;
}

/**
 * A stacked or external topology, failures off unless given, with `extra` YAML lines
 * (faults, timing...) appended. Horizon 1 day unless `extra` sets `simulation`.
 */
export function topo(spec: string, extra = ''): Scenario {
  const sim = extra.includes('simulation:') ? '' : '\nsimulation: { horizon: 1d, seed: 1, replications: 1 }';
  return scenario(`name: test\ntopology: ${spec}\n${extra}${sim}\n`);
}

/** A run's outages per SLI as [fromS, toS] pairs, its result and narration. */
export interface RunView {
  readonly result: ReplicationResult;
  readonly outages: Record<Sli, [number, number][]>;
  readonly trace: readonly TraceEntry[];
  /** requestSuccess lost, in seconds (horizon - success integral). */
  readonly requestLossS: number;
}

/** Runs replication `rep` with invariants checked and a trace kept. */
export function run(s: Scenario, rep = 0, untilMs?: number): RunView {
  const trace = new ArrayTrace();
  const result = runReplication(s, rep, {
    trace,
    checkInvariants: true,
    ...(untilMs !== undefined ? { untilMs } : {}),
  });
  const pairs = (xs: readonly number[]): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0; i < xs.length; i += 2) out.push([xs[i]! / 1000, xs[i + 1]! / 1000]);
    return out;
  };
  return {
    result,
    outages: {
      etcd: pairs(result.slis.etcd.outages),
      api: pairs(result.slis.api.outages),
      controllers: pairs(result.slis.controllers.outages),
      scheduler: pairs(result.slis.scheduler.outages),
    },
    trace: trace.entries,
    requestLossS: (result.horizonMs - result.apiRequestSuccessMs) / 1000,
  };
}

/** Seconds of a time of day like `1h` or `1h30m` (tests' shorthand). */
export const H = 3600;

/** Times (s) at which the LB health check removed the apiserver on `host` from rotation and put it back. */
export function checkTimes(v: RunView, host: string): { readonly removed: number[]; readonly back: number[] } {
  const mine = v.trace.filter((e) => e.kind === 'health-check' && e.target === `apiserver/${host}`);
  return {
    removed: mine.filter((e) => e.text.includes('removed from rotation')).map((e) => e.timeMs / 1000),
    back: mine.filter((e) => e.text.includes('back in rotation')).map((e) => e.timeMs / 1000),
  };
}

/** Type-7 quantile q of xs (sorted copy). */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}
