import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet } from '../../src/testing.ts';
import { models } from '../../registry/index.ts';

const folioListsModel = models.folioLists;

const SEED = 11;
/** 1000 runs of 25 steps, then the exhaustive pass over 20,000 states. */
const HOLD_BUDGET = { seed: SEED, runs: 1000, maxSteps: 25 } as const;

describe(`folio-lists model (seed ${SEED})`, () => {
  it('should hold for the proposal, every witness reached', () => {
    const result = assertProposalHolds(folioListsModel, HOLD_BUDGET);
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  it.each(folioListsModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(folioListsModel, variant, { seed: SEED }).outcome.kind).toBe('violated');
    },
  );
});
