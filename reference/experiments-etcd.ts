/**
 * etcd experiments: SIGKILL / SIGSTOP of the leader or a follower, two of three down, the
 * leader cut off by a partition. Write unavailability is the time from the fault to the
 * first acknowledged write sent after it, probing the surviving members every 20 ms.
 */
import type { Experiment, ExperimentContext } from './experiment.ts';
import {
  agreedLeader,
  cut,
  isLeader,
  kill,
  launch,
  pause,
  put,
  startCluster,
  status,
  stopCluster,
  waitHealthy,
  type EtcdCluster,
  type Member,
} from './etcd.ts';
import { firstGoodAfter, probeEvery, waitFor, type ProbeLoop } from './probes.ts';
import { nowMs, signal, sleep } from './procs.ts';

const PERIOD_MS = 20;
const WRITE_TIMEOUT_MS = 1000;
/** Longest outage a trial waits for before it gives up. */
const TRIAL_LIMIT_MS = 20_000;

/** Puts to `targets` in turn, every 20 ms. */
function writeProbes(targets: readonly Member[]): ProbeLoop<boolean> {
  return probeEvery(PERIOD_MS, TRIAL_LIMIT_MS + 5000, (k) =>
    put(targets[k % targets.length]!.client, WRITE_TIMEOUT_MS).then((r) => ({ value: r.ok, doneMs: r.doneMs })),
  );
}

/** A random pause so faults land at every phase of the heartbeat and check-quorum ticks. */
function jitter(): Promise<void> {
  return sleep(200 + Math.random() * 400);
}

/** Waits for the first good write after `f`; returns its delay in seconds or null. */
async function writeGap(loop: ProbeLoop<boolean>, f: number): Promise<number | null> {
  await waitFor(() => firstGoodAfter(loop.peek(), f, (v) => v) !== null, TRIAL_LIMIT_MS);
  await sleep(100);
  const end = firstGoodAfter(await loop.stop(), f, (v) => v);
  return end === null ? null : (end - f) / 1000;
}

/** The healthy cluster's leader and its followers. */
async function roles(c: EtcdCluster): Promise<{ leader: Member; followers: Member[] }> {
  const leader = await waitHealthy(c, 30_000);
  return { leader, followers: c.members.filter((m) => m !== leader) };
}

type Fault = 'kill' | 'stop';

/** Applies the fault to m at once (the caller has taken the time). */
function hit(m: Member, fault: Fault): void {
  if (m.proc === null) return;
  if (fault === 'kill') signal(m.proc, 'SIGKILL');
  else pause(m, true);
}

async function restore(c: EtcdCluster, m: Member, fault: Fault): Promise<void> {
  if (fault === 'kill') {
    await kill(m);
    launch(c, m);
  } else pause(m, false);
  await waitHealthy(c, 30_000);
  await sleep(500);
}

/** SIGKILL / SIGSTOP of the leader (or a follower) of an n-member loopback cluster. */
function processFault(name: string, n: number, who: 'leader' | 'follower', fault: Fault): Experiment<EtcdCluster> {
  return {
    name,
    needsNetns: false,
    setup: (ctx: ExperimentContext) => startCluster(`${ctx.root}/${name}`, n, { kind: 'loopback', octet: ctx.octet }),
    async trial(c, ctx) {
      const { leader, followers } = await roles(c);
      const victim = who === 'leader' ? leader : followers[0]!;
      const survivors = c.members.filter((m) => m !== victim);
      const loop = writeProbes(survivors);
      await jitter();
      if ((await isLeader(victim)) !== (who === 'leader')) {
        await loop.stop();
        ctx.log(`${name}: leadership moved before the fault; trial discarded`);
        return {};
      }
      const f = nowMs();
      hit(victim, fault);
      const gap = await writeGap(loop, f);
      await restore(c, victim, fault);
      return gap === null ? {} : { [name]: gap };
    },
    teardown: stopCluster,
  };
}

