/**
 * Writing outputs. `-` is stdout. A new path or an existing regular file is written
 * atomically (a temporary file beside it, then rename), so a reader never sees half a
 * report. Anything else that already exists — a character device (`/dev/null`,
 * `/dev/stdout`), a FIFO, a socket, a symlink — is opened and written through, never
 * replaced: as root, renaming over /dev/null would turn it into a regular file.
 * Write failures are an OutputError (exit 4), never a verdict.
 */
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, OutputError } from './errors.ts';
import { stripControl } from '../report/safe-text.ts';

/** Writes `text` to stdout (`-`) or to `file` (atomically when it is a regular file or new). */
export function writeOutput(file: string, text: string): void {
  writeOutputSet([{ file, text }]);
}

/** One output of a set: where, and what. */
export interface OutputTarget {
  readonly file: string;
  readonly text: string;
}

/**
 * Writes a set of outputs (a report's JSON, Markdown, HTML, JUnit) as a whole or not at
 * all: every regular (or new) file is first written to a temporary file beside it, and
 * only when all of them are written are they renamed, one after another with nothing in
 * between; a failure before that removes every temporary file and replaces nothing.
 * Devices, FIFOs, symlinks and stdout are written after the renames. A read-only target
 * is refused (exit 4) before anything is written. SIGINT/SIGTERM/SIGHUP during the writes
 * are held until the set is complete (the writes are synchronous; the handler runs after
 * them) and then remove any temporary file left and exit 130/143/129. A SIGKILL cannot be
 * caught: its leftover `.NAME.k8s-ha-sim-PID.tmp` is removed by the next write into the
 * same folder once process PID is gone.
 */
export function writeOutputSet(targets: readonly OutputTarget[]): void {
  guardSignals();
  const later: OutputTarget[] = [];
  const staged: { file: string; tmp: string }[] = [];
  try {
    for (const t of targets) {
      if (t.file === '') throw new InputError('an output path is empty ("" given); name a file, or - for stdout');
      // Our own stdout by name goes to the stream: when it is a socket (as under some process
      // managers) opening /dev/stdout fails with ENXIO.
      if (t.file === '-' || STDOUT_NAMES.includes(t.file)) {
        later.push(t);
        continue;
      }
      const kind = existingKind(t.file);
      if (kind === 'directory') throw new OutputError(`cannot write "${stripControl(t.file)}": it is a directory`);
      if (kind === 'special') {
        later.push(t);
        continue;
      }
      if (kind === 'readonly')
        throw new OutputError(
          `cannot write "${stripControl(t.file)}": the ` +
            `file is read-only; it was not replaced (make it writable, or write elsewhere)`,
        );
      staged.push({ file: t.file, tmp: stage(t.file, t.text) });
    }
  } catch (err) {
    for (const s of staged) removeTemp(s.tmp);
    throw err;
  }
  try {
    for (const s of staged) {
      renameSync(s.tmp, s.file);
      pendingTemps.delete(s.tmp);
    }
  } catch (err) {
    for (const s of staged) removeTemp(s.tmp);
    throw outputError(staged.find((s) => pendingTemps.has(s.tmp))?.file ?? '', err);
  }
  for (const t of later) {
    if (t.file === '-' || STDOUT_NAMES.includes(t.file)) writeStdout(t.text);
    else writeThrough(t.file, t.text);
  }
}

/** Temporary files written and not yet renamed: removed on a signal. */
const pendingTemps = new Set<string>();
let signalsGuarded = false;

/** Installs (once) the handlers that remove temporary files on SIGINT, SIGTERM and SIGHUP and exit 128+n. */
function guardSignals(): void {
  if (signalsGuarded) return;
  signalsGuarded = true;
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(sig, () => {
      for (const tmp of pendingTemps) removeTemp(tmp);
      process.exit(code);
    });
  }
}

function removeTemp(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // Best effort; the error being reported is the one that matters.
  }
  pendingTemps.delete(tmp);
}

/** The marker in a temporary file's name: `.report.json.k8s-ha-sim-1234-0.tmp` (PID, then a count). */
const TEMP_MARK = '.k8s-ha-sim-';
let tempCount = 0;

/** Writes `text` to a fresh temporary file beside `file` (with the mode of the file it replaces); returns its path. */
function stage(file: string, text: string): string {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}${TEMP_MARK}${process.pid}-${tempCount++}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    removeStaleTemps(dir, basename(file));
    pendingTemps.add(tmp);
    writeFileSync(tmp, text, { flag: 'wx' });
    try {
      chmodSync(tmp, lstatSync(file).mode & 0o7777);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') throw e;
    }
    return tmp;
  } catch (err) {
    if (pendingTemps.has(tmp)) removeTemp(tmp);
    throw outputError(file, err);
  }
}

/** Removes `.NAME.k8s-ha-sim-PID.tmp` files in `dir` left by a process that no longer runs (a SIGKILL). */
function removeStaleTemps(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${name}${TEMP_MARK}`;
  for (const e of entries) {
    if (!e.startsWith(prefix) || !e.endsWith('.tmp')) continue;
    const pid = Number(e.slice(prefix.length, -4).split('-')[0]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(join(dir, e), { force: true });
    } catch {
      // Not ours to insist on.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

const STDOUT_NAMES: readonly string[] = ['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'];

type PathKind = 'missing' | 'regular' | 'readonly' | 'directory' | 'special';

function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function existingKind(file: string): PathKind {
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink()) return 'special';
    // No write bit for anyone: read-only by intent (root could replace it; we do not).
    if (st.isFile()) return (st.mode & 0o222) === 0 || !writable(file) ? 'readonly' : 'regular';
    if (st.isDirectory()) return 'directory';
    return 'special';
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return 'missing';
    throw outputError(file, e);
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
