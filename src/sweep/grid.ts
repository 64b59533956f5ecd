/** The cartesian grid of a sweep: one variant per combination of `--set PATH=V1,V2` values. */

/** One swept key and its values, in the order given. */
export interface SweepAxis {
  readonly path: string;
  readonly values: readonly string[];
}

/** One key set to one value. */
export interface Setting {
  readonly path: string;
  readonly value: string;
}

/** Every combination, the first axis varying slowest (row-major, in the order given). */
export function cartesian(axes: readonly SweepAxis[]): Setting[][] {
  let out: Setting[][] = [[]];
  for (const axis of axes) {
    out = out.flatMap((prefix) => axis.values.map((value) => [...prefix, { path: axis.path, value }]));
  }
  return out;
}

/** `stacked-3 [topology.kind=external, topology.controlPlane.count=5]`. */
export function variantName(base: string, settings: readonly Setting[]): string {
  return `${base} [${settings.map((s) => `${s.path}=${s.value}`).join(', ')}]`;
}

/** Problems with the axes (duplicate paths, empty values), as messages; empty when fine. */
export function axisProblems(axes: readonly SweepAxis[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path))
      problems.push(`--set ${a.path} is given twice; put all its values in one flag: ${a.path}=V1,V2`);
    seen.add(a.path);
    if (a.values.some((v) => v === '')) problems.push(`--set ${a.path}=${a.values.join(',')}: an empty value`);
    const dup = a.values.find((v, i) => a.values.indexOf(v) !== i);
    if (dup !== undefined) problems.push(`--set ${a.path}: value ${JSON.stringify(dup)} is listed twice`);
  }
  return problems;
}
