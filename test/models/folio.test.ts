import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet, runActions } from '../../src/testing.ts';
import type { FolioAction } from '../../models/folio/actions.ts';
import type { FolioState } from '../../models/folio/state.ts';
import { models } from '../../registry/index.ts';

const folioModel = models.folio;
const SEED = 3;
/** The proposal's budget: 3000 runs of 40 steps (120,000 steps) with every witness reached. */
const PROPOSAL_BUDGET = { seed: SEED, runs: 3000, maxSteps: 40 };

const runSteps = (variant: string, actions: FolioAction[]) => runActions<FolioState>(folioModel, variant, actions);

describe(`folio model (seed ${SEED})`, () => {
  it('should hold for the proposal over 120,000 steps, every witness reached', () => {
    const result = assertProposalHolds(folioModel, PROPOSAL_BUDGET);
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  it.each(folioModel.variants.filter((v) => v.name !== 'proposal').map((v) => [v.name, v.expect]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      const result = assertVariantMet(folioModel, variant, { seed: SEED });
      expect(result.outcome.kind).toBe('violated');
    },
  );

  it.each((folioModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(folioModel, name).result.kind).toBe('met');
  });
});

describe('folio transitions', () => {
  const fault: FolioAction = { kind: 'anonFault', proc: 0, vpage: 0 };

  it('should account a small-folio pin as GUP_PIN_COUNTING_BIAS and a large one in _pincount', () => {
    const small = runSteps('proposal', [fault, { kind: 'gup', proc: 0, vpage: 0, flavor: 'pin-rw' }]);
    expect(small.folios[0]).toMatchObject({ refcount: 1025, pincount: 0 });
    const large = runSteps('proposal', [{ kind: 'anonFaultLarge', proc: 0 }, { kind: 'gup', proc: 0, vpage: 1, flavor: 'pin-rw' }]);
    expect(large.folios[5]).toMatchObject({ refcount: 3, mapcount: 2, pincount: 1 });
  });

  it('should back off migration of a pinned folio and move an unpinned one', () => {
    const pinned = runSteps('proposal', [fault, { kind: 'get', proc: 0, vpage: 0 }, { kind: 'migrate', folio: 0 }]);
    expect(pinned.processes[0]!.vpages[0]!.pte?.folio).toBe(0);
    const moved = runSteps('proposal', [fault, { kind: 'migrate', folio: 0 }]);
    expect(moved.processes[0]!.vpages[0]!.pte?.folio).toBe(1);
    expect(moved.folios[0]!.allocated).toBe(false);
  });

  it('should write-protect and share a non-pinned page at fork, and copy a pinned one', () => {
    const shared = runSteps('proposal', [fault, { kind: 'fork' }]);
    expect(shared.processes[1]!.vpages[0]!.pte).toEqual({ folio: 0, page: 0, writable: false });
    expect(shared.folios[0]).toMatchObject({ mapcount: 2, refcount: 2 });
    const copied = runSteps('proposal', [fault, { kind: 'gup', proc: 0, vpage: 0, flavor: 'pin-ro' }, { kind: 'fork' }]);
    expect(copied.processes[1]!.vpages[0]!.pte?.folio).not.toBe(0);
    expect(copied.processes[0]!.vpages[0]!.pte).toEqual({ folio: 0, page: 0, writable: true });
  });
});
