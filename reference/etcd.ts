/**
 * Real etcd members (3.4, /usr/bin/etcd) started by the harness, on loopback addresses
 * 127.13.R.i or each in its own network namespace on a bridge inside a hub namespace, with
 * the etcd v3 JSON gateway as the client (TCP on loopback, a unix socket in namespaces so
 * the harness reaches every member whatever the partition).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { httpCall, type Endpoint } from './http.ts';
import { addNetns, ipIn, nowMs, run, signal, sleep, start, stop, type Owned } from './procs.ts';

/** How the members are networked. */
export type EtcdNetwork =
  | { readonly kind: 'loopback'; readonly octet: number }
  /**
   * `clientNs`: one more namespace `<prefix>c` on the bridge (10.213.0.100) for a client, and
   * permanent neighbour entries in every namespace for every other address, so that cutting
   * a member off never ends in a failed ARP lookup (EHOSTUNREACH): the loss is silent.
   */
  | { readonly kind: 'netns'; readonly prefix: string; readonly clientNs?: boolean };

/** The client namespace's address on the bridge (netns with `clientNs`). */
export const CLIENT_IP = '10.213.0.100';

/** One member as started. */
export interface Member {
  readonly index: number;
  readonly name: string;
  readonly dir: string;
  readonly peerUrl: string;
  readonly clientUrl: string;
  /** How the harness reaches the member's client port. */
  readonly client: Endpoint;
  readonly netns: string | null;
  /** The hub-side end of the member's veth (netns mode): set it down to cut the member off. */
  readonly hubLink: string | null;
  proc: Owned | null;
  id: string;
}

/** A running cluster. */
export interface EtcdCluster {
  readonly members: Member[];
  readonly hub: string | null;
  /** `--pre-vote`: etcd 3.4 defaults to false, 3.5 and later to true (facts §1 assumes true). */
  readonly preVote: boolean;
}

const B64 = (s: string): string => Buffer.from(s).toString('base64');

/** Creates the namespaces and links of a netns cluster: hub with bridge, one ns per member (and the client's). */
function wireNetns(prefix: string, n: number, clientNs = false): string {
  const hub = `${prefix}hub`;
  addNetns(hub);
  ipIn(hub, 'link', 'add', 'br0', 'type', 'bridge');
  ipIn(hub, 'link', 'set', 'br0', 'up');
  for (let i = 0; i < n; i++) {
    const ns = `${prefix}e${i + 1}`;
    addNetns(ns);
    ipIn(hub, 'link', 'add', `ve${i + 1}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ipIn(hub, 'link', 'set', `ve${i + 1}`, 'master', 'br0', 'up');
    ipIn(ns, 'addr', 'add', `10.213.0.${i + 1}/24`, 'dev', 'eth0');
    ipIn(ns, 'link', 'set', 'eth0', 'up');
  }
  if (clientNs) {
    const ns = `${prefix}c`;
    addNetns(ns);
    ipIn(hub, 'link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ipIn(hub, 'link', 'set', 'vc', 'master', 'br0', 'up');
    ipIn(ns, 'addr', 'add', `${CLIENT_IP}/24`, 'dev', 'eth0');
    ipIn(ns, 'link', 'set', 'eth0', 'up');
    const hosts = [
      ...Array.from({ length: n }, (_, i) => ({ ns: `${prefix}e${i + 1}`, ip: `10.213.0.${i + 1}` })),
      { ns, ip: CLIENT_IP },
    ];
    const mac = (h: { ns: string }): string => {
      const m = /link\/ether ([0-9a-f:]{17})/.exec(ipIn(h.ns, 'link', 'show', 'eth0'));
      if (m === null) throw new Error(`no MAC on eth0 in ${h.ns}`);
      return m[1]!;
    };
    const macs = hosts.map(mac);
    for (const h of hosts) {
      for (const [j, o] of hosts.entries())
        if (o !== h) ipIn(h.ns, 'neigh', 'replace', o.ip, 'lladdr', macs[j]!, 'dev', 'eth0', 'nud', 'permanent');
    }
  }
  return hub;
}

/**
 * Starts an n-member cluster under `root` and waits until it has a leader. Timing flags
 * stay at their defaults (100 ms heartbeat, 1000 ms election timeout, as kubeadm leaves
 * them); `--pre-vote` is set explicitly, true unless asked otherwise.
 */
export async function startCluster(root: string, n: number, net: EtcdNetwork, preVote = true): Promise<EtcdCluster> {
  const hub = net.kind === 'netns' ? wireNetns(net.prefix, n, net.clientNs === true) : null;
  const members: Member[] = [];
  for (let i = 0; i < n; i++) {
    const name = `m${i + 1}`;
    const dir = join(root, `etcd-${n}-${name}`);
    mkdirSync(dir, { recursive: true });
    const ip = net.kind === 'loopback' ? `127.13.${net.octet}.${i + 1}` : `10.213.0.${i + 1}`;
    const client: Endpoint = net.kind === 'loopback' ? { host: ip, port: 2379 } : { socketPath: join(dir, 'client:0') };
    members.push({
      index: i,
      name,
      dir,
      peerUrl: `http://${ip}:2380`,
      clientUrl: `http://${ip}:2379`,
      client,
      netns: net.kind === 'netns' ? `${net.prefix}e${i + 1}` : null,
      hubLink: net.kind === 'netns' ? `ve${i + 1}` : null,
      proc: null,
      id: '',
    });
  }
  const cluster: EtcdCluster = { members, hub, preVote };
  for (const m of members) launch(cluster, m);
  await waitHealthy(cluster, 30_000);
  for (const m of members) m.id = (await status(m))?.memberId ?? '';
  return cluster;
}

