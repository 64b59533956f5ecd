/** Resolution of scenario files into the Scenario contract: presets, placement, defaults, ideal timing, faults, overrides. */
import { describe, expect, it } from 'vitest';
import { loadScenarioText, parseKeyPath, type LoadOptions } from '../../src/scenario/load.ts';
import { formatProblem, closest, levenshtein } from '../../src/scenario/problems.ts';
import { parseDurationMs } from '../../src/scenario/duration.ts';
import { formatDurationMs } from '../../src/units/format.ts';
import type { Scenario } from '../../src/scenario/types.ts';

function ok(text: string, options?: LoadOptions): Scenario {
  const r = loadScenarioText(text, 'inline.yaml', options);
  if (!r.ok) throw new Error(r.errors.map(formatProblem).join('\n'));
  return r.value.scenario;
}

function errors(text: string, options?: LoadOptions): string[] {
  const r = loadScenarioText(text, 'inline.yaml', options);
  return r.ok ? [] : r.errors.map(formatProblem);
}

function warnings(text: string): string[] {
  const r = loadScenarioText(text, 'inline.yaml');
  return r.ok ? r.value.warnings.map((w) => w.message) : ['INVALID'];
}

const topo = (body: string) => `name: t\ntopology:\n${body.replace(/^/gm, '  ')}\n`;

