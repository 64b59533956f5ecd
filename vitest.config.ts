import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once per run: CLI tests spawn bin/k8s-ha-sim, which runs compiled code.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    // The JSON summary lets .ci/run print a plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'reports/vitest-results.json' }]],
    hookTimeout: 60_000,
    // Two cores on CI: forks isolate worker_threads-based tests and keep memory flat.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
