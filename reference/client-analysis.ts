/**
 * Pure reading of refclient's per-request lines (reference/go/refclient): what a fault did
 * to an apiserver-like etcd client's requests. Shared by the experiments and the tests.
 */

/** One line of refclient's stdout. */
export interface ClientLine {
  readonly ev: 'ready' | 'req' | 'done';
  readonly op?: 'get' | 'put' | 'probe';
  /** Unix ms (the harness's `nowMs` base). */
  readonly start?: number;
  readonly end?: number;
  readonly ok: boolean;
  readonly err?: string;
  /** The member that answered (response header, hex id). */
  readonly member?: string;
  /** The peer address of every gRPC attempt, in order. */
  readonly peers?: readonly string[];
  readonly t?: number;
}

/** A request slower than this counts as hung (healthy ones take milliseconds). */
export const HUNG_MS = 1000;
/** Consecutive failed health checks that take an apiserver out (readiness failureThreshold 3, haproxy fall 3). */
export const PROBE_FALL = 3;

/** What one fault did to the client, measured. */
export interface ClientImpact {
  /** Load requests in the window: in flight at the fault or started in [fault, fault + window). */
  readonly requests: number;
  /**
   * Seconds from the fault to the end of the last load request (in flight at the fault or
   * sent after it) that hung on the faulty member or failed; 0 when none.
   */
  readonly hangS: number;
  /** Window of the shares: [fault, fault + max(hangS, 1 s)). */
  readonly windowS: number;
  /** Share of the window's requests that hung (> 1 s) or failed. */
  readonly affectedShare: number;
  /** Share of the window's requests that hung, whatever their end. */
  readonly hungShare: number;
  /** Share of the window's requests that failed. */
  readonly failedShare: number;
  readonly failedWrites: number;
  readonly failedReads: number;
  /** Puts in the window. */
  readonly writes: number;
  /** Longest run of consecutive failed health probes after the fault. */
  readonly probeMaxConsecutiveFailures: number;
  /** 1 when that run reached {@link PROBE_FALL} (the apiserver would leave rotation), else 0. */
  readonly probeOut: number;
  /** Errors saying the host is unreachable (EHOSTUNREACH, ENETUNREACH): a silent fault has none. */
  readonly unreachableErrors: number;
  /** Share of hung requests whose first attempt went to the faulty member. */
  readonly hungOnVictimShare: number;
  /** p50 / max latency of the hung requests, seconds. */
  readonly hungLatencyP50S: number;
  readonly hungLatencyMaxS: number;
  /** Latency p99 of load requests before the fault (the machine's baseline), seconds. */
  readonly baselineP99S: number;
  /** Load requests answered by each member (hex id) in the window. */
  readonly servedBy: Readonly<Record<string, number>>;
}

const UNREACHABLE = /no route to host|host is unreachable|network is unreachable/i;

