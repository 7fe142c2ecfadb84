import { defineModel, violates } from '../../src/index.ts';
import { vmemmapCells } from './cells.ts';
import { vmemmapCoordinates } from './coordinates.ts';
import { vmemmapActions, vmemmapGuards, type VmemmapAction } from './actions.ts';
import { describeVmemmapAction } from './describe.ts';
import { devdaxMap, devdaxPopulate } from './devdax.ts';
import { dissolve, hugetlbPrep, hugetlbRefcount, hvoRemap, hvoRestoreAndDissolve, hvoStart } from './hugetlb.ts';
import { vmemmapKnobs, type VmemmapKnobs } from './knobs.ts';
import { initVmemmapState, type VmemmapState } from './state.ts';
import { compoundHead, writeStructPage } from './structPages.ts';
import { walkerStep } from './walker.ts';

export const vmemmapModel = defineModel<VmemmapState, VmemmapAction, VmemmapKnobs>({
  name: 'vmemmap',
  title: 'tail-page vmemmap sharing: HVO, device-DAX compound pagemaps and speculative PFN walkers',
  scale:
    '4 struct pages per vmemmap page (real 64), huge page of 16 base pages = 4 vmemmap pages ' +
    '(real 512 = 8 for 2 MiB), 8 vmemmap frames, one HugeTLB and one device-DAX region',
  knobs: vmemmapKnobs,
  variants: [
    { name: 'proposal', meaning: 'HVO keep1 with synchronize_rcu, frozen folios, fake-head fix-up, rollback; device-DAX dedup', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'no-rcu-sync',
      meaning: 'HVO remaps without synchronize_rcu(): a PFN walker writes a read-only struct page',
      knobs: { syncRcu: false },
      expect: violates('no-ro-write', 9),
    },
    {
      name: 'hvo-unfrozen',
      meaning: 'HVO optimises a folio whose refcount is not frozen',
      knobs: { requireFrozen: false },
      expect: violates('tail-refcount-and-frozen', 3),
    },
    {
      name: 'no-fake-head-fixup',
      meaning: 'compound_head() without page_fixed_fake_head() under keep1',
      knobs: { fakeHeadFixup: false },
      expect: violates('compound-head-correct', 4),
    },
    {
      name: 'dissolve-no-rollback',
      meaning: 'dissolve does not roll back when the vmemmap pages cannot be allocated',
      knobs: { rollbackOnEnomem: false },
      expect: violates('vmemmap-conserved', 9),
    },
    {
      name: 'devdax-per-page-state',
      meaning: 'device-DAX dedup writes per-page state into a deduplicated tail',
      knobs: { devdaxPerPageState: true },
      expect: violates('aliases-consistent', 2),
    },
  ],
  budget: { runs: 2000, maxSteps: 40 },
  init: () => initVmemmapState(),
  actions: () => vmemmapActions(),
  guards: vmemmapGuards,
  transitions: {
    buddyAlloc: (d, { pfn }) => {
      writeStructPage(d, pfn, 'post_alloc_hook', (p) => {
        p.refcount = 1;
      });
    },
    buddyFree: (d, { pfn }) => {
      writeStructPage(d, pfn, 'free_pages_prepare', (p) => {
        p.refcount = 0;
      });
    },
    hugetlbPrep: (d) => hugetlbPrep(d),
    hugetlbHandOut: (d) => hugetlbRefcount(d, 1),
    hugetlbTakeBack: (d) => hugetlbRefcount(d, 0),
    hvoOptimize: (d, _a, knobs) => hvoStart(d, knobs, false),
    hvoRemap: (d, _a, knobs) => hvoRemap(d, knobs),
    // dissolve_free_hugetlb_folio: an optimised folio first restores its vmemmap
    dissolveStart: (d, _a, knobs) => {
      if (d.region0.kind === 'hugetlb' && d.region0.optimized) hvoStart(d, knobs, true);
      else dissolve(d);
    },
    dissolveRestore: (d, _a, knobs) => hvoRestoreAndDissolve(d, knobs),
    otherAlloc: (d, { frame }) => {
      d.frames[frame] = { kind: 'other' };
    },
    otherFree: (d, { frame }) => {
      d.frames[frame] = { kind: 'free' };
    },
    devdaxPopulate: (d) => devdaxPopulate(d),
    devdaxMap: (d, { pfn }, knobs) => devdaxMap(d, pfn, knobs, 1),
    devdaxUnmap: (d, { pfn }, knobs) => devdaxMap(d, pfn, knobs, -1),
    walkerLock: (d, { pfn }) => walkerStep(d, 'lock', pfn),
    walker: (d, { step }) => walkerStep(d, step, 0),
    compoundHead: (d, { pfn }, knobs) => {
      d.headLookup = { pfn, head: compoundHead(d, pfn, knobs.fakeHeadFixup) };
    },
  },
  describe: describeVmemmapAction,
  coordinates: vmemmapCoordinates,
  cells: vmemmapCells,
  // witnesses' ghost events and the property's record of the last compound_head() result
  bookkeeping: ['seen', 'headLookup'],
});
