/**
 * `job SCENARIO --shards N --image IMAGE`: the Kubernetes manifests that run a study as
 * an Indexed Job, one shard per completion index (`--shard N` reads $JOB_COMPLETION_INDEX),
 * and the merge step. The scenario travels in a ConfigMap; partial results go to a
 * ReadWriteMany volume (`--results pvc`) or one JSON line per pod on stdout (`--results
 * stdout`, merged from `kubectl logs`). Kubernetes versions per field: docs/scale-out.md.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { Document } from 'yaml';
import { yamlCommentText } from '../../report/safe-text.ts';
import { InputError, type ExitSink } from '../errors.ts';
import { loadScenarioForCli } from '../load-scenario.ts';
import { resolveScenarioPath } from '../bundled.ts';
import { packageVersion } from '../version.ts';
import { collect, parsePositiveInt } from '../output.ts';
import { planVariants, sweepAxes } from '../sweep-flow.ts';
import { cliOverrides } from '../run-flow.ts';

/** Flags of `job` as commander hands them over. */
export interface JobFlags {
  readonly shards: string;
  readonly image: string;
  readonly parallelism?: string;
  readonly results: string;
  readonly command: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly cpu: string;
  readonly memory: string;
  readonly retries: string;
  readonly storage: string;
  readonly mergeMemory: string;
  readonly storageClass?: string;
  readonly step: string;
  readonly replications?: string;
  readonly seed?: string;
  readonly horizon?: string;
  readonly set?: string[];
  readonly slo?: string[];
}

/** Where shards write: a shared volume, or their stdout. */
export type ResultsMode = 'pvc' | 'stdout';

/** A resolved job plan. */
export interface JobPlan {
  readonly name: string;
  readonly namespace: string | null;
  readonly image: string;
  readonly shards: number;
  readonly parallelism: number;
  readonly results: ResultsMode;
  readonly command: 'run' | 'check' | 'sweep';
  readonly cpu: number;
  readonly memory: string;
  readonly retries: number;
  readonly storage: string;
  readonly mergeMemory: string;
  readonly storageClass: string | null;
  readonly scenarioFile: string;
  readonly scenarioText: string;
  /** Simulation flags passed on to every shard and kept for the merge. */
  readonly simulationArgs: readonly string[];
}

const SCENARIO_DIR = '/scenario';
const RESULTS_DIR = '/results';
const CONTAINER = 'k8s-ha-sim';

/** A DNS-1123 label from a scenario name, short enough for `-merge` and pod suffixes. */
export function jobName(scenarioName: string): string {
  const s = `k8s-ha-sim-${scenarioName.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`.slice(0, 46);
  return s.replace(/-+$/, '');
}

/** A namespace: a DNS-1123 label (RFC 1123, as Kubernetes validates it). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A storage class name: a DNS-1123 subdomain, labels joined by dots, at most 253 characters. */
function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && s.split('.').every((l) => DNS_LABEL.test(l));
}

/**
 * The ConfigMap key (and file name in the pod) of the scenario: the file's base name when
 * Kubernetes accepts it as a key (`[-._a-zA-Z0-9]+`, not `.` or `..`), else with every other
 * character written `_` (a name with a newline or a slash cannot be a key).
 */
export function configMapKey(base: string): string {
  const key = base.replace(/[^-._a-zA-Z0-9]/g, '_').slice(0, 253);
  return key === '' || key === '.' || key === '..' ? 'scenario.yaml' : key;
}

