/**
 * The shape of a scenario file, as one zod schema: the single source of both validation
 * (`loadScenarioText`) and the JSON Schema that `k8s-ha-sim schema` prints for editors.
 * Shape only: defaults that depend on other keys and cross-field checks live in
 * resolve*.ts. Every key carries a description (editors show it as help) and, where it
 * has one, its default (`meta.default`, copied into the JSON Schema).
 */
import { z } from 'zod';
import { FAILURE_CLASSES, PROCESS_KINDS } from './types.ts';
import { didYouMean, expectedFound, quote } from './problems.ts';
import { MS_PER } from '../engine/time.ts';
import {
  LOAD_BALANCER_PRESET_NAMES,
  TOPOLOGY_PRESET_NAMES,
  type LoadBalancerPresetName,
  type TopologyPresetName,
} from './preset-names.ts';
import { operationsBlockSchema, PARTITION_TRAFFIC, PARTITION_TRAFFIC_DOC } from './operations-schema.ts';

/** Horizons longer than this are rejected. */
export const MAX_HORIZON_MS = 1000 * MS_PER.y;
/** At most this many replications. */
export const MAX_REPLICATIONS = 10_000_000;
/** At most this many hosts of one role from a count. */
export const MAX_COUNT = 10_000;

import {
  distributionSchema,
  doc,
  duration,
  failureSchema,
  found,
  fraction,
  integer,
  name,
  NAME_PATTERN,
  positiveDuration,
  QUANTILE_KEY_PATTERN,
} from './schema-parts.ts';

export {
  distributionSchema,
  doc,
  duration,
  failureSchema,
  fraction,
  NAME_PATTERN,
  positiveDuration,
  QUANTILE_KEY_PATTERN,
};

const failureClassDescriptions: Record<(typeof FAILURE_CLASSES)[number], string> = {
  zone: 'Each zone (power, network: every host in it goes down).',
  host: 'Each host (crash, reboot, hardware), including the haproxy host lb-1.',
  etcd: 'Each etcd process (crash and restart).',
  apiserver: 'Each kube-apiserver process.',
  'controller-manager': 'Each kube-controller-manager process.',
  scheduler: 'Each kube-scheduler process.',
  loadBalancer: 'Each load-balancer instance (lb/lb-1, lb/cp-N or lb/cloud).',
  etcdHang:
    'docs/model.md: each etcd process hangs (SIGSTOP-like: connections stay open, nothing answers) and resumes after ttr.',
  apiserverHang: 'docs/model.md: each kube-apiserver process hangs (a TCP check still passes) and resumes after ttr.',
};
const failuresSchema = doc(
  z.strictObject(
    Object.fromEntries(
      FAILURE_CLASSES.map((c) => [c, doc(failureSchema, failureClassDescriptions[c]).optional()]),
    ) as Record<(typeof FAILURE_CLASSES)[number], z.ZodOptional<typeof failureSchema>>,
  ),
  'Independent random failures per component class; a class without an entry never fails at random.',
);

const healthCheckSchema = doc(
  z.strictObject({
    kind: doc(
      z.enum(['http', 'tcp']),
      '`http` probes /healthz and so sees an apiserver that lost ' + 'etcd; `tcp` only sees the process.',
      'http',
    ).optional(),
    interval: doc(duration(), 'Probe interval (haproxy `inter`).', '2s').optional(),
    fall: doc(
      integer(1, 1000, 'a probe count'),
      'Failed probes before a backend is removed (haproxy `fall`).',
      3,
    ).optional(),
    rise: doc(
      integer(1, 1000, 'a probe count'),
      'Passed probes before a backend is restored (haproxy `rise`).',
      2,
    ).optional(),
  }),
  "Backend health check (defaults: haproxy's, http every 2s, fall 3, rise 2). Not allowed with kind none.",
);

const hostSchema = doc(
  z.strictObject({
    name: doc(name('a host name'), 'Host name, unique (e.g. cp-1).'),
    zone: doc(name('a zone name'), 'Zone of the host (default: the first zone).').optional(),
    runs: doc(
      z.array(z.enum(PROCESS_KINDS as readonly [string, ...string[]])),
      'Processes on the host: any of etcd, apiserver, controller-manager, scheduler, load-balancer.',
    ),
  }),
  'One host of an explicit topology.',
);

