import type { StepProperty } from '../../src/index.ts';
import type { CollapseAction } from '../../models/collapse/actions.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { mappedAt, pageFolio, ptesOf, showPage, type CollapseState } from '../../models/collapse/state.ts';
import { pinnedPageExclusive } from './pins.ts';

export const gupFastReturnsMapped: StepProperty<CollapseState, CollapseAction, CollapseKnobs> = {
  kind: 'step',
  name: 'gup-fast-returns-mapped',
  meaning: 'a GUP-fast that returns a page returns the one mapped at that address, unless P0 itself unmapped it meanwhile',
  rule: 'GUP-fast re-checks the PTE and the PMD after folio_try_get and backs off if either changed',
  check: (before, action, after) => {
    const t = before.gupFast;
    // P0's own MADV_DONTNEED racing the pin is legal: the pin is then of an unmapped page
    if (action.kind !== 'gupFastStep' || t.pc !== 'pmd-ok' || t.ownerUnmapped) return undefined;
    // a pin of a page that is not PageAnonExclusive is pinned-anon-exclusive's, in this very step
    if (!pinnedPageExclusive(after, 0, t.vpage, t.pfn)) return undefined;
    // 70cbc3cc78a9: a page collapse_huge_page has already counted refs on is about to be copied away from
    const k = before.khugepaged;
    if ((k.pc === 'isolated' || k.pc === 'copied') && k.proc === 0) {
      const table = ptesOf(before, 0)[t.vpage]!;
      if (table.kind === 'present' && pageFolio(before, table.pfn) === t.folio) {
        return `CPU0 GUP-fast returned ${showPage(before, t.pfn)} for P0 vpage ${t.vpage} after ${k.by === 'khugepaged' ? 'CPU1 khugepaged' : 'P0 T0 MADV_COLLAPSE'} checked its refcount: collapse_huge_page will copy away from it`;
      }
    }
    const p0 = after.processes[0]!;
    // a PMD khugepaged cleared still maps through the table it unhooked, until it clears that too
    const at = mappedAt(after, 0, t.vpage);
    if (at?.pfn === t.pfn) return undefined;
    const now = at ? showPage(after, at.pfn) : p0.pmd.kind === 'none' ? 'nothing (PMD cleared, PTE cleared)' : 'nothing';
    return `CPU0 GUP-fast returned ${showPage(after, t.pfn)} for P0 vpage ${t.vpage}, but P0 maps ${now} there`;
  },
};
