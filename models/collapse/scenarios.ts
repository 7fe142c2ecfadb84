import type { Scenario } from '../../src/index.ts';
import type { CollapseAction } from './actions.ts';
import type { CollapseKnobs } from './knobs.ts';
import { cowScenarios } from './scenariosCow.ts';
import { forkScenarios, tableScenarios } from './scenariosFork.ts';
import { splitScenarios } from './scenariosSplit.ts';
import { pageFolio, ptesOf, showData, type CollapseState } from './state.ts';

type CollapseScenario = Scenario<CollapseState, CollapseAction, CollapseKnobs>;

const step: CollapseAction = { kind: 'khugepagedStep' };
const gupFastStep: CollapseAction = { kind: 'gupFastStep' };
const forkStep: CollapseAction = { kind: 'forkStep' };
const pinAndSplit: CollapseAction[] = [
  { kind: 'gup', proc: 0, vpage: 1, flavor: 'longterm' },
  { kind: 'mprotect', proc: 0 },
];
/** GUP-fast has read the PMD and the PTE when khugepaged clears the PMD. */
const gupFastBeforeFlush: CollapseAction[] = [
  { kind: 'mprotect', proc: 0 },
  { kind: 'gupFast', vpage: 1 },
  gupFastStep,
  { kind: 'khugepaged', mode: 'copy' },
];

export const collapseScenarios: CollapseScenario[] = [
  ...tableScenarios,
  ...forkScenarios,
  ...splitScenarios,
  ...cowScenarios,
  {
    name: 'pin-pte-map-collapse-in-place',
    meaning: 'pin, make PTE-mapped, collapse in place, device write, process read: the process reads the device write',
    steps: [...pinAndSplit, { kind: 'khugepaged', mode: 'in-place' }, step, step, step, step, step, { kind: 'deviceWrite', slot: 0 }, { kind: 'read', proc: 0 }],
    expect: {
      kind: 'final',
      meaning: 'P0 maps folio 0 by one exclusive PMD, still pinned, and read the device write at vpage 1',
      check: (s) => {
        const p0 = s.processes[0]!;
        const f = s.folios[0]!;
        if (p0.pmd.kind !== 'huge' || p0.pmd.folio !== 0) return `P0's PMD is ${p0.pmd.kind}`;
        if (!s.pages[0]!.exclusive) return 'the PMD is not exclusive';
        if (f.refcount !== 2 || f.mapcount !== 1 || f.pincount !== 1) return `folio 0: refcount ${f.refcount}, mapcount ${f.mapcount}, _pincount ${f.pincount}`;
        const read = s.lastRead?.data[1];
        return read?.kind === 'written' && read.device ? undefined : `P0 read ${read ? showData(read) : 'nothing'} at vpage 1`;
      },
    },
  },
  {
    name: 'pin-copy-collapse-backs-off',
    meaning: 'pin, make PTE-mapped, copying collapse: the refcount check sees the pin, restores the PMD and backs off',
    steps: [...pinAndSplit, { kind: 'khugepaged', mode: 'copy' }, step],
    expect: {
      kind: 'final',
      meaning: 'P0 maps folio 0 through its PTE table again, the pin is intact and the new THP is freed',
      check: (s) => {
        const p0 = s.processes[0]!;
        if (p0.pmd.kind !== 'table' || s.khugepaged.pc !== 'idle') return `P0's PMD is ${p0.pmd.kind}, khugepaged ${s.khugepaged.pc}`;
        if (s.folios[4]!.allocated) return 'the new THP was not freed';
        const pte = ptesOf(s, 0)[1]!;
        return pte.kind === 'present' && pageFolio(s, pte.pfn) === 0 && s.seen.copyBackedOffForPin ? undefined : 'the pinned page is no longer mapped';
      },
    },
  },
  {
    name: 'copy-without-check-loses-pin',
    meaning: 'the same without the refcount check: the process ends up on a copy, the pin on the old page',
    variant: 'copy-without-refcount-check',
    steps: [...pinAndSplit, { kind: 'khugepaged', mode: 'copy' }, step],
    expect: { kind: 'violates', property: 'pin-coherent', atStep: 4 },
  },
  {
    name: 'gup-fast-backs-off-on-pmd-change',
    meaning: 'GUP-fast read the PTE before khugepaged cleared the PMD; its PMD re-check backs off, the collapse goes on',
    steps: [...gupFastBeforeFlush, gupFastStep, gupFastStep, gupFastStep, step, step, step, step],
    expect: {
      kind: 'final',
      meaning: 'P0 maps the new THP (folio 4) by PMD, GUP-fast holds nothing, the old THP is freed',
      check: (s) => {
        const p0 = s.processes[0]!;
        if (p0.pmd.kind !== 'huge' || p0.pmd.folio !== 4) return `P0's PMD is ${p0.pmd.kind}`;
        if (s.gups[2]!.kind !== 'none' || s.gupFast.pc !== 'idle') return 'GUP-fast holds a page';
        return s.folios[0]!.allocated ? 'the old THP is still allocated' : undefined;
      },
    },
  },
  {
    name: 'gup-fast-stale-page',
    meaning: 'without the PMD re-check or the IPI, GUP-fast pins the old page after the refcount check and returns it',
    variant: 'no-pmd-recheck',
    steps: [...gupFastBeforeFlush, step, gupFastStep, gupFastStep, gupFastStep],
    expect: { kind: 'violates', property: 'gup-fast-returns-mapped', atStep: 8 },
  },
  {
    name: 'deposited-table-freed',
    meaning: 'without the IPI: the collapse deposits the PTE table GUP-fast walks, MADV_DONTNEED frees it by zap_deposited_table',
    variant: 'pmd-recheck-without-ipi',
    steps: [{ kind: 'mprotect', proc: 0 }, { kind: 'gupFast', vpage: 1 }, { kind: 'khugepaged', mode: 'copy' }, step, step, step, step, { kind: 'zapRange', proc: 0 }],
    expect: { kind: 'violates', property: 'walker-table-live', atStep: 8 },
  },
  {
    name: 'deposited-table-aba',
    meaning: 'with the PMD re-check but no IPI: the collapse deposits the old PTE table, a split brings it back, the re-check passes',
    variant: 'pmd-recheck-without-ipi',
    steps: [...gupFastBeforeFlush, step, gupFastStep, gupFastStep, step, step, step, { kind: 'mprotect', proc: 0 }, gupFastStep, gupFastStep],
    expect: { kind: 'violates', property: 'gup-fast-returns-mapped', atStep: 13 },
  },
  {
    name: 'share-mixed-unshares-pin',
    meaning: 'mixed PageAnonExclusive mapped as shared: the page kept by MADV_DONTFORK and then pinned loses its flag',
    knobs: { inPlaceExclusive: 'share-mixed' },
    steps: [{ kind: 'fork', dontfork: 1 }, forkStep, forkStep, forkStep, { kind: 'gup', proc: 0, vpage: 1, flavor: 'pin' }, { kind: 'khugepaged', mode: 'in-place' }, step, step, step, step],
    expect: { kind: 'violates', property: 'pinned-anon-exclusive', atStep: 10 },
  },
];
