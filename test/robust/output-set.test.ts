/**
 * Report sets and output paths (issue 22): a set of outputs is replaced as a whole or not
 * at all; a read-only target is refused (exit 4) and left as it was; an empty path is
 * refused (exit 2); SIGTERM/SIGINT during the writes leave a whole set and no temporary
 * file; a temporary file left by a killed process (SIGKILL) is removed by the next write.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, OutputError } from '../../src/cli/errors.ts';
import { writeOutput, writeOutputSet } from '../../src/cli/output.ts';
import { cliAsync } from '../cli-async.ts';

const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('output sets and paths', () => {
  it('a set with one failing target replaces none of the others and leaves no temporary file', () => {
    const d = mkdtempSync(join(tmpdir(), 'set-'));
    writeFileSync(join(d, 'report.json'), 'old json');
    writeFileSync(join(d, 'report.md'), 'old md');
    writeFileSync(join(d, 'file'), 'x');
    expect(() =>
      writeOutputSet([
        { file: join(d, 'report.json'), text: 'new json' },
        { file: join(d, 'report.md'), text: 'new md' },
        { file: join(d, 'file', 'report.html'), text: 'new html' },
      ]),
    ).toThrow(OutputError);
    expect([readFileSync(join(d, 'report.json'), 'utf8'), readFileSync(join(d, 'report.md'), 'utf8')]).toEqual([
      'old json',
      'old md',
    ]);
    expect(temps(d)).toEqual([]);
    writeOutputSet([
      { file: join(d, 'report.json'), text: 'new json' },
      { file: join(d, 'report.md'), text: 'new md' },
    ]);
    expect([readFileSync(join(d, 'report.json'), 'utf8'), readFileSync(join(d, 'report.md'), 'utf8')]).toEqual([
      'new json',
      'new md',
    ]);
  });

  it('a read-only target is refused with an OutputError (exit 4) and keeps its content and mode; a writable one keeps its mode', () => {
    const d = mkdtempSync(join(tmpdir(), 'ro-'));
    const f = join(d, 'r.json');
    writeFileSync(f, 'keep');
    chmodSync(f, 0o444);
    expect(() => writeOutput(f, 'new')).toThrow(/read-only; it was not replaced/);
    expect(readFileSync(f, 'utf8')).toBe('keep');
    expect(statSync(f).mode & 0o777).toBe(0o444);
    const g = join(d, 'g.json');
    writeFileSync(g, 'old');
    chmodSync(g, 0o640);
    writeOutput(g, 'new');
    expect(statSync(g).mode & 0o777).toBe(0o640);
  });

  it('an empty output path is an InputError (exit 2), through the CLI too', async () => {
    expect(() => writeOutput('', 'x')).toThrow(InputError);
    for (const flag of ['--out', '--json']) {
      const r = await cliAsync([
        'run',
        'scenarios/single-node.yaml',
        '--replications',
        '2',
        '--horizon',
        '1d',
        flag,
        '',
        '--quiet',
      ]);
      expect(r.code, flag).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a temporary file left by a killed process is removed by the next write into its folder', () => {
    const d = mkdtempSync(join(tmpdir(), 'stale-'));
    const stale = join(d, '.report.json.k8s-ha-sim-2147483646-0.tmp');
    writeFileSync(stale, '');
    writeOutput(join(d, 'report.json'), 'x');
    expect(existsSync(stale)).toBe(false);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} while sets are being written: every set whole, no temporary file`, async () => {
      const d = mkdtempSync(join(tmpdir(), 'sig-'));
      mkdirSync(join(d, 'out'));
      const script = `
        const { writeOutputSet } = await import(${JSON.stringify(new URL('../../dist/cli/output.js', import.meta.url).href)});
        const big = 'x'.repeat(1 << 20);
        for (let gen = 0; gen < 300; gen++) {
          // the CLI returns to the event loop after its writes; so does this loop, between sets
          await new Promise((r) => setImmediate(r));
          writeOutputSet(['report.json', 'report.md', 'report.html', 'junit.xml'].map((f) => ({ file: ${JSON.stringify(join(d, 'out'))} + '/' + f, text: gen + '\\n' + big })));
          if (gen === 0) process.stderr.write('first\\n');
        }`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 150));
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(code).toBe(signal === 'SIGTERM' ? 143 : 130);
      const gens = ['report.json', 'report.md', 'report.html', 'junit.xml'].map(
        (f) => readFileSync(join(d, 'out', f), 'utf8').split('\n', 1)[0],
      );
      expect(new Set(gens).size).toBe(1);
      expect(temps(join(d, 'out'))).toEqual([]);
    }, 60_000);
  }
});