describe('presets and placement', () => {
  it('stacked: cp-N run etcd and the control plane, placed round-robin from zone a; keepalived adds load-balancer', () => {
    const s = ok(topo('kind: stacked\nzones: 2\ncontrolPlane: { count: 3 }\nloadBalancer: { kind: keepalived }'));
    expect(s.topology.kind).toBe('stacked');
    expect(s.topology.zones).toEqual(['a', 'b']);
    expect(s.topology.hosts.map((h) => [h.name, h.zone])).toEqual([
      ['cp-1', 'a'],
      ['cp-2', 'b'],
      ['cp-3', 'a'],
    ]);
    for (const h of s.topology.hosts) {
      expect(h.runs).toEqual(['etcd', 'apiserver', 'controller-manager', 'scheduler', 'load-balancer']);
    }
    expect(s.topology.apiserver.etcdEndpoints).toBe('local');
    expect(s.topology.loadBalancer).toEqual({
      kind: 'keepalived',
      instances: ['lb/cp-1', 'lb/cp-2', 'lb/cp-3'],
      instanceHosts: ['cp-1', 'cp-2', 'cp-3'],
      directHost: null,
      healthCheck: { kind: 'http', intervalMs: 2000, fall: 3, rise: 2 },
    });
  });

  it('external: cp-* and etcd-* each start again at the first zone; endpoints default to all', () => {
    const s = ok(
      topo(
        'kind: external\nzones: [x, y, z]\ncontrolPlane: { count: 2 }\netcd: { count: 4 }\nloadBalancer: { kind: cloud }',
      ),
    );
    expect(s.topology.hosts.map((h) => `${h.name}@${h.zone}:${h.runs.join('+')}`)).toEqual([
      'cp-1@x:apiserver+controller-manager+scheduler',
      'cp-2@y:apiserver+controller-manager+scheduler',
      'etcd-1@x:etcd',
      'etcd-2@y:etcd',
      'etcd-3@z:etcd',
      'etcd-4@x:etcd',
    ]);
    expect(s.topology.apiserver.etcdEndpoints).toBe('all');
    expect(s.topology.loadBalancer.instances).toEqual(['lb/cloud']);
    expect(s.topology.loadBalancer.instanceHosts).toEqual([null]);
  });

  it('external without etcd.count gets as many members as control-plane hosts', () => {
    const s = ok(topo('kind: external\nzones: 3\ncontrolPlane: { count: 5 }\nloadBalancer: { kind: keepalived }'));
    expect(s.topology.hosts.filter((h) => h.runs.includes('etcd')).map((h) => h.name)).toEqual([
      'etcd-1',
      'etcd-2',
      'etcd-3',
      'etcd-4',
      'etcd-5',
    ]);
  });

  it('haproxy adds host lb-1 in the first zone, after every other host', () => {
    const s = ok(
      topo(
        'kind: external\nzones: [p, q]\ncontrolPlane: { count: 2 }\netcd: { count: 3 ' +
          '}\nloadBalancer: { kind: haproxy, healthCheck: { kind: tcp, fall: 5 } }',
      ),
    );
    const last = s.topology.hosts[s.topology.hosts.length - 1];
    expect(last).toEqual({ name: 'lb-1', zone: 'p', runs: ['load-balancer'] });
    expect(s.topology.loadBalancer.instances).toEqual(['lb/lb-1']);
    expect(s.topology.loadBalancer.instanceHosts).toEqual(['lb-1']);
    expect(s.topology.loadBalancer.healthCheck).toEqual({ kind: 'tcp', intervalMs: 2000, fall: 5, rise: 2 });
  });

  it('none (also the default): clients use the first apiserver host, no health check', () => {
    for (const lb of ['\nloadBalancer: { kind: none }', '']) {
      const s = ok(topo(`kind: stacked\ncontrolPlane: { count: 1 }${lb}`));
      expect(s.topology.loadBalancer).toEqual({
        kind: 'none',
        instances: [],
        instanceHosts: [],
        directHost: 'cp-1',
        healthCheck: null,
      });
      expect(s.topology.zones).toEqual(['a']);
    }
  });

  it('names zones a..z then aa, ab', () => {
    const s = ok(topo('kind: stacked\nzones: 28\ncontrolPlane: { count: 1 }'));
    expect(s.topology.zones.slice(24)).toEqual(['y', 'z', 'aa', 'ab']);
  });

  it('explicit hosts: kind custom, runs in canonical order, zones from the hosts, keepalived on the apiserver hosts', () => {
    const s = ok(
      topo(
        'hosts:\n' +
          '  - { name: m1, zone: east, runs: [scheduler, apiserver, etcd, controller-manager] }\n' +
          '  - { name: e1, zone: west, runs: [etcd] }\n' +
          '  - { name: m2, zone: west, runs: [apiserver, etcd] }\n' +
          'loadBalancer: { kind: keepalived }',
      ),
    );
    expect(s.topology.kind).toBe('custom');
    expect(s.topology.zones).toEqual(['east', 'west']);
    expect(s.topology.hosts[0]?.runs).toEqual([
      'etcd',
      'apiserver',
      'controller-manager',
      'scheduler',
      'load-balancer',
    ]);
    expect(s.topology.hosts[1]?.runs).toEqual(['etcd']);
    expect(s.topology.loadBalancer.instances).toEqual(['lb/m1', 'lb/m2']);
    expect(s.topology.apiserver.etcdEndpoints).toBe('local');
  });

  it(
    'explicit hosts: a host running load-balancer is the haproxy instance; endpoints default to ' +
      'all when an apiserver host has no etcd',
    () => {
      const s = ok(
        topo(
          'zones: [a, b]\nhosts:\n' +
            '  - { name: api, runs: [apiserver, controller-manager, scheduler] }\n' +
            '  - { name: db, zone: b, runs: [etcd] }\n' +
            '  - { name: proxy, zone: b, runs: [load-balancer] }\n' +
            'loadBalancer: { kind: haproxy }',
        ),
      );
      expect(s.topology.hosts.map((h) => h.name)).toEqual(['api', 'db', 'proxy']);
      expect(s.topology.hosts[0]?.zone).toBe('a');
      expect(s.topology.loadBalancer.instances).toEqual(['lb/proxy']);
      expect(s.topology.apiserver.etcdEndpoints).toBe('all');
    },
  );
});

