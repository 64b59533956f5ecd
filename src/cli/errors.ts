/**
 * Exit codes (docs/spec.md §3, docs/style.md §4): 0 success, 1 `check` found an SLO unmet, 2 invalid
 * input or usage, 3 a bug (broken invariant or unexpected exception), 4 an output could
 * not be written (disk full, closed or full stdout, unwritable path). An I/O failure never
 * exits 1: that code is the verdict "SLO not met" and a CI gate must not mistake one for
 * the other.
 */
export const EXIT_OK = 0;
export const EXIT_SLO_UNMET = 1;
export const EXIT_INPUT = 2;
export const EXIT_BUG = 3;
export const EXIT_IO = 4;

export { InputError } from '../study/errors.ts';

/** Where a command's action hands its exit code (main maps it; no module-level state). */
export type ExitSink = (code: number) => void;

/**
 * An output that could not be written (ENOSPC, EIO, EACCES, a path through a file...).
 * main prints `message` and exits 4 (EXIT_IO), no stack trace.
 */
export class OutputError extends Error {
  override readonly name: string = 'OutputError';
}
