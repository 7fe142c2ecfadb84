import { describe, expect, it } from 'vitest';
import { benchModel, type BenchAction, type BenchKnobs, type BenchState } from '../../bench/model.ts';
import { explore } from '../../src/explore/explore.ts';
import { resolveConfiguration, type AnyModel, type Property } from '../../src/index.ts';
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

/** An outcome without timings or an error's stack (which names the search that ran). */
function essentials(outcome: object): unknown {
  return JSON.parse(JSON.stringify(withoutTimings(outcome), (key, value: unknown) => (key === 'stack' ? undefined : value)));
}

function bothWays(model: AnyModel, variant: string) {
  const configuration = resolveConfiguration(model, variant, ['folios=2']);
  const packed = explore(model, configuration);
  const generic = explore({ ...model, pack: undefined }, configuration);
  return { packed, generic };
}

describe('the packed search against the generic one', () => {
  it.each([
    ['a step property', withStep, 'proposal', 'violated'],
    ['an invariant', benchModel as AnyModel, 'put-frees-mapped', 'violated'],
    ['a recipe that throws', pinThrows, 'proposal', 'model-error'],
    ['a model that holds', benchModel as AnyModel, 'proposal', 'holds'],
  ] as const)('should end as the generic search does on %s', (_, model, variant, kind) => {
    const { packed, generic } = bothWays(model, variant);
    expect(packed.outcome.kind).toBe(kind);
    expect(essentials(packed.outcome)).toEqual(essentials(generic.outcome));
    expect([packed.distinctStates, packed.steps, packed.exploration.depth]).toEqual([generic.distinctStates, generic.steps, generic.exploration.depth]);
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
