/**
 * The operational processes of `operations:` (docs/scenario-format.md, facts §8), driving the model only
 * through FaultHost: down causes, partitions, and a few operational hooks (graceful etcd
 * stop, leader step-down, write and API blocks, the upgrade health gate).
 *
 * - Upgrades: a cycle is due every `every` (first due at a uniform phase unless `at`),
 *   starts at a uniform time in the window, and takes the hosts one at a time. In-place:
 *   the host is down for perHost; a leader's etcd hands leadership over first (graceful
 *   stop: no election). Surge: a new host joins before the old one leaves, so nothing
 *   goes down; only a leader hand-over happens. After perHost the upgrade fails with
 *   `failure.probability`: in-place, the host stays down for `repair`; surge, the new
 *   host is discarded (nothing is lost). With `healthGate`, a host starts only when
 *   every upgraded host is back, apiservers ready and etcd led (checked every gateRetry);
 *   without it the next host starts `gap` after the previous one finished, whatever the
 *   state. A completed cycle renews the certificates. A cycle due while one runs is skipped.
 * - Changes: bad changes every Exp(every) from the end of the last one (an alternating
 *   renewal process) and at the scripted times; all-at-once takes every instance of the
 *   component down for detect + rollback (common mode), health-gated only the first one.
 * - Certificates: expire `validity` after the last renewal; then every apiserver is down
 *   until the manual renewal, which starts a new validity period.
 * - etcd space: NOSPACE after the fill time (from the last recovery) and at scripted
 *   times: writes stop cluster-wide (etcd SLI), reads and readiness go on, until recovery.
 * - Slow disk: for an episode the leader steps down every electionsEvery (leader churn).
 * - Defrag: every `every` a pass blocks one member at a time for perMember (down like a crash).
 * - Partitions: every Exp(every) one uniformly chosen zone (or host) is cut off for `duration`.
 * - Region: every zone and the cloud LB go down together (alternating ttf / ttr).
 * - Dependencies: while one is down, clients cannot reach the API (api SLI down).
 *
 * Each process draws from its own stream (`ops/<process>`), so adding one process does
 * not shift another's draws. Operational events are rare (tens a year): their payloads
 * are allocated when scheduled.
 */
import type { Distribution } from '../engine/distributions.ts';
import { compileSampler, type RandomStream, type Sampler, type StreamFactory } from '../engine/index.ts';
import type { ResolvedOperations } from '../scenario/operations-types.ts';
import type { Scenario } from '../scenario/types.ts';
import { CLOUD_LB_ID, componentLabel, hostId, processId, zoneId } from '../scenario/components.ts';
import { formatDuration } from '../units/format.ts';
import type { OperationTimer } from './events.ts';
import type { FaultHost } from './fault-host.ts';
import { assertNever } from '../engine/assert-never.ts';

/** Per-replication state of every operational process. */
export class Operations {
  private readonly ops: ResolvedOperations;
  private readonly scenario: Scenario;
  private readonly streams: StreamFactory;
  private readonly rng = new Map<string, RandomStream>();
  private readonly samplers = new Map<Distribution, Sampler>();
  /** Component numbers, filled at start. */
  private upgradeHosts: number[] = [];
  private changeTargets: number[] = [];
  private apiservers: number[] = [];
  private members: number[] = [];
  private regionComps: number[] = [];
  private upgrading = false;
  /** The step whose health gate was last found closed (narrated once), or -1. */
  private gateHeld = -1;
  private certGen = 0;
  private certExpired = false;
  private slowUntilMs = -1;
  /** Due time of the first upgrade cycle (-1 without upgrades). */
  private firstDueMs = -1;

  constructor(scenario: Scenario, ops: ResolvedOperations, streams: StreamFactory) {
    this.scenario = scenario;
    this.ops = ops;
    this.streams = streams;
  }

  private stream(name: string): RandomStream {
    let s = this.rng.get(name);
    if (s === undefined) {
      s = this.streams.stream(`ops/${name}`);
      this.rng.set(name, s);
    }
    return s;
  }

  private draw(d: Distribution, stream: string): number {
    let f = this.samplers.get(d);
    if (f === undefined) {
      f = compileSampler(d);
      this.samplers.set(d, f);
    }
    return f(this.stream(stream));
  }

