/**
 * Issue 23, "output that fits": every line a command prints on stdout stays within the
 * width it was given (COLUMNS, honoured when stdout is not a terminal, as here), at 80 and
 * 100 columns, for run, check, spof, analyze, explain, sweep and npm start's side-by-side
 * view, over the bundled scenarios; and the progress line fits its terminal.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { BUNDLED_COMPARISON, OPERATIONAL_COMPARISON } from '../../src/study/compare-topologies.ts';
import { progressLine } from '../../src/cli/progress.ts';
import { renderOperationsView } from '../../src/report/operations-view.ts';
import type { Report } from '../../src/report/report-types.ts';
import { textWidth } from '../../src/units/fit.ts';

const WIDTHS = [80, 100] as const;
const BASELINES = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `scenarios/${f}`);
const TEACHING = readdirSync('scenarios/teaching')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `scenarios/teaching/${f}`);

/** Runs the CLI in-process and returns what it wrote on stdout. */
async function stdoutOf(args: readonly string[], columns: number): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.stubEnv('COLUMNS', String(columns));
  const code = await main(args);
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  // Let the worker report to vitest between commands (a long synchronous stretch on a
  // loaded machine is what times out "onTaskUpdate").
  await new Promise((resolve) => setImmediate(resolve));
  expect(code, `${args.join(' ')}\n${out}`).toBeLessThanOrEqual(1);
  return out;
}

/** The lines wider than `columns`, with their width (none expected). */
function tooWide(text: string, columns: number): string[] {
  return text
    .split('\n')
    .filter((l) => textWidth(l) > columns)
    .map((l) => `${textWidth(l)}: ${l}`);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe.each(WIDTHS)('at COLUMNS=%i', (columns) => {
  it('spof fits, for every bundled and teaching scenario', async () => {
    for (const f of [...BASELINES, ...TEACHING]) {
      const out = await stdoutOf(['spof', f], columns);
      expect(out).toContain('single points of failure');
      expect(tooWide(out, columns), f).toEqual([]);
    }
  });

  it('list fits', async () => {
    const out = await stdoutOf(['list'], columns);
    expect(out).toContain('stacked-3');
    expect(tooWide(out, columns)).toEqual([]);
  });

  it('analyze fits', async () => {
    const out = await stdoutOf(['analyze', ...BASELINES, 'examples/capacity/api-load.yaml'], columns);
    expect(tooWide(out, columns)).toEqual([]);
  });

  it('explain fits, for every teaching scenario and two bundled years', async () => {
    for (const f of [...TEACHING, 'scenarios/stacked-3-one-zone.yaml', 'scenarios/external-5x5.yaml']) {
      const out = await stdoutOf(['explain', f], columns);
      expect(out).toContain('Outages:');
      expect(tooWide(out, columns), f).toEqual([]);
    }
  });

  it('sweep fits', async () => {
    const out = await stdoutOf(
      [
        'sweep',
        'scenarios/external-3x3.yaml',
        '--set',
        'topology.controlPlane.count=2,3',
        '--set',
        'topology.etcd.count=1,3',
        '--set',
        'topology.zones=2,3',
        '--slo',
        'api=99.995%',
        '--replications',
        '4',
        '--workers',
        '1',
        '--no-progress',
      ],
      columns,
    );
    expect(out).toContain('controlPlane.count');
    expect(tooWide(out, columns)).toEqual([]);
  });

  it('check fits', async () => {
    const out = await stdoutOf(
      [
        'check',
        'scenarios/stacked-3.yaml',
        'scenarios/two-control-plane.yaml',
        '--slo',
        'api=99.99%',
        '--replications',
        '6',
        '--workers',
        '1',
        '--no-progress',
      ],
      columns,
    );
    expect(out).toContain('check:');
    expect(tooWide(out, columns)).toEqual([]);
  });
});

describe("run over npm start's 20 scenarios, and its side-by-side view", () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'width-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(WIDTHS)('fits at COLUMNS=%i', async (columns) => {
    const out = await stdoutOf(
      [
        'run',
        ...BUNDLED_COMPARISON,
        ...OPERATIONAL_COMPARISON,
        '--replications',
        '4',
        '--workers',
        '1',
        '--no-progress',
        '--out',
        dir,
      ],
      columns,
    );
    expect(out).toContain('Downtime per year by service level');
    expect(tooWide(out, columns)).toEqual([]);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    const view = renderOperationsView(report, columns);
    expect(view).toContain('provider band');
    expect(tooWide(view, columns)).toEqual([]);
  });
});

describe('the progress line', () => {
  const p = {
    scenario: 'stacked-3-two-zones-ops [topology.controlPlane.count=5, ' + 'topology.etcd.count=5]',
    scenarioIndex: 11,
    scenarios: 20,
    done: 12_345,
    total: 20_000,
  };

  it.each([40, 60, 80, 100, 200])(
    'stays narrower than a %i-column terminal (no wrap, so \\r redraws one line)',
    (columns) => {
      const line = progressLine(p, 3.2, columns);
      expect(textWidth(line)).toBeLessThan(columns);
      expect(line).toContain('12345/20000');
      expect(line).not.toContain('\n');
    },
  );

  it('shows the bar and the scenario when there is room', () => {
    const line = progressLine({ ...p, scenario: 'stacked-3' }, 3.2, 100);
    expect(line).toMatch(/^\[#+\.+\] +62%/);
    expect(line).toContain('stacked-3 (12/20)');
  });
});
