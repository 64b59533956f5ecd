/** Short human durations for narration: `30m`, `1h30m`, `3.6s`, `250ms`, `2d4h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${round3(ms)}ms`;
  if (ms < 60_000) return `${round3(ms / 1000)}s`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  const units: readonly [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  for (const [u, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${u}`);
    rest -= n * size;
  }
  return parts.join('');
}

function round3(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
