/**
 * The exhaustiveness check every switch on a discriminant ends with (docs/style.md §5): the
 * compiler proves the call unreachable; at run time it is a bug, so it throws.
 */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what} ${typeof x === 'string' ? x : JSON.stringify(x)}`);
}