describe('defaults and timing', () => {
  const base = topo('kind: stacked\nzones: 3\ncontrolPlane: { count: 3 }\nloadBalancer: { kind: keepalived }');

  it('fills timing, simulation and description defaults from docs/facts.md / SPEC §4', () => {
    const s = ok(base);
    expect(s.timing).toEqual({
      ideal: false,
      etcd: { electionTimeoutMs: 1000, heartbeatIntervalMs: 100, voteRoundMs: 50, startupMs: 100, preVote: true },
      apiserver: {
        etcdFailoverDelayMs: 0,
        etcdKeepaliveTimeMs: 30_000,
        etcdKeepaliveTimeoutMs: 10_000,
        etcdCheckFailures: 'round-robin',
        startupMs: 5000,
        startupProbeMs: 250_000,
        restartOnEtcdLoss: true,
        livenessDelayMs: 80_000,
        backoffInitialMs: 10_000,
        backoffMaxMs: 300_000,
      },
      loadBalancer: { vipFailoverMs: 3600, advertIntervalMs: 1000, splitBrain: false },
      leaderElection: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 },
    });
    expect(s.simulation).toEqual({ horizonMs: 365 * 24 * 3600 * 1000, replications: 1000, seed: 1 });
    expect(s.description).toBe('');
    expect(s.failures).toEqual({});
    expect(s.faults).toEqual([]);
    expect(s.slo).toEqual({});
    expect(s.file).toBe('inline.yaml');
  });

  it('overrides single timing values and keeps the others', () => {
    const s = ok(`${base}timing:\n  etcd: { electionTimeout: 2500ms }\n  apiserver: { restartOnEtcdLoss: false }\n`);
    expect(s.timing.etcd.electionTimeoutMs).toBe(2500);
    expect(s.timing.apiserver.restartOnEtcdLoss).toBe(false);
    expect(s.timing.apiserver.livenessDelayMs).toBe(80_000);
    expect(s.timing.ideal).toBe(false);
  });

  it(
    'keepalived timing: advertInterval and splitBrain are read; a short vipFailover clamps the ' +
      'default spread; a spread beyond the interval is refused',
    () => {
      const s = ok(`${base}timing:\n  loadBalancer: { vipFailover: 10s, advertInterval: 3s, splitBrain: true }\n`);
      expect(s.timing.loadBalancer).toEqual({ vipFailoverMs: 10_000, advertIntervalMs: 3000, splitBrain: true });
      expect(ok(`${base}timing:\n  loadBalancer: { vipFailover: 500ms }\n`).timing.loadBalancer.advertIntervalMs).toBe(
        500,
      );
      const bad = loadScenarioText(
        `${base}timing:\n  loadBalancer: { vipFailover: 2s, advertInterval: 3s }\n`,
        'inline.yaml',
      );
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.errors.map((e) => e.path)).toContain('timing.loadBalancer.advertInterval');
    },
  );

  it('timing: ideal zeroes every delay, turns off crash-loop and makes health checks instant', () => {
    const s = ok(`${base}timing: ideal\n`);
    expect(s.timing).toEqual({
      ideal: true,
      etcd: { electionTimeoutMs: 0, heartbeatIntervalMs: 0, voteRoundMs: 0, startupMs: 0, preVote: true },
      apiserver: {
        etcdFailoverDelayMs: 0,
        etcdKeepaliveTimeMs: 0,
        etcdKeepaliveTimeoutMs: 0,
        etcdCheckFailures: 'round-robin',
        startupMs: 0,
        startupProbeMs: 0,
        restartOnEtcdLoss: false,
        livenessDelayMs: 0,
        backoffInitialMs: 0,
        backoffMaxMs: 0,
      },
      loadBalancer: { vipFailoverMs: 0, advertIntervalMs: 0, splitBrain: false },
      leaderElection: { leaseDurationMs: 0, renewDeadlineMs: 0, retryPeriodMs: 0 },
    });
    expect(s.topology.loadBalancer.healthCheck).toEqual({ kind: 'http', intervalMs: 0, fall: 3, rise: 2 });
  });

  it('rejects an election timeout below 5 heartbeat intervals, as etcd does', () => {
    const r = loadScenarioText(`${base}timing:\n  etcd: { electionTimeout: 400ms }\n`, 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        'timing.etcd.electionTimeout: ' +
          'electionTimeout (400ms) must be at least 5 x heartbeatInterval (100ms), and heartbeatInterval above ' +
          '0, as etcd requires',
      ]);
    expect(ok(`${base}timing:\n  etcd: { electionTimeout: 500ms }\n`).timing.etcd.electionTimeoutMs).toBe(500);
  });

  it('reads slo fractions and percentages', () => {
    const s = ok(`${base}slo: { api: "99.95%", etcd: 0.999, controllers: "100%", scheduler: 0 }\n`);
    expect(s.slo).toEqual({ api: 0.9995, etcd: 0.999, controllers: 1, scheduler: 0 });
  });

  it('reads every distribution and the mttf/mttr shorthand', () => {
    const s = ok(
      `${base}failures:\n` +
        '  zone: { mttf: 4y, mttr: 2h }\n' +
        '  host: { ttf: { weibull: { shape: 1.5, scale: 3000h } }, ttr: { lognormal: { median: 4h, sigma: 0.8 } } }\n' +
        '  etcd: { ttf: { fixed: 30d }, ttr: { uniform: { min: 1m, max: 5m } } }\n' +
        '  apiserver: { ttf: { exponential: { mean: 1000h } }, mttr: 1m }\n',
    );
    expect(s.failures.zone).toEqual({
      ttf: { kind: 'exponential', meanMs: 4 * 365 * 86_400_000 },
      ttr: { kind: 'exponential', meanMs: 7_200_000 },
    });
    expect(s.failures.host).toEqual({
      ttf: { kind: 'weibull', shape: 1.5, scaleMs: 3000 * 3_600_000 },
      ttr: { kind: 'lognormal', medianMs: 4 * 3_600_000, sigma: 0.8 },
    });
    expect(s.failures.etcd).toEqual({
      ttf: { kind: 'fixed', valueMs: 30 * 86_400_000 },
      ttr: { kind: 'uniform', minMs: 60_000, maxMs: 300_000 },
    });
    expect(s.failures.apiserver).toEqual({
      ttf: { kind: 'exponential', meanMs: 1000 * 3_600_000 },
      ttr: { kind: 'exponential', meanMs: 60_000 },
    });
    expect(s.failures.scheduler).toBeUndefined();
  });
});

