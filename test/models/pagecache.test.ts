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
    expect(assertVariantMet(pagecacheModel, 'two-lookups', HOLD_BUDGET).steps).toBeGreaterThan(30_000);
  });

  // the model's random budget; the shortest-proof pass capped at 1,000 states to keep the file
  // fast (bench/catches.ts checks every variant at the full default budget on 20 seeds)
  it.each(pagecacheModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(pagecacheModel, variant, { seed: SEED, exhaustive: { maxStates: 1000 } }).outcome.kind).toBe('violated');
    },
  );

  it.each((pagecacheModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(pagecacheModel, name).result.kind).toBe('met');
  });
});
