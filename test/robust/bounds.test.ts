/**
 * Bounds of issue 22: `explain --html` refuses, before running, a topology with more
 * hosts than it draws (MAX_HTML_HOSTS), with a clear InputError (exit 2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplain } from '../../src/cli/commands/explain.ts';
import { MAX_HTML_HOSTS } from '../../src/study/explain.ts';
import { InputError } from '../../src/cli/errors.ts';

describe('bounds', () => {
  it(`explain --html refuses more than ${MAX_HTML_HOSTS} hosts with a clear error`, () => {
    const d = mkdtempSync(join(tmpdir(), 'bounds-'));
    const f = join(d, 'many.yaml');
    const hosts = Array.from(
      { length: MAX_HTML_HOSTS + 1 },
      (_, i) => `    - { name: h${i}, zone: ` + `a, runs: [etcd, apiserver] }`,
    ).join('\n');
    writeFileSync(
      f,
      `name: many\ntopology:\n  zones: [a]\n  hosts:\n${hosts}\n  loadBalancer: { ` +
        `kind: none }\nsimulation: { horizon: 1d, replications: 1, seed: 1 }\n`,
    );
    expect(() => runExplain(f, { html: join(d, 'x.html'), quiet: true })).toThrow(InputError);
    expect(() => runExplain(f, { html: join(d, 'x.html'), quiet: true })).toThrow(
      /at most 100 hosts; this scenario has 10[1-9]/,
    );
  });
});