const countSchema = (role: string) =>
  doc(
    z.strictObject({ count: doc(integer(1, MAX_COUNT, `a ${role} host count`), `Number of ${role} hosts.`) }),
    `The ${role} hosts.`,
  );

const zonesSchema = doc(
  z.union([integer(1, 1000, 'a zone count'), z.array(name('a zone name')).min(1)], {
    error: (iss) => expectedFound('a zone count (an integer >= 1) or a list of zone names', iss.input),
  }),
  'Zones: a count (named a, b, c, ...) or a list of names. Hosts are placed round-robin from the first zone.',
  1,
);

const LB_KINDS = ['none', 'haproxy', 'keepalived', 'cloud'] as const;
// --- docs/scenario-format.md: presets (topology.preset, topology.loadBalancer.preset / failOpen) ---
const topologyPresetSchema = doc(
  z.enum(TOPOLOGY_PRESET_NAMES as [TopologyPresetName, ...TopologyPresetName[]]),
  'A named shape (eks, gke-zonal, gke-regional, aks, aks-zones, kubeadm-stacked-ha, ' +
    'kubeadm-external-ha): fills kind, zones, counts and loadBalancer not given; a managed preset also ' +
    'sets slo.api to the provider SLA unless given.',
);
const lbPresetSchema = doc(
  z.enum(LOAD_BALANCER_PRESET_NAMES as [LoadBalancerPresetName, ...LoadBalancerPresetName[]]),
  'A named load balancer (aws-nlb, gcp, azure, haproxy-keepalived, kube-vip): fills kind, ' +
    'healthCheck keys not given, failOpen and the VIP takeover.',
);
const lbFailOpenSchema = doc(
  z.boolean(),
  'When every backend is out of rotation, send requests to all of them anyway (AWS NLB does).',
  false,
);
// --- end docs/scenario-format.md ---

const topologySchema = doc(
  z.strictObject({
    preset: topologyPresetSchema.optional(),
    kind: doc(
      z.enum(['stacked', 'external', 'custom']),
      'stacked: etcd on the control-plane hosts (kubeadm default); external: separate etcd hosts; custom: only with `hosts`.',
    ).optional(),
    zones: zonesSchema.optional(),
    controlPlane: doc(countSchema('control-plane'), 'Control-plane hosts cp-1..cp-N.').optional(),
    etcd: doc(countSchema('etcd'), 'External etcd hosts etcd-1..etcd-N (kind external only).').optional(),
    hosts: doc(z.array(hostSchema).min(1), 'An explicit host list instead of counts.').optional(),
    apiserver: doc(
      z.strictObject({
        etcdEndpoints: doc(
          z.enum(['local', 'all']),
          "local: only the etcd member on the apiserver's own host (kubeadm stacked); all: any " +
            'member (external). Default: local for stacked, all for external.',
        ).optional(),
      }),
      'kube-apiserver settings.',
    ).optional(),
    loadBalancer: doc(
      z.strictObject({
        kind: doc(
          z.enum(LB_KINDS),
          'none: clients use the first apiserver host directly; haproxy: one LB host lb-1 (a SPOF); ' +
            'keepalived: haproxy+keepalived on every control-plane host with a VIP; cloud: a managed LB. ' +
            'Required unless preset is given.',
        ).optional(),
        preset: lbPresetSchema.optional(),
        healthCheck: healthCheckSchema.optional(),
        failOpen: lbFailOpenSchema.optional(),
      }),
      'The load balancer in front of the apiservers (default: none).',
    ).optional(),
  }),
  'Hosts, zones and what runs where.',
);

