import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet, runActions } from '../../src/testing.ts';
import type { DmemfsAction } from '../../models/dmemfs/actions.ts';
import type { DmemfsKnobs } from '../../models/dmemfs/knobs.ts';
import { dmemAllocPages, dpagePages, framesPerDpage } from '../../models/dmemfs/pool.ts';
import type { DmemfsState } from '../../models/dmemfs/state.ts';
import { resolveConfiguration } from '../../src/index.ts';
import { models } from '../../registry/index.ts';

const dmemfsModel = models.dmemfs;

const SEED = 5;
/** The model's own budget: 2000 runs of 40 steps (80,000 steps) for each design that must hold. */
const HOLD_BUDGET = { seed: SEED, runs: 2000, maxSteps: 40 };
/** Every known-bad variant is caught within a quarter of that, at its hand-counted length. */
const BAD_BUDGET = { seed: SEED, runs: 500 };

const proposalKnobs = resolveConfiguration(dmemfsModel, 'proposal').knobs as DmemfsKnobs;
const run = (actions: DmemfsAction[]) => runActions<DmemfsState>(dmemfsModel, 'proposal', actions);

describe(`dmemfs model (seed ${SEED})`, () => {
  it('should hold for the proposal, every witness reached', () => {
    const result = assertProposalHolds(dmemfsModel, HOLD_BUDGET);
    expect(result.witnesses.filter((w) => !w.reached).map((w) => w.name)).toEqual([]);
  });

  it.each(dmemfsModel.variants.filter((v) => v.name !== 'proposal' && v.expect.kind === 'holds').map((v) => [v.name]))(
    'should hold for %s within the same budget',
    (variant) => {
      expect(assertVariantMet(dmemfsModel, variant, HOLD_BUDGET).outcome.kind).toBe('holds');
    },
  );

  it.each(dmemfsModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(dmemfsModel, variant, BAD_BUDGET).outcome.kind).toBe('violated');
    },
  );

  it.each((dmemfsModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(dmemfsModel, name).result.kind).toBe('met');
  });
});

describe('dmem pool and dpages', () => {
  it('should hand out a 2 MiB dpage as an aligned pair of frames and a 4 KiB dpage as one', () => {
    expect(framesPerDpage(proposalKnobs)).toBe(2);
    expect(dpagePages(1, proposalKnobs)).toEqual([0, 1]);
    const small = { ...proposalKnobs, dpagesize: '4K' as const };
    expect(framesPerDpage(small)).toBe(1);
    expect(dpagePages(1, small)).toEqual([1]);
  });

  it('should skip a frame in the error bitmap when it allocates, and the whole pair it sits in', () => {
    const s = run([
      { kind: 'hostFault', proc: 0, vpage: 0 },
      { kind: 'memoryFailure', frame: 1 },
      { kind: 'punchHole', page: 0 },
    ]);
    // frame 1 is free but recorded: the pair 0-1 is out, so the next dpage is 2-3
    expect(s.frames[1]).toMatchObject({ owner: 'free', poisonRecorded: true });
    expect(dmemAllocPages(s, proposalKnobs)).toBe(2);
    expect(dmemAllocPages(s, { ...proposalKnobs, dpagesize: '4K' })).toBe(0);
  });

  it('should map a 2 MiB dpage with special PMDs, so GUP-fast takes the slow path', () => {
    const s = run([{ kind: 'hostFault', proc: 1, vpage: 0 }]);
    expect(s.processes[1]!.entries).toEqual([
      { frame: 0, level: 'pmd', special: true },
      { frame: 1, level: 'pmd', special: true },
    ]);
    expect(s.frames.every((f) => !f.structPage)).toBe(true);
  });
});
