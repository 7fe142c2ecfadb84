import { describe, expect, it } from 'vitest';
import { registry } from '../../models/index.ts';
import { explore } from '../../src/explore/explore.ts';
import { resolveConfiguration, type AnyModel } from '../../src/index.ts';

/** The bound every known-bad variant is searched within: its expected length, and this many states. */
const MAX_STATES = 150_000;

/** Known-bad variants whose shortest counterexample lies beyond MAX_STATES distinct states. */
const BEYOND_THE_BOUND: readonly string[] = [];

const knownBad = registry.flatMap((model: AnyModel) =>
  model.variants.flatMap((v) => (v.expect.kind === 'violates' ? [[`${model.name}/${v.name}`, model, v.name, v.expect] as const] : [])),
);

describe(`exhaustive search of every known-bad variant (depth its expected length, ${MAX_STATES} states)`, () => {
  it.each(knownBad)('should find %s at its shortest length', (id, model, variant, expect_) => {
    if (expect_.kind !== 'violates') return;
    const result = explore(model, resolveConfiguration(model, variant), {
      depth: expect_.within ?? 12,
      maxStates: MAX_STATES,
      properties: [expect_.property],
    });
    if (BEYOND_THE_BOUND.includes(id)) {
      expect(result.exploration.bound, id).toBe('max-states');
      return;
    }
    expect(result.outcome, id).toMatchObject({ kind: 'violated', counterexample: { property: expect_.property } });
    if (result.outcome.kind !== 'violated' || expect_.within === undefined) return;
    expect(result.outcome.counterexample.actions.length, id).toBe(expect_.within);
  });
});