describe('durations', () => {
  it('parses units, fractions and compounds', () => {
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('3.6s')).toBe(3600);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('1w')).toBe(7 * 86_400_000);
    expect(parseDurationMs('1y')).toBe(365 * 86_400_000);
    expect(parseDurationMs('2d12h')).toBe(60 * 3_600_000);
    for (const bad of ['', '5', 's', '-1s', '1 h', '1hour', '1.s', '1e3s', 'h1'])
      expect(parseDurationMs(bad)).toBeNull();
  });

  it('formats back', () => {
    expect(formatDurationMs(5_400_000)).toBe('1h30m');
    expect(formatDurationMs(0)).toBe('0s');
    expect(formatDurationMs(3600)).toBe('3s600ms');
    for (const t of ['1y', '2d', '1h30m', '45s', '2y3d4h5m6s7ms'])
      expect(formatDurationMs(parseDurationMs(t) ?? -1)).toBe(t);
  });
});

describe('faults', () => {
  const base = topo(
    'kind: external\nzones: 3\ncontrolPlane: { count: 3 }\netcd: { count: 3 }\nloadBalancer: { kind: haproxy }',
  );

  it('sorts by time, stably, keeps the file index, and resolves every form', () => {
    const s = ok(
      `${base}faults:\n` +
        '  - { at: 5h, partition: [[zone/b, host/cp-1], [zone/c]], for: 5m }\n' +
        '  - { at: 1h, down: host/@etcd-leader }\n' +
        '  - { at: 1h, up: etcd/etcd-2 }\n' +
        '  - { at: 30m, rollingUpgrade: { hosts: etcd, perHost: 10m, gap: 1m } }\n' +
        '  - { at: 6h, heal: true }\n' +
        '  - { at: 7h, rollingUpgrade: { hosts: [host/lb-1, cp-2], perHost: 1m } }\n',
    );
    expect(s.faults).toEqual([
      {
        kind: 'rolling-upgrade',
        atMs: 1_800_000,
        hosts: ['etcd-1', 'etcd-2', 'etcd-3'],
        perHostMs: 600_000,
        gapMs: 60_000,
        index: 3,
      },
      { kind: 'down', atMs: 3_600_000, target: 'host/@etcd-leader', forMs: null, index: 1 },
      { kind: 'up', atMs: 3_600_000, target: 'etcd/etcd-2', index: 2 },
      {
        kind: 'partition',
        atMs: 5 * 3_600_000,
        groups: [
          ['cp-1', 'cp-2', 'etcd-2'],
          ['cp-3', 'etcd-3'],
        ],
        groupLabels: [['zone/b', 'host/cp-1'], ['zone/c']],
        traffic: 'all',
        forMs: 300_000,
        index: 0,
      },
      { kind: 'heal', atMs: 6 * 3_600_000, index: 4 },
      { kind: 'rolling-upgrade', atMs: 7 * 3_600_000, hosts: ['lb-1', 'cp-2'], perHostMs: 60_000, gapMs: 0, index: 5 },
    ]);
  });

  it('expands rolling-upgrade keywords', () => {
    const hosts = (kw: string) => {
      const s = ok(`${base}faults:\n  - { at: 1h, rollingUpgrade: { hosts: ${kw}, perHost: 1m } }\n`);
      const f = s.faults[0];
      return f?.kind === 'rolling-upgrade' ? f.hosts : [];
    };
    expect(hosts('control-plane')).toEqual(['cp-1', 'cp-2', 'cp-3']);
    expect(hosts('etcd')).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
    expect(hosts('all')).toEqual(['cp-1', 'cp-2', 'cp-3', 'etcd-1', 'etcd-2', 'etcd-3', 'lb-1']);
  });

  it('accepts every target kind that exists and reports all bad ones in one pass', () => {
    const good = [
      'zone/c',
      'host/lb-1',
      'etcd/etcd-1',
      'apiserver/cp-2',
      'controller-manager/cp-3',
      'scheduler/cp-1',
      'lb/lb-1',
      'host/@scheduler-leader',
      'host/@controller-manager-leader',
      'etcd/@leader',
    ];
    ok(`${base}faults:\n${good.map((t, i) => `  - { at: ${i + 1}h, down: ${t}, for: 1m }\n`).join('')}`);
    const bad = ['zone/d', 'etcd/cp-1', 'lb/cp-1', 'host/@leader', 'apiserver/etcd-1'];
    const errs = errors(
      `${base}faults:\n${bad.map((t, i) => `  - { at: ${i + 1}h, down: ${t}, for: 1m }\n`).join('')}`,
    );
    expect(errs).toHaveLength(bad.length);
    errs.forEach((e, i) => expect(e).toMatch(new RegExp(`^inline\\.yaml:${9 + i}:\\d+ faults\\[${i}\\]\\.down: `)));
  });
});

