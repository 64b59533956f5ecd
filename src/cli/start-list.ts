/** What `npm start` runs (src/cli/start.ts); also the golden baseline test's input. */

/** The bundled baseline scenarios, in report order (the first is the comparison baseline). */
export const BUNDLED_COMPARISON: readonly string[] = [
  'scenarios/single-node.yaml',
  'scenarios/two-control-plane.yaml',
  'scenarios/no-lb.yaml',
  'scenarios/haproxy-single.yaml',
  'scenarios/stacked-3-one-zone.yaml',
  'scenarios/stacked-3-two-zones.yaml',
  'scenarios/stacked-3.yaml',
  'scenarios/stacked-5.yaml',
  'scenarios/external-3x3.yaml',
  'scenarios/external-5x5.yaml',
];

/**
 * The operational variants (scenarios/operations/<name>.yaml: the same topology and
 * failures plus the self-managed profile), one per baseline, in the same order.
 */
export const OPERATIONAL_COMPARISON: readonly string[] = BUNDLED_COMPARISON.map((f) =>
  f.replace('scenarios/', 'scenarios/operations/'),
);

/** docs/model.md: the "stacked or external?" pairs `npm start` compares on the three API SLIs (same etcd size, common random numbers). */
export const STACKED_VS_EXTERNAL: readonly (readonly [string, string])[] = [
  ['scenarios/stacked-3.yaml', 'scenarios/external-3x3.yaml'],
  ['scenarios/stacked-5.yaml', 'scenarios/external-5x5.yaml'],
];