  private at(host: FaultHost, delayMs: number, op: OperationTimer, arg = 0): void {
    host.scheduleFault(Math.max(0, delayMs), { kind: 'operation', op, arg });
  }

  /** Looks up the components and schedules every process's first event. */
  start(host: FaultHost): void {
    const o = this.ops;
    const topo = this.scenario.topology;
    const comp = (id: string): number => {
      const c = host.componentOf(id);
      if (c === undefined) throw new Error(`operations: unknown component ${id}`);
      return c;
    };
    const runs = (k: 'apiserver' | 'etcd') =>
      topo.hosts.filter((h) => h.runs.includes(k)).map((h) => comp(processId(k, h.name)));
    this.apiservers = runs('apiserver');
    this.members = runs('etcd');
    this.regionComps = topo.zones.map((z) => comp(zoneId(z)));
    if (topo.loadBalancer.kind === 'cloud') this.regionComps.push(comp(CLOUD_LB_ID));
    if (o.upgrades) {
      const u = o.upgrades;
      this.upgradeHosts = u.hosts.map((h) => comp(hostId(h)));
      this.firstDueMs = u.firstAtMs ?? this.stream('upgrades').next() * u.everyMs;
      this.at(host, this.firstDueMs, 'upgrade-due');
    }
    if (o.changes) this.startChanges(host, o.changes, comp);
    if (o.certificates) this.startCertificates(host);
    if (o.etcdSpace) {
      const e = o.etcdSpace;
      if (e.fill) this.at(host, this.draw(e.fill, 'etcd-space'), 'nospace', 1);
      for (const t of e.atMs) this.at(host, t, 'nospace', 0);
    }
    if (o.slowDisk) {
      const s = o.slowDisk;
      if (s.everyMs !== null) this.at(host, this.exp(s.everyMs, 'slow-disk'), 'slow-disk', 1);
      for (const t of s.atMs) this.at(host, t, 'slow-disk', 0);
    }
    if (o.defrag) this.at(host, o.defrag.firstAtMs ?? this.stream('defrag').next() * o.defrag.everyMs, 'defrag-due');
    if (o.partitions) this.at(host, this.exp(o.partitions.everyMs, 'partitions'), 'partition');
    if (o.region) this.at(host, this.draw(o.region.ttf, 'region'), 'region-down');
    o.dependencies.forEach((d, i) =>
      this.at(host, this.draw(d.failure.ttf, `dependency/${d.name}`), 'dependency-down', i),
    );
  }

  private startChanges(
    host: FaultHost,
    c: NonNullable<ResolvedOperations['changes']>,
    comp: (id: string) => number,
  ): void {
    const topo = this.scenario.topology;
    const all =
      c.component === 'load-balancer'
        ? topo.loadBalancer.instances.map(comp)
        : c.component === 'etcd'
          ? this.members
          : this.apiservers;
    this.changeTargets = c.rollout === 'all-at-once' ? [...all] : all.slice(0, 1);
    if (c.everyMs !== null) this.at(host, this.exp(c.everyMs, 'changes'), 'change', 1);
    for (const t of c.atMs) this.at(host, t, 'change', 0);
  }

  private startCertificates(host: FaultHost): void {
    const cert = this.ops.certificates!;
    let age = cert.ageMs;
    if (age === null) {
      // Steady state: renewed by the cycle before the first one (`every` before its due
      // time), or at a uniform time in the last validity period without upgrades.
      const u = this.ops.upgrades;
      if (cert.renewal === 'upgrades' && u !== null) age = u.firstAtMs === null ? u.everyMs - this.firstDueMs : 0;
      else age = this.stream('certificates').next() * cert.validityMs;
    }
    this.at(host, cert.validityMs - age, 'cert-expiry', this.certGen);
  }

  private exp(meanMs: number, stream: string): number {
    return -meanMs * Math.log(1 - this.stream(stream).next());
  }

