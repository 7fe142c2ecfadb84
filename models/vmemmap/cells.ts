import type { CoverageCell } from '../../src/index.ts';
import type { VmemmapAction } from './actions.ts';
import type { VmemmapKnobs } from './knobs.ts';
import { PAGES_PER_HUGE, VMEMMAP_PER_HUGE, type VmemmapState } from './state.ts';

/** Pfns of region 0 whose struct pages sit on a vmemmap page HVO remaps. */
const inHugetlbTail = (pfn: number) => pfn > 0 && pfn < PAGES_PER_HUGE;

/** The situations docs/models/vmemmap.md argues about, counted by check and explore. */
export const vmemmapCells: readonly CoverageCell<VmemmapState, VmemmapAction, VmemmapKnobs>[] = [
  {
    kind: 'step',
    name: 'remap-with-walker-inside',
    meaning: 'vmemmap_remap_free ran while a PFN walker was inside rcu_read_lock() (the bd225530a4c7 window)',
    // the race the RCU fix is about: a check that rarely reaches it says little about syncRcu
    minimum: 0.01,
    hit: (before, action) => action.kind === 'hvoRemap' && before.walker.pc !== 'idle',
  },
  {
    kind: 'step',
    name: 'walker-atomic-on-hugetlb-tail',
    meaning: "get_page_unless_zero()'s atomic ran on a tail struct page of a HugeTLB folio",
    hit: (before, action) =>
      action.kind === 'walker' && action.step === 'atomic' && before.region0.kind === 'hugetlb' && 'pfn' in before.walker && inHugetlbTail(before.walker.pfn),
  },
  {
    kind: 'step',
    name: 'compound-head-of-optimized-tail',
    meaning: 'compound_head() of a tail whose vmemmap HVO remapped (a fake head under keep1)',
    hit: (before, action) => action.kind === 'compoundHead' && inHugetlbTail(action.pfn) && before.region0.kind === 'hugetlb' && before.region0.optimized,
  },
  {
    kind: 'step',
    name: 'restore-short-of-frames',
    meaning: 'hugetlb_vmemmap_restore_folio found fewer free frames than it must allocate (-ENOMEM)',
    hit: (before, action, _after, knobs) =>
      action.kind === 'dissolveRestore' &&
      before.frames.filter((f) => f.kind === 'free').length < VMEMMAP_PER_HUGE - (knobs.hvo === 'keep2' ? 2 : 1),
  },
  {
    kind: 'step',
    name: 'devdax-tail-mapped',
    meaning: 'a device-DAX fault mapped a pfn whose struct page sits on a deduplicated tail vmemmap page',
    hit: (_before, action) => action.kind === 'devdaxMap' && action.pfn === 24,
  },
];
