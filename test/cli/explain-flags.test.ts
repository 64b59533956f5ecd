/**
 * `explain`'s own flag checks (src/cli/commands/explain.ts): bad flags are input (exit 2),
 * not a bug. The runs behind the flags are tested through the study function
 * (test/golden/explain.test.ts, test/report/timeline-window.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { runExplain } from '../../src/cli/commands/explain.ts';

const killed = 'scenarios/teaching/etcd-leader-killed.yaml';

describe('explain flags', () => {
  it('rejects a bad --until as input (exit 2), not a bug', () => {
    expect(() => runExplain(killed, { until: '5x', quiet: true })).toThrow(/--until "5x"/);
  });

  it('--from with --until sets the focus window; one that ends before it starts is refused', () => {
    expect(runExplain(killed, { from: '59m', until: '62m', quiet: true }).window).toEqual({
      fromMs: 59 * 60_000,
      toMs: 62 * 60_000,
    });
    expect(() => runExplain(killed, { from: '2h', until: '1h', quiet: true })).toThrow(/--from 2h must come before/);
  });

  it('--around takes only worst', () => {
    expect(() => runExplain('scenarios/stacked-3-two-zones.yaml', { around: 'best', quiet: true })).toThrow(
      /expected worst/,
    );
  });
});
