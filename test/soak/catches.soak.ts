import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import type { AnyModel } from '../../src/index.ts';
import { assertVariantMet } from '../../src/testing.ts';

/** Seeds 1..N; a verdict must not depend on the seed. */
const SEEDS = Number(process.env.MEMCHECK_CATCH_SEEDS ?? 20);

const knownBad = registry.flatMap((model: AnyModel) =>
  model.variants.filter((v) => v.expect.kind === 'violates').map((v) => [`${model.name}/${v.name}`, model, v.name] as const),
);

/**
 * Every known-bad variant of every registered model is caught by one of its expected
 * properties within its length, at the model's default budget, on every seed 1..N.
 */
describe(`known-bad variants on seeds 1..${SEEDS} at the default budget`, () => {
  it.each(knownBad)('should catch %s on every seed', (_, model, variant) => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      expect(assertVariantMet(model, variant, { seed, mode: 'fast' }).met, `seed ${seed}`).toBe(true);
    }
  });
});
