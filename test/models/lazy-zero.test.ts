import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet, runActions } from '../../src/testing.ts';
import { resolveConfiguration } from '../../src/index.ts';
import type { LazyZeroAction } from '../../models/lazy-zero/actions.ts';
import type { LazyZeroKnobs } from '../../models/lazy-zero/knobs.ts';
import { believesAllZeroed } from '../../models/lazy-zero/remap.ts';
import { mappings, SUBPAGES, VPAGES, type LazyZeroState } from '../../models/lazy-zero/state.ts';
import { models } from '../../registry/index.ts';

const lazyZeroModel = models.lazyZero;
const SEED = 5;
/** The model's own budget: 1000 runs of 40 steps (40,000 steps); every witness is reached within it. */
const HOLD_BUDGET = { seed: SEED, runs: 1000, maxSteps: 40 };
/** Known-bad variants are caught at their hand-counted length within half of that. */
const BAD_BUDGET = { seed: SEED, runs: 500 };

const knobs = resolveConfiguration(lazyZeroModel, 'proposal').knobs as LazyZeroKnobs;
const run = (actions: LazyZeroAction[]) => runActions<LazyZeroState>(lazyZeroModel, 'proposal', actions);
const store = (vpage: number, cpu = 0): LazyZeroAction => ({ kind: 'access', cpu, vpage, access: 'write' });
const load = (vpage: number, cpu = 0): LazyZeroAction => ({ kind: 'access', cpu, vpage, access: 'read' });
const handle = (cpu = 0): LazyZeroAction => ({ kind: 'handleFault', cpu });
/** Touch every subpage once: each touch is a protnone fault that zeroes it. */
const touchAll: LazyZeroAction[] = VPAGES.flatMap((v) => [load(v), handle()]);
const remap = { kind: 'remapByPmd' } as const;
/** The remap's guard, as the checker evaluates it. */
const remapEnabled = (s: LazyZeroState, k: LazyZeroKnobs) => lazyZeroModel.guards.remapByPmd(s, remap, k);

describe(`lazy-zero model (seed ${SEED})`, () => {
  it('should hold for the proposal, every witness reached', () => {
    const result = assertProposalHolds(lazyZeroModel, HOLD_BUDGET);
    expect(result.witnesses.filter((w) => !w.reached).map((w) => w.name)).toEqual([]);
  });

  it.each(lazyZeroModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(lazyZeroModel, variant, BAD_BUDGET).outcome.kind).toBe('violated');
    },
  );

  it.each((lazyZeroModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(lazyZeroModel, name).result.kind).toBe('met');
  });
});

describe('zeroing on first touch', () => {
  it('should map a fresh PMD-size folio by protnone PTEs without zeroing it', () => {
    // the access has entered the fault handler; nothing is cleared before the folio lock
    const s = run([store(1)]);
    expect(s.pmd).toEqual({ kind: 'ptes', ptes: VPAGES.map(() => 'protnone') });
    expect(s.folio.data).toEqual(VPAGES.map(() => 'stale'));
    expect(s.clears).toBe(0);
    // every protnone PTE is a mapping with its reference, as after a PMD split
    expect({ mapcount: s.folio.mapcount, refcount: s.folio.refcount }).toEqual({ mapcount: SUBPAGES, refcount: SUBPAGES });
  });

  it('should zero only the touched subpage, before its PTE becomes present', () => {
    const s = run([store(1), handle()]);
    expect(s.folio.data).toEqual(['stale', 'written-by-cpu0', 'stale', 'stale']);
    expect(s.folio.zeroed).toEqual([false, true, false, false]);
    expect(s.pmd).toEqual({ kind: 'ptes', ptes: ['protnone', 'present', 'protnone', 'protnone'] });
    expect(s.clears).toBe(1);
    const read = run([load(2), handle()]);
    expect(read.folio.data[2]).toBe('zero');
  });

  it('should not zero a subpage again when a protnone fault only detects an access', () => {
    const s = run([store(0), handle(), { kind: 'protectForAccess', vpage: 0 }, load(0), handle()]);
    expect(s.clears).toBe(1);
    expect(s.folio.data[0]).toBe('written-by-cpu0');
    expect(s.seen).toMatchObject({ accessDetected: true, readOwnWrite: true });
    // with no bitmap, a protnone PTE would look unzeroed again: the protnone-means-unzeroed bug
    const protected_ = run([...touchAll, { kind: 'protectForAccess', vpage: 0 }]);
    expect(believesAllZeroed(protected_, knobs)).toBe(true);
    expect(believesAllZeroed(protected_, { ...knobs, zeroedState: 'protnone' })).toBe(false);
  });
});

describe('the PMD remap', () => {
  it('should be refused while any subpage is unzeroed, and allowed once all are', () => {
    const partly = run(touchAll.slice(0, -2));
    expect(remapEnabled(partly, knobs)).toBe(false);
    expect(remapEnabled(partly, { ...knobs, remapWhen: 'any-time' })).toBe(true);
    expect(remapEnabled(run(touchAll), knobs)).toBe(true);
  });

  it('should turn N PTE mappings into one PMD mapping with mapcount and refcount exact, and back on a split', () => {
    const huge = run([...touchAll, remap]);
    expect(huge.pmd).toEqual({ kind: 'huge' });
    expect({ mapcount: huge.folio.mapcount, refcount: huge.folio.refcount, mappings: mappings(huge) }).toEqual({ mapcount: 1, refcount: 1, mappings: 1 });
    const split = run([...touchAll, remap, { kind: 'splitForAccess' }]);
    expect({ mapcount: split.folio.mapcount, refcount: split.folio.refcount, mappings: mappings(split) }).toEqual({
      mapcount: SUBPAGES,
      refcount: SUBPAGES,
      mappings: SUBPAGES,
    });
    expect(split.folio.data).toEqual(VPAGES.map(() => 'zero')); // no copy, no second zeroing
  });
});
