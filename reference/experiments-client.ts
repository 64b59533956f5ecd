/**
 * The etcd client as kube-apiserver runs it: refclient (reference/go/refclient, clientv3
 * 3.4 from Debian's golang-etcd-server-dev, built here offline in GOPATH mode) in its own
 * network namespace under open-loop load (100 req/s, half gets, half puts, 60 s timeout
 * each) against 3 etcd 3.4 members, each in its own namespace on one bridge. Faults: a
 * silently black-holed follower or leader (bridge port disabled, permanent neighbour
 * entries: no ICMP, no ARP failure), a SIGSTOPped follower, a SIGKILLed follower.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  clientImpact,
  peerCutImpact,
  type ClientImpact,
  type ClientLine,
  type PeerCutImpact,
} from './client-analysis.ts';
import {
  blackHole,
  isLeader,
  kill,
  launch,
  pause,
  peerCut,
  startCluster,
  status,
  stopCluster,
  waitHealthy,
  type EtcdCluster,
  type Member,
} from './etcd.ts';
import { PEER_CUT_S } from './cases.ts';
import type { Experiment, ExperimentContext } from './experiment.ts';
import { waitFor } from './probes.ts';
import { nowMs, signal, sleep, start, stop } from './procs.ts';

const REPO = join(new URL('.', import.meta.url).pathname, '..');
const SOURCE = join(REPO, 'reference', 'go', 'refclient');
const GOPATH = '/usr/share/gocode';

/** Why the Go cases cannot run here (Go or the etcd client sources missing), or null. */
export function goMissing(): string | null {
  if (spawnSync('sh', ['-c', 'command -v go']).status !== 0)
    return 'Go not installed (apt-get ' + 'install -y golang-go golang-etcd-server-dev)';
  if (!existsSync(join(GOPATH, 'src', 'go.etcd.io', 'etcd', 'clientv3')))
    return `etcd client sources missing ` + `under ${GOPATH} (apt-get install -y golang-etcd-server-dev)`;
  return null;
}

let built: Promise<string> | null = null;

/**
 * Builds refclient once per run into a cache keyed by the source and the Go version
 * (~/.cache/k8s-ha-sim/, or $XDG_CACHE_HOME), offline: GO111MODULE=off against Debian's
 * /usr/share/gocode, so no module proxy is asked. Resolves to the binary's path.
 */
export function buildClient(log: (line: string) => void): Promise<string> {
  built ??= (async () => {
    const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim();
    const hash = createHash('sha256')
      .update(readFileSync(join(SOURCE, 'main.go')))
      .update(goVersion)
      .digest('hex')
      .slice(0, 16);
    const cache = join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'k8s-ha-sim');
    const bin = join(cache, `refclient-${hash}`);
    if (existsSync(bin)) return bin;
    mkdirSync(cache, { recursive: true });
    log(`building refclient (${goVersion}) into ${bin}`);
    const t0 = nowMs();
    const p = start('go build refclient', ['go', 'build', '-o', `${bin}.tmp`, '.'], {
      cwd: SOURCE,
      logFile: join(cache, 'refclient-build.log'),
      env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOPROXY: 'off', GOCACHE: join(cache, 'gocache') },
    });
    await p.exited;
    if (p.child.exitCode !== 0)
      throw new Error(
        `go build of reference/go/refclient failed (exit ` +
          `${p.child.exitCode}); see ${join(cache, 'refclient-build.log')}`,
      );
    renameSync(`${bin}.tmp`, bin);
    log(`refclient built in ${((nowMs() - t0) / 1000).toFixed(0)} s`);
    return bin;
  })();
  return built;
}

/**
 * Share of the load requests that are puts (the rest are linearizable gets). The model
 * assumes the same mix for the hung requests (API_WRITE_SHARE: hung writes fail, hung
 * reads succeed late); a test checks the two agree, so the failed shares compare.
 */
export const PUT_SHARE = 0.5;

/** Seconds of load before the fault (every connection up and warm). */
const PRE_S = 3;

/** `peercut`: only the member's etcd peer traffic (tcp 2380) dropped; clients still reach it. */
type ClientFault = 'blackhole' | 'stop' | 'kill' | 'peercut';

/** Every measured trial of the client experiments, in full (the report's `clientTrials`). */
export interface ClientTrial extends ClientImpact {
  readonly experiment: string;
  /** Leader faults: seconds from the fault until a survivor named a new leader. */
  readonly electionS?: number;
  /** Peer-cut faults: the requests during the cut and after the heal. */
  readonly peerCut?: PeerCutImpact;
  readonly trial: number;
  readonly loadavg1: number;
}
export const CLIENT_TRIALS: ClientTrial[] = [];

