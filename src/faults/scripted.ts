/**
 * Scripted faults (docs/spec.md §4 `faults:`): `down`/`up` with `for`, selectors resolved when
 * the fault fires, partitions and their healing, rolling upgrades one host at a time.
 *
 * Down causes are reference counts: a scripted `down` adds one cause to its component
 * and its `for` removes it; `up` removes every scripted cause of the component (random
 * failures and upgrades keep theirs); an upgrade step adds its own cause to the host.
 */
import type { ResolvedFault } from '../scenario/types.ts';
import { componentLabel } from '../scenario/components.ts';
import { formatDuration } from '../units/format.ts';
import type { FaultEvent, RollingUpgradeFault } from './events.ts';
import type { FaultHost } from './fault-host.ts';
import { assertNever } from '../engine/assert-never.ts';

/** Per-replication state of the scripted faults. */
export class ScriptedFaults {
  private readonly faults: readonly ResolvedFault[];
  private readonly ids: readonly string[];
  private readonly scripted: Int32Array;
  /** Scripted hang causes per component (docs/model.md). */
  private readonly scriptedHang: Int32Array;
  private readonly gen: Int32Array;
  private partitionGen = 0;

  /** @param ids component ids by component number */
  constructor(faults: readonly ResolvedFault[], ids: readonly string[]) {
    this.faults = faults;
    this.ids = ids;
    this.scripted = new Int32Array(ids.length);
    this.scriptedHang = new Int32Array(ids.length);
    this.gen = new Int32Array(ids.length);
  }

  /** Schedules every scripted fault at its time. */
  start(host: FaultHost): void {
    for (const fault of this.faults) host.scheduleFault(fault.atMs, { kind: 'fault', fault });
  }

  /** Handles a scripted-fault event. */
  handle(host: FaultHost, ev: FaultEvent): void {
    switch (ev.kind) {
      case 'fault':
        this.fire(host, ev.fault);
        return;
      case 'release':
        this.release(host, ev.comp, ev.gen, ev.hang === true);
        return;
      case 'partition-end':
        if (ev.gen !== this.partitionGen) return;
        this.partitionGen++;
        if (host.tracing) host.narrate('heal', '', 'partition ends: network healed');
        host.setPartition(null);
        return;
      case 'upgrade':
        this.upgradeStep(host, ev.fault, ev.step, ev.phase);
        return;
      case 'fail':
      case 'repair':
      case 'operation':
        throw new Error(`${ev.kind} events are not scripted`);
      default:
        assertNever(ev, 'fault');
    }
  }

  /** Fires `fault` now, as if scheduled for this instant (interactive actions). */
  inject(host: FaultHost, fault: ResolvedFault): void {
    this.fire(host, fault);
  }

  private fire(host: FaultHost, fault: ResolvedFault): void {
    switch (fault.kind) {
      case 'down':
        this.down(host, fault.target, fault.forMs, fault.hang === true);
        return;
      case 'up':
        this.up(host, fault.target);
        return;
      case 'partition': {
        const gen = ++this.partitionGen;
        if (host.tracing) {
          const groups = fault.groupLabels.map((g) => `{${g.map(componentLabel).join(', ')}}`).join(' | ');
          const what = fault.traffic === 'etcd-peer' ? 'etcd peer traffic (2380) partition' : 'network partition';
          host.narrate('partition', '', `${what} ${groups}${forText(fault.forMs)}`);
        }
        host.setPartition(fault.groups, fault.traffic);
        if (fault.forMs !== null) host.scheduleFault(fault.forMs, { kind: 'partition-end', gen });
        return;
      }
      case 'heal':
        this.partitionGen++;
        if (host.tracing) host.narrate('heal', '', 'network healed');
        host.setPartition(null);
        return;
      case 'rolling-upgrade':
        if (host.tracing) host.narrate('rolling-upgrade', '', `rolling upgrade starts: ${fault.hosts.join(', ')}`);
        if (fault.hosts.length > 0) this.upgradeStep(host, fault, 0, 'down');
        return;
      default:
        assertNever(fault, 'fault');
    }
  }

