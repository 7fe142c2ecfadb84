import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The soak suite: long random runs of every proposal, one seed stream a file, for sharding
// over machines (`npm run soak -- --shard=i/n`). Not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/soak/*.soak.ts'],
    testTimeout: 3_600_000,
    pool: 'threads',
    maxWorkers: '100%',
    env: { MEMCHECK_CORPUS_DIR: join(tmpdir(), `memcheck-test-corpus-${process.pid}`) },
  },
});
