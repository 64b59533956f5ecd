/**
 * The shape of the `operations:` block (docs/scenario-format.md): the operational processes that take
 * real control planes down — upgrades, changes (config pushes), certificates, etcd
 * resources (NOSPACE, slow disk, defragmentation), regional and dependency outages and
 * random partitions. Built from schema.ts's parts (passed in, so the two modules do not
 * import each other at load time). Cross-field checks live in resolve-operations.ts.
 */
import { z } from 'zod';
import { distributionSchema, doc, duration, failureSchema, fraction, positiveDuration } from './schema-parts.ts';
import { didYouMean, expectedFound } from './problems.ts';
import { PROFILE_NAMES } from './profiles.ts';

/** Policies of a control-plane upgrade. */
export const UPGRADE_POLICIES = ['in-place', 'surge'] as const;
/** Rollout policies of a change. */
export const CHANGE_ROLLOUTS = ['all-at-once', 'health-gated'] as const;
/** What a change reconfigures (its blast radius is every instance of it, or the first). */
export const CHANGE_COMPONENTS = ['apiserver', 'etcd', 'load-balancer'] as const;
/** Random partitions isolate one zone or one host. */
export const PARTITION_SCOPES = ['zone', 'host'] as const;
/** What a partition cuts: all traffic between the groups, or only etcd peer traffic (port 2380). */
export const PARTITION_TRAFFIC = ['all', 'etcd-peer'] as const;

/** docs string of a partition's `traffic` key (scripted and random). */
export const PARTITION_TRAFFIC_DOC =
  'What the partition cuts: `all` traffic between the groups, or only `etcd-peer` traffic (port 2380: a ' +
  'firewall or security-group change, an expired peer certificate); with etcd-peer clients, apiserver-to-etcd ' +
  'client traffic (2379), load-balancer checks, leases and keepalived are untouched (docs/model.md).';

