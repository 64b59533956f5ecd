/**
 * Bundled profiles of operational rates (`operations: { profile: NAME }`). Each is the
 * file form of an `operations:` block; scenarios/profiles/<name>.yaml is the same data
 * with every number's source in comments (a test keeps the two equal), and
 * docs/facts.md "## Operations" gives each number's source or marks it an assumption.
 * Library code does no I/O, so the data lives here and the YAML file is its readable copy.
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
    every: '30d',
    window: '7d',
    hosts: 'control-plane',
    perHost: '15m',
    gap: '5m',
    policy: 'in-place',
    healthGate: true,
    gateRetry: '1m',
    failure: { probability: '2%', repair: { lognormal: { median: '2h', sigma: 1 } } },
  },
  changes: {
    every: '120d',
    rollout: 'all-at-once',
    component: 'apiserver',
    detect: { lognormal: { median: '20m', sigma: 1 } },
    rollback: { lognormal: { median: '15m', sigma: 0.8 } },
  },
  certificates: {
    validity: '1y',
    renewal: 'upgrades',
    manualRenewal: { lognormal: { median: '2h', sigma: 1 } },
  },
  etcdSpace: {
    fill: { exponential: { mean: '5y' } },
    recovery: { lognormal: { median: '1h', sigma: 1 } },
  },
  slowDisk: {
    every: '90d',
    duration: { lognormal: { median: '10m', sigma: 1 } },
    electionsEvery: '1m',
  },
  defrag: { every: '7d', perMember: '10s', gap: '1m' },
  region: { mttf: '10y', ttr: { lognormal: { median: '4h', sigma: 1 } } },
  dependencies: {
    dns: { mttf: '2y', ttr: { lognormal: { median: '1h', sigma: 1 } } },
  },
  partitions: {
    every: '180d',
    duration: { lognormal: { median: '5m', sigma: 1 } },
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
