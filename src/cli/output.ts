/** Writing outputs: `-` is stdout; files are written atomically (temporary file, then rename). */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from './errors.ts';

/** Writes `text` to stdout (`-`) or atomically to `file`, creating its directory. */
export function writeOutput(file: string, text: string): void {
  if (file === '-') {
    process.stdout.write(text);
    return;
  }
  const tmp = join(dirname(file), `.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new InputError(`cannot write "${file}": ${err instanceof Error ? err.message : String(err)}`);
  }
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
    throw new InputError(`${flag} ${JSON.stringify(text)}: expected a whole number from 1 to ${max}`);
  }
  return n;
}
