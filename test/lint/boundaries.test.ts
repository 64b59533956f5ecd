/**
 * STYLE §1-§2 as a test: imports point one way (cli -> scenario, montecarlo, analysis,
 * report -> model, faults -> engine), and no folder but src/cli reads clocks, global
 * randomness, the process or the file system — so one seed on one commit is one run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Code only: comments and string contents are blanked so prose cannot trip the checks. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`(?:\\.|[^`\\])*`/g, '``')
    .replace(/'(?:\\.|[^'\\\n])*'/g, (m) => (m.startsWith("'node:") || m.startsWith("'fs") ? m : "''"));
}

const SRC = files('src');
const folder = (f: string): string => relative('src', f).split('/')[0]!;

const BANNED: [RegExp, string][] = [
  [/\bMath\.random\s*\(/, 'Math.random (use a seeded stream)'],
  [/\bDate\.now\s*\(|\bnew Date\b/, 'Date (simulated time only)'],
  [/\bsetTimeout\s*\(|\bsetInterval\s*\(/, 'timers'],
  [/\bperformance\.now\s*\(/, 'performance.now (the CLI injects a clock)'],
  [/\bprocess\.[a-zA-Z]/, 'process (I/O belongs to src/cli)'],
  [/from\s+'(node:)?fs(\/promises)?'/, 'node:fs (I/O belongs to src/cli)'],
];

/** Which folders each folder may import from (itself always allowed). */
const ALLOWED: Record<string, readonly string[]> = {
  engine: [],
  scenario: ['engine'],
  faults: ['engine', 'scenario'],
  model: ['engine', 'scenario', 'faults'],
  analysis: ['engine', 'scenario'],
  montecarlo: ['engine', 'scenario', 'model', 'analysis'],
  report: ['engine', 'scenario', 'model', 'faults', 'montecarlo', 'analysis'],
  sweep: ['engine', 'scenario', 'montecarlo', 'analysis', 'report'],
  playground: ['engine', 'scenario', 'model', 'faults', 'analysis', 'report'],
  import: ['engine', 'scenario'],
  cli: ['engine', 'scenario', 'model', 'faults', 'montecarlo', 'analysis', 'report', 'sweep', 'playground', 'import'],
};

describe('module boundaries', () => {
  it('finds the sources', () => {
    expect(SRC.length).toBeGreaterThan(40);
  });

  for (const f of SRC.filter((x) => folder(x) !== 'cli' && folder(x) !== 'index.ts')) {
    it(`${f} reads no clock, global randomness, process or file system`, () => {
      const c = code(readFileSync(f, 'utf8'));
      for (const [re, what] of BANNED) expect(re.test(c), `${f} uses ${what}`).toBe(false);
    });
  }

  for (const f of SRC.filter((x) => ALLOWED[folder(x)] !== undefined)) {
    it(`${f} imports only from allowed folders`, () => {
      const own = folder(f);
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/from\s+'(\.\.?\/[^']+)'/g)) {
        const target = relative('src', join(f, '..', m[1]!)).split('/')[0]!;
        if (target === own || target.endsWith('.ts')) continue;
        expect(ALLOWED[own], `${f} imports ${m[1]} (${target})`).toContain(target);
      }
    });
  }

  it('the checks can fail', () => {
    const bad = code("const x = Math.random(); import { readFileSync } from 'node:fs';\n// Date.now() in a comment is fine");
    expect(BANNED[0]![0].test(bad)).toBe(true);
    expect(BANNED[5]![0].test(bad)).toBe(true);
    expect(BANNED[1]![0].test(bad)).toBe(false);
  });
});