  /** Handles one operational timer. */
  handle(host: FaultHost, op: OperationTimer, arg: number): void {
    switch (op) {
      case 'upgrade-due':
      case 'upgrade-start':
      case 'upgrade-host':
      case 'upgrade-host-done':
      case 'upgrade-repaired':
        this.upgrade(host, op, arg);
        return;
      case 'change':
      case 'change-end':
        this.change(host, op, arg);
        return;
      case 'cert-expiry':
      case 'cert-renewed':
        this.certificate(host, op, arg);
        return;
      case 'nospace':
      case 'nospace-end':
        this.nospace(host, op, arg);
        return;
      case 'slow-disk':
      case 'slow-disk-churn':
      case 'slow-disk-end':
        this.slowDisk(host, op, arg);
        return;
      case 'defrag-due':
      case 'defrag-member':
      case 'defrag-member-done':
        this.defrag(host, op, arg);
        return;
      case 'partition':
      case 'partition-heal':
        this.partition(host, op);
        return;
      case 'region-down':
      case 'region-up':
        this.region(host, op);
        return;
      case 'dependency-down':
      case 'dependency-up':
        this.dependency(host, op, arg);
        return;
      default:
        assertNever(op, 'operation timer');
    }
  }

  private upgrade(host: FaultHost, op: OperationTimer, step: number): void {
    const u = this.ops.upgrades!;
    const hosts = u.hosts;
    const name = hosts[step] ?? '';
    const comp = this.upgradeHosts[step] ?? -1;
    const pos = `${step + 1}/${hosts.length}`;
    switch (op) {
      case 'upgrade-due':
        this.at(host, u.everyMs, 'upgrade-due');
        if (this.upgrading) {
          if (host.tracing)
            host.narrate('upgrade-skipped', '', 'upgrade cycle due, but the previous one has not finished: skipped');
          return;
        }
        this.upgrading = true;
        this.at(host, u.windowMs > 0 ? this.stream('upgrades').next() * u.windowMs : 0, 'upgrade-start');
        return;
      case 'upgrade-start':
        if (host.tracing)
          host.narrate(
            'upgrade-start',
            '',
            `control-plane upgrade starts ` +
              `(${u.policy}${u.healthGate ? ', health-gated' : ''}): ${hosts.join(', ')}`,
          );
        if (hosts.length === 0) this.finishCycle(host);
        else this.at(host, 0, 'upgrade-host', 0);
        return;
      case 'upgrade-host': {
        if (u.healthGate && !host.hostsHealthy(hosts)) {
          if (host.tracing && this.gateHeld !== step)
            host.narrate(
              'upgrade-gate',
              hostId(name),
              `upgrade ${pos}: health gate ` +
                `closed (a host down, an apiserver not ready or no etcd leader): ${name} waits, checked every ` +
                `${formatDuration(u.gateRetryMs)}`,
            );
          this.gateHeld = step;
          this.at(host, u.gateRetryMs, 'upgrade-host', step);
          return;
        }
        this.gateHeld = -1;
        if (host.tracing) {
          const what =
            u.policy === 'surge'
              ? `new host joins, then ${name} is replaced (no ` + `capacity lost)`
              : `${name} drained and down for ` + `${formatDuration(u.perHostMs)}`;
          host.narrate('upgrade-host', hostId(name), `upgrade ${pos}: ${what}`);
        }
        host.maybeTransferLeadership(name);
        if (u.policy === 'in-place') host.addCause(comp, 1);
        this.at(host, u.perHostMs, 'upgrade-host-done', step);
        return;
      }
      case 'upgrade-host-done': {
        const failed = u.failureProbability > 0 && this.stream('upgrades').next() < u.failureProbability;
        const last = step + 1 >= hosts.length;
        if (failed && u.policy === 'in-place') {
          const repairMs = this.draw(u.repair, 'upgrades');
          if (host.tracing)
            host.narrate(
              'upgrade-failed',
              hostId(name),
              `upgrade ${pos}: ${name} ` + `failed to come back; repair or rollback takes ${formatDuration(repairMs)}`,
            );
          this.at(host, repairMs, 'upgrade-repaired', step);
        } else {
          if (host.tracing) {
            const text = failed
              ? `the new host failed its checks and is discarded; ${name} keeps serving`
              : `${name} upgraded and back up`;
            host.narrate('upgrade-host-done', hostId(name), `upgrade ${pos}: ${text}${last ? '; upgrade done' : ''}`);
          }
          if (u.policy === 'in-place') host.addCause(comp, -1);
        }
        if (last) this.finishCycle(host);
        else this.at(host, u.gapMs, 'upgrade-host', step + 1);
        return;
      }
      case 'upgrade-repaired':
        if (host.tracing)
          host.narrate('upgrade-repaired', hostId(name), `upgrade ${pos}: ${name} repaired and back up`);
        host.addCause(comp, -1);
        return;
      default:
        return;
    }
  }

