/**
 * docs/scenario-format.md: API capacity headroom at peak (facts §9, DERIVED): n apiservers of capacity C
 * carry an offered load L when n·C ≥ L; "N+1" means the peak still fits with one
 * apiserver host lost, (n − 1)·C ≥ L. Also with the zone holding the most apiservers lost.
 * Static: it assumes the load balancer spreads evenly over the survivors.
 */
import type { Scenario } from '../scenario/types.ts';

/** Capacity with some apiservers lost. */
export interface CapacityCase {
  readonly apiservers: number;
  readonly capacityPerS: number;
  /** (capacity − peak) / peak: ≥ 0 means the peak fits. */
  readonly headroom: number;
  /** Share of peak requests served: min(1, capacity / peak). */
  readonly servedShare: number;
}

/** Headroom at peak: all up, one host down, one zone down. */
export interface CapacityReport {
  readonly peakPerS: number;
  readonly capacityPerApiserverPerS: number;
  readonly capacitySource: string;
  readonly allUp: CapacityCase;
  readonly oneHostDown: CapacityCase;
  /** The zone with the most apiservers down (null with one zone: then it is everything). */
  readonly oneZoneDown: CapacityCase & { readonly zone: string };
  /** The peak fits with one apiserver host down. */
  readonly nPlusOne: boolean;
  /** Fewest apiservers for which one host down still carries the peak: ceil(L / C) + 1. */
  readonly apiserversForNPlusOne: number;
}

function capacityCase(n: number, c: number, peak: number): CapacityCase {
  const cap = n * c;
  return { apiservers: n, capacityPerS: cap, headroom: (cap - peak) / peak, servedShare: Math.min(1, cap / peak) };
}

/** The capacity report of a scenario with `load`, else null. */
export function capacityReport(s: Scenario): CapacityReport | null {
  const load = s.load;
  if (load === undefined) return null;
  const apis = s.topology.hosts.filter((h) => h.runs.includes('apiserver'));
  const n = apis.length;
  const c = load.capacityPerS;
  const peak = load.peakPerS;
  const perZone = new Map<string, number>();
  for (const h of apis) perZone.set(h.zone, (perZone.get(h.zone) ?? 0) + 1);
  let zone = s.topology.zones[0] ?? 'a';
  let most = -1;
  for (const z of s.topology.zones) {
    const k = perZone.get(z) ?? 0;
    if (k > most) [zone, most] = [z, k];
  }
  const oneHostDown = capacityCase(Math.max(0, n - 1), c, peak);
  return {
    peakPerS: peak,
    capacityPerApiserverPerS: c,
    capacitySource: load.capacitySource,
    allUp: capacityCase(n, c, peak),
    oneHostDown,
    oneZoneDown: { ...capacityCase(n - most, c, peak), zone },
    nPlusOne: oneHostDown.headroom >= 0,
    apiserversForNPlusOne: Math.ceil(peak / c - 1e-12) + 1,
  };
}

/** Capacity lines for text output. */
export function formatCapacity(r: CapacityReport): string {
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;
  const line = (label: string, k: CapacityCase) =>
    `  ${label.padEnd(22)} ${String(k.apiservers).padStart(3)} apiservers  ` +
    `${k.capacityPerS.toFixed(0).padStart(8)} req/s  headroom ` +
    `${pct(k.headroom).padStart(6)}${k.headroom < 0 ? `  (${(100 * (1 - k.servedShare)).toFixed(1)}% rejected, 429)` : ''}`;
  return [
    `API capacity at peak ${r.peakPerS} req/s (one apiserver: ${r.capacityPerApiserverPerS.toFixed(0)} req/s, ${r.capacitySource}):`,
    line('all up', r.allUp),
    line('one host down', r.oneHostDown),
    line(`zone ${r.oneZoneDown.zone} down`, r.oneZoneDown),
    `  N+1 at peak: ${r.nPlusOne ? 'yes' : 'no'} (needs ${r.apiserversForNPlusOne} apiservers)`,
    '',
  ].join('\n');
}
