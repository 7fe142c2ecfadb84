import { describe, expect, it } from 'vitest';
import { runInProcess, type BenchVariant, type InProcessEngine } from '../bench/engines.ts';
import { MAX_MAPCOUNT, MAX_PINCOUNT, MAX_REFCOUNT } from '../bench/model.ts';
import { packedBfs } from '../bench/packedBfs.ts';
import { runQuint } from '../bench/quint.ts';
import { runChild } from '../bench/spawn.ts';

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
const RANDOM_ENGINES: readonly InProcessEngine[] = ['engine-random', 'engine-random-nofreeze', 'hand-loop'];

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
    for (const engine of ['engine-random', 'engine-random-nofreeze'] as const) {
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
});
