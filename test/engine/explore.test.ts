import { describe, expect, it } from 'vitest';
import { Codec, Tokens } from '../../src/explore/codec.ts';
import { Dictionary } from '../../src/explore/dictionary.ts';
import { explore } from '../../src/explore/explore.ts';
import { collisionOdds, fingerprint } from '../../src/explore/fingerprint.ts';
import { ROOT_PATH_A, ROOT_PATH_B } from '../../src/explore/mix.ts';
import { StateQueue } from '../../src/explore/queue.ts';
import { VisitedSet } from '../../src/explore/visited.ts';
import { Workspace } from '../../src/explore/workspace.ts';
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

/**
 * A model whose steps do what breaks naive in-place successors: add, delete or unset a key,
 * alias one object into two places and mutate it, swap, replace an object by an equal one,
 * grow and shrink an array, turn a scalar into an object. Every step is guarded so that the
 * state space is finite.
 */
interface TrickState {
  a: { x: number; y?: number | { deep: { x: number } } };
  b: { x: number };
  list: number[];
}
type TrickAction = { readonly kind: 'add' | 'del' | 'unset' | 'alias' | 'aliasBump' | 'swap' | 'push' | 'pop' | 'same' | 'nest' | 'bump' };
const trickKinds: readonly TrickAction['kind'][] = ['add', 'del', 'unset', 'alias', 'aliasBump', 'swap', 'push', 'pop', 'same', 'nest', 'bump'];
const tricks = withProperties(
  defineModel<TrickState, TrickAction, Record<string, never>>({
    name: 'tricks',
    title: 'steps that mutate a state in every way a recipe may',
    scale: 'two records and a list',
    knobs: {},
    variants: [{ name: 'proposal', meaning: 'all steps', knobs: {}, expect: { kind: 'holds' } }],
    budget: { runs: 10, maxSteps: 5 },
    init: () => ({ a: { x: 0 }, b: { x: 1 }, list: [] }),
    actions: () => trickKinds.map((kind) => ({ kind })),
    guards: {
      add: (s) => s.a.y === undefined,
      del: (s) => s.a.y !== undefined,
      unset: (s) => s.a.y !== undefined,
      alias: (s) => s.a.x !== s.b.x,
      aliasBump: (s) => s.a.x < 3,
      swap: () => true,
      push: (s) => s.list.length < 2,
      pop: (s) => s.list.length > 0,
      same: () => true,
      nest: (s) => typeof s.a.y !== 'object',
      bump: (s) => s.b.x < 3,
    },
    transitions: {
      add: (d) => {
        d.a.y = 1;
      },
      del: (d) => {
        delete d.a.y;
      },
      unset: (d) => {
        d.a.y = undefined;
      },
      alias: (d) => {
        d.b = d.a;
      },
      aliasBump: (d) => {
        d.b = d.a;
        d.a.x++;
      },
      swap: (d) => {
        [d.a, d.b] = [d.b, d.a];
      },
      push: (d) => {
        d.list.push(d.list.length);
      },
      pop: (d) => {
        d.list.pop();
      },
      same: (d) => {
        d.b = { ...d.b };
      },
      nest: (d) => {
        d.a.y = { deep: { x: d.b.x } };
      },
      bump: (d) => {
        d.b.x++;
      },
    },
    describe: (a) => a.kind,
  }),
  [],
);

/**
 * Expand a model breadth first through the engine's workspace and check, after every step,
 * what the search relies on: the incremental fingerprint is the full one, the queued
 * encoding is the full encoding, and `restore` gives the parent back. Returns the states seen.
 */
