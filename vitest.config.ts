import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Model suites run many thousands of steps; the budget is in runs, not in seconds.
    testTimeout: 120_000,
    pool: 'threads',
    // model suites are CPU-bound: use every core (CI has 2)
    maxWorkers: '100%',
    // counterexamples a test or a spawned memcheck keeps go to a temporary corpus, never the repo's
    env: { MEMCHECK_CORPUS_DIR: join(tmpdir(), `memcheck-test-corpus-${process.pid}`) },
  },
});