function pct(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Reads the impact of a fault at `faultMs` on the member reached at `victimAddr` (host:port). */
export function clientImpact(lines: readonly ClientLine[], faultMs: number, victimAddr: string): ClientImpact {
  const reqs = lines.filter((l) => l.ev === 'req' && l.start !== undefined && l.end !== undefined);
  const load = reqs.filter((l) => l.op === 'get' || l.op === 'put');
  const lat = (l: ClientLine): number => l.end! - l.start!;
  const bad = (l: ClientLine): boolean => !l.ok || lat(l) > HUNG_MS;
  const after = load.filter((l) => l.end! > faultMs);
  // Only requests that touched the faulty member or failed mark the hang's end: a slow
  // request elsewhere, minutes later, is the busy machine, not the fault.
  const hangs = (l: ClientLine): boolean => bad(l) && (!l.ok || (l.peers ?? []).includes(victimAddr));
  const lastBad = after.filter(hangs).reduce((m, l) => Math.max(m, l.end!), faultMs);
  const hangS = (lastBad - faultMs) / 1000;
  const windowS = Math.max(hangS, 1);
  const win = after.filter((l) => l.start! < faultMs + windowS * 1000);
  const hung = win.filter((l) => lat(l) > HUNG_MS);
  const failed = win.filter((l) => !l.ok);
  const share = (n: number): number => (win.length === 0 ? 0 : r3(n / win.length));
  const probes = reqs.filter((l) => l.op === 'probe').sort((a, b) => a.start! - b.start!);
  let run = 0;
  let maxRun = 0;
  for (const p of probes) {
    if (p.end! <= faultMs) continue;
    run = p.ok ? 0 : run + 1;
    maxRun = Math.max(maxRun, run);
  }
  const before = load
    .filter((l) => l.end! <= faultMs)
    .map(lat)
    .sort((a, b) => a - b);
  const hungLat = hung.map(lat).sort((a, b) => a - b);
  const servedBy: Record<string, number> = {};
  for (const l of win) if (l.ok && l.member !== undefined) servedBy[l.member] = (servedBy[l.member] ?? 0) + 1;
  return {
    requests: win.length,
    hangS: r3(hangS),
    windowS: r3(windowS),
    affectedShare: share(win.filter(bad).length),
    hungShare: share(hung.length),
    failedShare: share(failed.length),
    failedWrites: failed.filter((l) => l.op === 'put').length,
    failedReads: failed.filter((l) => l.op === 'get').length,
    writes: win.filter((l) => l.op === 'put').length,
    probeMaxConsecutiveFailures: maxRun,
    probeOut: maxRun >= PROBE_FALL ? 1 : 0,
    unreachableErrors: reqs.filter((l) => l.err !== undefined && UNREACHABLE.test(l.err)).length,
    hungOnVictimShare: hung.length === 0 ? 0 : r3(hung.filter((l) => l.peers?.[0] === victimAddr).length / hung.length),
    hungLatencyP50S: r3(pct(hungLat, 0.5) / 1000),
    hungLatencyMaxS: r3((hungLat[hungLat.length - 1] ?? 0) / 1000),
    baselineP99S: r3(pct(before, 0.99) / 1000),
    servedBy,
  };
}

/** What a peer cut (the member reachable by clients, cut off from its quorum) did to the requests. */
export interface PeerCutImpact {
  /** Load requests started during the cut [fault, heal). */
  readonly requests: number;
  /** Shares of them that failed: all, puts among the puts, gets among the gets. */
  readonly failedShare: number;
  readonly failedPutShare: number;
  readonly failedGetShare: number;
  /**
   * Failed share of the requests started from 5 s into the cut until 7 s before the heal:
   * past the onset, and decided inside the cut (etcd's request timeout is 7 s), so neither
   * the onset nor the heal changes their outcome (the steady state; 0 when that span is empty).
   */
  readonly steadyFailedShare: number;
  /** Share that succeeded late (> 1 s). */
  readonly lateShare: number;
  /** Share of the failed whose first attempt went to the cut member. */
  readonly failedOnVictimShare: number;
  /** Latency of the failed requests, seconds: p50 and max. */
  readonly failLatencyP50S: number;
  readonly failLatencyMaxS: number;
  /** The three commonest error texts of the failed, with counts. */
  readonly errors: Readonly<Record<string, number>>;
  /** Health probes started during the cut, how many failed, the runs of failures. */
  readonly probes: number;
  readonly probeFailed: number;
  readonly probeMaxRun: number;
  /** Runs of PROBE_FALL or more failures in a row (each would take the apiserver out). */
  readonly probeRunsOf3: number;
  /** Load requests started in the 5 s after the heal that failed or took over 1 s. */
  readonly afterHealFailed: number;
  readonly afterHealLate: number;
  /** Seconds from the heal to the end of the last failed or hung request that touched the member (0: none after). */
  readonly healTailS: number;
}

/** Reads a peer cut of the member at `victimAddr` from `faultMs` to `healMs`. */
export function peerCutImpact(
  lines: readonly ClientLine[],
  faultMs: number,
  healMs: number,
  victimAddr: string,
): PeerCutImpact {
  const reqs = lines.filter((l) => l.ev === 'req' && l.start !== undefined && l.end !== undefined);
  const load = reqs.filter((l) => l.op === 'get' || l.op === 'put');
  const lat = (l: ClientLine): number => l.end! - l.start!;
  const during = load.filter((l) => l.start! >= faultMs && l.start! < healMs);
  const steady = during.filter((l) => l.start! >= faultMs + 5000 && l.start! < healMs - 7000);
  const failed = during.filter((l) => !l.ok);
  const of = (xs: readonly ClientLine[], p: (l: ClientLine) => boolean): number =>
    xs.length === 0 ? 0 : r3(xs.filter(p).length / xs.length);
  const puts = during.filter((l) => l.op === 'put');
  const gets = during.filter((l) => l.op === 'get');
  const failLat = failed.map(lat).sort((a, b) => a - b);
  const counts = new Map<string, number>();
  for (const l of failed) {
    const e = (l.err ?? '').replace(/^.*desc = /, '');
    counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const errors = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).slice(0, 3));
  const probes = reqs
    .filter((l) => l.op === 'probe' && l.start! >= faultMs && l.start! < healMs)
    .sort((a, b) => a.start! - b.start!);
  let run = 0;
  let maxRun = 0;
  let runsOf3 = 0;
  for (const p of probes) {
    run = p.ok ? 0 : run + 1;
    if (run === PROBE_FALL) runsOf3++;
    maxRun = Math.max(maxRun, run);
  }
  const after = load.filter((l) => l.start! >= healMs && l.start! < healMs + 5000);
  const bad = (l: ClientLine): boolean => !l.ok || lat(l) > HUNG_MS;
  const tail = load
    .filter((l) => l.end! > healMs && bad(l) && (!l.ok || (l.peers ?? []).includes(victimAddr)))
    .reduce((m, l) => Math.max(m, l.end! - healMs), 0);
  return {
    requests: during.length,
    failedShare: of(during, (l) => !l.ok),
    failedPutShare: of(puts, (l) => !l.ok),
    failedGetShare: of(gets, (l) => !l.ok),
    steadyFailedShare: of(steady, (l) => !l.ok),
    lateShare: of(during, (l) => l.ok && lat(l) > HUNG_MS),
    failedOnVictimShare: of(failed, (l) => l.peers?.[0] === victimAddr),
    failLatencyP50S: r3(pct(failLat, 0.5) / 1000),
    failLatencyMaxS: r3((failLat[failLat.length - 1] ?? 0) / 1000),
    errors,
    probes: probes.length,
    probeFailed: probes.filter((p) => !p.ok).length,
    probeMaxRun: maxRun,
    probeRunsOf3: runsOf3,
    afterHealFailed: after.filter((l) => !l.ok).length,
    afterHealLate: after.filter((l) => l.ok && lat(l) > HUNG_MS).length,
    healTailS: r3(tail / 1000),
  };
}
