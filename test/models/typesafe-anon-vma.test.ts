import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet } from '../../src/testing.ts';
import { models } from '../../registry/index.ts';

const model = models.typesafeAnonVma;

const SEED = 3;
/** 1000 runs of 20 steps, then the exhaustive pass covers every reachable state (998). */
const HOLD_BUDGET = { seed: SEED, runs: 1000, maxSteps: 20 } as const;

describe(`typesafe-anon-vma model (seed ${SEED})`, () => {
  it('should hold for the proposal, every witness reached', () => {
    const result = assertProposalHolds(model, HOLD_BUDGET);
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  it.each(model.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(model, variant, { seed: SEED }).outcome.kind).toBe('violated');
    },
  );

  it.each((model.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(model, name).result.kind).toBe('met');
  });
});
