import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';

const root = join(import.meta.dirname, '../..');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

interface JsonReport {
  readonly numTotalTests: number;
  readonly testResults: readonly { readonly name: string; readonly assertionResults: readonly { readonly ancestorTitles: readonly string[] }[] }[];
}

/** Run the soak suite's vitest with a tiny budget; its verdicts are not the point here. */
function soak(args: readonly string[]): void {
  // the seed streams are what shards split; the known-bad sweep and the bounds tables are files of their own, left out here
  const exclude = ['--exclude', 'test/soak/catches.soak.ts', '--exclude', 'test/soak/bounds.soak.ts'];
  const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.soak.config.ts', ...exclude, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, MEMCHECK_SOAK_RUNS: '2', MEMCHECK_SOAK_STATES: '0' },
  });
  if (result.error) throw result.error;
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
const files = (r: JsonReport) => r.testResults.map((t) => t.name.split('/').at(-1)!).sort();
const seeds = (r: JsonReport) => new Set(r.testResults.flatMap((t) => t.assertionResults.map((a) => a.ancestorTitles[0]!.match(/seed (-?\d+)/)![1]!)));

describe('sharding the soak suite over machines', () => {
  it('should give each shard a disjoint part of the seed streams, and merge their reports whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memcheck-shards-'));
    const shards = [1, 2].map((i) => {
      soak([`--shard=${i}/2`, '--reporter=blob', '--reporter=json', `--outputFile.blob=${dir}/blob/blob-${i}-2.json`, `--outputFile.json=${dir}/shard-${i}.json`]);
      return read(join(dir, `shard-${i}.json`));
    });
    soak(['--merge-reports', join(dir, 'blob'), '--reporter=json', `--outputFile=${dir}/merged.json`]);
    const merged = read(join(dir, 'merged.json'));

    const [first, second] = shards.map(files);
    expect(first!.filter((f) => second!.includes(f))).toEqual([]);
    expect([...first!, ...second!].sort()).toEqual(['stream-0.soak.ts', 'stream-1.soak.ts', 'stream-2.soak.ts', 'stream-3.soak.ts']);
    const [seedsA, seedsB] = shards.map(seeds);
    expect([...seedsA!].filter((s) => seedsB!.has(s))).toEqual([]);
    expect(files(merged)).toEqual([...first!, ...second!].sort());
    expect(merged.numTotalTests).toBe(4 * registry.length);
  });
});
