/**
 * `spof`: single points of failure, minimal cut sets up to order 3, Birnbaum importance
 * per component and SLI, and a one-line recommendation (docs/spec.md §7 `spof --json -`).
 */
import { SLIS, type Sli } from '../scenario/types.ts';
import type { Scenario } from '../scenario/types.ts';
import { cutSetsOf } from './cut-sets.ts';
import { compileForAnalysis, MAX_SPOF_WORK, sliUnavailability, type AnalysisResult, type DpWork } from './exact.ts';
import { recommend } from './recommend.ts';
import type { SpofSli } from './spof-sli.ts';
import type { CompiledTopology } from './topology.ts';

export type { SpofSli } from './spof-sli.ts';

/** The `spof --json -` document (docs/spec.md §7). */
export interface SpofReport {
  readonly scenario: string;
  readonly slis: Record<Sli, SpofSli>;
  readonly recommendation: string;
}

/** Options of `spofReport`. */
export interface SpofOptions {
  /** Largest cut-set order searched, 1..3. @default 3 */
  readonly maxOrder?: number;
}

/** The SPOF report of `scenario`, or why it was refused (topology too big). */
export function spofReport(scenario: Scenario, options: SpofOptions = {}): AnalysisResult<SpofReport> {
  const checked = compileForAnalysis(scenario);
  if (!checked.ok) return checked;
  const t = checked.value;
  // Importance needs two dynamic-program passes per component: price one pass first.
  const work: DpWork = { ops: 0 };
  sliUnavailability(
    t,
    t.components.map((c) => c.availability),
    t.components.map((c) => c.unavailability),
    work,
  );
  const total = work.ops * 2 * t.components.length;
  if (total > MAX_SPOF_WORK) {
    return {
      ok: false,
      errors: [
        `${scenario.file}: topology too big for importance analysis (${t.components.length} components: ` +
          `about ${total.toExponential(1)} steps, limit ${MAX_SPOF_WORK.toExponential(1)})`,
      ],
    };
  }
  const cuts = cutSetsOf(t, options.maxOrder ?? 3, scenario.file);
  if (!cuts.ok) return cuts;
  const importance = birnbaumImportance(t);
  const slis = {} as Record<Sli, SpofSli>;
  for (const s of SLIS) {
    const cutSets = cuts.value[s];
    slis[s] = {
      spof: cutSets.filter((c) => c.length === 1).map((c) => c[0] as string),
      cutSets,
      importance: importance[s],
    };
  }
  return { ok: true, value: { scenario: scenario.name, slis, recommendation: recommend(scenario, t, slis) } };
}

/**
 * Birnbaum importance of every component for every SLI, as the difference of the SLI's
 * unavailability with the component forced down and forced up (exact, two passes each).
 */
export function birnbaumImportance(t: CompiledTopology): Record<Sli, Record<string, number>> {
  const a = t.components.map((c) => c.availability);
  const u = t.components.map((c) => c.unavailability);
  const out = {} as Record<Sli, Record<string, number>>;
  for (const s of SLIS) out[s] = {};
  t.components.forEach((c, i) => {
    const force = (isUp: boolean): Record<Sli, number> => {
      const ai = [...a];
      const ui = [...u];
      ai[i] = isUp ? 1 : 0;
      ui[i] = isUp ? 0 : 1;
      return sliUnavailability(t, ai, ui);
    };
    const whenUp = force(true);
    const whenDown = force(false);
    for (const s of SLIS) {
      const d = whenDown[s] - whenUp[s];
      // Both terms are sums of the same products; a difference at rounding level is 0.
      // Rounded to 12 significant digits so symmetric components tie exactly.
      out[s][c.id] = Math.abs(d) <= 1e-12 * Math.max(whenDown[s], whenUp[s]) ? 0 : Number(d.toPrecision(12));
    }
  });
  return out;
}
