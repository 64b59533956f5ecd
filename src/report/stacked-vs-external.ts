/**
 * docs/model.md: the "stacked or external?" verdict `npm start` prints: per pair of bundled
 * topologies with the same etcd size, the paired difference (common random numbers) on
 * the binary API SLI, the request-weighted `requestSuccess` and the provider-style bad
 * minutes, each with its 95% CI and the estimator it rests on.
 */
import type { Report } from './report-types.ts';
import { SLI_INFO } from './sli-info.ts';
import { comparisonVerdict } from './verdict.ts';

const KEYS = ['api', 'requestSuccess', 'badMinutes'] as const;

/** One report per pair (its comparisons: the second scenario against the first). */
export function renderStackedVsExternal(pairs: readonly Report[]): string {
  const lines = ['Stacked or external? Paired on the same failures (common random numbers), on each API SLI:'];
  for (const r of pairs) {
    const [a, b] = r.scenarios;
    if (a === undefined || b === undefined) continue;
    lines.push(`  ${a.name} vs ${b.name}:`);
    for (const k of KEYS) {
      const c = r.comparisons.find((x) => x.sli === k);
      if (c === undefined) continue;
      const est = c.estimators[0] === c.estimators[1] ? c.estimators[0] : c.estimators.join('/');
      lines.push(`    ${SLI_INFO[k].title}: ${comparisonVerdict(c)} [${est}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}
