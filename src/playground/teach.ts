/// <reference lib="dom" />
/**
 * "Find the SPOF": the student's marks judged by the exact `spof` analysis (minimal cut
 * sets up to order 2). A mark is correct when the component alone takes the SLI down
 * (an order-1 cut set); wrong otherwise, with the order-2 cut sets it belongs to as the
 * reason; SPOFs not marked are listed as missed.
 */
import { spofReport } from '../analysis/spof.ts';
import { componentLabel } from '../scenario/components.ts';
import type { Scenario, Sli } from '../scenario/types.ts';

/** One judged component. */
export interface SpofVerdict {
  readonly id: string;
  readonly verdict: 'correct' | 'wrong' | 'missed';
  readonly why: string;
}

/** The judged answer, or why the analysis refused. */
export type SpofAnswer =
  | {
      readonly ok: true;
      readonly sli: Sli;
      readonly spof: readonly string[];
      readonly pairs: readonly (readonly string[])[];
      readonly verdicts: readonly SpofVerdict[];
      readonly recommendation: string;
    }
  | { readonly ok: false; readonly error: string };

/** Judges `marks` (component ids) for `sli` of `scenario`. */
export function checkSpof(scenario: Scenario, sli: Sli, marks: readonly string[]): SpofAnswer {
  const r = spofReport(scenario, { maxOrder: 2 });
  if (!r.ok) return { ok: false, error: r.errors.join('\n') };
  const s = r.value.slis[sli];
  const pairs = s.cutSets.filter((c) => c.length === 2);
  const verdicts: SpofVerdict[] = marks.map((id) => {
    if (s.spof.includes(id))
      return {
        id,
        verdict: 'correct',
        why: `${componentLabel(id)} alone ` + `takes ${sli} down: a single point of failure`,
      };
    const with_ = pairs.filter((p) => p.includes(id)).map((p) => componentLabel(p.find((x) => x !== id)!));
    const tail =
      with_.length === 0
        ? 'and it is in no cut set of order 2 either'
        : `it only does together with ` +
          `${with_.slice(0, 4).join(', ')}${with_.length > 4 ? ` (+${with_.length - 4} more)` : ''}`;
    return { id, verdict: 'wrong', why: `${componentLabel(id)} is not a SPOF: ${sli} survives it alone; ${tail}` };
  });
  for (const id of s.spof)
    if (!marks.includes(id))
      verdicts.push({ id, verdict: 'missed', why: `missed: ` + `${componentLabel(id)} alone takes ${sli} down` });
  return { ok: true, sli, spof: s.spof, pairs, verdicts, recommendation: r.value.recommendation };
}

/** The answer as a list the page shows under the SPOF panel. */
export function renderSpofAnswer(a: SpofAnswer): HTMLElement {
  const box = document.createElement('div');
  box.className = 'spof-result';
  box.setAttribute('aria-live', 'polite');
  if (!a.ok) {
    box.append(Object.assign(document.createElement('p'), { className: 'error', textContent: a.error }));
    return box;
  }
  const right = a.verdicts.filter((v) => v.verdict === 'correct').length;
  box.append(
    Object.assign(document.createElement('p'), {
      textContent:
        a.spof.length === 0
          ? `No single component takes ` + `${a.sli} down in this topology.`
          : `${right} of ${a.spof.length} ` + `single point${a.spof.length === 1 ? '' : 's'} of failure found.`,
    }),
  );
  const ul = document.createElement('ul');
  for (const v of a.verdicts) {
    const li = document.createElement('li');
    li.dataset['for'] = v.id;
    li.dataset['verdict'] = v.verdict;
    const mark = Object.assign(document.createElement('span'), {
      className: v.verdict === 'correct' ? 'ok' : v.verdict === 'wrong' ? 'bad' : 'miss',
      textContent: v.verdict === 'correct' ? '✓ ' : v.verdict === 'wrong' ? '✗ ' : '! ',
    });
    li.append(mark, v.why);
    ul.append(li);
  }
  box.append(ul);
  box.append(
    Object.assign(document.createElement('p'), {
      className: 'hint',
      textContent:
        `Pairs that take ${a.sli} ` +
        `down together (order-2 cut sets): ${a.pairs.length}. Recommendation: ${a.recommendation}.`,
    }),
  );
  return box;
}
