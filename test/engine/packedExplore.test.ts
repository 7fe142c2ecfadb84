import { describe, expect, it } from 'vitest';
import { benchModel, type BenchAction, type BenchKnobs, type BenchState } from '../../bench/model.ts';
import { explore } from '../../src/explore/explore.ts';
import { defineModel, resolveConfiguration, withProperties, type AnyModel, type Property } from '../../src/index.ts';
import { withoutTimings } from '../fixtures/withoutTimings.ts';

// The packed search takes each state's successors first and visits them after: its verdicts,
// counterexamples and counts must still be those of the generic search, which takes them one
// by one, whatever ends the search (an invariant, a step property, a recipe that throws).

/** put must never free a folio (a step property the fixed design breaks at depth 2). */
const putNeverFrees: Property<BenchState, BenchAction, BenchKnobs> = {
  kind: 'step',
  name: 'put-never-frees',
  meaning: 'a put leaves its folio allocated',
  check: (before, action, after) =>
    action.kind === 'put' && before.folios[action.folio]!.allocated && !after.folios[action.folio]!.allocated
      ? `folio ${action.folio} freed by put`
      : undefined,
};

const withStep = { ...benchModel, properties: [...benchModel.properties, putNeverFrees] } as AnyModel;

/** pin throws on a folio with three references (a model error three steps deep). */
const pinThrows = {
  ...benchModel,
  transitions: {
    ...benchModel.transitions,
    pin: (d: { folios: { refcount: number; pincount: number }[] }, a: BenchAction) => {
      const f = d.folios[a.folio]!;
      if (f.refcount === 3) throw new Error('pin at refcount 3');
      f.pincount++;
      f.refcount++;
    },
  },
} as AnyModel;

/** map's guard throws on a folio with three references: the search asks the guards one by one. */
const mapGuardThrows = {
  ...benchModel,
  guards: {
    ...benchModel.guards,
    map: (s: BenchState, a: BenchAction, knobs: BenchKnobs) => {
      if (s.folios[a.folio]!.refcount === 3) throw new Error('map guard at refcount 3');
      return benchModel.guards.map(s, a as Extract<BenchAction, { kind: 'map' }>, knobs);
    },
  },
} as AnyModel;

/** An outcome without timings or an error's stack (which names the search that ran). */
function essentials(outcome: object): unknown {
  return JSON.parse(JSON.stringify(withoutTimings(outcome), (key, value: unknown) => (key === 'stack' ? undefined : value)));
}

function bothWays(model: AnyModel, variant: string, knobs: readonly string[] = ['folios=2']) {
  const configuration = resolveConfiguration(model, variant, [...knobs]);
  const packed = explore(model, configuration);
  const generic = explore({ ...model, pack: undefined }, configuration);
  return { packed, generic };
}

describe('the packed search against the generic one', () => {
  it.each([
    ['a step property', withStep, 'proposal', 'violated'],
    ['an invariant', benchModel as AnyModel, 'put-frees-mapped', 'violated'],
    ['a recipe that throws', pinThrows, 'proposal', 'model-error'],
    ['a guard that throws', mapGuardThrows, 'proposal', 'model-error'],
    ['a model that holds', benchModel as AnyModel, 'proposal', 'holds'],
  ] as const)('should end as the generic search does on %s', (_, model, variant, kind) => {
    const { packed, generic } = bothWays(model, variant);
    expect(packed.outcome.kind).toBe(kind);
    expect(essentials(packed.outcome)).toEqual(essentials(generic.outcome));
    expect([packed.distinctStates, packed.steps, packed.exploration.depth]).toEqual([generic.distinctStates, generic.steps, generic.exploration.depth]);
  });

  // the level loop's compiled code carries over from one search to the next (packed.ts)
  it('should end the same way when the same search runs again after others', () => {
    const configuration = resolveConfiguration(benchModel, 'put-frees-mapped', ['folios=3']);
    const first = explore(benchModel, configuration);
    explore(pinThrows, resolveConfiguration(pinThrows, 'proposal', ['folios=2']));
    explore(benchModel, resolveConfiguration(benchModel, 'proposal', ['folios=2']));
    const again = explore(benchModel, configuration);
    expect(again.outcome.kind).toBe('violated');
    expect(essentials(again.outcome)).toEqual(essentials(first.outcome));
    expect([again.distinctStates, again.steps, again.exploration.depth]).toEqual([first.distinctStates, first.steps, first.exploration.depth]);
  });

  it('should stop at the same state and count under a state bound', () => {
    const configuration = resolveConfiguration(benchModel, 'proposal', ['folios=2']);
    for (const maxStates of [7, 50, 200]) {
      const packed = explore(benchModel, configuration, { maxStates });
      const generic = explore({ ...benchModel, pack: undefined } as AnyModel, configuration, { maxStates });
      expect([packed.distinctStates, packed.steps, packed.exploration.queue]).toEqual([generic.distinctStates, generic.steps, generic.exploration.queue]);
    }
  });
});

