import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import type { DmemfsAction } from './actions.ts';
import type { DmemfsKnobs } from './knobs.ts';
import { dpagePages } from './pool.ts';
import type { DmemfsState } from './state.ts';

/** When each step can run; a disabled step is skipped by random runs. */
export function dmemfsEnabled(s: Immutable<DmemfsState>, a: DmemfsAction, knobs: DmemfsKnobs): boolean {
  return match(a)
    .with({ kind: 'hostFault' }, ({ proc, vpage }) => s.processes[proc]!.mapped && s.processes[proc]!.entries[vpage] === undefined)
    .with({ kind: 'munmap' }, ({ proc }) => s.processes[proc]!.mapped)
    .with({ kind: 'mmap' }, ({ proc }) => !s.processes[proc]!.mapped)
    // one action per dpage: the first file page names it
    .with({ kind: 'punchHole' }, ({ page }) => s.file.pages[page] !== undefined && dpagePages(page, knobs)[0] === page)
    .with({ kind: 'gupFast' }, ({ proc }) => s.gup.pc === 'idle' && s.processes[proc]!.mapped)
    .with({ kind: 'gupGrab' }, () => s.gup.pc === 'loaded')
    .with({ kind: 'gupSlow' }, () => s.gup.pc === 'slow')
    .with({ kind: 'kvmFault' }, ({ gfn }) => s.kvmFault.pc === 'idle' && s.ept[gfn] === undefined)
    .with({ kind: 'kvmPfn' }, () => s.kvmFault.pc === 'seq-read')
    .with({ kind: 'kvmMap' }, () => s.kvmFault.pc === 'pfn')
    .with({ kind: 'vfioMap' }, ({ iova }) => s.iommu[iova] === undefined)
    .with({ kind: 'vfioUnmap' }, ({ iova }) => s.iommu[iova] !== undefined)
    .with({ kind: 'memoryFailure' }, ({ frame }) => !s.frames[frame]!.hwPoison && s.frames[frame]!.owner !== 'kernel')
    .with({ kind: 'dmemRelease' }, ({ frame }) => s.frames[frame]!.owner === 'free' && !s.frames[frame]!.poisonRecorded)
    .exhaustive();
}
