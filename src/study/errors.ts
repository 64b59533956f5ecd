/**
 * Bad input or usage, already worded for the user (e.g. `file:line:col key: message`
 * lines). Thrown by the study functions and the command actions; the CLI prints `message`
 * and exits 2, no stack trace.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
