import { describe, expect, it } from 'vitest';
import { ActionSequenceArbitrary } from '../../src/actionSequence.ts';
import { buildMachine } from '../../src/machine.ts';
import { check, defineModel, resolveConfiguration, violates, withProperties } from '../../src/index.ts';
import { replayIndices, type RunOutcome } from '../../src/run.ts';
import { DEFAULT_SHORTCUT_CAP, shortcut, shrink } from '../../src/shortcut.ts';
import { withReplacedAndDropped } from '../../src/shortcutTwoEdits.ts';

interface Counter {
  readonly x: number;
}
type CounterAction = { readonly kind: 'inc' } | { readonly kind: 'double' };

/** The counter's steps and its rule, shared by the two counter models below. */
const counterSteps = {
  guards: { inc: (s: Counter) => s.x < 6, double: (s: Counter) => s.x > 0 && s.x < 6 },
  transitions: {
    inc: (d: { x: number }) => {
      d.x++;
    },
    double: (d: { x: number }) => {
      d.x *= 2;
    },
  },
};
const belowSix = { kind: 'always', name: 'below-six', meaning: 'the counter stays below six', check: (s: Counter) => (s.x === 6 ? 'x is 6' : undefined) } as const;

/**
 * A counter that must never reach 6. `inc` adds one, `double` doubles a non-zero count: six
 * incs shrink to inc, inc, double, inc, inc (1, 2, 4, 5, 6), where no single drop, slot swap or
 * merge of two steps still reaches 6, though inc, inc, inc, double does in four.
 */
const counterModel = withProperties(
  defineModel<Counter, CounterAction, Record<string, never>>({
    name: 'counter',
    title: 'a counter with a local minimum for shrinking (engine self-test)',
    scale: 'one counter',
    knobs: {},
    variants: [{ name: 'proposal', meaning: 'six is reachable', knobs: {}, expect: violates('below-six', 4) }],
    budget: { runs: 50, maxSteps: 8 },
    init: () => ({ x: 0 }),
    actions: () => [{ kind: 'inc' }, { kind: 'double' }],
    ...counterSteps,
    describe: (action) => action.kind,
  }),
  [belowSix, { kind: 'sometimes', name: 'counted', meaning: 'the counter moves', reached: (s) => s.x > 0 }],
);

/**
 * The counter with one more step, `jump` from 0 straight to 3: inc, inc, inc, double is a local
 * minimum of shrinking (no step of it turns into a jump), and one jump in place of its three
 * incs is the two-step counterexample, a shortcut that replaces a block of steps by one action.
 */
const jumpModel = withProperties(
  defineModel<Counter, CounterAction | { readonly kind: 'jump' }, Record<string, never>>({
    name: 'jump',
    title: 'the counter with a jump from 0 to 3 (engine self-test)',
    scale: 'one counter',
    knobs: {},
    variants: [{ name: 'proposal', meaning: 'six is reachable', knobs: {}, expect: violates('below-six', 2) }],
    budget: { runs: 50, maxSteps: 8 },
    init: () => ({ x: 0 }),
    actions: () => [{ kind: 'inc' }, { kind: 'double' }, { kind: 'jump' }],
    guards: { ...counterSteps.guards, jump: (s) => s.x === 0 },
    transitions: {
      ...counterSteps.transitions,
      jump: (d) => {
        d.x = 3;
      },
    },
    describe: (action) => action.kind,
  }),
  [belowSix],
);

interface Walked {
  readonly mapped: number;
  readonly forked: boolean;
  readonly walker: 'idle' | 'started' | 'holding';
  readonly split: boolean;
}
type WalkedAction =
  | { readonly kind: 'map'; readonly copies: 1 | 2 }
  | { readonly kind: 'walkStart' }
  | { readonly kind: 'walkStep' }
  | { readonly kind: 'zap' }
  | { readonly kind: 'split' };

