import { defineModel, violates } from '../../src/index.ts';
import { dmemfsCoordinates } from './coordinates.ts';
import { dmemfsCells } from './cells.ts';
import { dmemfsActions, type DmemfsAction } from './actions.ts';
import { describeDmemfsAction } from './describe.ts';
import { dmemfsGuards } from './guards.ts';
import { gupFastGrab, gupFastWalk, gupSlow } from './gup.ts';
import { hostFault, munmapFile, punchHole } from './host.ts';
import { dmemfsKnobs, type DmemfsKnobs } from './knobs.ts';
import { kvmFaultMap, kvmFaultPfn, kvmFaultStart } from './kvm.ts';
import { memoryFailure } from './memoryFailure.ts';
import { dmemfsScenarios } from './scenarios.ts';
import { initDmemfsState, type DmemfsState } from './state.ts';
import { vfioMapDma, vfioUnmapDma } from './vfio.ts';

export const dmemfsModel = defineModel<DmemfsState, DmemfsAction, DmemfsKnobs>({
  name: 'dmemfs',
  title: 'dmemfs: dmem= memory without struct page, handed out by a filesystem, mapped into guests',
  scale:
    '4 dmem frames (real: hundreds of GiB), a 2-page file (one scaled 2 MiB dpage), 2 processes ' +
    'mapping it, a guest with 2 gfns of EPT, 2 VFIO DMA slots; one GUP, one vCPU fault thread',
  knobs: dmemfsKnobs,
  variants: [
    { name: 'proposal', meaning: 'pte/pmd_special leaves, KVM mmu_invalidate_retry, dmem pins for VFIO, dmem error bitmap', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'ptes-only',
      meaning: 'no pmd_special in core-mm: 2 MiB dpages mapped by special PTEs (holds; costs the PMD TLB reach)',
      knobs: { leafMark: 'pte-special-ptes-only' },
      expect: { kind: 'holds' },
    },
    {
      name: 'dpage-4k',
      meaning: '4 KiB dpages need only pte_special (holds; costs huge mappings)',
      knobs: { dpagesize: '4K', leafMark: 'pte-special-pmd-plain' },
      expect: { kind: 'holds' },
    },
    {
      name: 'vma-flag-only',
      meaning: 'leaves not marked special, only VM_PFNMAP/VM_DMEM on the VMA: GUP-fast has no VMA and grabs the page',
      knobs: { leafMark: 'vma-flag' },
      expect: violates('no-page-metadata', 3),
    },
    {
      name: 'pmd-not-special',
      meaning: '2 MiB dpages mapped by plain huge PMDs: gup_fast_pmd_leaf() grabs the head struct page',
      knobs: { leafMark: 'pte-special-pmd-plain' },
      expect: violates('no-page-metadata', 3),
    },
    {
      name: 'kvm-no-retry',
      meaning: 'the KVM fault maps the pfn follow_pte() returned without mmu_invalidate_retry()',
      knobs: { kvmRetry: false },
      // the stale guest mapping outlives the frame's give-back, or a machine check that took it
      expect: violates(['unmapped-before-give-back', 'poison-never-reused'], 4),
    },
    {
      name: 'vfio-follow-pfn',
      meaning: 'VFIO maps the pfn from follow_pfn() and holds nothing: the hole frees memory the IOMMU maps',
      knobs: { vfioPin: 'none' },
      expect: violates('unmapped-before-give-back', 2),
    },
    {
      name: 'mce-page-flag',
      meaning: 'memory_failure() sets PageHWPoison on a frame that has no struct page',
      knobs: { poison: 'page-flag' },
      expect: violates('no-page-metadata', 1),
    },
    {
      name: 'mce-unhandled',
      meaning: 'memory_failure() finds no online struct page and gives up: the frame is handed out again',
      knobs: { poison: 'none' },
      expect: violates('poison-never-reused', 2),
    },
  ],
  scenarios: dmemfsScenarios,
  budget: { runs: 2000, maxSteps: 40 },
  init: () => initDmemfsState(),
  actions: () => dmemfsActions(),
  guards: dmemfsGuards,
  transitions: {
    hostFault: (d, { proc, vpage }, knobs) => {
      hostFault(d, proc, vpage, knobs);
    },
    munmap: (d, { proc }) => munmapFile(d, proc),
    mmap: (d, { proc }) => {
      d.processes[proc]!.mapped = true;
    },
    punchHole: (d, { page }, knobs) => punchHole(d, page, knobs),
    gupFast: (d, { proc, vpage }) => gupFastWalk(d, proc, vpage),
    gupGrab: (d) => gupFastGrab(d),
    gupSlow: (d) => gupSlow(d),
    kvmFault: (d, { gfn }) => kvmFaultStart(d, gfn),
    kvmPfn: (d, _a, knobs) => kvmFaultPfn(d, knobs),
    kvmMap: (d, _a, knobs) => kvmFaultMap(d, knobs),
    vfioMap: (d, { iova }, knobs) => vfioMapDma(d, iova, knobs),
    vfioUnmap: (d, { iova }, knobs) => vfioUnmapDma(d, iova, knobs),
    memoryFailure: (d, { frame }, knobs) => memoryFailure(d, frame, knobs),
    // the dmem= range shrinks: the frame leaves the pool and gets a memmap again
    dmemRelease: (d, { frame }) => {
      Object.assign(d.frames[frame]!, { owner: 'kernel', structPage: true });
    },
  },
  describe: describeDmemfsAction,
  coordinates: dmemfsCoordinates,
  cells: dmemfsCells,
  // witnesses' ghost events
  bookkeeping: ['seen'],
});
