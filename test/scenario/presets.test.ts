/**
 * Presets (issue 16): topology presets expand to the providers' published shapes with
 * their SLA as the default slo.api; load-balancer presets carry facts §5 health-check
 * timings; what the file writes next to a preset wins; conflicts are located errors.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem } from '../../src/scenario/problems.ts';
import { TOPOLOGY_PRESET_NAMES } from '../../src/scenario/presets.ts';
import type { Scenario } from '../../src/scenario/types.ts';

function load(yaml: string): Scenario {
  const r = loadScenarioText(yaml, 't.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatProblem).join('\n'));
  return r.value.scenario;
}
function errors(yaml: string): string[] {
  const r = loadScenarioText(yaml, 't.yaml');
  return r.ok ? [] : r.errors.map(formatProblem);
}
const shape = (s: Scenario) => {
  const t = s.topology;
  const count = (p: string) => t.hosts.filter((h) => h.runs.includes(p as never)).length;
  return {
    kind: t.kind,
    zones: t.zones.length,
    apiservers: count('apiserver'),
    etcd: count('etcd'),
    lb: t.loadBalancer.kind,
    slo: s.slo.api,
  };
};

describe('topology presets', () => {
  it.each([
    ['eks', { kind: 'external', zones: 3, apiservers: 2, etcd: 3, lb: 'cloud', slo: 0.9995 }],
    ['gke-zonal', { kind: 'stacked', zones: 1, apiservers: 1, etcd: 1, lb: 'none', slo: 0.995 }],
    ['gke-regional', { kind: 'stacked', zones: 3, apiservers: 3, etcd: 3, lb: 'cloud', slo: 0.9995 }],
    ['aks', { kind: 'stacked', zones: 1, apiservers: 3, etcd: 3, lb: 'cloud', slo: 0.999 }],
    ['aks-zones', { kind: 'stacked', zones: 3, apiservers: 3, etcd: 3, lb: 'cloud', slo: 0.9995 }],
    ['kubeadm-stacked-ha', { kind: 'stacked', zones: 3, apiservers: 3, etcd: 3, lb: 'keepalived', slo: undefined }],
    [
      'kubeadm-external-ha',
      { kind: 'external', zones: 3, apiservers: 3, etcd: 6 - 3, lb: 'keepalived', slo: undefined },
    ],
  ])('%s', (preset, expected) => {
    expect(shape(load(`name: p\ntopology: { preset: ${preset} }\n`))).toEqual(expected);
  });

  it('covers every preset in the table', () => {
    expect(TOPOLOGY_PRESET_NAMES).toHaveLength(7);
  });

  it('EKS places its 3 etcd members in 3 different zones', () => {
    const s = load('name: p\ntopology: { preset: eks }\n');
    expect(new Set(s.topology.hosts.filter((h) => h.runs.includes('etcd')).map((h) => h.zone)).size).toBe(3);
  });

  it('keys written next to the preset win; an explicit slo wins over the SLA', () => {
    const s = load(
      'name: p\ntopology: { preset: eks, controlPlane: { count: 3 }, loadBalancer: { ' +
        'preset: gcp } }\nslo: { api: "99.9%" }\n',
    );
    expect(shape(s)).toMatchObject({ apiservers: 3, etcd: 3, slo: 0.999 });
    expect(s.topology.loadBalancer.healthCheck).toEqual({ kind: 'http', intervalMs: 5000, fall: 2, rise: 2 });
  });

  it('a preset with explicit hosts, an unknown preset: located errors', () => {
    expect(errors('name: p\ntopology:\n  preset: eks\n  hosts: [{ name: m, runs: [etcd, apiserver] }]\n')).toEqual([
      't.yaml:3:11 topology.preset: a preset describes its own hosts; remove topology.hosts or the preset',
    ]);
    expect(errors('name: p\ntopology: { preset: ekss }\n')[0]).toMatch(/^t\.yaml:2:21 topology\.preset: .*"eks"/);
  });
});

describe('load-balancer presets', () => {
  const lb = (p: string, extra = '') =>
    load(
      `name: p\ntopology: { kind: stacked, zones: 3, ` +
        `controlPlane: { count: 3 }, loadBalancer: { preset: ${p}${extra} } }\n`,
    );
  it.each([
    ['aws-nlb', 'cloud', { kind: 'tcp', intervalMs: 30_000, fall: 2, rise: 5 }, true, 3600, 1000],
    ['gcp', 'cloud', { kind: 'http', intervalMs: 5000, fall: 2, rise: 2 }, false, 3600, 1000],
    ['azure', 'cloud', { kind: 'tcp', intervalMs: 15_000, fall: 2, rise: 2 }, false, 3600, 1000],
    ['haproxy-keepalived', 'keepalived', { kind: 'http', intervalMs: 2000, fall: 3, rise: 2 }, false, 3600, 1000],
    // kube-vip: lease 5 s, renew 3 s, retry 1 s: takeover U(5 s, 7 s]
    ['kube-vip', 'keepalived', { kind: 'http', intervalMs: 2000, fall: 3, rise: 2 }, false, 7000, 2000],
  ])('%s', (p, kind, hc, failOpen, vip, advert) => {
    const s = lb(p);
    expect(s.topology.loadBalancer.kind).toBe(kind);
    expect(s.topology.loadBalancer.healthCheck).toEqual(hc);
    expect(s.topology.loadBalancer.failOpen === true).toBe(failOpen);
    expect(s.timing.loadBalancer.vipFailoverMs).toBe(vip);
    expect(s.timing.loadBalancer.advertIntervalMs).toBe(advert);
  });

  it('kube-vip with its own vipFailover keeps the default spread, with its own advertInterval keeps that', () => {
    expect(lb('kube-vip').timing.loadBalancer).toEqual({
      vipFailoverMs: 7000,
      advertIntervalMs: 2000,
      splitBrain: false,
    });
    const own = load(
      'name: p\ntopology: { kind: stacked, controlPlane: { count: 3 }, loadBalancer: ' +
        '{ preset: kube-vip } }\ntiming: { loadBalancer: { vipFailover: 4s } }\n',
    );
    expect(own.timing.loadBalancer).toEqual({ vipFailoverMs: 4000, advertIntervalMs: 1000, splitBrain: false });
    const spread = load(
      'name: p\ntopology: { kind: stacked, controlPlane: { count: 3 }, ' +
        'loadBalancer: { preset: kube-vip } }\ntiming: { loadBalancer: { advertInterval: 500ms } }\n',
    );
    expect(spread.timing.loadBalancer).toEqual({ vipFailoverMs: 7000, advertIntervalMs: 500, splitBrain: false });
  });

  it('a health-check key written next to the preset wins, the others stay', () => {
    expect(lb('aws-nlb', ', healthCheck: { kind: http, interval: 10s }').topology.loadBalancer.healthCheck).toEqual({
      kind: 'http',
      intervalMs: 10_000,
      fall: 2,
      rise: 5,
    });
    expect(lb('aws-nlb', ', failOpen: false').topology.loadBalancer.failOpen).toBeUndefined();
  });

  it('timing: ideal keeps every delay at zero, even with kube-vip', () => {
    const s = load(
      'name: p\ntopology: { kind: stacked, controlPlane: { count: 3 }, loadBalancer: { preset: kube-vip } }\ntiming: ideal\n',
    );
    expect(s.timing.loadBalancer.vipFailoverMs).toBe(0);
    expect(s.topology.loadBalancer.healthCheck?.intervalMs).toBe(0);
  });

  it('a kind that contradicts the preset, a missing kind, failOpen on none: located errors', () => {
    expect(
      errors(
        'name: p\ntopology:\n  kind: stacked\n  controlPlane: { count: 3 }\n  ' +
          'loadBalancer: { kind: haproxy, preset: aws-nlb }\n',
      ),
    ).toEqual([
      't.yaml:5:25 topology.loadBalancer.kind: preset "aws-nlb" is a load balancer of kind "cloud", ' +
        'not "haproxy"; remove kind or the preset',
    ]);
    expect(
      errors(
        'name: p\ntopology:\n  kind: stacked\n  controlPlane: { count: 3 }\n  ' +
          'loadBalancer: { healthCheck: { fall: 2 } }\n',
      )[0],
    ).toMatch(
      /^t\.yaml:5:3 topology\.loadBalancer\.kind: missing required key \(expected one of "none", "haproxy", "keepalived", "cloud", or a preset: "aws-nlb"/,
    );
    expect(
      errors(
        'name: p\ntopology: { kind: stacked, controlPlane: { count: 1 }, loadBalancer: { ' +
          'kind: none, failOpen: true } }\n',
      )[0],
    ).toMatch(/^t\.yaml:2:94 topology\.loadBalancer\.failOpen: a load balancer of kind "none" routes nowhere/);
  });
});
