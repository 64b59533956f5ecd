/**
 * Outputs never clobber what is not a regular file, and I/O errors never look like a
 * verdict (issue 10). A regular file or a new path is written through temp + rename; a
 * character device, FIFO or symlink is written through and stays what it was. As root
 * the device case uses a private device node (mknod) as well as /dev/null itself.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  createReadStream,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError } from '../../src/cli/errors.ts';
import { writeOutput } from '../../src/cli/output.ts';
import { cliAsync, runAsync, type Ran } from '../cli-async.ts';

const IS_ROOT = process.getuid?.() === 0;

// Awaited, not spawnSync'ed: a child process must not block the worker's event loop.
function cli(args: string[]): Promise<Ran> {
  return cliAsync(args);
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'k8s-ha-sim-out-'));
}

describe('writeOutput by kind of path', () => {
  it('a new path (and its directory) is created; a regular file is replaced atomically, no temporary left', () => {
    const dir = tmp();
    const file = join(dir, 'sub', 'report.json');
    writeOutput(file, 'one\n');
    expect(readFileSync(file, 'utf8')).toBe('one\n');
    const before = statSync(file).ino;
    writeOutput(file, 'two\n');
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    // Rename, not an in-place rewrite: a reader holding the old file never sees half of the new one.
    expect(statSync(file).ino).not.toBe(before);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['report.json']);
  });

  it('a symlink is written through: the link stays a link, its target gets the text', () => {
    const dir = tmp();
    const target = join(dir, 'target.json');
    writeFileSync(target, 'old\n');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    writeOutput(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
  });

  it('a character device is written through and stays a device (/dev/null; as root also a private mknod node)', () => {
    writeOutput('/dev/null', 'discarded\n');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    if (IS_ROOT) {
      const node = join(tmp(), 'null');
      execFileSync('mknod', [node, 'c', '1', '3']);
      writeOutput(node, 'discarded\n');
      const st = lstatSync(node);
      expect(st.isCharacterDevice()).toBe(true);
      expect(st.rdev).toBe(statSync('/dev/null').rdev);
    }
  });

  it('a directory or a path through a file is an OutputError naming the path', () => {
    const dir = tmp();
    expect(() => writeOutput(dir, 'x')).toThrow(OutputError);
    const file = join(dir, 'f');
    writeFileSync(file, '');
    expect(() => writeOutput(join(file, 'report.json'), 'x')).toThrow(/cannot write ".*f\/report\.json": ENOTDIR/);
  });
});

describe('outputs through the CLI', () => {
  it('--json into a FIFO is written through to its reader; the FIFO stays a FIFO', async () => {
    const fifo = join(tmp(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const child = spawn('node', ['bin/k8s-ha-sim', 'analyze', 'scenarios/stacked-3.yaml', '--json', fifo, '--quiet'], {
      stdio: 'ignore',
    });
    let text = '';
    for await (const chunk of createReadStream(fifo, 'utf8')) text += String(chunk);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(text).scenarios[0].name).toBe('stacked-3');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('--json /dev/stdout writes the JSON to stdout and leaves /dev/stdout alone', async () => {
    const r = await cli(['analyze', 'scenarios/stacked-3.yaml', '--json', '/dev/stdout', '--quiet']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scenarios[0].name).toBe('stacked-3');
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('a full stdout (> /dev/full) exits 4, not 1 ("SLO not met") — also for check with an unmet SLO', async () => {
    for (const args of [
      ['validate', 'scenarios/stacked-3.yaml'],
      ['check', 'scenarios/single-node.yaml', '--replications', '20', '--workers', '1', '--slo', 'api=99.9999%'],
    ]) {
      const r = await runAsync('sh', ['-c', `node bin/k8s-ha-sim ${args.join(' ')} > /dev/full`]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('ENOSPC');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--out naming an existing file exits 4 with one line, no stack trace, and leaves the file', async () => {
    const file = join(tmp(), 'not-a-dir');
    writeFileSync(file, 'keep\n');
    const r = await cli(['run', 'scenarios/single-node.yaml', '--replications', '5', '--workers', '1', '--out', file]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^k8s-ha-sim: cannot write ".*not-a-dir\/report\.json": ENOTDIR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe('keep\n');
  });

  it('validate reads a pipe up to the cap and refuses more, exit 2 with a position', async () => {
    const r = await runAsync('sh', ['-c', 'head -c 3000000 /dev/zero | node bin/k8s-ha-sim validate /dev/stdin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('/dev/stdin:1:1: the input is larger than 1024 KiB; a scenario is a few KiB at most\n');
  });

  it('file names with control characters print stripped; the ok line names the file', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'd'));
    const evil = join(dir, 'd', 'x\u001b]0;pwned\u0007.yaml');
    writeFileSync(evil, readFileSync('scenarios/single-node.yaml'));
    const bad = join(dir, 'd', 'y\u001b[2J.yaml');
    writeFileSync(bad, 'name: x\n');
    const r = await cli(['validate', evil, bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`ok ${join(dir, 'd', 'x]0;pwned.yaml')} (single-node)\n`);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr).toContain('y\\u001b[2J.yaml:1:1');
  });
});