const timingObjectSchema = z.strictObject({
  etcd: doc(
    z.strictObject({
      electionTimeout: doc(
        duration(),
        'etcd --election-timeout; each follower times out after U{t, ' +
          't + 1 tick, ..., 2t - 1 tick} from its last heartbeat.',
        '1s',
      ).optional(),
      heartbeatInterval: doc(
        duration(),
        'etcd --heartbeat-interval: the Raft tick (at most electionTimeout / 5).',
        '100ms',
      ).optional(),
      voteRound: doc(
        duration(),
        "Pre-vote, vote and the new leader's first commit after the first " +
          'timeout fires (calibrated on real etcd, docs/fidelity.md).',
        '50ms',
      ).optional(),
      startup: doc(
        duration(),
        "A restarted member's start-up and catch-up before it serves " +
          '(measured on an empty data dir; more with a big one).',
        '100ms',
      ).optional(),
      preVote: doc(
        z.boolean(),
        'etcd --pre-vote (true from etcd 3.5, as kubeadm ships; false is ' +
          "etcd 3.4's default): without it a member cut off for an election timeout or more forces one more " +
          'election when a partition heals.',
        true,
      ).optional(),
    }),
    'etcd Raft timing.',
  ).optional(),
  apiserver: doc(
    z.strictObject({
      etcdFailoverDelay: doc(
        duration(),
        'No effect since docs/model.md (the `all` client ' +
          'round-robins over every member; nothing fails over); accepted with a warning.',
        '0s',
      ).optional(),
      etcdKeepalive: doc(
        duration(),
        'Replaced by etcdKeepaliveTime + etcdKeepaliveTimeout ' + '(docs/model.md): an error names them.',
      ).optional(),
      etcdKeepaliveTime: doc(
        duration(),
        "With `all` endpoints: the etcd client's gRPC keepalive " +
          'time: a hung member (SIGSTOP) is given up after this + etcdKeepaliveTimeout.',
        '30s',
      ).optional(),
      etcdKeepaliveTimeout: doc(
        duration(),
        'With `all` endpoints: the gRPC keepalive timeout, also ' +
          'TCP_USER_TIMEOUT: 1/k of the requests hang this long after a member is black-holed (host down, ' +
          'partitioned).',
        '10s',
      ).optional(),
      etcdCheckFailures: doc(
        z.enum(['round-robin', 'independent']),
        'With `all` endpoints and a member cut off from quorum: `round-robin` (measured, docs/fidelity.md): the ' +
          "health check's own etcd client fails every k-th check, so the backend leaves rotation only when at " +
          'least `fall` listed members are cut; `independent`: each check fails with p = cut/k (many callers ' +
          'share the client), so the backend flaps against fall/rise.',
        'round-robin',
      ).optional(),
      startup: doc(duration(), "A started apiserver's time before it serves (assumption).", '5s').optional(),
      startupProbe: doc(
        duration(),
        "After a (re)start, the startup probe's budget before the " +
          'kubelet kills an apiserver without etcd (10s + 24 x 10s).',
        '250s',
      ).optional(),
      restartOnEtcdLoss: doc(
        z.boolean(),
        'The kubelet restarts an apiserver that cannot reach etcd (liveness probe).',
        true,
      ).optional(),
      livenessDelay: doc(
        duration(),
        'Time before the kubelet restarts an apiserver without etcd (8 x 10s probes).',
        '80s',
      ).optional(),
      backoffInitial: doc(duration(), 'First crash-loop back-off.', '10s').optional(),
      backoffMax: doc(duration(), 'Crash-loop back-off cap.', '300s').optional(),
    }),
    'kube-apiserver timing.',
  ).optional(),
  loadBalancer: doc(
    z.strictObject({
      vipFailover: doc(
        duration(),
        'keepalived master-down interval (3 x advert_int + skew): a ' +
          'backup claims the VIP this long after the last advert it heard, and a returning higher-priority ' +
          'instance takes it back this long after it starts.',
        '3.6s',
      ).optional(),
      advertInterval: doc(
        duration(),
        'keepalived advert_int: the last advert before a fault was ' +
          'sent up to this long before it, so a takeover comes U(vipFailover - advertInterval, vipFailover] ' +
          'after the fault.',
        '1s',
      ).optional(),
      splitBrain: doc(
        z.boolean(),
        'false: clients sit on the side of a partition with a strict majority of the keepalived ' +
          "instances (a host cut off from the network), so an isolated backup's claim reaches no client; " +
          'true: clients reach every side (only VRRP between the instances is cut) and follow the newest ' +
          'gratuitous ARP, so an isolated backup takes the VIP from the holder.',
        false,
      ).optional(),
    }),
    'Load-balancer timing.',
  ).optional(),
  leaderElection: doc(
    z.strictObject({
      leaseDuration: doc(duration(), '--leader-elect-lease-duration.', '15s').optional(),
      renewDeadline: doc(duration(), '--leader-elect-renew-deadline.', '10s').optional(),
      retryPeriod: doc(duration(), '--leader-elect-retry-period.', '2s').optional(),
    }),
    'controller-manager and scheduler leader election.',
  ).optional(),
});
const timingSchema = doc(
  z.union([z.literal('ideal'), timingObjectSchema], {
    error: (iss) => {
      const hint = typeof iss.input === 'string' ? didYouMean(iss.input, ['ideal']) : '';
      return (
        `expected "ideal" or a mapping of timing overrides (etcd, apiserver, loadBalancer, ` +
        `leaderElection), ${found(iss.input)}${hint}`
      );
    },
  }),
  'Protocol delays (defaults from docs/facts.md), or `ideal`: every delay 0 and no crash-loop.',
);

