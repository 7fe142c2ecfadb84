import type { GuardTable } from '../../src/index.ts';
import type { DmemfsAction } from './actions.ts';
import type { DmemfsKnobs } from './knobs.ts';
import { dpagePages } from './pool.ts';
import type { DmemfsState } from './state.ts';

/** When each step can run; a disabled step is skipped by random runs. */
export const dmemfsGuards: GuardTable<DmemfsState, DmemfsAction, DmemfsKnobs> = {
  hostFault: (s, { proc, vpage }) => s.processes[proc]!.mapped && s.processes[proc]!.entries[vpage] === undefined,
  munmap: (s, { proc }) => s.processes[proc]!.mapped,
  mmap: (s, { proc }) => !s.processes[proc]!.mapped,
  // one action per dpage: the first file page names it
  punchHole: (s, { page }, knobs) => s.file.pages[page] !== undefined && dpagePages(page, knobs)[0] === page,
  gupFast: (s, { proc }) => s.gup.pc === 'idle' && s.processes[proc]!.mapped,
  gupGrab: (s) => s.gup.pc === 'loaded',
  gupSlow: (s) => s.gup.pc === 'slow',
  kvmFault: (s, { gfn }) => s.kvmFault.pc === 'idle' && s.ept[gfn] === undefined,
  kvmPfn: (s) => s.kvmFault.pc === 'seq-read',
  kvmMap: (s) => s.kvmFault.pc === 'pfn',
  vfioMap: (s, { iova }) => s.iommu[iova] === undefined,
  vfioUnmap: (s, { iova }) => s.iommu[iova] !== undefined,
  memoryFailure: (s, { frame }) => !s.frames[frame]!.hwPoison && s.frames[frame]!.owner !== 'kernel',
  dmemRelease: (s, { frame }) => s.frames[frame]!.owner === 'free' && !s.frames[frame]!.poisonRecorded,
};