function checkWorkspace(model: AnyModel, variant: string, expansions: number): number {
  const configuration = resolveConfiguration(model, variant);
  const machine = buildMachine(model, configuration.knobs, { mode: 'fast' });
  const dictionary = new Dictionary();
  const codec = new Codec(dictionary);
  const workspace = new Workspace(codec, dictionary);
  const queue = new StateQueue();
  const encode = (state: unknown) => {
    const tokens = new Tokens();
    codec.encode(state, tokens);
    return Array.from(tokens.data.subarray(0, tokens.length));
  };
  const hash = (tokens: readonly number[]) => {
    codec.hash(Int32Array.from(tokens), 0, ROOT_PATH_A, ROOT_PATH_B);
    return [codec.hashA, codec.hashB];
  };
  const initial = encode(model.init(configuration.knobs));
  const [a, b] = hash(initial);
  queue.push(0, a!, b!, -1, Int32Array.from(initial), initial.length, new Int32Array(0), new Int32Array(0), 0);
  const seen = new Set([`${a}:${b}`]);
  const readBack = new Tokens();
  for (let expanded = 0; expanded < expansions && queue.length > 0; expanded++) {
    const id = queue.shift(workspace.parent);
    workspace.parentA = queue.printA;
    workspace.parentB = queue.printB;
    workspace.load();
    const parent = Array.from(workspace.parent.data.subarray(0, workspace.parent.length));
    expect(encode(workspace.root)).toEqual(parent);
    for (const action of machine.alphabet) {
      if (!machine.enabled(workspace.root, action)) continue;
      (model.transitions as Record<string, (d: unknown, a: unknown, k: unknown) => void>)[action.kind]!(workspace.root, action, configuration.knobs);
      const after = encode(workspace.root);
      workspace.diff();
      expect([workspace.fingerprintA, workspace.fingerprintB], action.kind).toEqual(hash(after));
      const key = `${workspace.fingerprintA}:${workspace.fingerprintB}`;
      if (!seen.has(key)) {
        seen.add(key);
        // the queued successor, read back through a queue of its own
        const own = new StateQueue();
        own.push(0, 0, 0, -1, workspace.parent.data, workspace.parent.length, new Int32Array(0), new Int32Array(0), 0);
        own.shift(readBack);
        workspace.pushSuccessor(own, 1, 0);
        own.shift(readBack);
        expect(Array.from(readBack.data.subarray(0, readBack.length)), action.kind).toEqual(after);
        workspace.pushSuccessor(queue, seen.size - 1, id);
      }
      workspace.restore();
      expect(encode(workspace.root), action.kind).toEqual(parent);
    }
  }
  return seen.size;
}

describe('exhaustive exploration of the registered models', () => {
  // counts found by the engine before states were searched in place (a full structural
  // fingerprint of a deep copy per step); the search must find the same states in the same order
  it.each([
    ['folio', 'proposal', { depth: 3 }, { distinctStates: 2260, generated: 4781 }],
    ['folio', 'proposal', { maxStates: 60_000 }, { distinctStates: 60_000, generated: 166_531, queue: 55_044, exhaustiveTo: 4, depth: 5 }],
    ['som', 'proposal', { depth: 3 }, { distinctStates: 1707, generated: 3878 }],
    ['devdax', 'proposal', { depth: 5 }, { distinctStates: 3290, generated: 10_047 }],
    ['devdax', 'proposal', { depth: 5, symmetry: false }, { distinctStates: 3344, generated: 10_083 }],
    ['lazyZero', 'proposal', { depth: 5 }, { distinctStates: 4769, generated: 9864 }],
  ] as const)('should find exactly the states of %s/%s within %o', (name, variant, options, counts) => {
    const result = exploreVariant(models[name], variant, options);
    expect(result.exploration).toMatchObject(counts);
    expect(result.exploration.peakBytesPerState).toBeGreaterThanOrEqual(0);
  });
});

describe('successors found in place', () => {
  it.each(['folio', 'som', 'devdax', 'collapse', 'vmemmap'] as const)('should fingerprint, queue and undo every step of %s exactly', (name) => {
    expect(checkWorkspace(models[name], 'proposal', 150)).toBeGreaterThan(150);
  });

  it('should undo keys added, deleted and unset, aliases, swaps and arrays that grow', () => {
    const states = checkWorkspace(tricks, 'proposal', 100_000);
    const result = exploreVariant(tricks, 'proposal');
    expect(result.exploration.complete).toBe(true);
    expect(result.distinctStates).toBe(states);
    const depth = result.exploration.depth + 1;
    expect(result.distinctStates).toBe(bruteForce(buildMachine(tricks, resolveConfiguration(tricks, 'proposal').knobs), depth).states);
  });
});