const targetSchema = z.string().min(1);
const faultSchema = doc(
  z
    .strictObject({
      at: doc(duration(), 'When the fault fires, from the start of each run.'),
      down: doc(
        targetSchema,
        'Take a component down: zone/a, host/cp-1, etcd/cp-1, apiserver/cp-2, ' +
          'lb/lb-1, host/@etcd-leader, etcd/@leader, ...',
      ).optional(),
      hang: doc(
        targetSchema,
        'Hang a process (SIGSTOP: connections stay open, nothing answers): ' +
          'etcd/NAME, etcd/@leader or apiserver/NAME. Clients notice only by keepalive (etcd: keepalive time + ' +
          'timeout, 40s).',
      ).optional(),
      up: doc(
        targetSchema,
        'Bring a component taken down by an earlier `down` or `hang` (without `for`) back up.',
      ).optional(),
      for: doc(duration(), 'How long a `down`, `hang` or `partition` lasts (omitted: until `up` / `heal`).').optional(),
      partition: doc(
        z.array(z.array(z.string().min(1)).min(1)).min(1),
        'Groups of zone/NAME or host/NAME; each group reaches only itself, hosts in no group reach each other.',
      ).optional(),
      traffic: doc(z.enum(PARTITION_TRAFFIC), PARTITION_TRAFFIC_DOC, 'all').optional(),
      heal: doc(z.literal(true), 'End the current partition.').optional(),
      rollingUpgrade: doc(
        z.strictObject({
          hosts: doc(
            z.union([z.enum(['control-plane', 'etcd', 'all']), z.array(z.string().min(1)).min(1)], {
              error: (iss) =>
                expectedFound(
                  'control-plane, etcd, all or a list of host names',
                  iss.input,
                  typeof iss.input === 'string' ? didYouMean(iss.input, ['control-plane', 'etcd', 'all']) : '',
                ),
            }),
            'control-plane (apiserver hosts), etcd (etcd hosts), all, or a list of host names, in upgrade order.',
          ),
          perHost: doc(duration(), 'How long each host is down.'),
          gap: doc(duration(), "Wait between one host's return and the next one's start.", '0s').optional(),
        }),
        'Take hosts down one at a time.',
      ).optional(),
    })
    .superRefine((f, ctx) => {
      const actions = (['down', 'hang', 'up', 'partition', 'heal', 'rollingUpgrade'] as const).filter(
        (k) => f[k] !== undefined,
      );
      if (actions.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message:
            actions.length === 0
              ? 'expected one action: down, hang, up, partition, heal or rollingUpgrade'
              : `expected one action per fault, found ${actions.map(quote).join(' and ')}`,
        });
      } else if (f.traffic !== undefined && actions[0] !== 'partition') {
        ctx.addIssue({
          code: 'custom',
          path: ['traffic'],
          message: `"traffic" applies only to partition, not to ${quote(actions[0] ?? '')}`,
        });
      } else if (f.for !== undefined && actions[0] !== 'down' && actions[0] !== 'hang' && actions[0] !== 'partition') {
        ctx.addIssue({
          code: 'custom',
          path: ['for'],
          message: `"for" applies only to down, hang ` + `and partition, not to ${quote(actions[0] ?? '')}`,
        });
      }
    }),
  'A scripted fault: `at` plus one action (down, hang, up, partition, heal, rollingUpgrade).',
);

