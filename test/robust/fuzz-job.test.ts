/**
 * Property test of `job` (issue 22): arbitrary strings — newlines, `---`, `#`, quotes,
 * bidi and zero-width characters — in every flag and in the scenario's file name. Each
 * plan is either refused with an InputError (exit 2 in the CLI) or rendered; the output
 * must parse (YAML) to exactly the objects the plan describes (the ConfigMap, the claim,
 * the Job; or the merge Job), no extra document or key, and the comment header must stay
 * the comment it is: the same number of `#` lines, no raw line break or invisible
 * character. Each `it` is a bounded batch.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  commandLine,
  mergeJob,
  planJob,
  procedure,
  renderJob,
  shardManifests,
  type JobFlags,
} from '../../src/cli/commands/job.ts';
import { InputError } from '../../src/cli/errors.ts';

const counts: Record<string, number> = { plans: 0, rendered: 0, refused: 0 };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/fuzz-job-stats.json', `${JSON.stringify(counts, null, 2)}\n`);
});

const NASTY = [
  '\n',
  '\r',
  '\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: evil}\nspec: ' +
    '{containers: [{name: x, image: x, securityContext: {privileged: true}}]}\n',
  '# ',
  ': ',
  '"',
  "'",
  '\\',
  '\u202e',
  '\u200b',
  '\u2028',
  '\u0085',
  '{',
  '[',
  '- ',
  '`$(id)`',
  '\t',
  ' ',
];
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })), { maxLength: 5 }).map((a) => a.join('')),
);

const DEFAULTS: JobFlags = {
  shards: '4',
  image: 'ghcr.io/example/k8s-ha-sim:0.1.0',
  results: 'pvc',
  command: 'run',
  cpu: '2',
  memory: '1Gi',
  retries: '2',
  storage: '4Gi',
  mergeMemory: '4Gi',
  step: 'shards',
};
const VALID: Partial<Record<keyof JobFlags, string>> = {
  parallelism: '2',
  name: 'k8s-ha-sim-x',
  namespace: 'sims',
  storageClass: 'nfs.example.com',
  replications: '100',
  seed: '7',
  horizon: '30d',
};
const FLAGS = [
  'shards',
  'image',
  'parallelism',
  'results',
  'command',
  'name',
  'namespace',
  'cpu',
  'memory',
  'retries',
  'storage',
  'mergeMemory',
  'storageClass',
  'step',
  'replications',
  'seed',
  'horizon',
  'set',
  'slo',
] as const;

const dir = mkdtempSync(join(tmpdir(), 'fuzz-job-'));
let fileNo = 0;

/** A copy of a bundled scenario under a file name ending in `base` (a name a file system accepts). */
function scenarioFile(base: string): string {
  const clean = base.replace(/[/\u0000]/g, '_');
  const d = join(dir, String(fileNo++));
  mkdirSync(d);
  const f = join(d, `${clean}.yaml`);
  copyFileSync('scenarios/stacked-3.yaml', f);
  return f;
}

const DANGER = /[\r\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])/;

/** Plans and renders; an accepted plan must print exactly its objects under an intact comment. */
function checkJob(file: string, flags: JobFlags): void {
  counts.plans!++;
  // biome-ignore lint/suspicious/noImplicitAnyLet: TypeScript types it from the assignment in the try
  let plan;
  try {
    plan = planJob(file, flags);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    counts.refused!++;
    return;
  }
  counts.rendered!++;
  for (const step of ['shards', 'merge'] as const) {
    const cmd = commandLine(file, flags);
    const out = renderJob(plan, step, cmd);
    expect(out).not.toMatch(DANGER);
    const headerLines = 3 + procedure(plan, cmd).length + (step === 'merge' && plan.results === 'stdout' ? 1 : 0);
    const lines = out.split('\n');
    expect(lines.slice(0, headerLines).every((l) => l.startsWith('#'))).toBe(true);
    if (step === 'merge' && plan.results === 'stdout') {
      expect(lines.length).toBe(headerLines + 1);
      continue;
    }
    expect(lines[headerLines]).toBe('---');
    const docs = parseAllDocuments(out);
    expect(Array.isArray(docs)).toBe(true);
    for (const d of docs as unknown as { errors: unknown[] }[]) expect(d.errors).toEqual([]);
    const objects = step === 'shards' ? shardManifests(plan) : [mergeJob(plan)];
    expect((docs as unknown as { toJS(): unknown }[]).map((d) => d.toJS())).toEqual(
      JSON.parse(JSON.stringify(objects)),
    );
  }
}

const flagsArb = fc.record({
  which: fc.subarray([...FLAGS], { maxLength: 3 }),
  values: fc.array(nasty, { minLength: 3, maxLength: 3 }),
  valid: fc.subarray(Object.keys(VALID) as (keyof JobFlags)[]),
  results: fc.constantFrom('pvc', 'stdout'),
});

describe('fuzz: job (arbitrary strings in every flag and the file name)', () => {
  it(
    'the attacks of issue 22: --storage-class and --namespace with a Pod document are refused; a ' +
      'file name with one stays in the comment',
    () => {
      const pod = NASTY[2]!;
      for (const flag of ['storageClass', 'namespace'] as const)
        expect(() => planJob('scenarios/stacked-3.yaml', { ...DEFAULTS, [flag]: `fast${pod}` })).toThrow(InputError);
      checkJob(scenarioFile(`x${pod}`), DEFAULTS);
      checkJob(scenarioFile(`x${pod}`), { ...DEFAULTS, results: 'stdout' });
    },
  );

  for (let batch = 0; batch < 4; batch++) {
    it(`batch ${batch}: 60 flag sets with arbitrary values`, () => {
      fc.assert(
        fc.property(flagsArb, nasty, ({ which, values, valid, results }, base) => {
          const flags: Record<string, unknown> = { ...DEFAULTS, results };
          for (const k of valid) flags[k] = VALID[k];
          which.forEach((k, i) => {
            flags[k] = k === 'set' || k === 'slo' ? [values[i]!] : values[i]!;
          });
          checkJob(scenarioFile(base), flags as unknown as JobFlags);
        }),
        { numRuns: 60, seed: 2210 + batch },
      );
    });
  }
});
