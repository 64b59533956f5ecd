/**
 * Exit codes (SPEC §3, STYLE §4): 0 success, 1 `check` found an SLO unmet, 2 invalid
 * input or usage, 3 a bug (broken invariant or unexpected exception).
 */
export const EXIT_OK = 0;
export const EXIT_SLO_UNMET = 1;
export const EXIT_INPUT = 2;
export const EXIT_BUG = 3;

/**
 * Bad input or usage, already worded for the user (e.g. `file:line:col key: message`
 * lines). Thrown by command actions; main prints `message` and exits 2, no stack trace.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