/** Starts (or restarts, on its existing data dir) member m. */
export function launch(cluster: EtcdCluster, m: Member): void {
  const initial = cluster.members.map((x) => `${x.name}=${x.peerUrl}`).join(',');
  const listen = m.netns === null ? m.clientUrl : `unix://client:0,${m.clientUrl}`;
  // A SIGKILLed member leaves its unix socket behind; etcd would not bind it again.
  if (m.netns !== null) rmSync(join(m.dir, 'client:0'), { force: true });
  m.proc = start(
    `etcd ${m.name}`,
    [
      'etcd',
      '--name',
      m.name,
      '--data-dir',
      join(m.dir, 'data'),
      '--listen-client-urls',
      listen,
      '--advertise-client-urls',
      m.clientUrl,
      '--listen-peer-urls',
      m.peerUrl,
      '--initial-advertise-peer-urls',
      m.peerUrl,
      '--initial-cluster',
      initial,
      '--initial-cluster-state',
      'new',
      '--initial-cluster-token',
      'k8s-ha-sim-reference',
      `--pre-vote=${cluster.preVote}`,
    ],
    { cwd: m.dir, logFile: join(m.dir, 'etcd.log'), ...(m.netns === null ? {} : { netns: m.netns }) },
  );
}

/** SIGKILLs member m and waits until it is gone. */
export async function kill(m: Member): Promise<void> {
  if (m.proc !== null) await stop(m.proc);
  m.proc = null;
}

/** SIGSTOP / SIGCONT of member m. */
export function pause(m: Member, on: boolean): void {
  if (m.proc !== null) signal(m.proc, on ? 'SIGSTOP' : 'SIGCONT');
}

/** Cuts member m off the bridge (its veth down) or reconnects it. */
export function cut(cluster: EtcdCluster, m: Member, off: boolean): void {
  if (cluster.hub === null || m.hubLink === null) throw new Error('partitions need the netns network');
  ipIn(cluster.hub, 'link', 'set', m.hubLink, off ? 'down' : 'up');
}

/**
 * Black-holes member m silently, or ends that: its bridge port is set to STP state disabled
 * (0), so the bridge drops every frame from and to it without a word (no ICMP, no carrier
 * change on the member's side); with permanent neighbour entries no ARP lookup fails either.
 * State 3 (forwarding) restores it.
 */
export function blackHole(cluster: EtcdCluster, m: Member, on: boolean): void {
  if (cluster.hub === null || m.hubLink === null) throw new Error('black holes need the netns network');
  run(['ip', 'netns', 'exec', cluster.hub, 'bridge', 'link', 'set', 'dev', m.hubLink, 'state', on ? '0' : '3']);
}

/** The nftables table of {@link peerCut} (in the member's own namespace). */
const PEER_CUT_TABLE = 'k8srefpeercut';