describe('warnings', () => {
  it('warns about even member counts with the quorum arithmetic', () => {
    expect(
      warnings(topo('kind: stacked\nzones: 4\ncontrolPlane: { count: 4 }\nloadBalancer: { kind: keepalived }')),
    ).toEqual([
      'an even number of etcd members (4) adds no fault tolerance: quorum is 3, so it survives 1 ' +
        'failure(s), the same as 3 members (facts §1)',
    ]);
  });

  it('warns when losing the zone with most etcd members breaks quorum, and only then', () => {
    const w = (zones: string, n: number) =>
      warnings(
        topo(
          `kind: external\nzones: ${zones}\ncontrolPlane: { count: 3 }\netcd: { count: ` +
            `${n} }\nloadBalancer: { kind: keepalived }`,
        ),
      ).filter((m) => m.includes('zone'));
    expect(w('3', 3)).toEqual([]);
    expect(w('3', 5)).toEqual([]);
    expect(w('2', 5)[0]).toMatch(/^losing zone "a" \(3 of 5 etcd members\) leaves 2, below the quorum of 3/);
    expect(w('2', 3)[0]).toMatch(/^losing zone "a" \(2 of 3 etcd members\) leaves 1, below the quorum of 2/);
    expect(w('1', 3)[0]).toMatch(/^all 3 etcd members are in zone "a"/);
    expect(w('4', 3)).toEqual(['zone(s) "d" hold no host']);
  });

  it('warns when several apiservers sit behind no load balancer by default', () => {
    expect(warnings(topo('kind: stacked\nzones: 3\ncontrolPlane: { count: 3 }'))[0]).toMatch(
      /^no loadBalancer given, so clients use "cp-1" directly/,
    );
    expect(warnings(topo('kind: stacked\nzones: 3\ncontrolPlane: { count: 3 }\nloadBalancer: { kind: none }'))).toEqual(
      [],
    );
  });
});

