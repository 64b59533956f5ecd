/**
 * haproxy experiments: three stand-in apiservers (each reading its local etcd member of a
 * real 3-member cluster) behind real haproxy. In one trial two independent faults run on
 * two backends: cp-2's local etcd member is SIGKILLed (restarted 8 s later), and cp-3's
 * /healthz is forced to fail (healed 8 s later). Removal is the time from the fault to the
 * stats socket showing the server DOWN; return is the time from the repair to it showing UP.
 */
import { mkdirSync } from 'node:fs';
import { startHelper } from './children.ts';
import { httpCall } from './http.ts';
import { kill, launch, startCluster, stopCluster, waitHealthy, type EtcdCluster, type Member } from './etcd.ts';
import type { Experiment } from './experiment.ts';
import { serverStates, startHaproxy } from './haproxy.ts';
import { waitFor } from './probes.ts';
import { nowMs, signal, sleep, stop, type Owned } from './procs.ts';

/** How long each fault lasts (the reference scenarios say `for: 8s`). */
export const LB_FAULT_MS = 8000;
const POLL_MS = 20;

interface HaproxyEnv {
  readonly etcd: EtcdCluster;
  readonly standins: Owned[];
  readonly addrs: { host: string; port: number }[];
  readonly haproxy: Owned;
  readonly socket: string;
}

/** Polls the stats socket until `srv` satisfies `ok`; returns the time it was seen, or null. */
async function watchState(
  socket: string,
  srv: string,
  ok: (s: string) => boolean,
  limitMs: number,
): Promise<number | null> {
  const until = nowMs() + limitMs;
  while (nowMs() < until) {
    const st = (await serverStates(socket)).get(srv);
    if (st !== undefined && ok(st)) return nowMs();
    await sleep(POLL_MS);
  }
  return null;
}

const isDown = (s: string): boolean => s.startsWith('DOWN');
const isUp = (s: string): boolean => s === 'UP';

async function allUp(socket: string, limitMs: number): Promise<boolean> {
  let states = new Map<string, string>();
  return waitFor(() => {
    void serverStates(socket).then((s) => (states = s));
    return states.size === 3 && [...states.values()].every(isUp);
  }, limitMs);
}

/** One fault on one backend: returns { removal, return } in seconds (either may be missing). */
async function faultAndRepair(
  env: HaproxyEnv,
  srv: string,
  inject: () => void,
  repair: () => void,
): Promise<{ removal?: number; back?: number }> {
  const f = nowMs();
  inject();
  const down = await watchState(env.socket, srv, isDown, LB_FAULT_MS + 4000);
  await sleep(Math.max(0, f + LB_FAULT_MS - nowMs(), down === null ? 0 : down + 300 - nowMs()));
  const r = nowMs();
  repair();
  const up = await watchState(env.socket, srv, isUp, 20_000);
  return {
    ...(down === null ? {} : { removal: (down - f) / 1000 }),
    ...(up === null ? {} : { back: (up - r) / 1000 }),
  };
}

/** The experiment. */
export const HAPROXY_EXPERIMENT: Experiment<HaproxyEnv> = {
  name: 'haproxy',
  needsNetns: false,
  async setup(ctx) {
    const dir = `${ctx.root}/haproxy`;
    mkdirSync(dir, { recursive: true });
    const etcd = await startCluster(dir, 3, { kind: 'loopback', octet: ctx.octet });
    const addrs = etcd.members.map((_, i) => ({ host: `127.13.${ctx.octet}.${11 + i}`, port: 6443 }));
    const standins = await Promise.all(
      etcd.members.map((m, i) =>
        startHelper(`stand-in cp-${i + 1}`, 'standin-apiserver.ts', [
          `cp-${i + 1}`,
          `${addrs[i]!.host}:6443`,
          'local',
          m.clientUrl,
        ]),
      ),
    );
    const backends = addrs.map((a, i) => ({ name: `cp-${i + 1}`, ...a }));
    const { proc, socket } = startHaproxy(dir, { host: `127.13.${ctx.octet}.10`, port: 6443 }, backends);
    const env: HaproxyEnv = { etcd, standins, addrs, haproxy: proc, socket };
    if (!(await allUp(socket, 20_000)))
      throw new Error(`haproxy backends not all UP within 20 s (log: ${dir}/haproxy.log)`);
    return env;
  },
  async trial(env) {
    const leader = await waitHealthy(env.etcd, 30_000);
    // cp-2 loses its local member: pick a follower's backend so no election muddles it.
    const followers = env.etcd.members.filter((m) => m !== leader);
    const victim: Member = followers[0]!;
    const other = env.etcd.members.find((m) => m !== victim && m !== leader) ?? followers[1]!;
    const etcdSrv = `cp-${victim.index + 1}`;
    const hzSrv = `cp-${other.index + 1}`;
    const hz = (fail: boolean): void =>
      void httpCall(env.addrs[other.index]!, 'POST', `/fault/healthz?fail=${fail ? 1 : 0}`, null, 1000);
    await sleep(Math.random() * 2000);
    const [a, b] = await Promise.all([
      faultAndRepair(
        env,
        etcdSrv,
        () => victim.proc !== null && signal(victim.proc, 'SIGKILL'),
        () => {
          void kill(victim).then(() => launch(env.etcd, victim));
        },
      ),
      (async () => {
        await sleep(Math.random() * 1000);
        return faultAndRepair(
          env,
          hzSrv,
          () => hz(true),
          () => hz(false),
        );
      })(),
    ]);
    await waitHealthy(env.etcd, 30_000);
    await allUp(env.socket, 20_000);
    const out: Record<string, number> = {};
    if (a.removal !== undefined) out['haproxy-local-etcd-down-removal'] = a.removal;
    if (a.back !== undefined) out['haproxy-local-etcd-down-return'] = a.back;
    if (b.removal !== undefined) out['haproxy-healthz-fail-removal'] = b.removal;
    if (b.back !== undefined) out['haproxy-healthz-fail-return'] = b.back;
    return out;
  },
  async teardown(env) {
    await stop(env.haproxy);
    await Promise.all(env.standins.map((p) => stop(p)));
    await stopCluster(env.etcd);
  },
};