const simulationSchema = doc(
  z.strictObject({
    horizon: doc(
      positiveDuration().refine((ms) => ms <= MAX_HORIZON_MS, {
        error: 'a horizon over 1000y is absurd; use at most 1000y',
      }),
      'Length of each replication.',
      '1y',
    ).optional(),
    replications: doc(integer(1, MAX_REPLICATIONS, 'a replication count'), 'Independent runs.', 1000).optional(),
    seed: doc(integer(0, 2 ** 32 - 1, 'a seed'), 'Random seed; replication r uses (seed, r).', 1).optional(),
  }),
  'Monte Carlo settings.',
);

const sloSchema = doc(
  z.strictObject({
    etcd: doc(fraction(), 'etcd has a leader.').optional(),
    api: doc(fraction(), 'Clients reach a ready apiserver.').optional(),
    controllers: doc(fraction(), 'A controller-manager leader runs.').optional(),
    scheduler: doc(fraction(), 'A scheduler leader runs.').optional(),
    requestSuccess: doc(
      fraction(),
      'Share of API requests that succeed (request-weighted; hung requests count as failed).',
    ).optional(),
    badMinutes: doc(
      fraction(),
      'Share of minutes that are good: a minute whose API error share ' +
        'exceeds `badMinute` (5%) is down (provider SLA accounting).',
    ).optional(),
  }),
  'Availability targets per SLI: a number in [0, 1] or a percentage such as "99.95%".',
);

// --- docs/scenario-format.md: API load and capacity (top-level `load`) ---
const loadSchema = doc(
  z.strictObject({
    peak: doc(
      z
        .number({ error: (iss) => expectedFound('requests per second (a number > 0)', iss.input) })
        .gt(0, { error: (iss) => expectedFound('requests per second (a ' + 'number > 0)', iss.input) })
        .max(1e9),
      'Offered API load at the ' + 'busiest hour, requests per second (all clients together).',
    ),
    daily: doc(
      z
        .array(z.number().min(0).max(1))
        .length(24, { error: 'expected 24 hourly factors (hour 0 to 23 of each simulated day)' }),
      'Optional daily profile: 24 factors of the peak, one per hour from the start of each simulated day (the largest should be 1).',
    ).optional(),
    apiserver: doc(
      z.strictObject({
        capacity: doc(
          z.number().gt(0).max(1e9),
          'Requests per second one apiserver serves (given directly).',
        ).optional(),
        maxRequestsInflight: doc(
          integer(1, 1_000_000, 'an in-flight limit'),
          '--max-requests-inflight (read-only).',
          400,
        ).optional(),
        maxMutatingRequestsInflight: doc(
          integer(0, 1_000_000, 'an in-flight limit'),
          '--max-mutating-requests-inflight.',
          200,
        ).optional(),
        serviceTime: doc(
          positiveDuration(),
          'Mean time a request holds an in-flight seat; capacity ' +
            "= (inflight + mutating) / serviceTime (Little's law).",
        ).optional(),
      }),
      'Per-apiserver capacity: `capacity`, or the in-flight limits with a `serviceTime`.',
    ),
    cascade: doc(
      z.strictObject({
        probability: doc(
          fraction(),
          'Chance that an apiserver serving past its capacity fails, ' +
            'drawn once per apiserver per overload episode (0 to 1, or a percentage).',
        ),
        restart: doc(
          distributionSchema,
          'How long an apiserver that failed under overload stays down before it restarts.',
        ),
      }),
      'Optional overload cascade: while the peak load exceeds what the serving apiservers carry, ' +
        'each of them fails with `probability`; a restarted one that comes back into the same overload draws ' +
        'again.',
    ).optional(),
  }),
  'Offered API load and per-apiserver capacity: the LB spreads requests over routed ready backends; ' +
    'what the survivors cannot carry is rejected (429) and counts against requestSuccess.',
);
// --- end docs/scenario-format.md ---
// ---- operations (docs/scenario-format.md): one block, built in operations-schema.ts from the parts above ----
const operationsSchema = operationsBlockSchema();
// ---- end of operations ----