describe('overrides (--set, --seed, --replications, --horizon, --slo)', () => {
  const base =
    `${topo('kind: stacked\nzones: 3\ncontrolPlane: { count: 3 }\nloadBalancer: { kind: keepalived }')}simulation: ` +
    `{ seed: 7 }\n`;

  it('apply to the document before validation', () => {
    const s = ok(base, {
      overrides: [
        { path: 'topology.kind', value: 'external' },
        { path: 'topology.etcd.count', value: '5' },
        { path: 'topology.controlPlane.count', value: '2' },
        { path: 'topology.zones', value: '[x, y]' },
      ],
      seed: '42',
      replications: 10,
      horizon: '30d',
      slo: { api: '99.9%', etcd: '0.99' },
    });
    expect(s.topology.kind).toBe('external');
    expect(s.topology.zones).toEqual(['x', 'y']);
    expect(s.topology.hosts.filter((h) => h.runs.includes('etcd'))).toHaveLength(5);
    expect(s.topology.hosts.filter((h) => h.runs.includes('apiserver'))).toHaveLength(2);
    expect(s.simulation).toEqual({ seed: 42, replications: 10, horizonMs: 30 * 86_400_000 });
    expect(s.slo).toEqual({ api: 0.999, etcd: 0.99 });
  });

  it('report bad values at the flag, with the column of the value', () => {
    expect(errors(base, { overrides: [{ path: 'topology.zones', value: 'many' }] })).toEqual([
      '--set:1:16 topology.zones: expected a zone count (an integer >= 1) or a list of zone names, found "many"',
    ]);
    expect(errors(base, { horizon: '2000y' })).toEqual([
      '--horizon:1:1 simulation.horizon: a ' + 'horizon over 1000y is absurd; use at most 1000y',
    ]);
    expect(errors(base, { overrides: [{ path: 'topology.kindd', value: 'stacked' }] })).toEqual([
      '--set:1:1 topology.kindd: unknown key "kindd"; did you mean "kind"?',
    ]);
    expect(errors(base, { overrides: [{ path: 'name.x', value: '1' }] })).toEqual([
      '--set:1:8 name.x: cannot set ' + '"name.x": "name" is not a mapping or list',
    ]);
    expect(errors(base, { overrides: [{ path: 'topology..zones', value: '1' }] })[0]).toMatch(
      /^--set:1:1 topology\.\.zones: invalid key path/,
    );
  });

  it('refuse list holes and forbidden keys, and report problems in what they created at the flag', () => {
    const set = (path: string, value: string) => errors(base, { overrides: [{ path, value }] });
    expect(set('faults[5].at', '1h')).toEqual([
      '--set:1:14 faults[5].at: cannot set "faults[5].at": ' + '"faults" does not exist yet; a new list starts at [0]',
    ]);
    expect(set('faults[0].at', '1h')).toEqual([
      '--set:1:14 faults[0]: expected one action: down, ' + 'hang, up, partition, heal or rollingUpgrade',
    ]);
    expect(set('__proto__.x', '1')).toEqual([
      '--set:1:13 __proto__.x: cannot set "__proto__.x": the key "__proto__" is not allowed',
    ]);
    expect(set('topology.hosts[0].name', 'h')).toEqual([
      '--set:1:24 topology.hosts[0].runs: missing required key (expected a list)',
    ]);
    expect(set('simulation.seed', '99999999999999999999')).toHaveLength(1);
    const withFaults = `${base}faults:\n  - { at: 1h, down: host/cp-1 }\n`;
    expect(errors(withFaults, { overrides: [{ path: 'faults[2].at', value: '1h' }] })).toEqual([
      '--set:1:14 faults[2].at: cannot set "faults[2].at": index 2 is past the end of "faults" (1 item(s)); the next is [1]',
    ]);
    const s = ok(withFaults, {
      overrides: [
        { path: 'faults[0].at', value: '2h' },
        { path: 'faults[0].for', value: '5m' },
      ],
    });
    expect(s.faults).toEqual([{ kind: 'down', atMs: 7_200_000, target: 'host/cp-1', forMs: 300_000, index: 0 }]);
  });

  it('parses key paths', () => {
    expect(parseKeyPath('faults[2].at')).toEqual(['faults', 2, 'at']);
    expect(parseKeyPath('faults.2.at')).toEqual(['faults', 2, 'at']);
    expect(parseKeyPath('failures.controller-manager.mttf')).toEqual(['failures', 'controller-manager', 'mttf']);
    expect(parseKeyPath('')).toBeNull();
    expect(parseKeyPath('a..b')).toBeNull();
  });
});

