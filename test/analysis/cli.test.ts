import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

const FIX = 'test/analysis/fixtures';

/** Runs the CLI, capturing stdout and stderr. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('analyze command', () => {
  it('prints a table per scenario', async () => {
    const r = await run(['analyze', `${FIX}/stacked-3.yaml`, `${FIX}/haproxy-single.yaml`]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('stacked-3 (test/analysis/fixtures/stacked-3.yaml)');
    expect(r.out).toContain('haproxy-single');
    expect(r.out.match(/^ {2}api /gm)).toHaveLength(2);
  });

  it('--json - prints only JSON, with availability and downtime per SLI', async () => {
    const r = await run(['analyze', `${FIX}/haproxy-single.yaml`, `${FIX}/stacked-3.yaml`, '--json', '-']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      scenarios: {
        name: string;
        availability: Record<string, number>;
        downtimeMinutesPerYear: Record<string, number>;
      }[];
    };
    expect(doc.scenarios.map((s) => s.name)).toEqual(['haproxy-single', 'stacked-3']);
    const [h, s] = doc.scenarios;
    expect(h?.availability.api).toBeLessThan(s?.availability.api ?? 0);
    expect(h?.downtimeMinutesPerYear.api).toBeCloseTo((1 - (h?.availability.api ?? 0)) * 525600, 6);
  });

  it('exits 2 with one message for a missing file', async () => {
    const r = await run(['analyze', `${FIX}/missing.yaml`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing.yaml');
    expect(r.err).not.toContain('    at ');
  });
});

describe('spof command', () => {
  const cases: [string, Record<string, string[]>, string][] = [
    ['haproxy-single', { api: ['zone/a', 'host/lb-1', 'lb/lb-1'], etcd: [] }, 'add a second load balancer'],
    ['stacked-3-one-zone', { api: ['zone/a'], etcd: ['zone/a'] }, 'spread the control-plane hosts over 3 zones'],
    ['no-lb', { api: ['zone/a', 'host/cp-1', 'etcd/cp-1', 'apiserver/cp-1'], controllers: [] }, 'use a load balancer'],
    ['stacked-3', { api: [], etcd: [], controllers: [], scheduler: [] }, 'no single point of failure'],
  ];
  it.each(cases)('%s: SPOFs and recommendation in --json -', async (name, spofs, rec) => {
    const r = await run(['spof', `${FIX}/${name}.yaml`, '--json', '-']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      scenario: string;
      slis: Record<string, { spof: string[] }>;
      recommendation: string;
    };
    expect(doc.scenario).toBe(name);
    for (const [sli, ids] of Object.entries(spofs)) expect(doc.slis[sli]?.spof).toEqual(ids);
    expect(doc.recommendation).toContain(rec);
  });

  it('text output lists SPOFs, cut sets, importance and the recommendation', async () => {
    const r = await run(['spof', `${FIX}/haproxy-single.yaml`]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('single points of failure: zone/a, host/lb-1, lb/lb-1');
    expect(r.out).toContain('cut sets of order 3');
    expect(r.out).toContain('most important (Birnbaum): host/lb-1');
    // The last paragraph, wrapped to the width (COLUMNS, else 100: test/cli/output-width.test.ts).
    expect(r.out.trimEnd().split('\n\n').at(-1)).toMatch(/^recommendation: add a second load balancer/);
  });

  it('rejects a bad --max-order with exit 2', async () => {
    const r = await run(['spof', `${FIX}/stacked-3.yaml`, '--max-order', '4']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--max-order');
  });
});
