import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet } from '../../src/testing.ts';
import { models } from '../../registry/index.ts';

const pagecacheModel = models.pagecache;

const SEED = 7;
/** 2000 runs of 20 steps for each configuration that must hold. */
const HOLD_BUDGET = { seed: SEED, runs: 2000, maxSteps: 20, exhaustive: { maxStates: 0 } } as const;

describe(`pagecache model (seed ${SEED})`, () => {
  it('should hold for the proposal, every witness reached', () => {
    const result = assertProposalHolds(pagecacheModel, HOLD_BUDGET);
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  it('should hold with two lookup readers and the batch reader', () => {
    expect(assertVariantMet(pagecacheModel, 'two-lookups', { ...HOLD_BUDGET, runs: 1000 }).steps).toBeGreaterThan(15_000);
  });

  // the model's default budget in fast mode (the proposal runs above are the checked-mode
  // ones): its 15,000-state proof covers depth 4, so the variants of length 5 or less are
  // proven shortest at once instead of searched again one step shorter at random
  it.each(pagecacheModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(pagecacheModel, variant, { seed: SEED, mode: 'fast' }).outcome.kind).toBe('violated');
    },
  );

  it.each((pagecacheModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(pagecacheModel, name).result.kind).toBe('met');
  });
});
