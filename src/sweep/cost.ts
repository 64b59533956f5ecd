/**
 * docs/scenario-format.md: machine cost weights for `sweep --cost host=1,etcd=0.5,lb=0.2`, so "cheapest
 * passing" means cost, not host count. A host running an apiserver costs `host`; a host
 * running etcd but no apiserver costs `etcd`; a host running only a load balancer (lb-1)
 * and a managed cloud load balancer cost `lb`; any other host costs `host`. Weights not
 * given are 1. Without `--cost` the cost is the machine count.
 */
import type { Scenario } from '../scenario/types.ts';

/** Cost per kind of machine. */
export interface CostWeights {
  readonly host: number;
  readonly etcd: number;
  readonly lb: number;
}

const KEYS = ['host', 'etcd', 'lb'] as const;

/** Parses `host=1,etcd=0.5,lb=0.2`; a string is the error message. */
export function parseCostWeights(text: string): CostWeights | string {
  const w: Record<string, number> = { host: 1, etcd: 1, lb: 1 };
  for (const part of text.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*([0-9]+(\.[0-9]+)?)\s*$/.exec(part);
    if (m === null)
      return (
        `--cost ${JSON.stringify(text)}: expected KIND=WEIGHT[,KIND=WEIGHT...] ` +
        `with KIND one of ${KEYS.join(', ')}, e.g. host=1,etcd=0.5,lb=0.2`
      );
    if (!(KEYS as readonly string[]).includes(m[1]!))
      return `--cost: unknown machine kind ` + `${JSON.stringify(m[1])}; expected one of ${KEYS.join(', ')}`;
    w[m[1]!] = Number(m[2]);
  }
  return { host: w.host!, etcd: w.etcd!, lb: w.lb! };
}

/** The cost of a scenario's machines under `w`. */
export function scenarioCost(s: Scenario, w: CostWeights): number {
  let cost = s.topology.loadBalancer.kind === 'cloud' ? w.lb : 0;
  for (const h of s.topology.hosts) {
    if (h.runs.includes('apiserver')) cost += w.host;
    else if (h.runs.includes('etcd')) cost += w.etcd;
    else if (h.runs.length === 1 && h.runs[0] === 'load-balancer') cost += w.lb;
    else cost += w.host;
  }
  return Math.round(cost * 1e9) / 1e9;
}
