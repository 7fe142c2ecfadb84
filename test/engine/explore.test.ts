import { describe, expect, it } from 'vitest';
import { explore } from '../../src/explore/explore.ts';
import { collisionOdds, fingerprint } from '../../src/explore/fingerprint.ts';
import { VisitedSet } from '../../src/explore/visited.ts';
import { buildMachine, initialState, step, type Machine } from '../../src/machine.ts';
import { defineModel, resolveConfiguration, withProperties, type AnyModel } from '../../src/index.ts';
import { models } from '../../registry/index.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';

/** JSON with sorted keys: a state key that shares nothing with the engine's fingerprint. */
function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableKey(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The brute-force count: breadth-first through the engine's plain `step` (immer, guards,
 * properties) with string keys, no fingerprints, no symmetry. Returns the distinct states
 * within `depth` steps and the length of the shortest violation, if any.
 */
function bruteForce(machine: Machine, depth: number): { states: number; shortestViolation?: number } {
  const start = initialState(machine);
  if (start.kind !== 'ok') throw new Error(`initial state: ${start.kind}`);
  const seen = new Set([stableKey(start.state)]);
  let level = [start.state];
  for (let d = 1; d <= depth; d++) {
    const next: unknown[] = [];
    for (const state of level) {
      for (const action of machine.alphabet) {
        const result = step(machine, state, action);
        if (result.kind === 'violation') return { states: seen.size, shortestViolation: d };
        if (result.kind !== 'ok') continue;
        const key = stableKey(result.state);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(result.state);
      }
    }
    level = next;
  }
  return { states: seen.size };
}

const binomial = (n: number, k: number): number => (k === 0 ? 1 : (binomial(n - 1, k - 1) * n) / k);

function exploreVariant(model: AnyModel, variant: string, options: Parameters<typeof explore>[2] = {}) {
  return explore(model, resolveConfiguration(model, variant), options);
}