/** The whole scenario file. */
export const scenarioFileSchema = doc(
  z.strictObject({
    name: doc(name('a scenario name'), 'Scenario name (shown in reports).'),
    description: doc(z.string(), 'One line saying what the scenario shows.').optional(),
    topology: topologySchema,
    failures: failuresSchema.optional(),
    timing: timingSchema.optional(),
    faults: doc(z.array(faultSchema), 'Scripted faults, applied in every replication.').optional(),
    simulation: simulationSchema.optional(),
    slo: sloSchema.optional(),
    badMinute: doc(
      fraction(),
      'docs/model.md: a minute (aligned at the start of the run) whose API ' +
        'error share exceeds this is a bad minute (GKE/EKS-style SLA accounting).',
      '5%',
    ).optional(),
    load: loadSchema.optional(),
    operations: operationsSchema.optional(),
  }),
  'A k8s-ha-sim scenario: a Kubernetes control-plane topology, its failure and repair rates, timing and scripted faults.',
);

/** A scenario file after shape validation (durations in ms, fractions as numbers). */
export type ScenarioFile = z.output<typeof scenarioFileSchema>;
/** A parsed distribution mapping. */
export type DistributionFile = z.output<typeof distributionSchema>;
/** A parsed failure entry. */
export type FailureFile = z.output<typeof failureSchema>;
/** A parsed fault entry. */
export type FaultFile = z.output<typeof faultSchema>;
/** A parsed `operations:` block. */
export type OperationsFile = z.output<typeof operationsSchema>;
/** A parsed explicit host. */
export type HostFile = z.output<typeof hostSchema>;

/** The JSON Schema (draft 2020-12) of scenario files, for editors and `k8s-ha-sim schema`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioFileSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const meta = z.globalRegistry.get(ctx.zodSchema);
      // Metadata on a transform (durations) is not carried over by zod: copy it here.
      if (meta?.description !== undefined && ctx.jsonSchema.description === undefined)
        ctx.jsonSchema.description = meta.description;
      if (meta && 'default' in meta && meta.default !== undefined) ctx.jsonSchema.default = meta.default;
    },
  }) as Record<string, unknown>;
  const withUncertain = acceptUncertain(schema) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'k8s-ha-sim scenario',
    ...withUncertain,
    $defs: {
      ...((withUncertain.$defs as Record<string, unknown> | undefined) ?? {}),
      uncertain: UNCERTAIN_JSON_SCHEMA,
    },
    patternProperties: {
      '^x-': { description: 'Free for your own use (e.g. YAML anchors shared by several keys); ignored.' },
    },
  };
}

/** Patterns of the values an uncertain quantity may stand for: durations and percentages. */
const UNCERTAIN_PATTERNS = new Set(['^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w|y))+$', '^[0-9]+(\\.[0-9]+)?%$']);

/**
 * The uncertain-quantity forms the loader's pre-pass accepts (src/scenario/uncertain.ts,
 * docs/uncertainty.md), so that editors do not flag them: a plain run uses the median.
 */
const UNCERTAIN_JSON_SCHEMA = {
  description: 'An uncertain quantity (docs/uncertainty.md): a plain run uses its median; `robust` samples it.',
  oneOf: [
    {
      type: 'object',
      required: ['range'],
      additionalProperties: false,
      properties: { range: { type: 'array', minItems: 2, maxItems: 2, items: { type: ['string', 'number'] } } },
    },
    {
      type: 'object',
      required: ['loguniform'],
      additionalProperties: false,
      properties: { loguniform: { type: 'array', minItems: 2, maxItems: 2, items: { type: ['string', 'number'] } } },
    },
    {
      type: 'object',
      required: ['lognormal'],
      additionalProperties: false,
      properties: {
        lognormal: {
          type: 'object',
          required: ['median', 'errorFactor'],
          additionalProperties: false,
          properties: { median: { type: ['string', 'number'] }, errorFactor: { type: 'number', minimum: 1 } },
        },
      },
    },
    {
      type: 'object',
      required: ['events', 'over'],
      additionalProperties: false,
      properties: { events: { type: 'number', minimum: 0 }, over: { type: 'string' } },
    },
  ],
};

/** Every duration or percentage leaf of a JSON Schema, widened to also take an uncertain quantity. */
function acceptUncertain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(acceptUncertain);
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = acceptUncertain(v);
  if (typeof o.pattern === 'string' && UNCERTAIN_PATTERNS.has(o.pattern)) {
    return { anyOf: [out, { $ref: '#/$defs/uncertain' }] };
  }
  return out;
}