describe('anchors, merges and x- keys', () => {
  it('ignores top-level x- keys, expands aliases and merges, and locates problems inside merged mappings', () => {
    const text =
      'x-p: &p { mttf: 1000h, mttr: 1m }\nx-t: &t { kind: stacked, zones: 3 }\nname: ' +
      'm\ntopology:\n  <<: *t\n  controlPlane: { count: 3 }\nfailures: { apiserver: *p, scheduler: *p }\n';
    const s = ok(text);
    expect(s.topology.zones).toEqual(['a', 'b', 'c']);
    expect(s.failures.scheduler).toEqual({
      ttf: { kind: 'exponential', meanMs: 3_600_000_000 },
      ttr: { kind: 'exponential', meanMs: 60_000 },
    });
    expect(errors(text.replace('zones: 3', 'zonez: 3'))).toEqual([
      'inline.yaml:2:26 topology.zonez: ' + 'unknown key "zonez"; did you mean "zones"?',
    ]);
    expect(errors(`y-note: 1\n${text}`)[0]).toMatch(/^inline\.yaml:1:1 y-note: unknown key "y-note"/);
  });
});

describe('did-you-mean', () => {
  it('measures edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('contolPlane', 'controlPlane')).toBe(1);
    expect(levenshtein('ab', 'ba')).toBe(1);
    expect(levenshtein('', 'abc')).toBe(3);
  });

  it('suggests typos, not siblings in a numbered series', () => {
    expect(closest('weibul', ['exponential', 'weibull', 'lognormal'])).toBe('weibull');
    expect(closest('cp-4', ['cp-1', 'cp-2', 'cp-3'])).toBeNull();
    expect(closest('zone/d', ['zone/a', 'zone/b'])).toBeNull();
    expect(closest('xyz', ['weibull'])).toBeNull();
  });
});