describe('exhaustive exploration', () => {
  // In the refcount proposal an object reached in k steps has k - 1 extra holders (tryGet is a
  // self-loop, put of the last holder frees): the states within d steps of n objects are the
  // n-tuples of holder counts summing to at most d, C(d + n, n) of them.
  it.each([
    [1, 4],
    [2, 10],
    [3, 20],
    [4, 35],
    [6, 84],
  ])('should count exactly the refcount pool states within depth %i (%i)', (depth, states) => {
    expect(binomial(depth + 3, 3)).toBe(states);
    const result = exploreVariant(refcountModel, 'proposal', { depth, symmetry: false });
    expect(result.distinctStates).toBe(states);
    expect(bruteForce(buildMachine(refcountModel, resolveConfiguration(refcountModel, 'proposal').knobs), depth).states).toBe(states);
    expect(result.exploration).toMatchObject({ complete: false, bound: 'depth', depth, symmetry: false });
    expect(result.outcome.kind).toBe(depth >= 2 ? 'holds' : 'vacuous'); // two holders need two steps
  });

  it('should agree with the brute-force count on a model with threads and grace periods', () => {
    const rcuLookupModel = models.rcuLookup;
    for (const variant of ['proposal', 'two-readers']) {
      const configuration = resolveConfiguration(rcuLookupModel, variant);
      const result = explore(rcuLookupModel, configuration, { depth: 6 });
      expect(result.distinctStates, variant).toBe(bruteForce(buildMachine(rcuLookupModel, configuration.knobs), 6).states);
    }
  });

  it.each([
    ['free-at-one', 'refcount-accounts-holders', 3],
    ['plain-get', 'no-resurrection', 1],
    ['leaky-put', 'put-decrements', 2],
  ])('should find %s as a shortest counterexample (%s in %i)', (variant, property, length) => {
    const result = exploreVariant(refcountModel, variant, { depth: 10 });
    expect(result.outcome).toMatchObject({ kind: 'violated', counterexample: { property } });
    if (result.outcome.kind !== 'violated') return;
    expect(result.outcome.counterexample.actions).toHaveLength(length);
    expect(bruteForce(buildMachine(refcountModel, result.configuration.knobs), 10).shortestViolation).toBe(length);
    expect(result.met).toBe(true);
    expect(result.exploration.queue).toBe(0);
  });

  it('should keep the verdict and visit fewer states when objects are interchangeable', () => {
    for (const variant of ['proposal', 'free-at-one', 'plain-get', 'leaky-put']) {
      const plain = exploreVariant(refcountModel, variant, { depth: 5, symmetry: false });
      const reduced = exploreVariant(refcountModel, variant, { depth: 5 });
      expect(reduced.outcome, variant).toEqual(plain.outcome);
      expect(reduced.exploration.symmetry).toBe(true);
      expect(reduced.distinctStates, variant).toBeLessThanOrEqual(plain.distinctStates);
    }
    // sorted triples of holder counts with sum <= 4: 1 + 1 + 2 + 3 + 4
    expect(exploreVariant(refcountModel, 'proposal', { depth: 4 }).distinctStates).toBe(11);
  });

  it('should stop at --max-states and say how much was left', () => {
    const result = exploreVariant(refcountModel, 'proposal', { maxStates: 50 });
    expect(result.distinctStates).toBe(50);
    expect(result.exploration).toMatchObject({ complete: false, bound: 'max-states' });
    expect(result.exploration.queue).toBeGreaterThan(0);
  });

  it('should prove a finite model complete: every reachable state, each counted once', () => {
    const slabRecursionModel = models.slabRecursion;
    const configuration = resolveConfiguration(slabRecursionModel, 'proposal');
    const result = explore(slabRecursionModel, configuration);
    expect(result.exploration).toMatchObject({ complete: true, queue: 0 });
    expect(result.outcome.kind).toBe('holds');
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
    expect(result.distinctStates).toBe(bruteForce(buildMachine(slabRecursionModel, configuration.knobs), result.exploration.depth + 1).states);
  });

  it('should report a state with no enabled action when the model says it is never stuck', () => {
    const latch = withProperties(
      defineModel<{ readonly n: number }, { readonly kind: 'tick' }, Record<string, never>>({
        name: 'latch',
        title: 'a counter that stops at 2',
        scale: 'one counter',
        knobs: {},
        variants: [{ name: 'proposal', meaning: 'ticks to 2', knobs: {}, expect: { kind: 'holds' } }],
        budget: { runs: 10, maxSteps: 5 },
        neverStuck: true,
        init: () => ({ n: 0 }),
        actions: () => [{ kind: 'tick' }],
        guards: { tick: (s) => s.n < 2 },
        transitions: {
          tick: (d) => {
            d.n++;
          },
        },
        describe: () => 'tick',
      }),
      [],
    );
    const result = exploreVariant(latch, 'proposal');
    expect(result.outcome).toMatchObject({ kind: 'violated', counterexample: { property: 'never-stuck', actions: [{}, {}] } });
  });

  it('should turn a recipe that throws into a model error with its path', () => {
    const broken = {
      ...refcountModel,
      transitions: {
        ...refcountModel.transitions,
        put: () => {
          throw new Error('put exploded');
        },
      },
    } as AnyModel;
    const result = exploreVariant(broken, 'proposal', { depth: 4 });
    expect(result.outcome).toMatchObject({ kind: 'model-error', failure: { message: 'put exploded' } });
    if (result.outcome.kind === 'model-error') expect(result.outcome.failure.actions.map((a) => a.kind)).toEqual(['alloc', 'put']);
  });
});

describe('state fingerprints', () => {
  it('should not depend on the order keys were inserted in, and keep types apart', () => {
    expect(fingerprint({ a: 1, b: [true, 'x'] })).toBe(fingerprint({ b: [true, 'x'], a: 1 }));
    expect(fingerprint({ a: 1, b: undefined })).toBe(fingerprint({ a: 1 }));
    expect(fingerprint(new Map([[1, 'a'], [2, 'b']]))).toBe(fingerprint(new Map([[2, 'b'], [1, 'a']])));
    expect(fingerprint(new Set([1, 2]))).toBe(fingerprint(new Set([2, 1])));
    const distinct = [1, '1', true, [1], { 0: 1 }, null, undefined, 1.5, [1, 2], [2, 1], { a: 1, b: 2 }, { a: 2, b: 1 }];
    expect(new Set(distinct.map(fingerprint)).size).toBe(distinct.length);
  });

  it('should give the birthday-bound collision odds', () => {
    expect(collisionOdds(1)).toBe(0);
    expect(collisionOdds(2 ** 32)).toBeCloseTo(0.5, 5);
  });

  it('should keep every fingerprint once in the visited set across growth', () => {
    const visited = new VisitedSet(4);
    for (let i = 1; i <= 1000; i++) expect(visited.add(i * 7919, i)).toBe(true);
    for (let i = 1; i <= 1000; i++) expect(visited.add(i * 7919, i)).toBe(false);
    expect(visited.add(0, 0)).toBe(true);
    expect(visited.size).toBe(1001);
  });
});