  private down(host: FaultHost, target: string, forMs: number | null, hang: boolean): void {
    const comp = host.resolveTarget(target);
    if (comp === null) {
      if (host.tracing) host.narrate('fault-skipped', target, `${target} down: no one holds that role, nothing to do`);
      return;
    }
    const id = this.ids[comp]!;
    if (host.tracing) {
      const role = target.includes('@') ? ` (${ROLE_TEXT[target] ?? target})` : '';
      host.narrate(
        hang ? 'fault-hang' : 'fault-down',
        id,
        `${componentLabel(id)}${role} ` + `${hang ? 'hangs (SIGSTOP)' : 'down'}${forText(forMs)}`,
      );
    }
    if (hang) {
      this.scriptedHang[comp]!++;
      host.addHang(comp, 1);
    } else {
      this.scripted[comp]!++;
      host.addCause(comp, 1);
    }
    if (forMs !== null)
      host.scheduleFault(
        forMs,
        hang ? { kind: 'release', comp, gen: this.gen[comp]!, hang } : { kind: 'release', comp, gen: this.gen[comp]! },
      );
  }

  private up(host: FaultHost, target: string): void {
    const comp = host.componentOf(target);
    if (comp === undefined) throw new Error(`unknown fault target ${target}`);
    const n = this.scripted[comp]!;
    if (host.tracing) host.narrate('fault-up', target, `${componentLabel(target)} up (scripted)`);
    const hung = this.scriptedHang[comp]!;
    this.scripted[comp] = 0;
    this.scriptedHang[comp] = 0;
    this.gen[comp]!++;
    if (n > 0) host.addCause(comp, -n);
    if (hung > 0) host.addHang(comp, -hung);
  }

  private release(host: FaultHost, comp: number, gen: number, hang: boolean): void {
    if (gen !== this.gen[comp]) return;
    const id = this.ids[comp]!;
    if (host.tracing)
      host.narrate('fault-end', id, `${componentLabel(id)} back up (scripted ${hang ? 'hang' : 'down'} ends)`);
    if (hang) {
      this.scriptedHang[comp]!--;
      host.addHang(comp, -1);
      return;
    }
    this.scripted[comp]!--;
    host.addCause(comp, -1);
  }

  private upgradeStep(host: FaultHost, fault: RollingUpgradeFault, step: number, phase: 'down' | 'up'): void {
    const name = fault.hosts[step]!;
    const comp = host.componentOf(`host/${name}`);
    if (comp === undefined) throw new Error(`unknown upgrade host ${name}`);
    const pos = `${step + 1}/${fault.hosts.length}`;
    if (phase === 'down') {
      if (host.tracing)
        host.narrate(
          'upgrade-down',
          `host/${name}`,
          `upgrade ${pos}: ${name} ` + `drained and down for ${formatDuration(fault.perHostMs)}`,
        );
      host.addCause(comp, 1);
      host.scheduleFault(fault.perHostMs, { kind: 'upgrade', fault, step, phase: 'up' });
      return;
    }
    if (host.tracing) host.narrate('upgrade-up', `host/${name}`, `upgrade ${pos}: ${name} back up`);
    host.addCause(comp, -1);
    if (step + 1 < fault.hosts.length) {
      host.scheduleFault(fault.gapMs, { kind: 'upgrade', fault, step: step + 1, phase: 'down' });
    } else if (host.tracing) {
      host.narrate('upgrade-up', `host/${name}`, `upgrade ${pos}: ${name} back up; rolling upgrade done`);
    }
  }
}

/** Selector targets in words. */
const ROLE_TEXT: Readonly<Record<string, string>> = {
  'host/@etcd-leader': 'the etcd leader',
  'etcd/@leader': 'the etcd leader',
  'host/@controller-manager-leader': 'the controller-manager leader',
  'host/@scheduler-leader': 'the scheduler leader',
};

function forText(forMs: number | null): string {
  return forMs === null ? '' : ` for ${formatDuration(forMs)}`;
}
