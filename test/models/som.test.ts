import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet, runActions } from '../../src/testing.ts';
import { KiB, MiB, PAGE_SIZE, STRUCT_PAGE_SIZE } from '../../models/parts/kernelConstants.ts';
import type { SomAction } from '../../models/som/actions.ts';
import { scaledVmemmapPagesFreed, SOM_CHUNK_SIZE, somMetadataSaving } from '../../models/som/metadata.ts';
import { VMEMMAP_KEPT, VMEMMAP_PER_CHUNK, vmemmapFrames, type SomState } from '../../models/som/state.ts';
import { models } from '../../registry/index.ts';

const somModel = models.som;

const SEED = 5;
/** The model's own budget: 1000 runs of 40 steps (40,000 steps); every witness is reached within it. */
const HOLD_BUDGET = { seed: SEED, runs: 1000, maxSteps: 40 };
/**
 * Every known-bad variant is caught at its hand-counted length within a tenth of that. The
 * search for a shorter counterexample spends the same step budget again at each length, so
 * the full budget would cost about 4 s a variant; 100 runs keep it near 1 s.
 */
const BAD_BUDGET = { seed: SEED, runs: 100 };

const run = (actions: SomAction[]) => runActions<SomState>(somModel, 'proposal', actions);
const fault = (vpage: number): SomAction => ({ kind: 'fault', proc: 0, vpage });
const pin = (vpage: number, longterm = false): SomAction => ({ kind: 'pin', proc: 0, vpage, longterm });
const dontneed = (vpage: number): SomAction => ({ kind: 'dontneed', proc: 0, vpage });

describe(`som model (seed ${SEED})`, () => {
  it('should hold for the proposal, every witness reached', () => {
    const result = assertProposalHolds(somModel, HOLD_BUDGET);
    expect(result.witnesses.filter((w) => !w.reached).map((w) => w.name)).toEqual([]);
  });

  it.each(somModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(somModel, variant, BAD_BUDGET).outcome.kind).toBe('violated');
    },
  );

  it.each((somModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(somModel, name).result.kind).toBe('met');
  });
});

describe('the metadata a som chunk saves', () => {
  it('should free 6 of 8 vmemmap pages per 2 MiB chunk (24 KiB, 1.2%), the seed\'s figure', () => {
    // 512 struct pages of 64 bytes fill 8 vmemmap pages; HVO keeps the head's and the reuse page
    expect(((SOM_CHUNK_SIZE / PAGE_SIZE) * STRUCT_PAGE_SIZE) / PAGE_SIZE).toBe(8);
    const saving = somMetadataSaving();
    expect(saving).toMatchObject({ vmemmapPagesKept: 2, vmemmapPagesFreed: 6, bytesSaved: 24 * KiB });
    expect(saving.percent.toFixed(1)).toBe('1.2');
    expect(SOM_CHUNK_SIZE).toBe(2 * MiB);
  });

  it('should start every pool chunk HVO-optimised at the model scale, by the same formula', () => {
    const s = run([]);
    expect(VMEMMAP_PER_CHUNK - VMEMMAP_KEPT).toBe(scaledVmemmapPagesFreed());
    for (const c of s.chunks) {
      expect(vmemmapFrames(c)).toBe(VMEMMAP_KEPT);
      expect(c.vmemmap.slice(VMEMMAP_KEPT).every((v) => v === 'shared-ro')).toBe(true);
    }
  });

  it('should count a tail page\'s fault and pin on the chunk\'s folio only, never in its released struct page', () => {
    // vpage 7's struct page sits in the last vmemmap page, which HVO mapped read-only
    const s = run([fault(7), pin(7)]);
    const c = s.chunks[0]!;
    // a large folio pins exactly: one reference and one _pincount, not GUP_PIN_COUNTING_BIAS
    expect({ refcount: c.refcount, mapcount: c.mapcount, pincount: c.pincount }).toEqual({ refcount: 2, mapcount: 1, pincount: 1 });
    expect(c.subpageRefcount.every((r) => r === 0)).toBe(true);
    expect(s.faults).toEqual([]);
  });
});

describe('chunk lifetime: the pool, pins and migration', () => {
  it('should keep a partly zapped chunk, and return it to the pool once the last page goes', () => {
    const partly = run([fault(0), fault(1), dontneed(0)]);
    expect(partly.chunks[0]).toMatchObject({ inPool: false, refcount: 1, mapcount: 1 });
    const gone = run([fault(0), fault(1), dontneed(0), dontneed(1)]);
    expect(gone.chunks[0]).toMatchObject({ inPool: true, refcount: 0, mapcount: 0 });
    expect(gone.processes[0]!.area?.chunk).toBeUndefined(); // the next fault takes a fresh chunk
  });

  it('should let folio_ref_freeze() fail on a pinned chunk, so migration puts the PTEs back', () => {
    const s = run([fault(0), pin(0), { kind: 'migrateUnmap', chunk: 0 }, { kind: 'migrateMove' }]);
    expect(s.processes[0]!.area!.vpages[0]!.pte).toEqual({ kind: 'present', chunk: 0 });
    expect(s.lastMigrationFailure).toEqual({ chunk: 0, zone: 'movable', extraRefs: 1 });
    expect(s.chunks[1]!.inPool).toBe(true); // the target went back to the pool
    expect(s.chunks[0]).toMatchObject({ refcount: 2, mapcount: 1, pincount: 1 });
  });

  it('should make fork() skip the VM_DONTCOPY area, and refuse MADV_DOFORK on it', () => {
    const s = run([fault(0), { kind: 'madvDofork', proc: 0 }, { kind: 'fork' }]);
    expect(s.processes[0]!.area!.dontcopy).toBe(true);
    expect(s.processes[1]).toEqual({ alive: true });
    expect(s.chunks[0]).toMatchObject({ refcount: 1, mapcount: 1 });
  });
});
