import type { SometimesProperty } from '../../src/index.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import type { CollapseState } from '../../models/collapse/state.ts';

type Witness = SometimesProperty<CollapseState, CollapseKnobs>;

export const collapseWitnesses: Witness[] = [
  {
    kind: 'sometimes',
    name: 'pinned-collapsed-in-place',
    meaning: 'a pinned THP was collapsed in place into a PMD mapping',
    reached: (s) => s.seen.pinnedCollapsedInPlace,
  },
  {
    kind: 'sometimes',
    name: 'shared-collapsed-in-place',
    meaning: 'a THP shared with the child was collapsed in place into a read-only, non-exclusive PMD',
    reached: (s) => s.seen.sharedCollapsedInPlace,
  },
  {
    kind: 'sometimes',
    name: 'copy-backed-off-for-pin',
    meaning: 'a copying collapse backed off because a page of the range may be pinned',
    reached: (s) => s.seen.copyBackedOffForPin,
  },
  { kind: 'sometimes', name: 'copy-collapsed', meaning: 'a copying collapse installed a new THP', reached: (s) => s.seen.copyCollapsed },
  {
    kind: 'sometimes',
    name: 'gup-fast-inside-collapse',
    meaning: 'a GUP-fast step ran while khugepaged was in the middle of a collapse',
    reached: (s) => s.seen.gupFastInsideCollapse,
  },
  {
    kind: 'sometimes',
    name: 'table-awaited-rcu-for-walker',
    meaning: 'a PTE table GUP-fast was walking was freed by tlb_remove_table and waited for it',
    reached: (s) => s.seen.tableDeferredForWalker,
  },
  { kind: 'sometimes', name: 'table-reused', meaning: "a freed page-table page was handed out again (P0's first table)", reached: (s) => s.seen.tableReused },
  {
    kind: 'sometimes',
    name: 'store-during-fork',
    meaning: "another thread of P0 stored through a writable entry while fork's copy_page_range ran",
    reached: (s) => s.seen.storeDuringFork,
  },
  {
    kind: 'sometimes',
    name: 'gup-fast-retried-for-fork',
    meaning: 'GUP-fast unpinned and fell back because write_protect_seq changed under it',
    reached: (s) => s.seen.gupFastRetriedForFork,
  },
  {
    kind: 'sometimes',
    name: 'split-while-mapped',
    meaning: 'split_huge_page rewrote page_folio of a mapped THP and remapped its pages as order-0 folios',
    reached: (s) => s.seen.splitMapped,
  },
  {
    kind: 'sometimes',
    name: 'split-freeze-failed',
    meaning: 'folio_ref_freeze failed on a reference taken after can_split_folio (GUP-fast): the split remapped and gave up',
    reached: (s) => s.seen.freezeFailed,
  },
  {
    kind: 'sometimes',
    name: 'gup-fast-saw-split',
    meaning: "GUP-fast's page_folio re-check after folio_try_get found the page in another folio (a split between) and retried",
    reached: (s) => s.seen.gupFastSawSplit,
  },
];
