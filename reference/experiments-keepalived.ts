/**
 * keepalived experiment: two load-balancer hosts lb1 (MASTER, 101) and lb2 (BACKUP, 100)
 * share the VIP 10.213.1.100 on a bridge; each runs an HTTP echo of its name on :8080. A
 * client in a third namespace GETs http://VIP:8080/ every 20 ms. The holder's host goes
 * down (its link is set down on the hub side) for 8 s: the VIP move is the time from the
 * link going down to the first answer from lb2; the return is the time from the link coming
 * back to the first answer from lb1.
 */
import { mkdirSync } from 'node:fs';
import { startHelper } from './children.ts';
import type { Experiment } from './experiment.ts';
import { keepalivedConfig, startKeepalived } from './keepalived.ts';
import { addNetns, ipIn, nowMs, sleep, stop, type Owned } from './procs.ts';
import { waitFor } from './probes.ts';

const VIP = '10.213.1.100';
/** How long the holder stays down (the scenario says `for: 8s`). */
export const VIP_FAULT_MS = 8000;

interface Answer {
  readonly s: number;
  readonly d: number;
  readonly v: string | null;
}

interface VipEnv {
  readonly hub: string;
  readonly procs: Owned[];
  readonly answers: Answer[];
}

/** Hub with a bridge; lb1, lb2 and cli namespaces wired to it. */
function wire(prefix: string): string {
  const hub = `${prefix}vhub`;
  addNetns(hub);
  ipIn(hub, 'link', 'add', 'br0', 'type', 'bridge');
  ipIn(hub, 'link', 'set', 'br0', 'up');
  const hosts: [string, string][] = [
    ['lb1', '10.213.1.1/24'],
    ['lb2', '10.213.1.2/24'],
    ['cli', '10.213.1.50/24'],
  ];
  for (const [name, addr] of hosts) {
    const ns = `${prefix}${name}`;
    addNetns(ns);
    ipIn(hub, 'link', 'add', `v${name}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ipIn(hub, 'link', 'set', `v${name}`, 'master', 'br0', 'up');
    ipIn(ns, 'addr', 'add', addr, 'dev', 'eth0');
    ipIn(ns, 'link', 'set', 'eth0', 'up');
  }
  return hub;
}

/** The first answer from `who` to a request sent at or after `fromMs` (its arrival time). */
function firstFrom(answers: readonly Answer[], fromMs: number, who: string): number | null {
  let best: number | null = null;
  for (const a of answers) if (a.s >= fromMs && a.v === who && (best === null || a.d < best)) best = a.d;
  return best;
}

/** Whether the last few answers all came from `who` (the VIP has settled there). */
function settledOn(answers: readonly Answer[], who: string): boolean {
  const tail = answers.slice(-10);
  return tail.length === 10 && tail.every((a) => a.v === who);
}

/** The experiment. */
export const KEEPALIVED_EXPERIMENT: Experiment<VipEnv> = {
  name: 'keepalived-holder-down',
  needsNetns: true,
  async setup(ctx) {
    const hub = wire(ctx.prefix);
    const procs: Owned[] = [];
    const answers: Answer[] = [];
    for (const [name, state, prio] of [
      ['lb1', 'MASTER', 101],
      ['lb2', 'BACKUP', 100],
    ] as const) {
      const dir = `${ctx.root}/keepalived-${name}`;
      mkdirSync(dir, { recursive: true });
      procs.push(
        await startHelper(`echo ${name}`, 'agent.ts', ['echo', name, '8080'], { netns: `${ctx.prefix}${name}` }),
      );
      procs.push(
        startKeepalived(dir, `${ctx.prefix}${name}`, keepalivedConfig(name.toUpperCase(), state, prio, `${VIP}/24`)),
      );
    }
    procs.push(
      await startHelper('vip probe', 'agent.ts', ['probe', `http://${VIP}:8080/`, '20', '200'], {
        netns: `${ctx.prefix}cli`,
        onLine: (line) => {
          if (line.startsWith('{')) answers.push(JSON.parse(line) as Answer);
        },
      }),
    );
    if (!(await waitFor(() => settledOn(answers, 'lb1'), 30_000)))
      throw new Error(`the VIP did not settle on ` + `lb1 within 30 s (logs: ${ctx.root}/keepalived-lb1)`);
    return { hub, procs, answers };
  },
  async trial(env) {
    await sleep(500 + Math.random() * 1000);
    const f = nowMs();
    ipIn(env.hub, 'link', 'set', 'vlb1', 'down');
    await waitFor(() => firstFrom(env.answers, f, 'lb2') !== null, VIP_FAULT_MS);
    const moved = firstFrom(env.answers, f, 'lb2');
    await sleep(Math.max(0, f + VIP_FAULT_MS - nowMs()));
    const r = nowMs();
    ipIn(env.hub, 'link', 'set', 'vlb1', 'up');
    await waitFor(() => firstFrom(env.answers, r, 'lb1') !== null && settledOn(env.answers, 'lb1'), 20_000);
    const back = firstFrom(env.answers, r, 'lb1');
    env.answers.splice(0, env.answers.length - 20);
    const out: Record<string, number> = {};
    if (moved !== null) out['keepalived-holder-down'] = (moved - f) / 1000;
    if (back !== null) out['keepalived-holder-return'] = (back - r) / 1000;
    return out;
  },
  async teardown(env) {
    await Promise.all(env.procs.map((p) => stop(p)));
  },
};
