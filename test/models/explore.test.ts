import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { explore } from '../../src/explore/explore.ts';
import { resolveConfiguration, type AnyModel } from '../../src/index.ts';

/** The bound every known-bad variant is searched within: its expected length, and this many states. */
const MAX_STATES = 150_000;

/**
 * Known-bad variants whose shortest counterexample lies beyond MAX_STATES distinct states at
 * its depth (`memcheck explore <model> --variant V --depth L` prints the states searched);
 * random checking catches them in test/models. Not searched here: each would only spend
 * MAX_STATES to say so.
 */
const BEYOND_THE_BOUND: readonly string[] = [
  'collapse/copy-checks-before-flush',
  'collapse/gup-fast-pins-shared',
  'collapse/no-pmd-recheck',
  'collapse/pmd-recheck-without-ipi',
  'collapse/gup-fast-ignores-fork-seq',
  'collapse/fork-copy-leaves-writable',
  'collapse/in-place-without-pte-check',
  'collapse/in-place-head-decides',
  'collapse/in-place-keeps-tail-pae',
  'collapse/in-place-maps-writable',
  'collapse/in-place-pmd-without-ref',
  'collapse/gup-fast-no-head-recheck',
  'collapse/split-without-freeze',
  'collapse/madv-collapse-remaps-shared',
  // their expected lengths (9 or more, 7 or more) lie beyond 150,000 states
  'pagecache/reload-at-canonical',
  'pagecache/batch-sibling-as-folio',
];

const knownBad = registry.flatMap((model: AnyModel) =>
  model.variants.flatMap((v) => (v.expect.kind === 'violates' ? [[`${model.name}/${v.name}`, model, v.name, v.expect] as const] : [])),
);

describe(`exhaustive search of every known-bad variant (depth its expected length, ${MAX_STATES} states)`, () => {
  it('should name only known-bad variants as beyond the bound', () => {
    expect(BEYOND_THE_BOUND.filter((id) => !knownBad.some(([known]) => known === id))).toEqual([]);
  });

  it.each(knownBad.filter(([id]) => !BEYOND_THE_BOUND.includes(id)))('should find %s at its shortest length', (id, model, variant, expect_) => {
    if (expect_.kind !== 'violates') return;
    const result = explore(model, resolveConfiguration(model, variant), {
      depth: expect_.within ?? 12,
      maxStates: MAX_STATES,
      properties: expect_.properties,
    });
    expect(result.outcome.kind, id).toBe('violated');
    if (result.outcome.kind !== 'violated' || expect_.within === undefined) return;
    expect(expect_.properties, id).toContain(result.outcome.counterexample.property);
    expect(result.outcome.counterexample.actions.length, id).toBe(expect_.within);
  });
});
