/**
 * The state checkers: silent on correct runs (with random failures and every scripted
 * fault kind), loud on corrupted state.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants, createCluster, InvariantError, runReplication } from '../../src/model/index.ts';
import { scenario } from './builders.ts';

const y = `name: inv
topology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }
failures:
  zone: { mttf: 500h, mttr: 2h }
  host: { mttf: 200h, mttr: 4h }
  etcd: { mttf: 100h, mttr: 1m }
  apiserver: { mttf: 100h, mttr: 1m }
  controller-manager: { mttf: 100h, mttr: 1m }
  scheduler: { mttf: 100h, mttr: 1m }
  loadBalancer: { mttf: 200h, mttr: 10m }
faults:
  - { at: 1h, down: zone/a, for: 30m }
  - { at: 3h, down: host/@etcd-leader, for: 10m }
  - { at: 5h, partition: [[zone/a], [zone/b, zone/c]], for: 5m }
  - { at: 8h, rollingUpgrade: { hosts: control-plane, perHost: 10m, gap: 5m } }
simulation: { horizon: 1y, seed: 9, replications: 1 }
`;

describe('invariant checker', () => {
  it('holds after every event of busy runs', () => {
    const s = scenario(y);
    for (let r = 0; r < 5; r++) expect(runReplication(s, r, { checkInvariants: true }).events).toBeGreaterThan(1000);
    const ext = scenario(
      y.replace(
        '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, ' + 'loadBalancer: { kind: keepalived } }',
        '{ kind: external, zones: 3, ' +
          'controlPlane: { count: 3 }, etcd: { count: 5 }, apiserver: { etcdEndpoints: all }, loadBalancer: { ' +
          'kind: haproxy } }',
      ),
    );
    for (let r = 0; r < 3; r++) expect(runReplication(ext, r, { checkInvariants: true }).events).toBeGreaterThan(1000);
  });

  it('catches a second etcd leader in a minority', () => {
    const c = createCluster(scenario(y), 0);
    checkInvariants(c);
    c.setPartition([['cp-1']]);
    // the model made cp-1 step down; pretend it did not
    c.etcd.leader = 0;
    expect(() => checkInvariants(c)).toThrow(InvariantError);
  });

  it('catches a lease holder whose apiserver is not ready', () => {
    const c = createCluster(scenario(y), 0);
    c.api.ready[0] = 0;
    expect(() => checkInvariants(c)).toThrow(/apiserver on cp-1 ready|eligibility|controllers/);
  });

  it('catches a drifted counter', () => {
    const c = createCluster(scenario(y), 0);
    c.loadBalancer.nRoutedOk = 1;
    expect(() => checkInvariants(c)).toThrow(/counters/);
    const d = createCluster(scenario(y), 0);
    d.etcd.upInGroup[0] = 2;
    expect(() => checkInvariants(d)).toThrow(/up-member count/);
  });

  it('catches an SLI out of step with the components', () => {
    const c = createCluster(scenario(y), 0);
    c.sli.set('api', c.sim.nowMs, false);
    expect(() => checkInvariants(c)).toThrow(/api SLI/);
  });
});