/**
 * Cuts member m's etcd peer traffic silently, or ends that: nftables rules in the member's
 * own namespace drop every TCP segment to or from port 2380 in both directions (its own
 * peer listener and its connections to the others' listeners; no RST, no ICMP). Its client
 * port 2379 stays reachable: clients still reach a member that has lost its quorum.
 */
export function peerCut(m: Member, on: boolean): void {
  if (m.netns === null) throw new Error('peer cuts need the netns network');
  const nft = (...args: string[]): string => run(['ip', 'netns', 'exec', m.netns!, 'nft', ...args]);
  if (!on) {
    nft('delete', 'table', 'inet', PEER_CUT_TABLE);
    return;
  }
  nft('add', 'table', 'inet', PEER_CUT_TABLE);
  for (const [chain, hook] of [
    ['in', 'input'],
    ['out', 'output'],
  ] as const) {
    nft('add', 'chain', 'inet', PEER_CUT_TABLE, chain, `{ type filter hook ${hook} priority -10; policy accept; }`);
    for (const port of ['dport', 'sport'])
      nft('add', 'rule', 'inet', PEER_CUT_TABLE, chain, 'tcp', port, '2380', 'drop');
  }
}

/** One linearizable write through the JSON gateway; true when etcd acknowledged it. */
export async function put(ep: Endpoint, timeoutMs: number): Promise<{ ok: boolean; doneMs: number }> {
  const r = await httpCall(
    ep,
    'POST',
    '/v3/kv/put',
    JSON.stringify({ key: B64('reference/probe'), value: B64(String(nowMs())) }),
    timeoutMs,
  );
  return { ok: r.ok && !r.body.includes('"error"'), doneMs: r.doneMs };
}

/** One linearizable read (what kube-apiserver's etcd health check does). */
export async function linearizableGet(ep: Endpoint, timeoutMs: number): Promise<boolean> {
  const r = await httpCall(ep, 'POST', '/v3/kv/range', JSON.stringify({ key: B64('/registry/health') }), timeoutMs);
  return r.ok && r.body.includes('"header"') && !r.body.includes('"error"');
}

/** A member's own view: its id and the leader it follows ('0' = none). */
export async function status(
  m: Member,
  timeoutMs = 500,
): Promise<{ memberId: string; leader: string; doneMs: number } | null> {
  const r = await httpCall(m.client, 'POST', '/v3/maintenance/status', '{}', timeoutMs);
  if (!r.ok) return null;
  try {
    const j = JSON.parse(r.body) as { header?: { member_id?: string }; leader?: string };
    return { memberId: j.header?.member_id ?? '', leader: j.leader ?? '0', doneMs: r.doneMs };
  } catch {
    return null;
  }
}

/** Whether m, asked itself, says it is the leader (checked just before a fault). */
export async function isLeader(m: Member): Promise<boolean> {
  const s = await status(m, 300);
  return s !== null && s.leader === s.memberId && s.memberId !== '';
}

/** The member every running member names as leader, or null while they disagree. */
export async function agreedLeader(cluster: EtcdCluster): Promise<Member | null> {
  const views = await Promise.all(cluster.members.map((m) => status(m)));
  const leader = views[0]?.leader;
  if (leader === undefined || leader === '0' || !views.every((v) => v !== null && v.leader === leader)) return null;
  return cluster.members.find((m) => m.id === leader || views[m.index]?.memberId === leader) ?? null;
}

/** Waits until every member is up, agrees on a leader, and a write succeeds. */
export async function waitHealthy(cluster: EtcdCluster, limitMs: number): Promise<Member> {
  const until = nowMs() + limitMs;
  while (nowMs() < until) {
    const leader = await agreedLeader(cluster);
    if (leader !== null && (await put(leader.client, 1000)).ok) return leader;
    await sleep(100);
  }
  throw new Error(
    `etcd cluster of ${cluster.members.length} not healthy within ${limitMs} ms (logs under ${cluster.members[0]?.dir})`,
  );
}

/** Stops every member and leaves the data on disk (the run's temp dir is removed later). */
export async function stopCluster(cluster: EtcdCluster): Promise<void> {
  await Promise.all(cluster.members.map((m) => kill(m)));
}