// A packed model whose recipes change the state's shape: an array that grows and shrinks, a key
// added and deleted. Every transition runs on a fresh decoding, so the packed search must match
// the generic one exactly.
interface Stack {
  readonly items: readonly number[];
  readonly marked?: true;
}
type StackAction = { readonly kind: 'push'; readonly value: number } | { readonly kind: 'pop' } | { readonly kind: 'bump'; readonly at: number } | { readonly kind: 'mark' };
type StackKnobs = Record<string, never>;

const stackModel = withProperties(
  defineModel<Stack, StackAction, StackKnobs>({
    name: 'packed-stack',
    title: 'a stack of digits 0..2, at most three, and a mark',
    scale: 'at most 3 items',
    knobs: {},
    variants: [{ name: 'proposal', meaning: 'as written', knobs: {}, expect: { kind: 'holds' } }],
    budget: { runs: 10, maxSteps: 10 },
    init: () => ({ items: [] }),
    actions: () => [0, 1, 2].map((value): StackAction => ({ kind: 'push', value })).concat([{ kind: 'pop' }, { kind: 'bump', at: 0 }, { kind: 'bump', at: 2 }, { kind: 'mark' }]),
    guards: {
      push: (s) => s.items.length < 3,
      pop: (s) => s.items.length > 0,
      bump: (s, a) => a.at < s.items.length,
      mark: () => true,
    },
    transitions: {
      push: (d, a) => {
        d.items.push(a.value);
      },
      pop: (d) => {
        d.items.pop();
      },
      bump: (d, a) => {
        d.items[a.at] = (d.items[a.at]! + 1) % 3;
      },
      mark: (d) => {
        if (d.marked) delete d.marked;
        else d.marked = true;
      },
    },
    describe: (a) => a.kind,
    // the length in two bits, the mark in one, then two bits a digit
    pack: {
      encode: (s) => s.items.reduce((code, v, i) => code | (v << (3 + 2 * i)), s.items.length | (s.marked ? 4 : 0)),
      decode: (code) => {
        const items = Array.from({ length: code & 3 }, (_, i) => (code >> (3 + 2 * i)) & 3);
        return (code & 4) !== 0 ? { items, marked: true } : { items };
      },
    },
  }),
  [
    { kind: 'always', name: 'digits', meaning: 'every item is 0..2', check: (s) => (s.items.every((v) => v >= 0 && v <= 2) ? undefined : `items ${s.items.join(',')}`) },
    { kind: 'sometimes', name: 'full-and-marked', meaning: 'three items and the mark', reached: (s) => s.items.length === 3 && s.marked === true },
  ],
) as AnyModel;

describe('the packed search on recipes that reshape the state', () => {
  it('should find what the generic search finds when recipes grow arrays and add keys', () => {
    const { packed, generic } = bothWays(stackModel, 'proposal', []);
    expect(packed.outcome.kind).toBe('holds');
    // 1 + 3 + 9 + 27 stacks, each marked or not
    expect(packed.distinctStates).toBe(80);
    expect([packed.distinctStates, packed.steps, packed.exploration.depth]).toEqual([generic.distinctStates, generic.steps, generic.exploration.depth]);
  });
});