/**
 * A page mapped once, or twice by a fork that leaves a mark (`forked`: no detour rejoins the
 * run), walked in two steps, and split once mapped exactly once while the walker holds it:
 * map(2), walkStart, walkStep, zap, split needs its zap to undo the fork's second mapping,
 * and map(1), walkStart, walkStep, split is one step shorter. No single edit, two drops or
 * detour of three steps gets from one to the other: map(2) for map(1) and the zap dropped, at once.
 */
const walkedModel = withProperties(
  defineModel<Walked, WalkedAction, Record<string, never>>({
    name: 'walked',
    title: 'a split under a walker, reached by a fork and a zap or by one map (engine self-test)',
    scale: 'one page',
    knobs: {},
    variants: [{ name: 'proposal', meaning: 'the split is reachable', knobs: {}, expect: violates('no-split-under-walker', 4) }],
    budget: { runs: 50, maxSteps: 8 },
    init: () => ({ mapped: 0, forked: false, walker: 'idle', split: false }),
    actions: () => [{ kind: 'map', copies: 1 }, { kind: 'map', copies: 2 }, { kind: 'walkStart' }, { kind: 'walkStep' }, { kind: 'zap' }, { kind: 'split' }],
    guards: {
      map: (s) => s.mapped === 0 && !s.forked,
      walkStart: (s) => s.walker === 'idle' && s.mapped > 0,
      walkStep: (s) => s.walker === 'started',
      zap: (s) => s.mapped > 0,
      split: (s) => s.walker === 'holding' && s.mapped === 1 && !s.split,
    },
    transitions: {
      map: (d, { copies }) => {
        d.mapped = copies;
        d.forked = copies === 2;
      },
      walkStart: (d) => {
        d.walker = 'started';
      },
      walkStep: (d) => {
        d.walker = 'holding';
      },
      zap: (d) => {
        d.mapped--;
      },
      split: (d) => {
        d.split = true;
      },
    },
    describe: (action) => (action.kind === 'map' ? `map(${action.copies})` : action.kind),
  }),
  [
    {
      kind: 'always',
      name: 'no-split-under-walker',
      meaning: 'no page is split while a walker holds it',
      check: (s) => (s.split && s.walker === 'holding' ? 'split under the walker' : undefined),
    },
  ],
);

const INC = 0;
const DOUBLE = 1;
const JUMP = 2;
const machine = buildMachine(counterModel, {}, { mode: 'fast' });
/** Detours only: the random runs would find the four steps on their own. */
const NO_WALKS = { ...DEFAULT_SHORTCUT_CAP, walkSteps: 0 };
type Violation = RunOutcome & { readonly kind: 'violation' };

function violation(indices: readonly number[]): Violation {
  const run = replayIndices(machine, indices);
  if (run.kind !== 'violation') throw new Error(`expected a violation, got ${run.kind}`);
  return run;
}

