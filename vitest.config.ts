import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Model suites run many thousands of steps; the budget is in runs, not in seconds.
    testTimeout: 120_000,
    pool: 'threads',
    // model suites are CPU-bound: use every core (CI has 2)
    maxWorkers: '100%',
  },
});