  private finishCycle(host: FaultHost): void {
    this.upgrading = false;
    const cert = this.ops.certificates;
    if (cert === null || cert.renewal !== 'upgrades' || this.certExpired) return;
    // kubeadm renews every certificate during the control-plane upgrade (facts §8).
    this.certGen++;
    this.at(host, cert.validityMs, 'cert-expiry', this.certGen);
  }

  private change(host: FaultHost, op: OperationTimer, random: number): void {
    const c = this.ops.changes!;
    const delta = op === 'change' ? 1 : -1;
    if (op === 'change') {
      const downMs = this.draw(c.detect, 'changes') + this.draw(c.rollback, 'changes');
      if (host.tracing) {
        const scope =
          c.rollout === 'all-at-once'
            ? `every ${c.component} at once (all-at-once)`
            : `the first ${c.component} ` + `only (health-gated)`;
        host.narrate(
          'change',
          '',
          `bad ${c.component} change rolled out to ${scope}; detected and ` +
            `rolled back in ${formatDuration(downMs)}`,
        );
      }
      this.at(host, downMs, 'change-end', random);
    } else {
      if (host.tracing) host.narrate('change-end', '', `bad ${c.component} change rolled back`);
      if (random === 1 && c.everyMs !== null) this.at(host, this.exp(c.everyMs, 'changes'), 'change', 1);
    }
    for (const t of this.changeTargets) host.addCause(t, delta);
  }

  private certificate(host: FaultHost, op: OperationTimer, gen: number): void {
    const cert = this.ops.certificates!;
    if (op === 'cert-expiry') {
      if (gen !== this.certGen || this.certExpired) return;
      const downMs = this.draw(cert.manualRenewal, 'certificates');
      if (host.tracing)
        host.narrate(
          'cert-expiry',
          '',
          `kubeadm certificates expire ` +
            `(${formatDuration(cert.validityMs)} since renewal): every apiserver is down until manual renewal in ` +
            `${formatDuration(downMs)}`,
        );
      this.certExpired = true;
      for (const a of this.apiservers) host.addCause(a, 1);
      this.at(host, downMs, 'cert-renewed');
      return;
    }
    if (host.tracing)
      host.narrate('cert-renewed', '', 'certificates renewed by hand (kubeadm certs renew all), static pods restarted');
    this.certExpired = false;
    for (const a of this.apiservers) host.addCause(a, -1);
    this.certGen++;
    this.at(host, cert.validityMs, 'cert-expiry', this.certGen);
  }

  private nospace(host: FaultHost, op: OperationTimer, random: number): void {
    const e = this.ops.etcdSpace!;
    if (op === 'nospace') {
      const downMs = this.draw(e.recovery, 'etcd-space');
      if (host.tracing)
        host.narrate(
          'nospace',
          '',
          `etcd database reaches its space quota: NOSPACE ` +
            `alarm, writes refused cluster-wide (reads go on); recovery in ${formatDuration(downMs)}`,
        );
      host.blockWrites(1);
      this.at(host, downMs, 'nospace-end', random);
      return;
    }
    if (host.tracing) host.narrate('nospace-end', '', 'etcd compacted, defragmented, alarm disarmed');
    host.blockWrites(-1);
    if (random === 1 && e.fill !== null) this.at(host, this.draw(e.fill, 'etcd-space'), 'nospace', 1);
  }