describe('shortcuts after shrinking', () => {
  it('should leave shrinking at a local minimum of five steps', () => {
    const shrunk = shrink(machine, new ActionSequenceArbitrary(machine, 0, new Set()), violation([INC, INC, INC, INC, INC, INC]));
    expect(shrunk.executed).toEqual([INC, INC, DOUBLE, INC, INC]);
  });

  it('should splice in a detour that breaks the property sooner: four steps', () => {
    const shorter = shortcut(machine, violation([INC, INC, DOUBLE, INC, INC]), 1, NO_WALKS);
    expect(shorter.executed).toHaveLength(4);
    expect(shorter.property).toBe('below-six');
  });

  it('should rejoin the run further along than it took to get there', () => {
    // 1, 2, 3, 4, 5, 6: a double from 2 reaches the run's 4 one step sooner
    const shorter = shortcut(machine, violation([INC, DOUBLE, INC, INC, INC, INC]), 1, NO_WALKS);
    expect(shorter.executed.length).toBeLessThanOrEqual(4);
  });

  it('should replace a block of steps by one action', () => {
    const jumps = buildMachine(jumpModel, {}, { mode: 'fast' });
    const start = replayIndices(jumps, [INC, INC, INC, DOUBLE]);
    if (start.kind !== 'violation') throw new Error(`expected a violation, got ${start.kind}`);
    expect(shrink(jumps, new ActionSequenceArbitrary(jumps, 0, new Set()), start).executed).toEqual([INC, INC, INC, DOUBLE]);
    expect(shortcut(jumps, start, 1, { ...NO_WALKS, depth: 0 }).executed).toEqual([JUMP, DOUBLE]);
  });

  it('should change nothing without a search depth or two edits', () => {
    const start = violation([INC, INC, DOUBLE, INC, INC]);
    expect(shortcut(machine, start, 1, { ...NO_WALKS, depth: 0, twoEditSteps: 0 }).executed).toEqual(start.executed);
    // the second inc dropped and the last one a double: 1, 2, 3, 6
    expect(shortcut(machine, start, 1, { ...NO_WALKS, depth: 0 }).executed).toEqual([INC, DOUBLE, INC, DOUBLE]);
  });

  it('should count the runs up to the first failure only: no second random search', () => {
    // a proof capped at 2 states cannot find the four steps: the shortcuts do
    const result = check(counterModel, resolveConfiguration(counterModel, 'proposal'), { seed: 3, exhaustive: { maxStates: 2 } });
    expect(result.outcome.kind).toBe('violated');
    expect(result.shortest?.kind).toBe('not-proven');
    expect(result.firstFound).toBeDefined();
    expect(result.runs).toBe(result.firstFound!.run);
    if (result.outcome.kind === 'violated') expect(result.outcome.counterexample.actions).toHaveLength(4);
    expect(result.met).toBe(true);
  });

  it('should replay the shortened counterexample from its seed and path', () => {
    const options = { seed: 3, exhaustive: { maxStates: 2 } };
    const first = check(counterModel, resolveConfiguration(counterModel, 'proposal'), options);
    const again = check(counterModel, resolveConfiguration(counterModel, 'proposal'), { ...options, path: first.path });
    expect(first.path).toMatch(/^\d+(:\d+)*$/);
    expect(again.outcome).toEqual(first.outcome);
  });

  describe('one step replaced and another dropped', () => {
    const walked = buildMachine(walkedModel, {}, { mode: 'fast' });
    const [MAP1, MAP2, WALK_START, WALK_STEP, ZAP, SPLIT] = [0, 1, 2, 3, 4, 5];
    const forkAndZap = replayIndices(walked, [MAP2, WALK_START, WALK_STEP, ZAP, SPLIT]) as Violation;
    const anyProperty = () => true;

    it('should leave shrinking and every other move at five steps', () => {
      expect(forkAndZap.kind).toBe('violation');
      expect(shrink(walked, new ActionSequenceArbitrary(walked, 0, new Set()), forkAndZap).executed).toHaveLength(5);
      expect(shortcut(walked, forkAndZap, 1, { ...NO_WALKS, twoEditSteps: 0 }).executed).toHaveLength(5);
    });

    it('should replace the fork by one map and drop the zap: four steps', () => {
      expect(shortcut(walked, forkAndZap, 1, NO_WALKS).executed).toEqual([MAP1, WALK_START, WALK_STEP, SPLIT]);
    });

    it('should drop an earlier step and replace a later one', () => {
      // a zap of the fork's second mapping first, then the fork: map(1) there, and that zap dropped
      const zapFirst = replayIndices(walked, [MAP1, ZAP, MAP2, WALK_START, WALK_STEP, ZAP, SPLIT]) as Violation;
      expect(zapFirst.kind).toBe('violation');
      const shorter = withReplacedAndDropped(walked, zapFirst, 10_000, anyProperty);
      expect(shorter?.executed.length).toBeLessThan(7);
    });

    it('should stop at its cap of steps', () => {
      expect(withReplacedAndDropped(walked, forkAndZap, 3, anyProperty)).toBeUndefined();
      expect(withReplacedAndDropped(walked, forkAndZap, 0, anyProperty)).toBeUndefined();
    });
  });
});
