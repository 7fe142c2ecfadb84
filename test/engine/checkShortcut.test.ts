import { describe, expect, it } from 'vitest';
import { ActionSequenceArbitrary } from '../../src/actionSequence.ts';
import { buildMachine } from '../../src/machine.ts';
import { check, defineModel, resolveConfiguration, violates, withProperties } from '../../src/index.ts';
import { replayIndices, type RunOutcome } from '../../src/run.ts';
import { DEFAULT_SHORTCUT_CAP, shortcut, shrink } from '../../src/shortcut.ts';

interface Counter {
  readonly x: number;
}
type CounterAction = { readonly kind: 'inc' } | { readonly kind: 'double' };

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
    guards: { inc: (s) => s.x < 6, double: (s) => s.x > 0 && s.x < 6 },
    transitions: {
      inc: (d) => {
        d.x++;
      },
      double: (d) => {
        d.x *= 2;
      },
    },
    describe: (action) => action.kind,
  }),
  [
    { kind: 'always', name: 'below-six', meaning: 'the counter stays below six', check: (s) => (s.x === 6 ? 'x is 6' : undefined) },
    { kind: 'sometimes', name: 'counted', meaning: 'the counter moves', reached: (s) => s.x > 0 },
  ],
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
    guards: { inc: (s) => s.x < 6, double: (s) => s.x > 0 && s.x < 6, jump: (s) => s.x === 0 },
    transitions: {
      inc: (d) => {
        d.x++;
      },
      double: (d) => {
        d.x *= 2;
      },
      jump: (d) => {
        d.x = 3;
      },
    },
    describe: (action) => action.kind,
  }),
  [{ kind: 'always', name: 'below-six', meaning: 'the counter stays below six', check: (s) => (s.x === 6 ? 'x is 6' : undefined) }],
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

  it('should change nothing without a search depth', () => {
    const start = violation([INC, INC, DOUBLE, INC, INC]);
    expect(shortcut(machine, start, 1, { ...NO_WALKS, depth: 0 }).executed).toEqual(start.executed);
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
});
