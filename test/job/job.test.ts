/**
 * `k8s-ha-sim job`: the printed manifests validate against the Kubernetes API schema
 * (kubernetes-models, generated from the upstream OpenAPI), and carry what the shards and
 * the merge rely on: Indexed completions = shards, the index read from
 * JOB_COMPLETION_INDEX, exit 2 failing the Job, disruptions ignored, results on a RWX
 * claim or stdout. The shard arguments, run locally with JOB_COMPLETION_INDEX, produce
 * shards that merge.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cliAsync } from '../cli-async.ts';

const cli = cliAsync;

type Doc = { kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> };

async function manifests(args: string[]): Promise<Doc[]> {
  const r = await cli(['job', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as Doc)
    .filter((d) => d !== null);
}

/** Validates with the model for the object's kind; throws on a schema violation. */
function validate(doc: Doc): void {
  const models: Record<string, new (d: any) => { validate(): void }> = { Job, ConfigMap, PersistentVolumeClaim };
  const Model = models[doc.kind];
  if (Model === undefined) throw new Error(`unexpected kind ${doc.kind}`);
  new Model(doc).validate();
}

const BASE = [
  'scenarios/stacked-3.yaml',
  '--shards',
  '50',
  '--image',
  'ghcr.io/example/k8s-ha-sim:0.1.0',
  '--replications',
  '1000000',
];

describe('job manifests', () => {
  it('pvc mode: ConfigMap, RWX claim and an Indexed Job, all valid against the API schema', async () => {
    const docs = await manifests(BASE);
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'Job']);
    for (const d of docs) validate(d);
    const job = docs[2]!;
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(50);
    expect(job.spec.parallelism).toBe(50);
    expect(job.spec.backoffLimitPerIndex).toBe(2);
    expect(job.spec.maxFailedIndexes).toBe(0);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const [failJob, ignore] = job.spec.podFailurePolicy.rules;
    expect(failJob).toEqual({
      action: 'FailJob',
      onExitCodes: { containerName: 'k8s-ha-sim', operator: 'In', values: [2] },
    });
    expect(ignore).toEqual({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    const c = job.spec.template.spec.containers[0];
    expect(c.args).toEqual([
      'run',
      '/scenario/stacked-3.yaml',
      '--replications',
      '1000000',
      '--shard',
      '50',
      '--workers',
      '2',
      '--quiet',
      '--out',
      '/results/parts',
    ]);
    expect(c.resources).toEqual({ requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } });
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(docs[1]!.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(docs[0]!.data!['stacked-3.yaml']).toContain('name: stacked-3');
  });

  it('the merge step is a valid Job reading the parts from the same claim', async () => {
    const docs = await manifests([...BASE, '--step', 'merge']);
    expect(docs.map((d) => d.kind)).toEqual(['Job']);
    validate(docs[0]!);
    const spec = docs[0]!.spec.template.spec;
    expect(spec.containers[0].args.slice(0, 4)).toEqual(['merge', '/results/parts', '--out', '/results/report']);
    expect(spec.volumes[0].persistentVolumeClaim.claimName).toBe('k8s-ha-sim-stacked-3-results');
  });

  it('stdout mode: one JSON line per shard, no claim; parallelism, cpu and command honoured', async () => {
    const docs = await manifests([
      ...BASE,
      '--results',
      'stdout',
      '--parallelism',
      '10',
      '--cpu',
      '4',
      '--command',
      'check',
      '--slo',
      'api=99.9%',
    ]);
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'Job']);
    for (const d of docs) validate(d);
    const job = docs[1]!;
    expect(job.spec.parallelism).toBe(10);
    const args: string[] = job.spec.template.spec.containers[0].args;
    expect(args[0]).toBe('check');
    expect(args.slice(-7)).toEqual(['--shard', '50', '--workers', '4', '--quiet', '--json', '-']);
    expect(args).toContain('api=99.9%');
    expect((await cli(['job', ...BASE, '--results', 'stdout', '--step', 'merge'])).stdout).toContain(
      'xargs -n 1 kubectl logs > ' + 'parts.jsonl',
    );
  });

  it('the recipe waits for Complete or Failed, never a whole timeout on a failed Job', async () => {
    const out = (await cli(['job', ...BASE])).stdout;
    expect(out).not.toContain('--for=condition=complete');
    const waits = out.split('\n').filter((l) => l.includes('until kubectl'));
    expect(waits).toHaveLength(2);
    for (const w of waits)
      expect(w).toContain(`.status.conditions[?(@.status=="True")].type}' | grep -qwE 'Complete|Failed'`);
  });

  it('the validator is not vacuous: a wrong completionMode or a string count is rejected', async () => {
    const job = (await manifests(BASE))[2]!;
    expect(() => validate({ ...job, spec: { ...job.spec, completionMode: 'Indexd' } })).toThrow(/completionMode/);
    expect(() => validate({ ...job, spec: { ...job.spec, completions: '50' } })).toThrow(/completions/);
  });

  it('refuses bad input with exit 2: a bad scenario, bad flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-job-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\ntopology: { kind: stacked, controlPlane: { count: 0 } }\n');
    const r = await cli(['job', bad, '--shards', '3', '--image', 'i']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect((await cli(['job', ...BASE, '--results', 'nfs'])).code).toBe(2);
    expect((await cli(['job', ...BASE, '--memory', 'lots'])).code).toBe(2);
    expect((await cli(['job', 'scenarios/stacked-3.yaml', '--image', 'i'])).code).toBe(2);
  });

  it("the container's arguments, run as the Job's indexes would run them, give shards that merge", async () => {
    const docs = await manifests([
      'scenarios/stacked-3.yaml',
      '--shards',
      '3',
      '--image',
      'i',
      '--replications',
      '30',
      '--cpu',
      '1',
    ]);
    const args: string[] = docs[2]!.spec.template.spec.containers[0].args;
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-job-run-'));
    const local = args.map((a) => a.replace('/scenario/', 'scenarios/').replace('/results/', `${dir}/`));
    for (const index of ['0', '1', '2']) expect((await cli(local, { JOB_COMPLETION_INDEX: index })).code).toBe(0);
    expect(readdirSync(join(dir, 'parts')).sort()).toEqual([
      'shard-0-of-3.json',
      'shard-1-of-3.json',
      'shard-2-of-3.json',
    ]);
    const merged = await cli(['merge', join(dir, 'parts'), '--json', '-', '--quiet']);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout).scenarios[0].replications).toBe(30);
  });
});