/** The `operations:` block's schema. */
export function operationsBlockSchema() {
  /** A duration (fixed) or a distribution mapping. */
  const timeSpec = (what: string) =>
    doc(
      z.union([duration(), distributionSchema], {
        error: (iss) =>
          expectedFound(
            'a duration such as "30m" (fixed) or a distribution mapping ' +
              '(exponential, weibull, lognormal, fixed, uniform)',
            iss.input,
          ),
      }),
      `${what}: a duration (always that long) or a distribution.`,
    );
  const times = (what: string) =>
    doc(
      z.array(duration()).min(1),
      `Scripted ${what} at these times (from the start of each run), instead of or besides the random rate.`,
    );
  const none = z.literal('none');
  const orNone = <T extends z.ZodType>(schema: T, keys: string) =>
    z.union([none, schema], {
      error: (iss) =>
        expectedFound(`"none" or a mapping (${keys})`, iss.input) +
        (typeof iss.input === 'string' ? didYouMean(iss.input, ['none']) : ''),
    });

  const upgrades = doc(
    orNone(
      z.strictObject({
        every: doc(
          positiveDuration(),
          'Cadence: one upgrade cycle is due every this long (three minors a year = 120d).',
        ),
        window: doc(
          duration(),
          'Maintenance window: each cycle starts at a uniform time in [due, due + window).',
          '0s',
        ).optional(),
        at: doc(
          duration(),
          'Time of the first cycle (default: a uniform phase in [0, every), the steady state).',
        ).optional(),
        hosts: doc(
          z.union([z.enum(['control-plane', 'etcd', 'all']), z.array(z.string().min(1)).min(1)], {
            error: (iss) => expectedFound('control-plane, etcd, all or a list of host names', iss.input),
          }),
          'Hosts upgraded, in order: control-plane (apiserver hosts), etcd (etcd hosts), all, or a list.',
          'control-plane',
        ).optional(),
        perHost: doc(duration(), 'How long each host is down for its upgrade (drain, kubeadm upgrade node, restart).'),
        gap: doc(duration(), "Wait between one host's return and the next one's start.", '0s').optional(),
        policy: doc(
          z.enum(UPGRADE_POLICIES),
          'in-place: each host goes down for perHost; surge: a new host joins before the old one ' +
            'leaves, so no capacity is lost (a failed new host is discarded).',
          'in-place',
        ).optional(),
        healthGate: doc(
          z.boolean(),
          'The next host waits until every upgraded host is back, every apiserver is ready and etcd ' +
            'has a leader; a gate also refuses to start while another host is down.',
          true,
        ).optional(),
        gateRetry: doc(positiveDuration(), 'How often a closed health gate is checked again.', '1m').optional(),
        failure: doc(
          z.strictObject({
            probability: doc(fraction(), "Chance that one host's upgrade fails (in-place: the host stays down)."),
            repair: timeSpec('Time to repair or roll back a failed host'),
          }),
          'Failed host upgrades: with this probability the host stays down for `repair`; a gated rollout stops there until it is back.',
        ).optional(),
      }),
      'every, perHost, window, at, hosts, gap, policy, healthGate, gateRetry, failure',
    ),
    'Periodic control-plane upgrades (kubeadm: one node at a time). `none`: never upgraded.',
  );

  const changes = doc(
    orNone(
      z.strictObject({
        every: doc(positiveDuration(), 'Mean time between changes that go bad (exponential).').optional(),
        at: times('bad changes').optional(),
        rollout: doc(
          z.enum(CHANGE_ROLLOUTS),
          'all-at-once: every instance of the component gets the bad config together (common mode); ' +
            'health-gated: only the first instance, then rollback.',
        ),
        component: doc(
          z.enum(CHANGE_COMPONENTS),
          'What the change reconfigures: apiserver flags, ' + 'etcd config or the load balancer.',
          'apiserver',
        ).optional(),
        detect: timeSpec('Time to detect the bad change'),
        rollback: timeSpec('Time to roll it back once detected'),
      }),
      'every or at, rollout, component, detect, rollback',
    ),
    'Bad changes (config pushes, operator error): their rate and blast radius.',
  );

  const certificates = doc(
    orNone(
      z.strictObject({
        validity: doc(positiveDuration(), 'Lifetime of the kubeadm leaf certificates.', '1y').optional(),
        renewal: doc(
          z.enum(['upgrades', 'none']),
          'upgrades: every upgrade cycle renews them (kubeadm renews during control-plane ' +
            'upgrades); none: only manual renewal after expiry.',
          'upgrades',
        ).optional(),
        age: doc(
          duration(),
          'Age of the certificates at the start (default: since the last upgrade ' +
            'cycle, or uniform in [0, validity) without upgrades).',
        ).optional(),
        manualRenewal: timeSpec('Time from expiry to a manual `kubeadm certs renew all` and restarted static pods'),
      }),
      'validity, renewal, age, manualRenewal',
    ),
    'kubeadm client certificates: when they expire every control-plane apiserver is down until manual renewal.',
  );

  const etcdSpace = doc(
    orNone(
      z.strictObject({
        fill: timeSpec('Time for the keyspace to grow to the quota (from the last recovery)').optional(),
        at: times('NOSPACE alarms').optional(),
        recovery: timeSpec('Time to compact, defragment and `etcdctl alarm disarm`'),
      }),
      'fill or at, recovery',
    ),
    'etcd space quota (2 GiB default): NOSPACE stops writes cluster-wide while reads and /readyz keep working.',
  );

  const slowDisk = doc(
    orNone(
      z.strictObject({
        every: doc(positiveDuration(), 'Mean time between slow-disk episodes (exponential).').optional(),
        at: times('slow-disk episodes').optional(),
        duration: timeSpec('Length of an episode'),
        electionsEvery: doc(
          positiveDuration(),
          'During an episode the leader loses leadership this ' + 'often (a slow fsync misses heartbeats).',
          '1m',
        ).optional(),
      }),
      'every or at, duration, electionsEvery',
    ),
    'Slow-disk episodes: leader churn (repeated elections) for a while.',
  );

  const defrag = doc(
    orNone(
      z.strictObject({
        every: doc(positiveDuration(), 'One defragmentation pass over every member is due every this long.'),
        at: doc(duration(), 'Time of the first pass (default: a uniform phase in [0, every)).').optional(),
        perMember: doc(
          positiveDuration(),
          'How long one member is blocked (reads and writes) while it is defragmented.',
        ),
        gap: doc(duration(), 'Wait between members.', '1m').optional(),
      }),
      'every, perMember, at, gap',
    ),
    'Periodic defragmentation, one member at a time; the member being defragmented is blocked.',
  );

  const partitions = doc(
    orNone(
      z.strictObject({
        every: doc(positiveDuration(), 'Mean time between random partitions (exponential).'),
        duration: timeSpec('Length of a partition'),
        scope: doc(
          z.enum(PARTITION_SCOPES),
          'Isolate one zone (uniformly chosen) or one host from the rest.',
          'zone',
        ).optional(),
        traffic: doc(z.enum(PARTITION_TRAFFIC), PARTITION_TRAFFIC_DOC, 'all').optional(),
      }),
      'every, duration, scope, traffic',
    ),
    'Random network partitions (gray failures): one zone or host cut off from the others; clients still reach it.',
  );

  return doc(
    z.strictObject({
      profile: doc(
        z.enum(PROFILE_NAMES),
        `A bundled profile of operational rates (scenarios/profiles/<name>.yaml); keys given here replace its keys, section by section.`,
      ).optional(),
      upgrades: upgrades.optional(),
      changes: changes.optional(),
      certificates: certificates.optional(),
      etcdSpace: etcdSpace.optional(),
      slowDisk: slowDisk.optional(),
      defrag: defrag.optional(),
      region: doc(
        orNone(failureSchema, 'mttf/ttf, mttr/ttr'),
        'The whole region (every zone and a ' + 'cloud LB): `{ mttf, mttr }`.',
      ).optional(),
      dependencies: doc(
        z.record(z.string(), failureSchema),
        'Cloud dependencies in front of the API (dns, iam, cloud-lb-service, ...): each `{ mttf, ' +
          'mttr }`; while one is down clients cannot reach the API.',
      ).optional(),
      partitions: partitions.optional(),
    }),
    'Operational processes: upgrades, changes, certificates, etcd resources, regional and ' +
      'dependency outages, random partitions (docs/scenario-format.md, "Operations").',
  );
}
