/**
 * The replication handle and its observer port: stepping equals running, an injected
 * action equals the same scripted fault, onComponentChange tracks every flip, narration
 * exists only when an observer narrates.
 */
import { describe, expect, it } from 'vitest';
import {
  InvariantChecker,
  Narrator,
  openReplication,
  runReplication,
  type ClusterView,
  type Observer,
} from '../../src/model/index.ts';
import { scenario, topo } from './builders.ts';

const BASE = '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }';
const FAILING = scenario(`name: failing
topology: ${BASE}
failures:
  host: { mttf: 200h, mttr: 4h }
  zone: { mttf: 2000h, mttr: 2h }
  etcd: { mttf: 300h, mttr: 10m }
  apiserver: { mttf: 300h, mttr: 10m }
  loadBalancer: { mttf: 300h, mttr: 10m }
simulation: { horizon: 1y, seed: 3, replications: 1 }
`);

describe('openReplication', () => {
  it('stepping event by event gives the result of runReplication', () => {
    const rep = openReplication(FAILING, 2);
    let steps = 0;
    while (rep.step(FAILING.simulation.horizonMs)) steps++;
    rep.runUntil(FAILING.simulation.horizonMs);
    const res = rep.finish();
    expect(steps).toBeGreaterThan(100);
    expect(res).toEqual(runReplication(FAILING, 2));
    expect(() => rep.finish()).toThrow(/finished/);
  });

  it('an injected down/up and partition/heal equal the same scripted faults', () => {
    const quiet = topo(BASE);
    const scripted = topo(
      BASE,
      `faults:
  - { at: 1h, down: host/@etcd-leader }
  - { at: 1h20m, up: host/cp-1 }
  - { at: 3h, partition: [[host/cp-2]] }
  - { at: 3h30m, heal: true }
`,
    );
    const rep = openReplication(quiet, 0, { observers: [new InvariantChecker()] });
    rep.runUntil(3_600_000);
    rep.inject({ kind: 'down', target: 'host/@etcd-leader' });
    rep.runUntil(4_800_000);
    rep.inject({ kind: 'up', target: 'host/cp-1' });
    rep.runUntil(10_800_000);
    rep.inject({ kind: 'partition', groups: [['cp-2']] });
    rep.runUntil(12_600_000);
    rep.inject({ kind: 'heal' });
    rep.runUntil(quiet.simulation.horizonMs);
    const injected = rep.finish();
    const want = runReplication(scripted, 0);
    expect(injected.slis).toEqual(want.slis);
    expect(injected.slis.etcd.outages.length).toBeGreaterThan(0);
    expect(injected.apiRequestSuccessMs).toBe(want.apiRequestSuccessMs);
  });

  it('an unknown target or host throws and changes nothing', () => {
    const rep = openReplication(topo(BASE), 0);
    rep.runUntil(1000);
    expect(() => rep.inject({ kind: 'down', target: 'host/nope' })).toThrow(/unknown fault target/);
    expect(() => rep.inject({ kind: 'up', target: 'etcd/@leader' })).toThrow(/unknown fault target/);
    expect(() => rep.inject({ kind: 'partition', groups: [['cp-1', 'nope']] })).toThrow(/unknown host/);
    expect(rep.view.partitioned).toBe(false);
    expect(Array.from(rep.view.group)).toEqual([0, 0, 0]);
    expect(rep.finish().slis.api.downMs).toBe(0);
  });

  it("onComponentChange reports every flip of a component's own state, with the right direction", () => {
    const seen: number[] = [];
    let flips = 0;
    const mirror: Observer = {
      onStart: (v) => seen.push(...Array.from(v.causes, (c) => (c === 0 ? 1 : 0))),
      onComponentChange: (_v, comp, up) => {
        expect(seen[comp]).toBe(up ? 0 : 1);
        seen[comp] = up ? 1 : 0;
        flips++;
      },
      afterEvent: (v: ClusterView) => {
        for (let c = 0; c < v.causes.length; c++) expect(seen[c]).toBe(v.causes[c] === 0 ? 1 : 0);
      },
    };
    const res = runReplication(FAILING, 1, { observers: [mirror] });
    expect(flips).toBeGreaterThan(50);
    expect(flips).toBeLessThanOrEqual(res.events);
  });

  it('builds narration only when an observer narrates, and it does not change the run', () => {
    const lines: (string | null)[] = [];
    const reader: Observer = { afterEvent: (v) => lines.push(v.narration?.text ?? null) };
    const silent = runReplication(FAILING, 4, { observers: [reader] });
    expect(lines.every((l) => l === null)).toBe(true);
    const narrator = new Narrator();
    const told = runReplication(FAILING, 4, { observers: [narrator] });
    expect(told).toEqual(silent);
    expect(narrator.entries.length).toBeGreaterThan(50);
  });

  it('the lease role and its holder agree (holder exactly while renewing or stalled)', () => {
    const roles = new Set<string>();
    const watch: Observer = {
      afterEvent: (v) => {
        for (const l of [v.cm, v.sched]) {
          roles.add(l.role);
          expect(l.holder >= 0).toBe(l.role === 'renewing' || l.role === 'stalled');
        }
      },
    };
    runReplication(FAILING, 0, { observers: [watch] });
    expect([...roles].sort()).toEqual(['expired', 'renewing', 'stalled', 'vacant']);
  });
});
