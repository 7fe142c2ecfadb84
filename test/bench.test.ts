import { describe, expect, it } from 'vitest';
import { catches, summariseCatches, type CatchRow } from '../bench/catches.ts';
import { runInProcess, type BenchVariant, type InProcessEngine } from '../bench/engines.ts';
import { benchModel, MAX_MAPCOUNT, MAX_PINCOUNT, MAX_REFCOUNT } from '../bench/model.ts';
import { explore } from '../src/explore/explore.ts';
import { resolveConfiguration } from '../src/index.ts';
import { withoutTimings } from './fixtures/withoutTimings.ts';
import { packedBfs } from '../bench/packedBfs.ts';
import { runQuint } from '../bench/quint.ts';
import { runChild, runNode } from '../bench/spawn.ts';
import { formatCatches } from '../bench/table.ts';
import { registry } from '../registry/index.ts';

// The smoke version of `npm run bench` (bench/compare.ts): small budgets, fixed seeds, and
// assertions on what each engine finds, never on how fast it finds it.

/**
 * The reachable states of one folio, counted from the bounds alone: free, or allocated with
 * 1..MAX_REFCOUNT references of which the mappings and the pin hold at most all. Actions touch
 * one folio each, so n folios have this to the n-th power; it shares no code with any engine.
 */
function statesPerFolio(): number {
  let count = 1; // free: everything zero
  for (let ref = 1; ref <= MAX_REFCOUNT; ref++) {
    for (let map = 0; map <= MAX_MAPCOUNT; map++) {
      for (let pin = 0; pin <= MAX_PINCOUNT; pin++) if (map + pin <= ref) count++;
    }
  }
  return count;
}

/** alloc, then map (or pin), then two puts: the second frees a folio a mapping still holds. */
const SHORTEST = 4;
const BUDGET = { traces: 100, steps: 20, seed: 7 } as const;
const RANDOM_ENGINES: readonly InProcessEngine[] = ['engine-random', 'engine-random-checked', 'hand-loop'];

