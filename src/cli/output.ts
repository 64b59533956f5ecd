/**
 * Writing outputs. `-` is stdout. A new path or an existing regular file is written
 * atomically (a temporary file beside it, then rename), so a reader never sees half a
 * report. Anything else that already exists — a character device (`/dev/null`,
 * `/dev/stdout`), a FIFO, a socket, a symlink — is opened and written through, never
 * replaced: as root, renaming over /dev/null would turn it into a regular file.
 * Write failures are an OutputError (exit 4), never a verdict.
 */
import { closeSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, OutputError } from './errors.ts';
import { stripControl } from '../report/safe-text.ts';

/** Writes `text` to stdout (`-`) or to `file` (atomically when it is a regular file or new). */
export function writeOutput(file: string, text: string): void {
  // Our own stdout by name goes to the stream: when it is a socket (as under some process
  // managers) opening /dev/stdout fails with ENXIO.
  if (file === '-' || STDOUT_NAMES.includes(file)) {
    writeStdout(text);
    return;
  }
  const kind = existingKind(file);
  if (kind === 'regular' || kind === 'missing') writeAtomically(file, text);
  else if (kind === 'directory') throw new OutputError(`cannot write "${stripControl(file)}": it is a directory`);
  else writeThrough(file, text);
}

const STDOUT_NAMES: readonly string[] = ['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'];

type PathKind = 'missing' | 'regular' | 'directory' | 'special';

function existingKind(file: string): PathKind {
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink()) return 'special';
    if (st.isFile()) return 'regular';
    if (st.isDirectory()) return 'directory';
    return 'special';
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return 'missing';
    throw outputError(file, e);
  }
}

function writeAtomically(file: string, text: string): void {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`);
  let created = false;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text, { flag: 'wx' });
    created = true;
    renameSync(tmp, file);
  } catch (err) {
    // Only remove what we made: a failed mkdir (a path through a file) has nothing to clean.
    if (created) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Best effort; the write error below is the one to report.
      }
    }
    throw outputError(file, err);
  }
}

/** A device, FIFO or symlink: open it (following links) and write, without truncating devices. */
function writeThrough(file: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (err) {
    throw outputError(file, err);
  }
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
  } catch (err) {
    throw outputError(file, err);
  } finally {
    closeSync(fd);
  }
}

function outputError(file: string, err: unknown): OutputError {
  const message = err instanceof Error ? err.message : String(err);
  return new OutputError(`cannot write "${stripControl(file)}": ${stripControl(message)}`);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `buf` to `fd`, waiting briefly when a non-blocking FIFO is full. */
function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
      Atomics.wait(sleeper, 0, 0, 2);
    }
  }
}

/**
 * Writes to stdout with control characters other than newline and tab stripped: an ESC,
 * OSC or NUL in a scenario or a file name must not drive the reader's terminal (JSON,
 * Markdown and HTML never hold raw ones, so reports on stdout are unchanged). A write
 * error (`> /dev/full`) arrives as the stream's 'error' event, which bin/k8s-ha-sim maps
 * to exit 4 (a closed pipe, `| head`, to the exit code already chosen).
 */
export function writeStdout(text: string): void {
  process.stdout.write(stripControl(text));
}

/** Writes to stderr, control characters stripped. */
export function writeStderr(text: string): void {
  process.stderr.write(stripControl(text));
}

/** Collects a repeatable commander option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses a positive integer flag, or throws an InputError naming the flag. */
export function parsePositiveInt(flag: string, text: string | undefined, max = 1e9): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new InputError(`${stripControl(flag)} ${JSON.stringify(text)}: expected a whole number from 1 to ${max}`);
  }
  return n;
}
