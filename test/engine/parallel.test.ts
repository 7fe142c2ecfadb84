import { describe, expect, it } from 'vitest';
import { check, resolveConfiguration } from '../../src/index.ts';
import { checkParallel } from '../../src/parallel/checkParallel.ts';
import { splitRuns, streamSeed } from '../../src/parallel/seeds.ts';
import { runCli } from '../../src/cli/main.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';
import { withoutTimings } from '../fixtures/withoutTimings.ts';

const SEED = 77;

const source = { module: new URL('../fixtures/refcountModel.ts', import.meta.url).href, name: 'refcount' };

function parallel(variant: string, workers: number, runs = 200) {
  return checkParallel(source, refcountModel, resolveConfiguration(refcountModel, variant), { workers, runs, seed: SEED });
}

describe(`check --workers (seed ${SEED})`, () => {
  it('should split the runs over disjoint seed streams, stream 0 being the seed itself', () => {
    expect(splitRuns(10, 3)).toEqual([4, 3, 3]);
    expect(splitRuns(2, 3)).toEqual([1, 1, 0]);
    expect(streamSeed(SEED, 0)).toBe(SEED);
    const seeds = Array.from({ length: 64 }, (_, j) => streamSeed(SEED, j));
    expect(new Set(seeds).size).toBe(64);
    expect(() => streamSeed(SEED, -1)).toThrow(RangeError);
  });

  it('should hold on every worker and count the runs of all of them', () => {
    const result = parallel('proposal', 3, 300);
    expect(result.outcome).toEqual({ kind: 'holds' });
    expect(result.runs).toBe(300);
    expect(result.workers.map((w) => [w.seed, w.runs, w.verdict])).toEqual([0, 1, 2].map((j) => [streamSeed(SEED, j), 100, 'holds']));
  });

  it('should give worker j exactly what a plain check on stream j gives', () => {
    const configuration = resolveConfiguration(refcountModel, 'free-at-one');
    const result = parallel('free-at-one', 2);
    for (const w of result.workers) {
      const alone = check(refcountModel, configuration, { seed: w.seed, runs: w.runs });
      expect(alone.outcome.kind).toBe(w.verdict);
    }
  });

  it('should report a counterexample that replays from its seed and path alone', () => {
    const result = parallel('free-at-one', 2);
    expect(result.outcome.kind).toBe('violated');
    expect(result.path).toBeDefined();
    const replayed = check(refcountModel, resolveConfiguration(refcountModel, 'free-at-one'), {
      seed: result.seed,
      runs: result.budget.runs,
      maxSteps: result.budget.maxSteps,
      ...(result.path === undefined ? {} : { path: result.path }),
    });
    expect(replayed.outcome).toEqual(result.outcome);
  });

  it('should be deterministic for one seed and worker count', () => {
    expect(withoutTimings(parallel('leaky-put', 2))).toEqual(withoutTimings(parallel('leaky-put', 2)));
  });
});

describe(`matrix --workers (seed ${SEED})`, () => {
  it('should print the same rows in the same order on worker threads as in one thread', () => {
    const matrix = (workers: string) => {
      const out: string[] = [];
      const io = { stdout: (s: string) => out.push(s), stderr: () => undefined, interactive: false };
      const code = runCli(['matrix', '--seed', String(SEED), '--workers', workers, '--json'], { registry: [refcountModel], registryModule: source.module }, io);
      return { code, rows: withoutTimings(JSON.parse(out.join('\n'))) };
    };
    const one = matrix('1');
    const two = matrix('2');
    expect(two.code).toBe(one.code);
    expect(two.rows).toEqual(one.rows);
    expect((one.rows as unknown[]).length).toBe(refcountModel.variants.length);
  });

  it('should refuse more workers than four a core', () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (s: string) => err.push(s), interactive: false };
    expect(runCli(['matrix', '--workers', '100000'], { registry: [refcountModel] }, io)).toBe(2);
    expect(err.join('\n')).toMatch(/^memcheck: --workers must be at most \d+/);
  });
});
