import { describe, expect, it } from 'vitest';
import { check, defineModel, resolveConfiguration, withProperties, type AnyModel, type KindWeights } from '../../src/index.ts';
import { ActionSequenceArbitrary } from '../../src/actionSequence.ts';
import { buildMachine } from '../../src/machine.ts';
import { randomRun } from '../../src/randomRunner.ts';

type Noise = { readonly kind: 'touch'; readonly page: number } | { readonly kind: 'khugepaged' } | { readonly kind: 'never' };

/**
 * 20 per-page actions of one kind and one rare single step, all always enabled, and one kind
 * never enabled (which weighs 10 wherever weights are given, and must not count).
 */
function noisyModel(draw: 'action' | 'kind', drawWeights?: KindWeights<Noise>): AnyModel {
  const bump = (d: { steps: number }) => {
    d.steps++;
  };
  const model = defineModel<{ readonly steps: number }, Noise, Record<string, never>>({
    name: `noisy-${draw}`,
    title: 'one rare step among per-page noise',
    scale: '20 pages',
    knobs: {},
    variants: [{ name: 'proposal', meaning: '', knobs: {}, expect: { kind: 'holds' } }],
    budget: { runs: 1, maxSteps: 1 },
    draw,
    ...(drawWeights ? { drawWeights: { never: 10, ...drawWeights } } : {}),
    init: () => ({ steps: 0 }),
    actions: () => [...Array.from({ length: 20 }, (_, page) => ({ kind: 'touch' as const, page })), { kind: 'khugepaged' }, { kind: 'never' }],
    guards: { touch: () => true, khugepaged: () => true, never: () => false },
    transitions: { touch: bump, khugepaged: bump, never: bump },
    describe: (a) => a.kind,
  });
  return withProperties(model, []);
}

/** The share of steps that were the rare action, over 2000 steps from a fixed xorshift stream. */
function rareShare(draw: 'action' | 'kind', drawWeights?: KindWeights<Noise>): number {
  const machine = buildMachine(noisyModel(draw, drawWeights), {});
  let x = 12345;
  const nextInt = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const executed = randomRun(machine, 2000, nextInt).executed;
  return executed.filter((i) => i === 20).length / executed.length;
}

describe('drawing a step', () => {
  it('should draw the rare single step about once in 21 by action, about once in 2 by kind', () => {
    expect(rareShare('action')).toBeGreaterThan(0.02);
    expect(rareShare('action')).toBeLessThan(0.08);
    expect(rareShare('kind')).toBeGreaterThan(0.42);
    expect(rareShare('kind')).toBeLessThan(0.58);
  });

  // 2000 steps: a share of 0.2 has a standard deviation under 0.01
  it('should draw an enabled kind in proportion to its weight, a disabled kind weighing nothing', () => {
    // 0.25 against touch's 1: 0.25 / 1.25
    const share = rareShare('kind', { khugepaged: 0.25 });
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    // touch 0.5 against khugepaged's 1: 2 / 3
    expect(rareShare('kind', { touch: 0.5 })).toBeGreaterThan(0.63);
    expect(rareShare('kind', { touch: 0.5 })).toBeLessThan(0.7);
  });

  it('should weigh each action by its kind when drawing by action', () => {
    // 5 against 20 touches of 1: 5 / 25
    const share = rareShare('action', { khugepaged: 5 });
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });

  it('should draw the same steps for a seed, and refuse a weight that is not positive', () => {
    expect(rareShare('kind', { khugepaged: 0.25 })).toBe(rareShare('kind', { khugepaged: 0.25 }));
    expect(() => buildMachine(noisyModel('kind', { khugepaged: 0 }), {}) && rareShare('kind', { khugepaged: 0 })).toThrow(/weight of khugepaged/);
    // @ts-expect-error a misspelt kind does not compile
    const misspelt: KindWeights<Noise> = { khugepage: 1 };
    expect(misspelt).toBeDefined();
  });
});

type Split = { readonly kind: 'pin' } | { readonly kind: 'fork' } | { readonly kind: 'mprotect' } | { readonly kind: 'check' };
interface SplitState {
  readonly pinned: boolean;
  readonly split: boolean;
}

/**
 * `check` fails once the PMD is split; a pin then a fork splits it in two steps, an mprotect in
 * one: no drop or same-kind swap gets from the first to the second, two steps into one does.
 */
const splitModel = withProperties<SplitState, Split, Record<string, never>>(
  defineModel<SplitState, Split, Record<string, never>>({
    name: 'split',
    title: 'two ways to split a PMD',
    scale: 'one PMD',
    knobs: {},
    variants: [{ name: 'proposal', meaning: '', knobs: {}, expect: { kind: 'holds' } }],
    budget: { runs: 200, maxSteps: 6 },
    init: () => ({ pinned: false, split: false }),
    // the pin comes first in the alphabet, so a search finds the pin-and-fork route more often
    actions: () => [{ kind: 'pin' }, { kind: 'fork' }, { kind: 'check' }, { kind: 'mprotect' }],
    guards: {
      pin: () => true,
      fork: (s) => s.pinned,
      check: () => true,
      mprotect: (s) => !s.pinned,
    },
    transitions: {
      pin: (d) => {
        d.pinned = true;
      },
      fork: (d) => {
        d.split = true;
      },
      check: () => undefined,
      mprotect: (d) => {
        d.split = true;
      },
    },
    describe: (a) => a.kind,
  }),
  [{ kind: 'step', name: 'never-split', meaning: 'check never sees a split PMD', check: (b, a) => (a.kind === 'check' && b.split ? 'split' : undefined) }],
);

describe('shrinking two steps into one', () => {
  it('should offer mprotect for pin and fork, keeping the last step', () => {
    const sequences = new ActionSequenceArbitrary(buildMachine(splitModel, {}), 6, new Set());
    const candidates = [...sequences.shrink([0, 1, 2])].map((v) => v.value.join(','));
    expect(candidates).toContain('3,2');
    expect(candidates.every((c) => c.endsWith('2'))).toBe(true);
  });

  it('should shrink every seed to mprotect, check', () => {
    for (const seed of [1, 2, 3, 4]) {
      const result = check(splitModel, resolveConfiguration(splitModel, 'proposal'), { seed });
      expect(result.outcome.kind).toBe('violated');
      if (result.outcome.kind !== 'violated') continue;
      expect(result.outcome.counterexample.actions.map((a) => a.kind), `seed ${seed}`).toEqual(['mprotect', 'check']);
    }
  });
});