/** Both followers of a 3-member cluster SIGKILLed; one restarted 5 s later. */
const twoDown: Experiment<EtcdCluster> = {
  name: 'etcd3-two-down',
  needsNetns: false,
  setup: (ctx) => startCluster(`${ctx.root}/etcd3-two-down`, 3, { kind: 'loopback', octet: ctx.octet }),
  async trial(c) {
    const { leader, followers } = await roles(c);
    const [a, b] = followers as [Member, Member];
    const loop = writeProbes([leader, a]);
    await jitter();
    const f = nowMs();
    hit(a, 'kill');
    hit(b, 'kill');
    await kill(a);
    await kill(b);
    await sleep(Math.max(0, f + 5000 - nowMs()));
    launch(c, a);
    const gap = await writeGap(loop, f);
    launch(c, b);
    await waitHealthy(c, 30_000);
    await sleep(500);
    return gap === null ? {} : { 'etcd3-two-down': gap };
  },
  teardown: stopCluster,
};

/** How long a partition lasts at least (the scenarios say `for: 8s`). */
export const PARTITION_MS = 8000;
/** How long writes are watched after the partition heals. */
const HEAL_WATCH_MS = 3000;

/** The longest stretch after `fromMs` (up to `toMs`) in which no write completed, in seconds. */
export function longestWriteGap(
  samples: readonly { sentMs: number; doneMs: number; value: boolean }[],
  fromMs: number,
  toMs: number,
): number {
  const done = samples
    .filter((s) => s.value && s.sentMs >= fromMs && s.doneMs <= toMs)
    .map((s) => s.doneMs)
    .sort((a, b) => a - b);
  let prev = fromMs;
  let gap = 0;
  for (const t of [...done, toMs]) {
    gap = Math.max(gap, t - prev);
    prev = t;
  }
  return gap / 1000;
}

/**
 * The leader of a 3-member cluster (each member in its own namespace) cut off by setting its
 * veth down for at least 8 s: write unavailability on the majority side, the minority
 * leader's step-down, and the longest write gap in the 3 s after the partition heals.
 */
function partition(
  name: string,
  preVote: boolean,
  cases: { write: string; stepDown?: string; heal: string },
): Experiment<EtcdCluster> {
  return {
    name,
    needsNetns: true,
    setup: (ctx) =>
      startCluster(`${ctx.root}/${name}`, 3, { kind: 'netns', prefix: `${ctx.prefix}${preVote ? 'p' : 'n'}` }, preVote),
    async trial(c) {
      const { leader, followers } = await roles(c);
      const loop = writeProbes(followers);
      const own = probeEvery(PERIOD_MS, TRIAL_LIMIT_MS + 5000, () =>
        status(leader, 500).then((s) => ({ value: s === null ? 'x' : s.leader, doneMs: s?.doneMs ?? nowMs() })),
      );
      await jitter();
      const f = nowMs();
      cut(c, leader, true);
      const gap = await writeGap(loop, f);
      const stepped = (v: string): boolean => v !== 'x' && v !== leader.id;
      await waitFor(() => firstGoodAfter(own.peek(), f, stepped) !== null, TRIAL_LIMIT_MS);
      const down = firstGoodAfter(await own.stop(), f, stepped);
      await sleep(Math.max(0, f + PARTITION_MS - nowMs()));
      const heal = writeProbes(followers);
      const h = nowMs();
      cut(c, leader, false);
      await sleep(HEAL_WATCH_MS);
      const healGap = longestWriteGap(await heal.stop(), h, h + HEAL_WATCH_MS);
      await waitHealthy(c, 30_000);
      await sleep(500);
      const out: Record<string, number> = { [cases.heal]: healGap };
      if (gap !== null) out[cases.write] = gap;
      if (down !== null && cases.stepDown !== undefined) out[cases.stepDown] = (down - f) / 1000;
      return out;
    },
    teardown: stopCluster,
  };
}

/** Every etcd experiment. */
export const ETCD_EXPERIMENTS: readonly Experiment<EtcdCluster>[] = [
  processFault('etcd3-leader-sigkill', 3, 'leader', 'kill'),
  processFault('etcd3-leader-sigstop', 3, 'leader', 'stop'),
  processFault('etcd3-follower-sigkill', 3, 'follower', 'kill'),
  processFault('etcd3-follower-sigstop', 3, 'follower', 'stop'),
  processFault('etcd5-leader-sigkill', 5, 'leader', 'kill'),
  twoDown,
  partition('etcd3-partition-leader', true, {
    write: 'etcd3-partition-write',
    stepDown: 'etcd3-partition-step-down',
    heal: 'etcd3-partition-heal',
  }),
  partition('etcd3-nopv-partition-leader', false, {
    write: 'etcd3-nopv-partition-write',
    heal: 'etcd3-nopv-partition-heal',
  }),
];

export { agreedLeader };
