import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertVariantMet, runActions } from '../../src/testing.ts';
import type { VmemmapAction } from '../../models/vmemmap/actions.ts';
import { overheadRows, vmemmapPagesFreed } from '../../models/vmemmap/overhead.ts';
import { PAGES_PER_HUGE, STRUCT_PAGES_PER_VMEMMAP, type VmemmapState } from '../../models/vmemmap/state.ts';
import { MiB, PAGE_SIZE, STRUCT_PAGES_PER_VMEMMAP_PAGE } from '../../models/parts/kernelConstants.ts';
import { resolveConfiguration } from '../../src/index.ts';
import { models } from '../../registry/index.ts';

const vmemmapModel = models.vmemmap;

const SEED = 11;

describe(`vmemmap model (seed ${SEED})`, () => {
  it('should hold for the proposal (keep1) over 120,000 steps, every witness reached', () => {
    const result = assertProposalHolds(vmemmapModel, { seed: SEED, runs: 3000, maxSteps: 40 });
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  it.each(vmemmapModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(vmemmapModel, variant, { seed: SEED }).outcome.kind).toBe('violated');
    },
  );
});

describe('HVO in the scaled model', () => {
  const optimise: VmemmapAction[] = [{ kind: 'hugetlbPrep' }, { kind: 'hvoOptimize' }, { kind: 'hvoRemap' }];
  const freeFrames = (s: VmemmapState) => s.frames.filter((f) => f.kind === 'free').length;

  it.each([
    ['keep1', 1],
    ['keep2', 2],
  ] as const)('should free what the overhead formula says under %s, for the scaled and the real geometry', (hvo, kept) => {
    const before = runActions<VmemmapState>(vmemmapModel, 'proposal', [{ kind: 'hugetlbPrep' }]);
    const model = { ...vmemmapModel, variants: [{ name: 'proposal', meaning: '', knobs: { hvo }, expect: { kind: 'holds' as const } }] };
    const after = runActions<VmemmapState>(model, 'proposal', optimise);
    expect(freeFrames(after) - freeFrames(before)).toBe(vmemmapPagesFreed(PAGES_PER_HUGE, STRUCT_PAGES_PER_VMEMMAP, kept));
    const real = overheadRows().find((r) => r.scheme === `hvo-${hvo}` && r.pageSize === 2 * MiB);
    expect(real?.vmemmapPagesFreed).toBe(vmemmapPagesFreed((2 * MiB) / PAGE_SIZE, STRUCT_PAGES_PER_VMEMMAP_PAGE, kept));
  });

  it('should make the aligned tails alias the head under keep1, and compound_head fix them up', () => {
    const s = runActions<VmemmapState>(vmemmapModel, 'proposal', [...optimise, { kind: 'compoundHead', pfn: 4 } as VmemmapAction]);
    expect(s.headLookup).toEqual({ pfn: 4, head: 0 });
    expect(s.vmemmap.slice(0, 4).map((m) => m?.writable)).toEqual([true, false, false, false]);
    expect(resolveConfiguration(vmemmapModel, 'proposal').knobs.hvo).toBe('keep1');
  });
});