describe('bench (seed 7)', () => {
  it('should count 21 states a folio, so 21^n in all', () => {
    expect(statesPerFolio()).toBe(21);
  });

  for (const engine of RANDOM_ENGINES) {
    for (const [variant, verdict] of [['fixed', 'holds'], ['buggy', 'violated']] as const) {
      it(`should find that ${engine} says ${verdict} on the ${variant} variant`, () => {
        const sample = runInProcess({ engine, variant, folios: 4, ...BUDGET });
        expect(sample.verdict).toBe(verdict);
        if (variant === 'fixed') expect(sample.steps).toBe(BUDGET.traces * BUDGET.steps);
      });
    }
  }

  it('should shrink the engine counterexample to the shortest length', () => {
    for (const engine of ['engine-random', 'engine-random-checked'] as const) {
      const sample = runInProcess({ engine, variant: 'buggy', folios: 4, ...BUDGET });
      expect(sample.length).toBe(SHORTEST);
      expect(sample.counterexample[sample.length - 1]).toMatch(/^put/);
    }
  });

  it('should agree exactly on distinct states between explore, packed BFS and the count', () => {
    for (const folios of [2, 3] as const) {
      const engine = runInProcess({ engine: 'engine-explore', variant: 'fixed', folios, ...BUDGET });
      const packed = runInProcess({ engine: 'packed-bfs', variant: 'fixed', folios, ...BUDGET });
      expect(engine.verdict).toBe('holds');
      expect(packed.verdict).toBe('holds');
      expect(engine.distinctStates).toBe(statesPerFolio() ** folios);
      expect(packed.distinctStates).toBe(engine.distinctStates);
      expect(packed.steps).toBe(engine.steps);
    }
    // the benchmark's own size, for the packed search alone (the engine takes seconds there)
    expect(packedBfs(4, true).distinctStates).toBe(statesPerFolio() ** 4);
  });

  it('should search the same states with the model\'s packing as with the generic encoding', () => {
    const generic = { ...benchModel, pack: undefined };
    for (const [variant, knobs] of [['proposal', ['folios=3']], ['put-frees-mapped', ['folios=3']]] as const) {
      const configuration = resolveConfiguration(benchModel, variant, [...knobs]);
      const packed = explore(benchModel, configuration);
      const plain = explore(generic, configuration);
      expect(withoutTimings(packed.outcome)).toEqual(withoutTimings(plain.outcome));
      expect([packed.distinctStates, packed.steps, packed.exploration.depth]).toEqual([plain.distinctStates, plain.steps, plain.exploration.depth]);
    }
  });

  it('should find the shortest counterexample by both searches', () => {
    const engine = runInProcess({ engine: 'engine-explore', variant: 'buggy', folios: 4, ...BUDGET });
    const packed = runInProcess({ engine: 'packed-bfs', variant: 'buggy', folios: 4, ...BUDGET });
    expect(engine.verdict).toBe('violated');
    expect(packed.verdict).toBe('violated');
    expect(packed.length).toBe(SHORTEST);
    expect(engine.length).toBe(packed.length);
  });

  it('should report peak memory from a child process', async () => {
    const sample = await runChild({ engine: 'hand-loop', variant: 'buggy', folios: 4, ...BUDGET });
    expect(sample.verdict).toBe('violated');
    expect(sample.maxRssBytes).toBeGreaterThan(0);
  });

  // Quint starts in seconds, so one tiny run of each variant, side by side.
  it('should find that Quint holds on fixed and is violated on buggy', async () => {
    const run = (variant: BenchVariant, traces: number) => runQuint({ engine: 'quint', variant, folios: 4, traces, steps: 20, seed: 7 });
    const [fixed, buggy] = await Promise.all([run('fixed', 10), run('buggy', 1000)]);
    expect(fixed.verdict).toBe('holds');
    expect(fixed.steps).toBe(10 * 20);
    expect(buggy.verdict).toBe('violated');
    expect(buggy.length).toBeGreaterThanOrEqual(SHORTEST);
  });

  it('should repeat the work unit on the fixed variant when given a time, and sum it', () => {
    for (const engine of ['hand-loop', 'engine-random'] as const) {
      const sample = runInProcess({ engine, variant: 'fixed', folios: 4, ...BUDGET, minMs: 20 });
      expect(sample.verdict).toBe('holds');
      expect(sample.units).toBeGreaterThanOrEqual(1);
      expect(sample.steps).toBe(sample.units * BUDGET.traces * BUDGET.steps);
      expect(sample.traces).toBe(sample.units * BUDGET.traces);
    }
    const search = runInProcess({ engine: 'packed-bfs', variant: 'fixed', folios: 3, ...BUDGET, minMs: 20 });
    expect(search.distinctStates).toBe(statesPerFolio() ** 3);
    // the buggy variant runs once, to its counterexample
    const buggy = runInProcess({ engine: 'hand-loop', variant: 'buggy', folios: 4, ...BUDGET, minMs: 1000 });
    expect(buggy.verdict).toBe('violated');
    expect(buggy.units).toBe(1);
  });

  it("should take Quint's rate from the difference of two runs on one seed", async () => {
    const sample = await runQuint({ engine: 'quint', variant: 'fixed', folios: 4, traces: 10, steps: 20, seed: 7, minMs: 1 });
    expect(sample.verdict).toBe('holds');
    expect(sample.quintRuns?.length).toBeGreaterThanOrEqual(2);
    const runs = sample.quintRuns ?? [];
    const [first, last] = [runs[0]!, runs[runs.length - 1]!];
    expect(last.traces).toBeGreaterThan(first.traces);
    // the difference when the later run took longer; on a busy machine it may not have
    const differs = last.elapsedMs > first.elapsedMs;
    expect(sample.traces).toBe(differs ? last.traces - first.traces : last.traces);
    expect(sample.steps).toBe(sample.traces * 20);
  }, 60_000);

  it('should print one JSON object with the three ratios for --quick --json', async () => {
    // --min-ms 0: one work unit each, the smallest run that still has every engine
    const out = await runNode(['--import', 'tsx', 'bench/compare.ts', '--quick', '--json', '--min-ms', '0', '--traces', '10']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as { ratios: Record<string, unknown>; disagreements: unknown[]; engines: { engine: string }[] };
    for (const key of ['randomVsHandLoop', 'randomVsQuint', 'exploreVsPackedBfs']) expect(typeof report.ratios[key]).toBe('number');
    expect(report.disagreements).toEqual([]);
    expect(report.engines.map((e) => e.engine).sort()).toEqual(
      ['engine-explore', 'engine-random', 'engine-random-checked', 'hand-loop', 'packed-bfs', 'quint'],
    );
  }, 180_000);

  it('should catch a known-bad variant on every seed and sum the catches', () => {
    const model = registry.find((m) => m.name === 'folio')!;
    const row = catches(model, 'unpin-with-put', 2);
    expect(row.met).toBe(2);
    expect(row.missed).toEqual([]);
    const other: CatchRow = { ...row, variant: 'another', met: 1, missed: ['seed 2: holds'] };
    const summary = summariseCatches([row, other]);
    expect(summary).toMatchObject({ variants: 2, checks: 4, met: 3 });
    expect(summary.targets[0]!.met).toBe(false);
    const table = formatCatches([row, other], summary);
    expect(table).toContain('folio/unpin-with-put');
    expect(table).toContain('missed folio/another seed 2: holds');
  });
});
