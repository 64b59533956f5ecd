/** The shape every experiment on real components has, and what it is given. */

/** What the runner hands an experiment. */
export interface ExperimentContext {
  /** The run's temporary directory (a mkdtemp). */
  readonly root: string;
  /** Unique prefix of this run's network namespaces. */
  readonly prefix: string;
  /** Second octet of this run's loopback addresses 127.13.X.Y. */
  readonly octet: number;
  /** Progress line (stderr). */
  readonly log: (line: string) => void;
}

/** An experiment: set up once, run many trials, each yielding one number per case it feeds. */
export interface Experiment<E = unknown> {
  readonly name: string;
  /** Needs `ip netns` (root, CAP_NET_ADMIN). */
  readonly needsNetns: boolean;
  /** Needs Go and Debian's etcd client sources (golang-go, golang-etcd-server-dev). */
  readonly needsGo?: boolean;
  /** Trials per case at most, below `--trials` (long experiments): quick and full runs. */
  readonly maxTrials?: { readonly quick: number; readonly full: number };
  setup(ctx: ExperimentContext): Promise<E>;
  /** One trial: seconds per case name; a case missing from the record had no outcome. */
  trial(env: E, ctx: ExperimentContext): Promise<Record<string, number>>;
  teardown(env: E): Promise<void>;
}
