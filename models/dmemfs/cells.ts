import type { CoverageCell, Immutable } from '../../src/index.ts';
import type { DmemfsAction } from './actions.ts';
import type { DmemfsKnobs } from './knobs.ts';
import type { DmemfsState } from './state.ts';

/** Whether a process page table, the EPT or the IOMMU maps the frame. */
const mapped = (s: Immutable<DmemfsState>, frame: number) =>
  s.processes.some((p) => p.entries.some((e) => e?.frame === frame)) || s.ept.includes(frame) || s.iommu.includes(frame);

/** The situations docs/models/dmemfs.md argues about, counted by check and explore. */
export const dmemfsCells: readonly CoverageCell<DmemfsState, DmemfsAction, DmemfsKnobs>[] = [
  {
    kind: 'step',
    name: 'punch-hole-while-pinned',
    meaning: 'fallocate(PUNCH_HOLE) removed a dpage that VFIO still pins',
    hit: (before, action) => {
      if (action.kind !== 'punchHole') return false;
      const frame = before.file.pages[action.page];
      return frame !== undefined && before.frames[frame]!.pins > 0;
    },
  },
  {
    kind: 'step',
    name: 'kvm-map-after-invalidation',
    meaning: 'a KVM fault reached its EPT update after an mmu notifier invalidated its pfn',
    hit: (before, action) => action.kind === 'kvmMap' && before.kvmFault.pc === 'pfn' && before.kvmFault.invalidated,
  },
  {
    kind: 'step',
    name: 'mce-on-mapped-frame',
    meaning: 'memory_failure() hit a dmem frame that a process, the EPT or the IOMMU maps',
    hit: (before, action) => action.kind === 'memoryFailure' && mapped(before, action.frame),
  },
  {
    kind: 'step',
    name: 'gup-slow-on-special-leaf',
    meaning: 'GUP fell back to the slow path on a special (struct-page-less) leaf',
    hit: (before, action) => action.kind === 'gupSlow' && before.gup.pc === 'slow' && before.gup.special,
  },
  {
    kind: 'step',
    name: 'munmap-with-device-mapping',
    meaning: 'QEMU unmapped the file while the EPT or the IOMMU still mapped a frame of it',
    hit: (before, action) => action.kind === 'munmap' && (before.ept.some((f) => f !== undefined) || before.iommu.some((f) => f !== undefined)),
  },
];
