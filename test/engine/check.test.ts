import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, defineModel, resolveConfiguration, withProperties, type AnyModel, type CheckOptions } from '../../src/index.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';
import { withoutTimings } from '../fixtures/withoutTimings.ts';

const SEED = 20261124;

function checkVariant(model: AnyModel, variant: string, seed = SEED, options: CheckOptions = {}) {
  return check(model, resolveConfiguration(model, variant), { seed, ...options });
}

describe(`random checking (seed ${SEED})`, () => {
  it('should find the proposal holds and count runs, steps and witnesses', () => {
    const result = checkVariant(refcountModel, 'proposal');
    expect(result.outcome).toEqual({ kind: 'holds' });
    expect(result.runs).toBe(refcountModel.budget.runs);
    expect(result.steps).toBe(refcountModel.budget.runs * refcountModel.budget.maxSteps);
    expect(result.witnesses).toEqual([{ name: 'shared', reached: true }]);
    expect(result.met).toBe(true);
  });

  it('should shrink free-at-one to the hand-counted shortest counterexample', () => {
    const result = checkVariant(refcountModel, 'free-at-one');
    expect(result.outcome.kind).toBe('violated');
    if (result.outcome.kind !== 'violated') return;
    expect(result.outcome.counterexample.property).toBe('refcount-accounts-holders');
    expect(result.outcome.counterexample.actions.map((a) => a.kind)).toEqual(['alloc', 'get', 'put']);
    expect(result.outcome.counterexample.message).toMatch(/freed, refcount 1 but 1 holder/);
  });

  it('should simplify arguments to the lowest slots', () => {
    const result = checkVariant(refcountModel, 'plain-get');
    expect(result.outcome).toMatchObject({ kind: 'violated', counterexample: { actions: [{ kind: 'tryGet', obj: 0 }] } });
  });

  it('should give a counterexample of the shortest length, proven shortest, for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (seed) => {
        const result = checkVariant(refcountModel, 'free-at-one', seed);
        return (
          result.outcome.kind === 'violated' &&
          result.outcome.counterexample.property === 'refcount-accounts-holders' &&
          result.outcome.counterexample.actions.length === 3 &&
          result.shortest?.kind === 'proven'
        );
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('should give the same result for the same seed', () => {
    expect(withoutTimings(checkVariant(refcountModel, 'free-at-one'))).toEqual(withoutTimings(checkVariant(refcountModel, 'free-at-one')));
  });

  it('should replay the exact counterexample from its seed and path', () => {
    const first = checkVariant(refcountModel, 'free-at-one', 7);
    const again = check(refcountModel, resolveConfiguration(refcountModel, 'free-at-one'), { seed: 7, path: first.path, maxSteps: first.budget.maxSteps });
    expect(first.path).toMatch(/^\d+(:\d+)*$/);
    expect(again.outcome).toEqual(first.outcome);
  });

  it('should miss an expectation when the counterexample is longer than `within`', () => {
    const strict = { ...refcountModel, variants: refcountModel.variants.map((v) => (v.name === 'free-at-one' ? { ...v, expect: { ...v.expect, within: 2 } } : v)) };
    expect(checkVariant(strict, 'free-at-one').met).toBe(false);
  });
});

/** A counter that a bad `bump` overflows; `crash` throws past 2, a model bug. */
const crashing = withProperties(
  defineModel<{ n: number }, { kind: 'bump' } | { kind: 'crash' }, { crash: boolean }>({
    name: 'crashing',
    title: 'a model that throws',
    scale: 'one counter',
    knobs: { crash: { values: [false, true], proposal: true, meaning: 'crash throws' } },
    variants: [{ name: 'proposal', meaning: '', knobs: {}, expect: { kind: 'holds' } }],
    budget: { runs: 50, maxSteps: 10 },
    init: () => ({ n: 0 }),
    actions: () => [{ kind: 'bump' }, { kind: 'crash' }],
    guards: { bump: () => true, crash: () => true },
    transitions: {
      bump: (d) => {
        d.n = Math.min(d.n + 1, 3);
      },
      crash: (d, _a, k) => {
        if (k.crash && d.n >= 2) throw new Error('crash with n >= 2');
      },
    },
    describe: (a) => a.kind,
  }),
  [
    { kind: 'always', name: 'small', meaning: 'n stays below 4', check: (s) => (s.n < 4 ? undefined : `n = ${s.n}`) },
    { kind: 'sometimes', name: 'never', meaning: 'unreachable', reached: (s) => s.n < 0 },
  ],
);

describe('model errors and vacuity', () => {
  it('should report a throwing model as a model error with its trace, not a violation', () => {
    const result = checkVariant(crashing, 'proposal');
    expect(result.outcome.kind).toBe('model-error');
    if (result.outcome.kind !== 'model-error') return;
    expect(result.outcome.failure.message).toBe('crash with n >= 2');
    expect(result.outcome.failure.actions.map((a) => a.kind)).toEqual(['bump', 'bump', 'crash']);
    expect(result.met).toBe(false);
  });

  it('should call a run whose witness is never reached vacuous', () => {
    const result = check(crashing, resolveConfiguration(crashing, undefined, ['crash=false']), { seed: SEED });
    expect(result.outcome).toEqual({ kind: 'vacuous', unreached: ['never'] });
    expect(result.met).toBeUndefined();
  });

  it('should catch a mutation outside a recipe through auto-freeze in checked mode', () => {
    const writes = (s: { objects: { refcount: number }[] }) => {
      s.objects[0]!.refcount = 9; // a guard must never write
      return true;
    };
    const nothing = () => undefined;
    const sneaky = {
      ...refcountModel,
      describe: () => 'x',
      guards: { alloc: writes, get: writes, put: writes, tryGet: writes },
      transitions: { alloc: nothing, get: nothing, put: nothing, tryGet: nothing },
    } as AnyModel;
    expect(checkVariant(sneaky, 'proposal', SEED, { mode: 'checked' }).outcome.kind).toBe('model-error');
  });
});

/** Two of three slots taken breaks the property: slot swaps must not undo each other. */
const pair = withProperties(
  defineModel<{ taken: readonly boolean[] }, { kind: 'take'; slot: number }, Record<string, never>>({
    name: 'pair',
    title: 'two slots',
    scale: 'three slots',
    knobs: {},
    variants: [{ name: 'proposal', meaning: '', knobs: {}, expect: { kind: 'holds' } }],
    budget: { runs: 50, maxSteps: 10 },
    init: () => ({ taken: [false, false, false] }),
    actions: () => [0, 1, 2].map((slot) => ({ kind: 'take' as const, slot })),
    guards: { take: (s, a) => !s.taken[a.slot] },
    transitions: {
      take: (d, a) => {
        d.taken[a.slot] = true;
      },
    },
    describe: (a) => `take(${a.slot})`,
  }),
  [
    {
      kind: 'always',
      name: 'at-most-one',
      meaning: 'one slot at most',
      check: (s) => (s.taken.filter(Boolean).length > 1 ? 'two taken' : undefined),
    },
  ],
);

describe('shrinking slots', () => {
  it('should lower slots consistently and terminate when two slots are involved', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = checkVariant(pair, 'proposal', seed);
      expect(result.outcome).toMatchObject({ kind: 'violated', counterexample: { actions: [{ slot: expect.any(Number) }, { slot: expect.any(Number) }] } });
      if (result.outcome.kind !== 'violated') return;
      expect(result.outcome.counterexample.actions.map((a) => (a as unknown as { slot: number }).slot).sort()).toEqual([0, 1]);
    }
  });
});