/** Where every client trial's raw lines go (`--keep-client-lines DIR`), or null: not kept. */
let keepDir: string | null = null;
export function keepClientLines(dir: string | null): void {
  keepDir = dir;
  if (dir !== null) mkdirSync(dir, { recursive: true });
}

/**
 * Polls the members other than `victim` every 20 ms (their unix sockets reach them whatever
 * the fault) until one names a leader other than the victim; resolves with that moment
 * (Unix ms), or null after `limitMs`.
 */
async function newLeaderAt(c: EtcdCluster, victim: Member, limitMs: number): Promise<number | null> {
  const until = nowMs() + limitMs;
  const others = c.members.filter((m) => m !== victim);
  while (nowMs() < until) {
    const views = await Promise.all(others.map((m) => status(m, 200)));
    if (views.some((v) => v !== null && v.leader !== '0' && v.leader !== victim.id && v.leader !== '')) return nowMs();
    await sleep(20);
  }
  return null;
}

interface Env {
  readonly cluster: EtcdCluster;
  readonly bin: string;
  readonly clientNs: string;
  readonly dir: string;
  trials: number;
}

const addr = (m: Member): string => m.clientUrl.replace(/^http:\/\//, '');

/** Starts refclient for `seconds` of load and resolves with its lines once it has exited. */
async function runClient(env: Env, seconds: number, onReady: () => Promise<void>): Promise<ClientLine[]> {
  const lines: ClientLine[] = [];
  const p = start(
    'refclient',
    [
      env.bin,
      '--endpoints',
      env.cluster.members.map((m) => m.clientUrl).join(','),
      '--rate',
      '100',
      '--put-share',
      String(PUT_SHARE),
      '--timeout',
      '60s',
      '--probe-every',
      '1s',
      '--probe-timeout',
      '2s',
      '--duration',
      `${seconds}s`,
    ],
    {
      netns: env.clientNs,
      cwd: env.dir,
      logFile: join(env.dir, 'refclient.log'),
      onLine: (text) => {
        try {
          lines.push(JSON.parse(text) as ClientLine);
        } catch {
          // A stray line; the log file has it.
        }
      },
    },
  );
  // 'close', not 'exit': the last lines of stdout may still be on their way at exit.
  const closed = new Promise<void>((resolve) => p.child.once('close', () => resolve()));
  try {
    if (!(await waitFor(() => lines.some((l) => l.ev === 'ready'), 25_000)))
      throw new Error(`refclient not connected ` + `within 25 s (log ${join(env.dir, 'refclient.log')})`);
    await onReady();
    // The load ends after `seconds`; requests in flight end within their 60 s timeout.
    await Promise.race([closed, sleep((seconds + 75) * 1000)]);
    if (!lines.some((l) => l.ev === 'done'))
      throw new Error(`refclient did not finish within ` + `${seconds + 75} s (log ${join(env.dir, 'refclient.log')})`);
    return lines;
  } finally {
    await stop(p);
  }
}

/**
 * One client experiment: `fault` hits the leader or a follower after 3 s of load; the load
 * goes on `afterS` seconds past the fault; the fault is undone once the client has finished,
 * or `healS` seconds after the fault when given (the load then sees the heal too).
 */
function clientExperiment(
  name: string,
  letter: string,
  who: 'leader' | 'follower',
  fault: ClientFault,
  afterS: number,
  healS?: number,
): Experiment<Env> {
  return {
    name,
    needsNetns: true,
    needsGo: true,
    maxTrials: { quick: 1, full: 8 },
    async setup(ctx: ExperimentContext) {
      const bin = await buildClient(ctx.log);
      const prefix = `${ctx.prefix}g${letter}`;
      const dir = join(ctx.root, name);
      const cluster = await startCluster(dir, 3, { kind: 'netns', prefix, clientNs: true }, true);
      return { cluster, bin, clientNs: `${prefix}c`, dir, trials: 0 };
    },
    async trial(env, ctx) {
      const c = env.cluster;
      const leader = await waitHealthy(c, 30_000);
      const victim = who === 'leader' ? leader : c.members.find((m) => m !== leader)!;
      let faultMs = 0;
      let electedMs: number | null = null;
      let healMs: number | null = null;
      let discarded: string | null = null;
      const lines = await runClient(env, PRE_S + afterS, async () => {
        await sleep(PRE_S * 1000 + Math.random() * 500);
        if ((await isLeader(victim)) !== (who === 'leader')) {
          discarded = 'leadership moved before the fault';
          return;
        }
        faultMs = nowMs();
        if (fault === 'blackhole') blackHole(c, victim, true);
        else if (fault === 'stop') pause(victim, true);
        else if (fault === 'peercut') peerCut(victim, true);
        else if (victim.proc !== null) signal(victim.proc, 'SIGKILL');
        if (who === 'leader') electedMs = await newLeaderAt(c, victim, 10_000);
        if (healS !== undefined) {
          await sleep(Math.max(0, faultMs + healS * 1000 - nowMs()));
          healMs = nowMs();
          if (fault === 'peercut') peerCut(victim, false);
        }
      }).catch((err: unknown) => {
        // One client run gone wrong (not connected, not finished) costs the trial, not the experiment.
        discarded = err instanceof Error ? err.message : String(err);
        return [];
      });
      if (fault === 'peercut') {
        if (faultMs > 0 && healMs === null) peerCut(victim, false);
      } else if (fault === 'blackhole') blackHole(c, victim, false);
      else if (fault === 'stop') pause(victim, false);
      else {
        await kill(victim);
        launch(c, victim);
      }
      await waitHealthy(c, 30_000);
      await sleep(500);
      if (discarded !== null) {
        ctx.log(`${name}: ${discarded}; trial discarded`);
        return {};
      }
      const m = clientImpact(lines, faultMs, addr(victim));
      const cut = healMs === null ? null : peerCutImpact(lines, faultMs, healMs, addr(victim));
      env.trials += 1;
      if (keepDir !== null)
        writeFileSync(
          join(keepDir, `${name}-${env.trials}.json`),
          JSON.stringify({ name, faultMs, electedMs, healMs, victim: addr(victim), victimId: victim.id, lines }),
        );
      CLIENT_TRIALS.push({
        experiment: name,
        trial: env.trials,
        loadavg1: Math.round(loadavg()[0]! * 100) / 100,
        ...m,
        ...(electedMs === null ? {} : { electionS: Math.round(electedMs - faultMs) / 1000 }),
        ...(cut === null ? {} : { peerCut: cut }),
      });
      ctx.log(
        `${name}: ${m.requests} requests in ${m.windowS} s; hang ${m.hangS} s, affected ` +
          `${m.affectedShare}, hung ${m.hungShare} (on the victim ${m.hungOnVictimShare}), failed ` +
          `${m.failedShare} (${m.failedWrites}/${m.writes} writes, ${m.failedReads} reads), hung latency p50 ` +
          `${m.hungLatencyP50S} s max ${m.hungLatencyMaxS} s, probe failures in a row ` +
          `${m.probeMaxConsecutiveFailures}, unreachable errors ${m.unreachableErrors}, baseline p99 ` +
          `${m.baselineP99S} s`,
      );
      if (cut !== null)
        ctx.log(
          `${name}: during the cut failed ${cut.failedShare} (puts ${cut.failedPutShare}, gets ` +
            `${cut.failedGetShare}), steady ${cut.steadyFailedShare}, late ${cut.lateShare}; failure latency p50 ` +
            `${cut.failLatencyP50S} s; probes failed ${cut.probeFailed}/${cut.probes}, runs >= 3: ` +
            `${cut.probeRunsOf3}; after the heal failed ${cut.afterHealFailed}, last bad ${cut.healTailS} s`,
        );
      if ((fault === 'blackhole' || fault === 'peercut') && m.unreachableErrors > 0)
        throw new Error(`${name}: the black hole was ` + `not silent (${m.unreachableErrors} "unreachable" errors)`);
      return {
        [`${name}-hang`]: m.hangS,
        [`${name}-share`]: m.affectedShare,
        [`${name}-failed`]: m.failedShare,
        [`${name}-probe-out`]: m.probeOut,
      };
    },
    async teardown(env) {
      await stopCluster(env.cluster);
    },
  };
}

/** Every client experiment (case names are `<experiment>-hang|share|failed|probe-out`). */
export const CLIENT_EXPERIMENTS: readonly Experiment<Env>[] = [
  clientExperiment('client-blackhole-follower', 'f', 'follower', 'blackhole', 20),
  clientExperiment('client-blackhole-leader', 'l', 'leader', 'blackhole', 20),
  clientExperiment('client-sigstop-follower', 's', 'follower', 'stop', 50),
  clientExperiment('client-sigkill-follower', 'k', 'follower', 'kill', 10),
  // Peer traffic of a follower cut for 20 s; the load goes on 5 s past the heal.
  clientExperiment('client-peercut-follower', 'p', 'follower', 'peercut', PEER_CUT_S + 5, PEER_CUT_S),
  clientExperiment('client-peercut-leader', 'q', 'leader', 'peercut', PEER_CUT_S + 5, PEER_CUT_S),
];
