/**
 * Capacity-planning choices over sweep variants: the Pareto frontier of machines against
 * API downtime, and the cheapest variant that meets every SLO with 95% confidence.
 */

/** What the choices look at, per variant. */
export interface SweepPoint {
  readonly name: string;
  readonly machines: number;
  /** docs/scenario-format.md: what the variant costs (`sweep --cost`); absent = its machine count. */
  readonly cost?: number;
  readonly apiDowntimeMinutesPerYear: number;
  /** Availability of the SLI that ranks equally cheap variants (the API, or the first SLI with an SLO). */
  readonly rankAvailability: number;
  /** Every SLO met with 95% confidence; null when the variant has no SLO. */
  readonly sloMet: boolean | null;
}

/**
 * Names of the variants no other variant dominates (no more machines and no more API
 * downtime, one of them strictly less), by machines then downtime.
 */
export function paretoFront(points: readonly SweepPoint[]): string[] {
  const cost = (p: SweepPoint): number => p.cost ?? p.machines;
  const front = points.filter(
    (p) =>
      !points.some(
        (q) =>
          q !== p &&
          cost(q) <= cost(p) &&
          q.apiDowntimeMinutesPerYear <= p.apiDowntimeMinutesPerYear &&
          (cost(q) < cost(p) || q.apiDowntimeMinutesPerYear < p.apiDowntimeMinutesPerYear),
      ),
  );
  return [...front]
    .sort((a, b) => cost(a) - cost(b) || a.apiDowntimeMinutesPerYear - b.apiDowntimeMinutesPerYear)
    .map((p) => p.name);
}

/** The cheapest variant meeting its SLOs: least cost (machines unless weighted), then best availability, then name. */
export function cheapestPassing(points: readonly SweepPoint[]): string | null {
  const ok = points.filter((p) => p.sloMet === true);
  ok.sort(
    (a, b) =>
      (a.cost ?? a.machines) - (b.cost ?? b.machines) ||
      b.rankAvailability - a.rankAvailability ||
      (a.name < b.name ? -1 : 1),
  );
  return ok[0]?.name ?? null;
}
