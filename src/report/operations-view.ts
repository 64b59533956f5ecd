/**
 * The side-by-side view of `npm start`: each bundled topology's API availability with
 * hardware, process and zone failures only, and with the operational profile, next to
 * the band managed providers sell for the same number of zones (facts §6), so a reader
 * sees what dominates. A pure function of a report: the pairs are matched by name
 * (`<name>` and `<name>-ops`).
 */
import type { Report, ScenarioReport } from './report-types.ts';
import { formatAvailability as pct, formatMinutes } from '../units/format.ts';
import { fitTextTable } from './text-table.ts';
import { DEFAULT_COLUMNS, wrapLine } from './terminal.ts';

/** Suffix of an operational variant's scenario name. */
export const OPS_SUFFIX = '-ops';

/** The managed providers' band for a control plane over `zones` zones (facts §6), or null. */
export function providerBand(
  zones: number,
): { readonly lo: number; readonly hi: number; readonly text: string; readonly short: string } | null {
  if (zones === 1)
    return { lo: 0.995, hi: 0.999, text: '99.5–99.9% (GKE zonal, AKS without zones)', short: '99.5–99.9%' };
  if (zones >= 3)
    return { lo: 0.9995, hi: 0.9995, text: '99.95% (GKE regional, EKS, AKS with zones)', short: '99.95%' };
  return null;
}

/** Where an availability sits against a band; a point band counts ±0.02 points as "near". */
export function bandVerdict(a: number, band: { readonly lo: number; readonly hi: number } | null): string {
  if (band === null) return 'no 2-zone band';
  const slack = band.lo === band.hi ? 0.0002 : 0;
  if (a < band.lo - slack) return 'below';
  if (a > band.hi + slack) return 'above';
  return band.lo === band.hi ? 'near' : 'in band';
}

/** Yearly downtime with operations, in the one duration format (src/units/format.ts). */
function hours(r: ScenarioReport): string {
  return formatMinutes(r.slis.api.downtimeMinutesPerYear);
}

/**
 * The table: scenario, zones, hardware-only, with operations, downtime, provider band,
 * verdict; fitted to `columns` (the band's providers go in a note under the table).
 */
export function renderOperationsView(report: Report, columns: number = DEFAULT_COLUMNS): string {
  const byName = new Map(report.scenarios.map((s) => [s.name, s] as const));
  const rows: string[][] = [];
  for (const hw of report.scenarios) {
    if (hw.name.endsWith(OPS_SUFFIX)) continue;
    const ops = byName.get(`${hw.name}${OPS_SUFFIX}`);
    if (ops === undefined) continue;
    const band = providerBand(hw.topology.zones);
    const a = ops.slis.api.availability;
    rows.push([
      hw.name,
      String(hw.topology.zones),
      pct(hw.slis.api.availability),
      pct(a),
      hours(ops),
      band?.short ?? '—',
      bandVerdict(a, band),
    ]);
  }
  if (rows.length === 0) return '';
  const head =
    'API availability: hardware-only vs with the self-managed operational profile (scenarios/operations/)\n\n';
  const table = fitTextTable(
    ['scenario', 'zones', 'hardware', 'with ops', 'ops down/yr', 'provider band', 'verdict'],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'l', 'l'],
    [9, 4, 7, 8, 5, 3, 6],
    columns,
  );
  const note = `provider band: 1 zone ${providerBand(1)!.text}; 3 zones ${providerBand(3)!.text}; no provider sells 2 zones`;
  return `${wrapLine(head.trimEnd(), columns)}\n\n${table}\n${wrapLine(note, columns)}\n`;
}