  private slowDisk(host: FaultHost, op: OperationTimer, random: number): void {
    const s = this.ops.slowDisk!;
    const now = host.nowMs;
    switch (op) {
      case 'slow-disk': {
        const durMs = this.draw(s.duration, 'slow-disk');
        const active = now < this.slowUntilMs;
        this.slowUntilMs = Math.max(this.slowUntilMs, now + durMs);
        if (host.tracing)
          host.narrate(
            'slow-disk',
            '',
            `slow disk (fsync stalls) for ` + `${formatDuration(durMs)}: the etcd leader keeps losing leadership`,
          );
        if (!active) {
          host.maybeStepDownLeader('loses leadership (slow fsync, heartbeats missed)');
          this.at(host, s.electionsEveryMs, 'slow-disk-churn');
        }
        if (random === 1 && s.everyMs !== null) this.at(host, durMs + this.exp(s.everyMs, 'slow-disk'), 'slow-disk', 1);
        return;
      }
      case 'slow-disk-churn':
        if (now >= this.slowUntilMs) {
          if (host.tracing) host.narrate('slow-disk-end', '', 'disk latency back to normal');
          return;
        }
        if (host.tracing) host.narrate('slow-disk-churn', '', 'slow disk: leader churn');
        host.maybeStepDownLeader('loses leadership (slow fsync, heartbeats missed)');
        this.at(host, s.electionsEveryMs, 'slow-disk-churn');
        return;
      default:
        return;
    }
  }

  private defrag(host: FaultHost, op: OperationTimer, m: number): void {
    const d = this.ops.defrag!;
    const comp = this.members[m] ?? -1;
    switch (op) {
      case 'defrag-due':
        this.at(host, d.everyMs, 'defrag-due');
        if (this.members.length > 0) this.at(host, 0, 'defrag-member', 0);
        return;
      case 'defrag-member':
        if (host.tracing)
          host.narrate(
            'defrag',
            '',
            `defragmenting etcd member ` +
              `${m + 1}/${this.members.length}: blocked for ${formatDuration(d.perMemberMs)}`,
          );
        host.addCause(comp, 1);
        this.at(host, d.perMemberMs, 'defrag-member-done', m);
        return;
      case 'defrag-member-done':
        if (host.tracing) host.narrate('defrag-done', '', `etcd member ${m + 1}/${this.members.length} defragmented`);
        host.addCause(comp, -1);
        if (m + 1 < this.members.length) this.at(host, d.gapMs, 'defrag-member', m + 1);
        return;
      default:
        return;
    }
  }

  private partition(host: FaultHost, op: OperationTimer): void {
    const p = this.ops.partitions!;
    const topo = this.scenario.topology;
    if (op === 'partition-heal') {
      if (host.tracing) host.narrate('heal', '', 'random partition ends: network healed');
      host.setPartition(null);
      this.at(host, this.exp(p.everyMs, 'partitions'), 'partition');
      return;
    }
    const r = this.stream('partitions').next();
    const durMs = this.draw(p.duration, 'partitions');
    let group: string[];
    let label: string;
    if (p.scope === 'zone') {
      const z = topo.zones[Math.floor(r * topo.zones.length)]!;
      group = topo.hosts.filter((h) => h.zone === z).map((h) => h.name);
      label = componentLabel(zoneId(z));
    } else {
      const h = topo.hosts[Math.floor(r * topo.hosts.length)]!;
      group = [h.name];
      label = componentLabel(hostId(h.name));
    }
    if (host.tracing)
      host.narrate(
        'partition',
        '',
        `random ${p.traffic === 'etcd-peer' ? 'etcd peer traffic (2380)' : 'network'} partition: ${label} cut off ` +
          `from the rest for ${formatDuration(durMs)}`,
      );
    host.setPartition(group.length === topo.hosts.length ? null : [group], p.traffic);
    this.at(host, durMs, 'partition-heal');
  }

  private region(host: FaultHost, op: OperationTimer): void {
    const r = this.ops.region!;
    const down = op === 'region-down';
    if (host.tracing) host.narrate(op, '', down ? 'regional outage: every zone down' : 'region recovered');
    for (const c of this.regionComps) host.addCause(c, down ? 1 : -1);
    this.at(host, this.draw(down ? r.ttr : r.ttf, 'region'), down ? 'region-up' : 'region-down');
  }

  private dependency(host: FaultHost, op: OperationTimer, i: number): void {
    const d = this.ops.dependencies[i]!;
    const down = op === 'dependency-down';
    if (host.tracing)
      host.narrate(
        op,
        `dependency/${d.name}`,
        down ? `${d.name} outage: clients ` + `cannot reach the API endpoint` : `${d.name} recovered`,
      );
    host.blockApi(down ? 1 : -1);
    this.at(
      host,
      this.draw(down ? d.failure.ttr : d.failure.ttf, `dependency/${d.name}`),
      down ? 'dependency-up' : 'dependency-down',
      i,
    );
  }
}