describe('searches one after another', () => {
  /** What a search found, without what the machine's speed and memory change. */
  const found = (result: ReturnType<typeof exploreVariant>) => {
    const { statesPerSecond: _rate, peakMemoryBytes: _peak, peakBytesPerState: _perState, ...exploration } = result.exploration;
    return { outcome: result.outcome, steps: result.steps, exploration };
  };

  // a model's decoded objects and what was learnt of its shapes carry over from one search to
  // the next (explore.ts): the next search must find exactly what a first one finds
  it('should find the same states and verdict when a model that adds and deletes keys is searched again', () => {
    const first = exploreVariant(tricks, 'proposal');
    const again = exploreVariant(tricks, 'proposal');
    expect(found(again)).toEqual(found(first));
    expect(again.distinctStates).toBe(bruteForce(buildMachine(tricks, resolveConfiguration(tricks, 'proposal').knobs), first.exploration.depth + 1).states);
  });

  it('should find the same states again after a search of the model ended in a recipe that threw', () => {
    const first = exploreVariant(keys, 'proposal');
    expect(exploreVariant(keys, 'explodes').outcome).toMatchObject({ kind: 'model-error', failure: { message: 'boom after adding z' } });
    const again = exploreVariant(keys, 'proposal');
    expect(found(again)).toEqual(found(first));
    expect(again.distinctStates).toBe(bruteForce(buildMachine(keys, resolveConfiguration(keys, 'proposal').knobs), first.exploration.depth + 1).states);
  });
});

/** Keys added and deleted; one variant's step adds a key and then throws, inside the step. */
const keys = withProperties(
  defineModel<{ a: { x: number; y?: number; z?: number } }, { kind: 'grow' } | { kind: 'add' } | { kind: 'drop' } | { kind: 'boom' }, { explode: boolean }>({
    name: 'keys',
    title: 'keys added and deleted, and a step that throws after adding one',
    scale: 'one record',
    knobs: { explode: { values: [false, true], proposal: false, meaning: 'boom throws after adding z' } },
    variants: [
      { name: 'proposal', meaning: 'boom adds z', knobs: {}, expect: { kind: 'holds' } },
      { name: 'explodes', meaning: 'boom throws', knobs: { explode: true }, expect: { kind: 'holds' } },
    ],
    budget: { runs: 10, maxSteps: 5 },
    init: () => ({ a: { x: 0 } }),
    actions: () => [{ kind: 'grow' }, { kind: 'add' }, { kind: 'drop' }, { kind: 'boom' }],
    guards: {
      grow: (s) => s.a.x < 3,
      add: (s) => s.a.y === undefined,
      drop: (s) => s.a.y !== undefined || s.a.z !== undefined,
      boom: (s) => s.a.z === undefined && s.a.x > 0,
    },
    transitions: {
      grow: (d) => {
        d.a.x++;
      },
      add: (d) => {
        d.a.y = d.a.x;
      },
      drop: (d) => {
        delete d.a.y;
        delete d.a.z;
      },
      boom: (d, _a, knobs) => {
        d.a.z = 1;
        if (knobs.explode) throw new Error('boom after adding z');
      },
    },
    describe: (a) => a.kind,
  }),
  [],
);

describe('canonical encoding', () => {
  it('should keep apart what differs and equate what is the same state', () => {
    expect(fingerprint({ a: -0, b: Number.NaN })).toBe(fingerprint({ b: Number.NaN, a: 0 }));
    expect(fingerprint(new Map([[{ k: 1 }, 'a'], [{ k: 2 }, 'b']]))).toBe(fingerprint(new Map([[{ k: 2 }, 'b'], [{ k: 1 }, 'a']])));
    expect(fingerprint(Object.assign(Object.create(null) as object, { a: 1 }))).not.toBe(fingerprint({ a: 1 }));
    const distinct = [[], {}, [[]], [{}], { a: [] }, { a: {} }, new Set([1]), [1], new Map([[1, 1]]), [1, 1], { a: { b: 1 } }, { a: { c: 1 } }, { b: { a: 1 } }];
    expect(new Set(distinct.map(fingerprint)).size).toBe(distinct.length);
  });

  it('should decode what it encodes, shapes with their keys in the order first seen', () => {
    const codec = new Codec(new Dictionary());
    const state = { b: [1, 'x', true, undefined, null], a: { q: 1.5, p: new Set(['s']) }, m: new Map([[2, { z: 0 }]]) };
    const tokens = new Tokens();
    codec.encode(state, tokens);
    const decoded = codec.decode(tokens.data, 0) as typeof state;
    expect(decoded).toEqual(state);
    expect(Object.keys(decoded.a)).toEqual(['q', 'p']);
    const again = new Tokens();
    codec.encode({ m: state.m, a: { p: state.a.p, q: 1.5 }, b: state.b }, again);
    expect(Array.from(again.data.subarray(0, again.length))).toEqual(Array.from(tokens.data.subarray(0, tokens.length)));
  });
});
