/**
 * One regression test per class of robustness bug found by fuzzing the landed code
 * (issue 10), each failing on the code before its fix. Library-level cases run
 * in-process; output paths and exit codes are in outputs.test.ts.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { recordTimeline } from '../../src/timeline/index.ts';
import { renderTimelineHtml } from '../../src/report/timeline-html.ts';
import { analyzeScenario } from '../../src/analysis/exact.ts';
import { runExplain } from '../../src/cli/commands/explain.ts';
import { MAX_EXPLAIN_EVENTS } from '../../src/study/explain.ts';
import { explainJson, formatExplainText } from '../../src/report/explain.ts';
import { readCapped } from '../../src/cli/load-scenario.ts';
import { effectiveWorkers } from '../../src/cli/simulate.ts';
import { compileSampler, MAX_DRAW_MS } from '../../src/engine/distributions.ts';
import { ArrayTrace } from '../../src/engine/index.ts';
import { createStream } from '../../src/engine/rng.ts';
import { runReplication } from '../../src/model/replication.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { escapeHtml } from '../../src/report/charts/svg.ts';
import { markdownCode, shellQuote, stripControl } from '../../src/report/safe-text.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatProblem, type Problem } from '../../src/scenario/problems.ts';
import { MAX_NESTING_DEPTH } from '../../src/scenario/yaml-source.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { syntheticReport } from '../report/fixtures.ts';

function load(
  text: string,
  options = {},
): { ok: true; s: Scenario } | { ok: false; errors: readonly Problem[]; lines: string[] } {
  const r = loadScenarioText(text, 'r.yaml', options);
  return r.ok ? { ok: true, s: r.value.scenario } : { ok: false, errors: r.errors, lines: r.errors.map(formatProblem) };
}

function loadOk(text: string, options = {}): Scenario {
  const r = load(text, options);
  if (!r.ok) throw new Error(r.lines.join('\n'));
  return r.s;
}

const STACKED3 = readFileSync('scenarios/stacked-3.yaml', 'utf8');

describe('distributions', () => {
  it('weibull with a tiny shape is refused with a position, and no sampler draws Infinity', () => {
    const r = load(
      `name: w\ntopology: { kind: stacked, controlPlane: { count: 1 } }\nfailures:\n  ` +
        `host: { ttf: { weibull: { shape: 0.0001, scale: 1h } }, mttr: 1m }\n`,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.lines.join('\n')).toMatch(/^r\.yaml:4:\d+ failures\.host\.ttf\.weibull\.shape: .*0\.1/m);
    // The sampler itself stays finite even for a shape the schema refuses.
    const draw = compileSampler({ kind: 'weibull', shape: 0.0001, scaleMs: 3_600_000 });
    const rng = createStream(7, 0, 'weibull-test');
    let max = 0;
    for (let i = 0; i < 2000; i++) max = Math.max(max, draw(rng));
    expect(Number.isFinite(max)).toBe(true);
    expect(max).toBe(MAX_DRAW_MS);
  });

  it('the smallest weibull shape accepted runs a year without a broken invariant', () => {
    const s = loadOk(
      `name: w\ntopology: { kind: stacked, zones: 3, controlPlane: { count: 3 } ` +
        `}\nfailures:\n  host: { ttf: { weibull: { shape: 0.1, scale: 1h } }, mttr: 1m }\nsimulation: { ` +
        `horizon: 30d }\n`,
    );
    const r = runReplication(s, 0, { checkInvariants: true });
    expect(Number.isFinite(r.slis.api.downMs)).toBe(true);
  });
});

describe('keepalived under scripted partitions', () => {
  const base = (faults: string[]) =>
    loadOk(
      [
        'name: p',
        'topology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, ' + 'loadBalancer: { kind: keepalived } }',
        'faults:',
        ...faults.map((f) => `  - ${f}`),
        'simulation: { horizon: 3h }',
      ].join('\n'),
    );

  it("a partition replacing another hands the VIP back to the best live instance of the holder's group (split brain on)", () => {
    const s = loadOk(
      [
        'name: p',
        'topology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }',
        'timing: { loadBalancer: { splitBrain: true } }',
        'faults:',
        '  - { at: 1h, partition: [[zone/b]], for: 30m }',
        '  - { at: 1h10m, partition: [[zone/c]], for: 30m }',
        'simulation: { horizon: 3h }',
      ].join('\n'),
    );
    const trace = new ArrayTrace();
    runReplication(s, 0, { trace, checkInvariants: true });
    const claim = trace.entries.find((e) => e.kind === 'vip-failover');
    expect(claim?.text).toContain('cp-2');
    // At 1h10m cp-2 (the holder) and cp-1 are in one group again: cp-1 takes the VIP back at once.
    const back = trace.entries.find((e) => e.timeMs === 70 * 60_000 && e.text.includes('VIP back on cp-1'));
    expect(back).toBeDefined();
  });

  it(
    'split brain: a returning instance whose master-down timer expires while it hears a ' +
      'higher-priority master stays backup (fuzz counterexample)',
    () => {
      // cp-2 down, {cp-1, cp-2} | {cp-3}: cp-3 claims the VIP; cp-2 returns at 1m and waits its
      // own timer, but cp-1 (master of their island) outranks it: the VIP stays on cp-3.
      const s = loadOk(
        [
          'name: p',
          'topology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: keepalived } }',
          'timing: { loadBalancer: { splitBrain: true } }',
          'faults:',
          '  - { at: 0m0s, down: host/cp-2, for: 1m }',
          '  - { at: 0m0s, partition: [[zone/a, zone/b]], for: 2m }',
          'simulation: { horizon: 1h }',
        ].join('\n'),
      );
      const trace = new ArrayTrace();
      expect(() => runReplication(s, 0, { trace, checkInvariants: true })).not.toThrow();
      expect(trace.entries.filter((e) => e.kind === 'vip-failover').map((e) => e.target)).toEqual(['lb/cp-3']);
    },
  );

  it('a returning instance under a live higher-priority master of its group stays backup', () => {
    const s = base([
      '{ at: 19m, partition: [[zone/c]], for: 1m }',
      '{ at: 0m, down: lb/cp-2, for: ' + '20m }',
      '{ at: 0m, partition: ' + '[[zone/a]], for: 1m }',
    ]);
    const trace = new ArrayTrace();
    expect(() => runReplication(s, 0, { trace, checkInvariants: true })).not.toThrow();
    expect(trace.entries.some((e) => e.text.includes('VIP moves to cp-2 (higher priority)'))).toBe(false);
  });
});

describe('explain', () => {
  it('a valid one-day scenario with every class at mttf 1s: capped narration, JSON that serialises, exact outages', () => {
    const file = 'test/robust/fixtures/every-class-1s.yaml';
    const run = runExplain(file, { quiet: true, until: '12h' });
    expect(run.entries.length).toBe(MAX_EXPLAIN_EVENTS);
    expect(run.omittedEvents).toBeGreaterThan(100_000);
    const json = JSON.stringify(explainJson(run));
    expect(JSON.parse(json).omittedEvents).toBe(run.omittedEvents);
    expect(formatExplainText(run)).toContain(`... ${run.omittedEvents} more events not narrated`);
    // Capping the narration changes no result: the uncapped run has the same downtime.
    const plain = runReplication(run.scenario, 0, { untilMs: run.untilMs });
    expect(run.result.slis.api.downMs).toBe(plain.slis.api.downMs);
  });

  it('accepts --horizon, as run does, so a printed replay command works', () => {
    const run = runExplain('scenarios/single-node.yaml', { quiet: true, horizon: '2h' });
    expect(run.untilMs).toBe(2 * 3_600_000);
    expect(run.scenario.simulation.horizonMs).toBe(2 * 3_600_000);
    expect(() => runExplain('scenarios/single-node.yaml', { quiet: true, horizon: 'soon' })).toThrow(/--horizon/);
  });
});

describe('YAML edge cases', () => {
  it('CR-only line breaks are valid YAML (and positions count CR lines)', () => {
    const s = loadOk('name: cr\rtopology:\r  kind: stacked\r  controlPlane: { count: 3 }\r');
    expect(s.topology.hosts.length).toBe(3);
    const bad = load('name: cr\rtopology:\r  kind: stackd\r');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.lines[0]).toMatch(/^r\.yaml:3:9 topology\.kind:/);
  });

  it('an undefined alias is named at its position, not called an alias bomb', () => {
    const r = load('name: x\ntopology: *nope\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.lines).toEqual(['r.yaml:2:11: unknown alias "*nope": no anchor "&nope" before it']);
    }
  });

  it('nesting depth is an explicit limit: flow brackets and block nesting, at the first level past it', () => {
    const flow = load(`name: x\ntopology: ${'['.repeat(100_000)}`);
    expect(flow.ok).toBe(false);
    if (!flow.ok)
      expect(flow.lines).toEqual([
        `r.yaml:2:${11 + MAX_NESTING_DEPTH}: the YAML is ` +
          `nested more than ${MAX_NESTING_DEPTH} levels deep; a scenario needs a handful`,
      ]);
    const block = [
      'name: x',
      'x-deep:',
      ...Array.from({ length: 80 }, (_, i) => `${' '.repeat(i + 1)}a:`),
      `${' '.repeat(82)}1`,
    ].join('\n');
    const b = load(block);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.lines[0]).toContain(`nested more than ${MAX_NESTING_DEPTH} levels`);
    // Depth up to the limit is not refused for its depth.
    const ok = load(
      `name: x\nx-deep: ` +
        `${'['.repeat(MAX_NESTING_DEPTH - 1)}${']'.repeat(MAX_NESTING_DEPTH - 1)}\ntopology: { kind: ` +
        `stacked, controlPlane: { count: 1 } }\n`,
    );
    expect(ok.ok).toBe(true);
  });

  // The time it takes is bounded in `npm run bench` (test/bench/bounds.ts: 10x the flood must
  // cost ~10x, not ~100x); here only the outcome, so a loaded machine cannot fail it.
  it('a 250 KB flood of syntax errors and keys loads (duplicate checks were quadratic: minutes)', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `x${i}: "a" b`);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(250_000);
    const r = load(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBe(100); // MAX_SYNTAX_ERRORS: the first 100 are plenty
    // Before: the yaml package's uniqueKeys compared each of the 20,000 keys with every
    // earlier one, and the error de-duplication each of 40,000 errors with every kept one.
    // A duplicate key is still found (now by a Set per mapping), at the duplicate.
    const dup = load(
      `name: x\ntopology: { kind: stacked, controlPlane: { count: 1 } ` +
        `}\n${Array.from({ length: 5000 }, (_, i) => `x-${i}: 1`).join('\n')}\nx-7: 2\n`,
    );
    expect(dup.ok).toBe(false);
    if (!dup.ok)
      expect(dup.lines).toEqual(['r.yaml:5003:1 x-7: duplicate key "x-7": each key may appear once in a mapping']);
  });

  it('echoed tokens are truncated: a 100,000-character value or key makes a short line', () => {
    const value = load(`name: x\ntopology: { kind: ${'z'.repeat(100_000)} }\n`);
    const key = load(`name: x\ntopology: { kind: stacked }\n${'k'.repeat(1000)}: 1\n`);
    const set = load(STACKED3, { overrides: [{ path: 'topology.kind', value: 'q'.repeat(100_000) }] });
    for (const r of [value, key, set]) {
      expect(r.ok).toBe(false);
      if (!r.ok) for (const l of r.lines) expect(l.length).toBeLessThan(600);
    }
  });

  it('control characters from the file are escaped in problem lines, never printed raw', () => {
    const r = load('name: "\\e]0;pwned\\a"\ntopology: { kind: stacked }\n"\\x9b31m": 1\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = r.lines.join('\n');
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(text).toContain('\\u001b]0;pwned\\u0007');
      expect(text).toContain('\\u009b31m');
    }
  });
});

describe('reading and running limits', () => {
  it('reading is capped in bytes read, whatever stat says (/dev/zero: without the cap it never returns)', () => {
    const r = readCapped('/dev/zero', 1024 * 1024);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/larger than 1024 KiB/);
  });

  it('--workers is capped at the core count', () => {
    expect(effectiveWorkers(256)).toBe(availableParallelism());
    expect(effectiveWorkers(1)).toBe(1);
    expect(effectiveWorkers(undefined)).toBe(availableParallelism());
  });

  it('analytic availability is clamped to [0, 1] (it was 1 - (1 + 2e-16))', () => {
    const s = loadOk(STACKED3, { overrides: [{ path: 'failures.etcd', value: '{ mttf: 1m, mttr: 100000y }' }] });
    const a = analyzeScenario(s);
    expect(a.ok).toBe(true);
    if (a.ok) {
      for (const v of Object.values(a.value.availability)) expect(v >= 0 && v <= 1).toBe(true);
      for (const v of Object.values(a.value.unavailability)) expect(v >= 0 && v <= 1).toBe(true);
      // Every etcd member is down almost always: the SLIs are (to rounding) never up.
      expect(a.value.availability.etcd).toBe(0);
    }
  });
});

describe('text that is safe to paste and to read', () => {
  it('Markdown escapes pipes and keeps backticks in file names (the replay command is verbatim)', () => {
    const report = syntheticReport();
    const file = 'we`ird | name`.yaml';
    const s0 = report.scenarios[0]!;
    const w = s0.slis.api.worstReplication!;
    const scenarios = [{ ...s0, file, replay: ['explain', file, '--seed', '7'] }, ...report.scenarios.slice(1)];
    const md = renderMarkdown({ ...report, scenarios });
    const row = md.split('\n').find((l) => l.includes('we`ird'))!;
    // The row still has its four cells: no bare pipe split it.
    expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(4);
    const cell = row
      .split(/(?<!\\)\|/)
      .map((c) => c.trim())
      .filter((c) => c !== '')
      .at(-1)!;
    const code = /^(`+)( ?)(.*)\2\1$/.exec(cell)!;
    expect(code[3]!.replace(/\\\|/g, '|')).toBe(
      `k8s-ha-sim explain 'we\`ird | name\`.yaml' --seed 7 --replication ${w.replication}`,
    );
  });

  it('markdownCode round-trips any text through the fence and pipe escape', () => {
    for (const t of ['a', '`', '``x`', 'a|b', '| `x` |', '`$(id)`']) {
      const c = markdownCode(t);
      const m = /^(`+)( ?)(.*)\2\1$/.exec(c)!;
      expect(m[3]!.replace(/\\\|/g, '|')).toBe(t);
      expect(m[3]!.includes(m[1]!)).toBe(false);
    }
  });

  it('shell quoting leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('scenarios/stacked-3.yaml')).toBe('scenarios/stacked-3.yaml');
    expect(shellQuote('topology.zones=3')).toBe('topology.zones=3');
    expect(shellQuote('`$(id)`.yaml')).toBe("'`$(id)`.yaml'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  it('control characters are stripped from HTML and terminal text', () => {
    const evil = 'a\u001b]0;x\u0007b\u0000c\u009b31md\re';
    expect(escapeHtml(evil)).toBe('a]0;xbc31mde');
    expect(stripControl(evil)).toBe('a]0;xbc31mde');
    expect(stripControl('keep\nnew\tlines')).toBe('keep\nnew\tlines');
  });
});

describe('control characters never reach the reader', () => {
  const EVIL =
    'name: evil\ndescription: "x\\e]0;pwned\\a\\e[2J\\0y"\ntopology: { kind: stacked, ' +
    'zones: 3, controlPlane: { count: 3 } }\nfaults:\n  - { at: 1h, down: host/cp-1, for: 10m ' +
    '}\nsimulation: { horizon: 3h }\n';
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('explain text on stdout and the HTML timeline hold none, though the description does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-ctl-'));
    const file = join(dir, 'evil.yaml');
    writeFileSync(file, EVIL);
    const s = loadOk(EVIL);
    expect(s.description).toMatch(CONTROL);
    const { main } = await import('../../src/cli/main.ts');
    let out = '';
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((t: string | Uint8Array) => ((out += String(t)), true));
    const code = await main(['explain', file]);
    spy.mockRestore();
    expect(code).toBe(0);
    expect(out).toContain('x]0;pwned[2Jy');
    expect(out).not.toMatch(CONTROL);
    const html = renderTimelineHtml(recordTimeline(s));
    expect(html).toContain('x]0;pwned[2Jy');
    expect(html).not.toMatch(CONTROL);
  });
});
