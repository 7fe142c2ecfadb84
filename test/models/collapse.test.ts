import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet, runActions } from '../../src/testing.ts';
import type { CollapseAction } from '../../models/collapse/actions.ts';
import { firstStrayPte, pmdExclusive } from '../../models/collapse/inPlaceCollapse.ts';
import { splittable } from '../../models/collapse/split.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import type { CollapseState } from '../../models/collapse/state.ts';
import { resolveConfiguration } from '../../src/index.ts';
import { models } from '../../registry/index.ts';

const collapseModel = models.collapse;

const SEED = 5;
const knownBad = collapseModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]);

describe(`collapse model (seed ${SEED})`, () => {
  // fast mode throughout: test/contract.test.ts runs the proposal checked (immer auto-freeze), and
  // test/engine/modes.test.ts proves both modes give the same traces
  it('should hold for the proposal over 4000 runs of 30 steps, every witness reached', () => {
    const result = assertProposalHolds(collapseModel, { seed: SEED, runs: 4000, mode: 'fast' });
    expect(result.steps).toBeGreaterThan(80_000);
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  // at the model's budget: fewer runs reach the rarer races (the split under GUP-fast, the
  // pinned subpage) only on some seeds, and a verdict must not hang on the seed
  it('should hold when only the IPI holds khugepaged off (no PMD re-check)', () => {
    expect(assertVariantMet(collapseModel, 'ipi-without-pmd-recheck', { seed: SEED, mode: 'fast' }).outcome.kind).toBe('holds');
  });

  it.each(knownBad)('should catch %s with its property within the hand-counted length', (variant) => {
    expect(assertVariantMet(collapseModel, variant, { seed: SEED, mode: 'fast' }).outcome.kind).toBe('violated');
  });

  it('should unhook the table the PMD points at when the write-locked step comes, not the one the scan saw', () => {
    // scan-only: the scan records table 0; a zap and a refault put table 1 under the PMD before
    // collapse_huge_page takes mmap_write_lock, and the collapse must copy what table 1 maps
    const steps: CollapseAction[] = [
      { kind: 'mprotect', proc: 0 },
      { kind: 'khugepaged', mode: 'copy' },
      { kind: 'zapRange', proc: 0 },
      { kind: 'write', proc: 0, vpage: 0 },
    ];
    const refaulted = runActions<CollapseState>(collapseModel, 'copy-checks-before-flush', steps);
    expect(refaulted.processes[0]!.pmd).toEqual({ kind: 'table', table: 1 });
    const flushed = runActions<CollapseState>(collapseModel, 'copy-checks-before-flush', [...steps, { kind: 'khugepagedStep' }]);
    expect(flushed.khugepaged).toMatchObject({ pc: 'flushed', table: 1 });
    // zapped and not refaulted: the revalidation backs off and leaves the PMD empty (table 0 is
    // on its way to the allocator), not pmd_populate()d with the table the scan saw
    const zapped = runActions<CollapseState>(collapseModel, 'copy-checks-before-flush', [...steps.slice(0, 3), { kind: 'khugepagedStep' }]);
    expect(zapped.processes[0]!.pmd).toEqual({ kind: 'none' });
    expect(zapped.khugepaged.pc).toBe('idle');
  });

  it.each((collapseModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(collapseModel, name).result.kind).toBe('met');
  });
});

describe('in-place collapse checks', () => {
  const split: CollapseAction = { kind: 'mprotect', proc: 0 };
  /** copy_pte_range over n present PTEs, one step each. */
  const forkSteps = (n: number): CollapseAction[] => Array.from({ length: n }, () => ({ kind: 'forkStep' }) as const);

  it('should find the PTE a COW replaced, and accept a table mapping folio + i in order', () => {
    const intact = runActions<CollapseState>(collapseModel, 'proposal', [split]);
    expect(firstStrayPte(intact, 0)).toBeUndefined();
    const cow: CollapseAction[] = [split, { kind: 'fork' }, ...forkSteps(4), { kind: 'write', proc: 0, vpage: 2 }];
    const cowed = runActions<CollapseState>(collapseModel, 'proposal', cow);
    expect(firstStrayPte(cowed, 0)).toBe(2);
  });

  it('should back off on mixed PageAnonExclusive under all-or-nothing, and map shared when all are clear', () => {
    const knobs = resolveConfiguration(collapseModel, 'proposal').knobs as CollapseKnobs;
    // MADV_DONTFORK on page 0 keeps it exclusive; fork clears the others' flags
    const dontfork: CollapseAction[] = [split, { kind: 'fork', dontfork: 0 }, ...forkSteps(3)];
    const mixed = runActions<CollapseState>(collapseModel, 'proposal', dontfork);
    expect(pmdExclusive(mixed, 0, knobs)).toBeUndefined();
    expect(pmdExclusive(mixed, 0, { ...knobs, inPlaceExclusive: 'head-decides' })).toBe(true);
    const shared = runActions<CollapseState>(collapseModel, 'proposal', [split, { kind: 'fork' }, ...forkSteps(4)]);
    expect(pmdExclusive(shared, 0, knobs)).toBe(false);
  });

  it('should replace 4 PTE mappings and references by 1 PMD mapping and reference', () => {
    const steps: CollapseAction[] = [split, { kind: 'khugepaged', mode: 'in-place' }, ...Array.from({ length: 5 }, () => ({ kind: 'khugepagedStep' }) as const)];
    const s = runActions<CollapseState>(collapseModel, 'proposal', steps);
    expect(s.processes[0]!.pmd).toEqual({ kind: 'huge', folio: 0, writable: true, deposit: 0 });
    expect(s.folios[0]).toMatchObject({ refcount: 1, mapcount: 1, entireMapcount: 1 });
  });
});

describe('pages apart from folios', () => {
  const split: CollapseAction[] = [{ kind: 'dontneed', proc: 0, vpage: 3 }, { kind: 'split', folio: 0 }, ...Array.from({ length: 3 }, () => ({ kind: 'splitStep' }) as const)];

  it('should keep the PTE and rewrite page_folio: pfn 2 moves from folio 0 to folio 2', () => {
    const before = runActions<CollapseState>(collapseModel, 'proposal', split.slice(0, 1));
    const after = runActions<CollapseState>(collapseModel, 'proposal', split);
    expect(before.tables[0]!.ptes[2]).toEqual(after.tables[0]!.ptes[2]);
    expect([before.pages[2]!.folio, after.pages[2]!.folio]).toEqual([0, 2]);
  });

  it('should give the THP block back to the allocator whole once all its order-0 pages are free', () => {
    const zap: CollapseAction = { kind: 'zapRange', proc: 0 };
    const zapped = runActions<CollapseState>(collapseModel, 'proposal', [...split, zap]);
    expect(zapped.folios.slice(0, 4).map((f) => f.allocated)).toEqual([false, false, false, false]);
    expect(zapped.folios[0]!.large).toBe(true);
    expect(zapped.pages.slice(0, 4).map((p) => p.folio)).toEqual([0, 0, 0, 0]);
  });

  it('should not split a pinned THP, nor a fully mapped one (can_split_folio, the deferred split queue)', () => {
    const pin: CollapseAction = { kind: 'gup', proc: 0, vpage: 1, flavor: 'pin' };
    const pinned = runActions<CollapseState>(collapseModel, 'proposal', [pin, split[0]!]);
    expect(splittable(pinned, 0)).toBe(false);
    const mprotect: CollapseAction = { kind: 'mprotect', proc: 0 };
    expect(splittable(runActions<CollapseState>(collapseModel, 'proposal', [mprotect]), 0)).toBe(false);
    expect(splittable(runActions<CollapseState>(collapseModel, 'proposal', [split[0]!]), 0)).toBe(true);
  });
});

describe('page tables as objects, fork in steps', () => {
  it('should deposit the unhooked table under the new PMD, free it with zap_deposited_table, and hand it out again', () => {
    const inPlace: CollapseAction[] = [
      { kind: 'mprotect', proc: 0 },
      { kind: 'khugepaged', mode: 'in-place' },
      ...Array.from({ length: 5 }, () => ({ kind: 'khugepagedStep' }) as const),
    ];
    const collapsed = runActions<CollapseState>(collapseModel, 'proposal', inPlace);
    expect(collapsed.processes[0]!.pmd).toMatchObject({ kind: 'huge', deposit: 0 });
    expect(collapsed.tables[0]!.use).toBe('ptes');
    const zap: CollapseAction = { kind: 'zapRange', proc: 0 };
    const zapped = runActions<CollapseState>(collapseModel, 'proposal', [...inPlace, zap]);
    expect(zapped.tables[0]!.use).toBe('free');
    const write: CollapseAction = { kind: 'write', proc: 0, vpage: 2 };
    const refaulted = runActions<CollapseState>(collapseModel, 'proposal', [...inPlace, zap, write]);
    expect(refaulted.processes[0]!.pmd).toEqual({ kind: 'table', table: 0 });
    expect(refaulted.seen.tableReused).toBe(true);
  });

  it('should keep the child from running and write_protect_seq odd until copy_huge_pmd has write-protected the parent', () => {
    const started = runActions<CollapseState>(collapseModel, 'proposal', [{ kind: 'fork' }, { kind: 'forkStep' }]);
    expect(started.processes[1]!.alive).toBe(false);
    expect(started.writeProtectSeq).toBe(1);
    expect(started.processes[0]!.pmd).toMatchObject({ kind: 'huge', writable: true });
    const done = runActions<CollapseState>(collapseModel, 'proposal', [{ kind: 'fork' }, { kind: 'forkStep' }, { kind: 'forkStep' }]);
    expect(done.processes[1]!.alive).toBe(true);
    expect(done.writeProtectSeq).toBe(2);
    expect(done.processes[0]!.pmd).toMatchObject({ kind: 'huge', writable: false });
    expect(done.folios[0]).toMatchObject({ mapcount: 2, entireMapcount: 2 });
  });
});
