/**
 * Bisection for the x in [lo, hi] where an increasing `f` reaches `target`: the one root
 * finder of the statistics (Student's t, beta and gamma quantiles). Stops after 200
 * halvings or when the bracket is at most `tolerance` wide (times `hi` when `relative`).
 */
export function bisect(
  f: (x: number) => number,
  target: number,
  lo: number,
  hi: number,
  tolerance: number,
  relative: boolean,
): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200 && b - a > (relative ? tolerance * b : tolerance); i++) {
    const mid = (a + b) / 2;
    if (f(mid) < target) a = mid;
    else b = mid;
  }
  return (a + b) / 2;
}
