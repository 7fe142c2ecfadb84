import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.ts';
import { resolveConfiguration } from '../../src/configuration.ts';
import { assertProposalHolds, assertVariantMet, runActions } from '../../src/testing.ts';
import type { SlabAction } from '../../models/slab-recursion/actions.ts';
import type { AllocationState } from '../../models/slab-recursion/state.ts';
import { models } from '../../registry/index.ts';

const slabRecursionModel = models.slabRecursion;
const SEED = 7;

const run = (actions: SlabAction[]) => runActions<AllocationState>(slabRecursionModel, 'proposal', actions);

const steps = (n: number): SlabAction[] => Array.from({ length: n }, () => ({ kind: 'step' }));

describe(`slab-recursion model (seed ${SEED})`, () => {
  it('should hit every coverage cell under the proposal in 300 runs', () => {
    const result = check(slabRecursionModel, resolveConfiguration(slabRecursionModel, 'proposal'), { seed: SEED, runs: 300, maxSteps: 40, exhaustive: { maxStates: 0 } });
    expect(result.outcome.kind).toBe('holds');
    const cells = result.coverage!.cells;
    expect(cells.map((c) => c.name)).toEqual(slabRecursionModel.cells!.map((c) => c.name));
    expect(cells.filter((c) => c.hits === 0).map((c) => c.name)).toEqual([]);
  });

  it('should hold for the proposal over 120,000 steps, including out-of-memory at the deepest frame', () => {
    const result = assertProposalHolds(slabRecursionModel, { seed: SEED, runs: 3000, maxSteps: 40 });
    expect(result.witnesses).toEqual([
      { name: 'full-round', reached: true },
      { name: 'oom-at-deepest', reached: true },
    ]);
  });

  it.each(slabRecursionModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(slabRecursionModel, variant, { seed: SEED }).outcome.kind).toBe('violated');
    },
  );
});

describe('one round of recursion', () => {
  it('should finish a first folio_alloc in 12 steps with two slabs and the folio page', () => {
    const s = run([{ kind: 'folioAlloc', slot: 0 }, ...steps(12)]);
    expect(s.stack).toEqual([]);
    expect(s.folios[0]).toEqual({ page: 0, index: 0 });
    expect(s.owners.map((o) => o.kind)).toEqual(['slab', 'slab', 'folio', 'free', 'free', 'free']);
    expect(s.slabs[1]?.descriptor).toEqual({ kind: 'self' });
  });

  it('should give everything back when the folio page allocation fails at the end', () => {
    const s = run([{ kind: 'folioAlloc', slot: 0 }, ...steps(11), { kind: 'stepPageAllocFails' }]);
    expect(s.owners.every((o) => o.kind === 'free')).toBe(true);
    expect(s.folios[0]).toBeUndefined();
  });
});

describe('out of memory at every depth', () => {
  it.each([0, 1, 2])('should leave nothing behind when page allocation number %i of a first folio_alloc fails', (failAt) => {
    let state = run([{ kind: 'folioAlloc', slot: 0 }]);
    const taken: SlabAction[] = [{ kind: 'folioAlloc', slot: 0 }];
    let pageAllocs = 0;
    while (state.stack.length > 0) {
      const top = state.stack.at(-1)!;
      const atPageAlloc = (top.fn === 'slab_alloc' && top.pc === 'start') || (top.fn === 'folio_alloc' && top.pc === 'desc');
      const fail = atPageAlloc && pageAllocs++ === failAt;
      taken.push(fail ? { kind: 'stepPageAllocFails' } : { kind: 'step' });
      state = run(taken); // runActions fails the test on any violation, failure-atomic included
    }
    expect(pageAllocs).toBeGreaterThan(failAt);
    expect(state.owners.every((o) => o.kind === 'free')).toBe(true);
    expect(state.slabs.every((s) => s === undefined)).toBe(true);
    expect(state.folios[0]).toBeUndefined();
  });
});
