/**
 * Bundled profiles of operational rates (`operations: { profile: NAME }`). Each is the
 * file form of an `operations:` block; scenarios/profiles/<name>.yaml is the same data
 * with every number's source in comments (a test keeps the two equal), and
 * docs/facts.md "## Operations" gives each number's source or marks it an assumption.
 * Library code does no I/O, so the data lives here and the YAML file is its readable copy.
 * Every rate and duration the study of docs/uncertainty.md varies is an uncertain quantity
 * (src/scenario/uncertain.ts): an assumption gets error factor 3 (90% within /3..x3 of
 * its median), a sourced value 1.5; a plain run uses the median, the old value.
 */

/** Names of the bundled profiles. */
export const PROFILE_NAMES = ['self-managed'] as const;
/** A bundled profile name. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * A self-managed kubeadm control plane run by a small platform team: monthly patch
 * upgrades (gated, one node at a time), a few bad config pushes a year rolled out to
 * every node at once, certificates renewed by the upgrades, and the region and its DNS
 * as dependencies. Calibration target: facts §6 provider bands (docs/facts.md).
 */
const SELF_MANAGED = {
  upgrades: {
    every: { lognormal: { median: '30d', errorFactor: 1.5 } },
    window: '7d',
    hosts: 'control-plane',
    perHost: { lognormal: { median: '15m', errorFactor: 3 } },
    gap: '5m',
    policy: 'in-place',
    healthGate: true,
    gateRetry: '1m',
    failure: {
      probability: { lognormal: { median: '2%', errorFactor: 3 } },
      repair: { lognormal: { median: { lognormal: { median: '2h', errorFactor: 3 } }, sigma: 1 } },
    },
  },
  changes: {
    every: { lognormal: { median: '120d', errorFactor: 3 } },
    rollout: 'all-at-once',
    component: 'apiserver',
    detect: { lognormal: { median: { lognormal: { median: '20m', errorFactor: 3 } }, sigma: 1 } },
    rollback: { lognormal: { median: { lognormal: { median: '15m', errorFactor: 3 } }, sigma: 0.8 } },
  },
  certificates: {
    validity: '1y',
    renewal: 'upgrades',
    manualRenewal: { lognormal: { median: '2h', sigma: 1 } },
  },
  etcdSpace: {
    fill: { exponential: { mean: { lognormal: { median: '5y', errorFactor: 3 } } } },
    recovery: { lognormal: { median: { lognormal: { median: '1h', errorFactor: 3 } }, sigma: 1 } },
  },
  slowDisk: {
    every: { lognormal: { median: '90d', errorFactor: 3 } },
    duration: { lognormal: { median: { lognormal: { median: '10m', errorFactor: 3 } }, sigma: 1 } },
    electionsEvery: '1m',
  },
  defrag: { every: '7d', perMember: { lognormal: { median: '10s', errorFactor: 3 } }, gap: '1m' },
  region: {
    mttf: { lognormal: { median: '10y', errorFactor: 3 } },
    ttr: { lognormal: { median: { lognormal: { median: '4h', errorFactor: 3 } }, sigma: 1 } },
  },
  dependencies: {
    dns: {
      mttf: { lognormal: { median: '2y', errorFactor: 3 } },
      ttr: { lognormal: { median: { lognormal: { median: '1h', errorFactor: 3 } }, sigma: 1 } },
    },
  },
  partitions: {
    every: { lognormal: { median: '180d', errorFactor: 3 } },
    duration: { lognormal: { median: { lognormal: { median: '5m', errorFactor: 3 } }, sigma: 1 } },
    scope: 'zone',
  },
} as const;

/** The file form of each bundled profile (plain data, as YAML would parse it). */
export const PROFILES: Readonly<Record<ProfileName, Readonly<Record<string, unknown>>>> = {
  'self-managed': SELF_MANAGED,
};

/**
 * Applies `operations.profile` to raw scenario data: the profile's sections, with the
 * file's own keys on top, one level deep — a key of a section given in the file replaces
 * that key of the profile's section (`changes: { rollout: health-gated }` keeps the
 * profile's rate and times; `detect: 5m` replaces the whole distribution), and a section
 * that is not a mapping (`none`) replaces the whole section. Unknown profile names are
 * left for the schema to report.
 */
export function withProfile(data: unknown): unknown {
  if (!isMapping(data)) return data;
  const ops = data.operations;
  if (!isMapping(ops)) return data;
  const name = ops.profile;
  if (typeof name !== 'string' || !(PROFILE_NAMES as readonly string[]).includes(name)) return data;
  const merged: Record<string, unknown> = { ...PROFILES[name as ProfileName] };
  for (const [k, v] of Object.entries(ops)) {
    const base = merged[k];
    merged[k] = isMapping(base) && isMapping(v) ? { ...base, ...v } : v;
  }
  return { ...data, operations: merged };
}

function isMapping(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