function enumFlag<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new InputError(`${flag} ` + `${JSON.stringify(value)}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

/** Validates the flags and the scenario (a bad scenario fails here, not in 50 pods). */
export function planJob(file: string, flags: JobFlags): JobPlan {
  const shards = parsePositiveInt('--shards', flags.shards, 100_000)!;
  const command = enumFlag('--command', flags.command, ['run', 'check', 'sweep'] as const);
  const results = enumFlag('--results', flags.results, ['pvc', 'stdout'] as const);
  const sim = {
    ...(flags.replications !== undefined ? { replications: flags.replications } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.horizon !== undefined ? { horizon: flags.horizon } : {}),
    ...(flags.slo !== undefined ? { slo: flags.slo } : {}),
    ...(flags.set !== undefined ? { set: flags.set } : {}),
  };
  let name: string;
  if (command === 'sweep') {
    const { base } = planVariants(file, { ...sim, quiet: true }, sweepAxes(flags.set));
    name = base.name;
  } else {
    name = loadScenarioForCli(file, cliOverrides(sim), { quiet: true }).name;
  }
  const jobNameFlag = flags.name ?? jobName(name);
  if (!/^[a-z0-9]([-a-z0-9]{0,44}[a-z0-9])?$/.test(jobNameFlag))
    throw new InputError(
      `--name ` +
        `${JSON.stringify(jobNameFlag)}: expected a DNS-1123 label of at most 46 characters (lower-case ` +
        `letters, digits, '-')`,
    );
  if (flags.namespace !== undefined && !DNS_LABEL.test(flags.namespace))
    throw new InputError(
      `--namespace ` +
        `${JSON.stringify(flags.namespace)}: expected a DNS-1123 label (at most 63 lower-case letters, ` +
        `digits, '-')`,
    );
  if (flags.storageClass !== undefined && !isDnsSubdomain(flags.storageClass))
    throw new InputError(
      `--storage-class ` +
        `${JSON.stringify(flags.storageClass)}: expected a DNS-1123 subdomain (at most 253 lower-case ` +
        `letters, digits, '-', '.')`,
    );
  if (flags.image.trim() === '' || /[\s\u0000-\u001f\u007f-\u009f]/.test(flags.image))
    throw new InputError(
      `--image ` +
        `${JSON.stringify(flags.image)}: expected an image reference such as ` +
        `ghcr.io/me/k8s-ha-sim:${packageVersion()}`,
    );
  if (!/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/.test(flags.memory))
    throw new InputError(`--memory ` + `${JSON.stringify(flags.memory)}: expected a Kubernetes quantity such as 1Gi`);
  for (const [flag, q] of [
    ['--storage', flags.storage],
    ['--merge-memory', flags.mergeMemory],
  ] as const) {
    if (!/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/.test(q))
      throw new InputError(`${flag} ` + `${JSON.stringify(q)}: expected a Kubernetes quantity such as 4Gi`);
  }
  const simulationArgs = [
    ...(flags.replications !== undefined ? ['--replications', flags.replications] : []),
    ...(flags.seed !== undefined ? ['--seed', flags.seed] : []),
    ...(flags.horizon !== undefined ? ['--horizon', flags.horizon] : []),
    ...(flags.set ?? []).flatMap((s) => ['--set', s]),
    ...(flags.slo ?? []).flatMap((s) => ['--slo', s]),
  ];
  return {
    name: jobNameFlag,
    namespace: flags.namespace ?? null,
    image: flags.image,
    shards,
    parallelism: Math.min(shards, parsePositiveInt('--parallelism', flags.parallelism, 100_000) ?? shards),
    results,
    command,
    cpu: parsePositiveInt('--cpu', flags.cpu, 256)!,
    memory: flags.memory,
    retries: parsePositiveInt('--retries', flags.retries, 100) ?? 2,
    storage: flags.storage,
    mergeMemory: flags.mergeMemory,
    storageClass: flags.storageClass ?? null,
    scenarioFile: configMapKey(basename(file)),
    scenarioText: readFileSync(resolveScenarioPath(file), 'utf8'),
    simulationArgs,
  };
}

function metadata(plan: JobPlan, name: string, component: string): Record<string, unknown> {
  return {
    name,
    ...(plan.namespace !== null ? { namespace: plan.namespace } : {}),
    labels: {
      'app.kubernetes.io/name': 'k8s-ha-sim',
      'app.kubernetes.io/instance': plan.name,
      'app.kubernetes.io/component': component,
    },
  };
}

/** The pod template shared by the shard Job and the merge Job. */
function podSpec(plan: JobPlan, args: readonly string[], withScenario: boolean): Record<string, unknown> {
  const volumes: Record<string, unknown>[] = [];
  const mounts: Record<string, unknown>[] = [];
  if (withScenario) {
    volumes.push({ name: 'scenario', configMap: { name: `${plan.name}-scenario` } });
    mounts.push({ name: 'scenario', mountPath: SCENARIO_DIR, readOnly: true });
  }
  if (plan.results === 'pvc') {
    volumes.push({ name: 'results', persistentVolumeClaim: { claimName: `${plan.name}-results` } });
    mounts.push({ name: 'results', mountPath: RESULTS_DIR });
  }
  const cpu = String(plan.cpu);
  return {
    // podFailurePolicy requires Never: a failed container fails its pod, the Job decides.
    restartPolicy: 'Never',
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [
      {
        name: CONTAINER,
        image: plan.image,
        args: [...args],
        resources: { requests: { cpu, memory: plan.memory }, limits: { cpu, memory: plan.memory } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        },
        ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
      },
    ],
    ...(volumes.length > 0 ? { volumes } : {}),
  };
}

/** The shard Job: Indexed, one completion per shard, bad input fails the Job at once. */
export function shardJob(plan: JobPlan): Record<string, unknown> {
  const out = plan.results === 'pvc' ? ['--out', `${RESULTS_DIR}/parts`] : ['--json', '-'];
  const args = [
    plan.command,
    `${SCENARIO_DIR}/${plan.scenarioFile}`,
    ...plan.simulationArgs,
    '--shard',
    String(plan.shards),
    '--workers',
    String(plan.cpu),
    '--quiet',
    ...out,
  ];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(plan, plan.name, 'shards'),
    spec: {
      completionMode: 'Indexed',
      completions: plan.shards,
      parallelism: plan.parallelism,
      backoffLimitPerIndex: plan.retries,
      // The merge needs every shard: one index out of retries fails the Job.
      maxFailedIndexes: 0,
      podFailurePolicy: {
        rules: [
          // Exit 2 is bad input: the same on every retry and every index.
          { action: 'FailJob', onExitCodes: { containerName: CONTAINER, operator: 'In', values: [2] } },
          // Preemption, node drain, eviction: not the shard's fault, retry without counting.
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        ],
      },
      template: { metadata: { labels: metadata(plan, plan.name, 'shards').labels }, spec: podSpec(plan, args, true) },
    },
  };
}

/** The merge Job (results on the volume): reads every part, writes the report next to them. */
export function mergeJob(plan: JobPlan): Record<string, unknown> {
  const args = [
    'merge',
    `${RESULTS_DIR}/parts`,
    '--out',
    `${RESULTS_DIR}/report`,
    '--junit',
    `${RESULTS_DIR}/report/junit.xml`,
  ];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(plan, `${plan.name}-merge`, 'merge'),
    spec: {
      backoffLimit: 0,
      podFailurePolicy: {
        rules: [
          { action: 'FailJob', onExitCodes: { containerName: CONTAINER, operator: 'In', values: [1, 2] } },
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        ],
      },
      template: {
        metadata: { labels: metadata(plan, `${plan.name}-merge`, 'merge').labels },
        spec: podSpec({ ...plan, cpu: 1, memory: plan.mergeMemory }, args, false),
      },
    },
  };
}

/** Every object of the shard step: the scenario ConfigMap, the results claim, the Job. */
export function shardManifests(plan: JobPlan): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(plan, `${plan.name}-scenario`, 'scenario'),
      data: { [plan.scenarioFile]: plan.scenarioText },
    },
  ];
  if (plan.results === 'pvc') {
    docs.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: metadata(plan, `${plan.name}-results`, 'results'),
      // Pods of one Job run on many nodes at once: the volume must be ReadWriteMany.
      spec: {
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: plan.storage } },
        ...(plan.storageClass !== null ? { storageClassName: plan.storageClass } : {}),
      },
    });
  }
  docs.push(shardJob(plan));
  return docs;
}

/** The shell commands of the whole procedure, printed as a comment above the manifests. */
export function procedure(plan: JobPlan, jobCommandLine: string): string[] {
  const ns = plan.namespace !== null ? ` -n ${plan.namespace}` : '';
  // `kubectl wait --for=condition=complete` waits out its whole timeout when the Job fails,
  // and kubectl cannot wait for one of two conditions: poll until Complete or Failed is True.
  const done = (job: string): string => {
    const get = `kubectl${ns} get job/${job} -o jsonpath='{.status.conditions[?(@.status=="True")].type}'`;
    return `until ${get} | grep -qwE 'Complete|Failed'; do sleep 30; done; ${get}`;
  };
  const wait = done(plan.name);
  if (plan.results === 'pvc') {
    return [
      `1. ${jobCommandLine} | kubectl${ns} apply -f -`,
      `2. ${wait}`,
      `3. ${jobCommandLine} --step merge | kubectl${ns} apply -f -`,
      `4. ${done(`${plan.name}-merge`)}   (Failed: an SLO not met under check, or a refused shard ` +
        `set; see kubectl logs job/${plan.name}-merge)`,
      `5. the report is in the volume ${plan.name}-results under report/ (report.json, report.md, report.html, junit.xml)`,
    ];
  }
  return [
    `1. ${jobCommandLine} | kubectl${ns} apply -f -`,
    `2. ${wait}`,
    `3. kubectl${ns} get pods -l batch.kubernetes.io/job-name=${plan.name} ` +
      `--field-selector=status.phase=Succeeded -o name | xargs -n 1 kubectl${ns} logs > parts.jsonl`,
    `4. k8s-ha-sim merge parts.jsonl --out report`,
  ];
}

/** One comment line per entry, each encoded for the comment sink (a newline in a value stays in its line as `\u000a`). */
function commentLines(lines: readonly string[]): string[] {
  return lines.map((l) => ` ${yamlCommentText(l)}`);
}

/**
 * The text `job` prints: manifests produced by the `yaml` serializer, one Document per
 * object, the steps as the first document's comment (set through the Document API). No
 * value is pasted into YAML text, so a flag or file name cannot add a document or a key.
 */
export function renderJob(plan: JobPlan, step: 'shards' | 'merge', jobCommandLine: string): string {
  const header = commentLines([
    `k8s-ha-sim ${packageVersion()}: ${plan.command} ${plan.scenarioFile} in ${plan.shards} shards ` +
      `(Indexed Job ${plan.name}), results via ${plan.results}.`,
    'Needs Kubernetes >= 1.33 (backoffLimitPerIndex, maxFailedIndexes GA; podFailurePolicy GA 1.31; Indexed GA 1.24).',
    'Steps:',
    ...procedure(plan, jobCommandLine).map((l) => `  ${l}`),
  ]);
  if (step === 'merge' && plan.results === 'stdout') {
    // No object to apply: the output is the comment alone, each line through the same encoder.
    return `${[...header, ' With --results stdout the merge runs where kubectl runs: steps 3 and 4 ' + 'above.']
      .map((l) => `#${l}`)
      .join('\n')}\n`;
  }
  const objects = step === 'shards' ? shardManifests(plan) : [mergeJob(plan)];
  return objects
    .map((o, i) => {
      const doc = new Document(o, { aliasDuplicateObjects: false });
      doc.directives!.docStart = true;
      if (i === 0) doc.commentBefore = header.join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('');
}

/** The `job` command line that reproduces these manifests (shown in the steps). */
export function commandLine(file: string, flags: JobFlags): string {
  const q = (s: string): string => (/^[\w./:=@%,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = [
    'k8s-ha-sim',
    'job',
    file,
    '--shards',
    flags.shards,
    '--image',
    flags.image,
    '--results',
    flags.results,
  ];
  if (flags.command !== 'run') parts.push('--command', flags.command);
  if (flags.parallelism !== undefined) parts.push('--parallelism', flags.parallelism);
  if (flags.name !== undefined) parts.push('--name', flags.name);
  if (flags.namespace !== undefined) parts.push('--namespace', flags.namespace);
  for (const [f, v, d] of [
    ['--cpu', flags.cpu, '2'],
    ['--memory', flags.memory, '1Gi'],
    ['--retries', flags.retries, '2'],
    ['--storage', flags.storage, '4Gi'],
    ['--merge-memory', flags.mergeMemory, '4Gi'],
  ] as const)
    if (v !== d) parts.push(f, v);
  if (flags.storageClass !== undefined) parts.push('--storage-class', flags.storageClass);
  return [...parts, ...planArgs(flags)].map(q).join(' ');
}

function planArgs(flags: JobFlags): string[] {
  return [
    ...(flags.replications !== undefined ? ['--replications', flags.replications] : []),
    ...(flags.seed !== undefined ? ['--seed', flags.seed] : []),
    ...(flags.horizon !== undefined ? ['--horizon', flags.horizon] : []),
    ...(flags.set ?? []).flatMap((s) => ['--set', s]),
    ...(flags.slo ?? []).flatMap((s) => ['--slo', s]),
  ];
}

/** Registers `job`. */
export function register(program: Command, exit: ExitSink): void {
  program
    .command('job')
    .description('print Kubernetes manifests that run SCENARIO sharded as an Indexed Job, and the merge step')
    .argument('<scenario>', 'scenario YAML file (shipped to the pods in a ConfigMap)')
    .requiredOption('--shards <n>', 'number of shards = Job completions')
    .requiredOption('--image <image>', 'container image with k8s-ha-sim (see the Dockerfile)')
    .option('--parallelism <p>', 'pods running at once (default: every shard)')
    .option(
      '--results <mode>',
      'pvc: parts and report on a ReadWriteMany volume; stdout: one JSON ' + 'line per pod, merged from kubectl logs',
      'pvc',
    )
    .option('--command <cmd>', 'run, check or sweep', 'run')
    .option('--step <step>', 'shards: the Job (and ConfigMap, claim); merge: the merge Job', 'shards')
    .option('--name <name>', 'Job name (default: k8s-ha-sim-SCENARIO)')
    .option('--namespace <ns>', 'namespace of every object')
    .option('--cpu <n>', 'CPUs per pod (requests = limits; the worker count)', '2')
    .option('--memory <q>', 'memory per pod (requests = limits)', '1Gi')
    .option('--retries <n>', 'backoffLimitPerIndex: retries per shard', '2')
    .option('--storage <q>', 'size of the results claim (partials: ~0.8 KB per replication of a 3-node plan)', '4Gi')
    .option(
      '--merge-memory <q>',
      'memory of the merge pod (it holds every outage sample, like an unsharded run)',
      '4Gi',
    )
    .option('--storage-class <name>', 'storage class of the results claim (must offer ReadWriteMany)')
    .option('--replications <n>', 'replications per scenario, passed to every shard')
    .option('--seed <n>', 'master seed, passed to every shard')
    .option('--horizon <duration>', 'simulated time per replication, passed to every shard')
    .option(
      '--set <path=value>',
      'scenario override (sweep: PATH=V1,V2 axes), passed to every shard (repeatable)',
      collect,
    )
    .option('--slo <sli=target>', 'SLO, passed to every shard (repeatable)', collect)
    .action((file: string, flags: JobFlags) => {
      const step = enumFlag('--step', flags.step, ['shards', 'merge'] as const);
      const plan = planJob(file, flags);
      process.stdout.write(renderJob(plan, step, commandLine(file, flags)));
      exit(0);
    });
}
