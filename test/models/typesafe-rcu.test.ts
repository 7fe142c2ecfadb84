import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet } from '../../src/testing.ts';
import { models } from '../../registry/index.ts';

const typesafeRcuModel = models.typesafeRcu;

const SEED = 3;
/** 1000 runs of 20 steps, then the exhaustive pass covers every reachable state (408). */
const HOLD_BUDGET = { seed: SEED, runs: 1000, maxSteps: 20 } as const;

describe(`typesafe-rcu model (seed ${SEED})`, () => {
  it('should hold for the proposal, every witness reached', () => {
    const result = assertProposalHolds(typesafeRcuModel, HOLD_BUDGET);
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  it.each(typesafeRcuModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(typesafeRcuModel, variant, { seed: SEED }).outcome.kind).toBe('violated');
    },
  );

  it.each((typesafeRcuModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(typesafeRcuModel, name).result.kind).toBe('met');
  });
});
