import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.ts';
import { resolveConfiguration } from '../../src/configuration.ts';
import { assertProposalHolds, assertScenario, assertVariantMet } from '../../src/testing.ts';
import { decodeMemdesc, encodeMemdesc } from '../../models/parts/memdesc.ts';
import { models } from '../../registry/index.ts';

const rcuLookupModel = models.rcuLookup;

const SEED = 5;
/** 3000 runs of 40 steps (120,000 steps) for each configuration that must hold. */
const HOLD_BUDGET = { seed: SEED, runs: 3000, maxSteps: 40 };

describe(`rcu-lookup model (seed ${SEED})`, () => {
  it('should hit every coverage cell under the proposal in 300 runs', () => {
    const result = check(rcuLookupModel, resolveConfiguration(rcuLookupModel, 'proposal'), { seed: SEED, runs: 300, maxSteps: 30, exhaustive: { maxStates: 0 } });
    expect(result.outcome.kind).toBe('holds');
    const cells = result.coverage!.cells;
    expect(cells.map((c) => c.name)).toEqual(rcuLookupModel.cells!.map((c) => c.name));
    expect(cells.filter((c) => c.hits === 0).map((c) => c.name)).toEqual([]);
  });

  it('should hold for the proposal with one reader, every witness reached', () => {
    const result = assertProposalHolds(rcuLookupModel, HOLD_BUDGET);
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  it('should hold with two concurrent readers within the same budget', () => {
    expect(assertVariantMet(rcuLookupModel, 'two-readers', HOLD_BUDGET).steps).toBeGreaterThan(100_000);
  });

  it.each(rcuLookupModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(rcuLookupModel, variant, { seed: SEED }).outcome.kind).toBe('violated');
    },
  );

  it.each((rcuLookupModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(rcuLookupModel, name).result.kind).toBe('met');
  });
});

describe('memdesc words', () => {
  it('should round-trip a tag and a 16-byte-aligned pointer, and reject a tag past the last type', () => {
    expect(decodeMemdesc(encodeMemdesc('file', 0x1040))).toEqual({ type: 'file', address: 0x1040 });
    expect(decodeMemdesc(encodeMemdesc('file', 0x1048))).toEqual({ error: 'tag 10 is not a memdesc type' });
  });
});
