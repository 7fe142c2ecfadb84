import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import { FILE_PAGES, FRAMES, GFNS, IOVAS, PROCESSES, type DmemfsState } from './state.ts';

export type DmemfsAction =
  | { readonly kind: 'hostFault'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'munmap'; readonly proc: number }
  | { readonly kind: 'mmap'; readonly proc: number }
  | { readonly kind: 'punchHole'; readonly page: number }
  | { readonly kind: 'gupFast'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'gupGrab' }
  | { readonly kind: 'gupSlow' }
  | { readonly kind: 'kvmFault'; readonly gfn: number }
  | { readonly kind: 'kvmPfn' }
  | { readonly kind: 'kvmMap' }
  | { readonly kind: 'vfioMap'; readonly iova: number }
  | { readonly kind: 'vfioUnmap'; readonly iova: number }
  | { readonly kind: 'memoryFailure'; readonly frame: number }
  | { readonly kind: 'dmemRelease'; readonly frame: number };

const perProcPage = <K extends 'hostFault' | 'gupFast'>(kind: K) =>
  PROCESSES.flatMap((proc) => FILE_PAGES.map((vpage) => ({ kind, proc, vpage })));

export function dmemfsActions(): DmemfsAction[] {
  return [
    ...perProcPage('hostFault'),
    ...PROCESSES.map((proc) => ({ kind: 'munmap' as const, proc })),
    ...PROCESSES.map((proc) => ({ kind: 'mmap' as const, proc })),
    ...FILE_PAGES.map((page) => ({ kind: 'punchHole' as const, page })),
    ...perProcPage('gupFast'),
    { kind: 'gupGrab' },
    { kind: 'gupSlow' },
    ...GFNS.map((gfn) => ({ kind: 'kvmFault' as const, gfn })),
    { kind: 'kvmPfn' },
    { kind: 'kvmMap' },
    ...IOVAS.map((iova) => ({ kind: 'vfioMap' as const, iova })),
    ...IOVAS.map((iova) => ({ kind: 'vfioUnmap' as const, iova })),
    ...FRAMES.map((frame) => ({ kind: 'memoryFailure' as const, frame })),
    ...FRAMES.map((frame) => ({ kind: 'dmemRelease' as const, frame })),
  ];
}

/** The step in kernel words; the frame a thread loaded is read from the state before. */
export function describeDmemfsAction(a: DmemfsAction, s: Immutable<DmemfsState>): string {
  const gupFrame = s.gup.pc === 'loaded' ? s.gup.frame : '?';
  const kvmGfn = s.kvmFault.pc === 'idle' ? '?' : s.kvmFault.gfn;
  return match(a)
    .with({ kind: 'hostFault' }, ({ proc, vpage }) => `P${proc} touches page ${vpage}: dmemfs_fault() -> vmf_insert_pfn*()`)
    .with({ kind: 'munmap' }, ({ proc }) => `P${proc} munmap(dmemfs file)`)
    .with({ kind: 'mmap' }, ({ proc }) => `P${proc} mmap(dmemfs file, MAP_SHARED): VM_PFNMAP`)
    .with({ kind: 'punchHole' }, ({ page }) => `P0 fallocate(PUNCH_HOLE, page ${page}): unmap_mapping_range, dmem_free_pages`)
    .with({ kind: 'gupFast' }, ({ proc, vpage }) => `CPU1 GUP-fast P${proc} page ${vpage}: lockless load of the leaf`)
    .with({ kind: 'gupGrab' }, () => `CPU1 GUP-fast: try_grab_folio_fast(pfn_to_page(frame ${gupFrame}))`)
    .with({ kind: 'gupSlow' }, () => 'CPU1 GUP slow: __get_user_pages: check_vma_flags(VM_PFNMAP)')
    .with({ kind: 'kvmFault' }, ({ gfn }) => `vCPU0 EPT violation gfn ${gfn}: mmu_seq = mmu_invalidate_seq`)
    .with({ kind: 'kvmPfn' }, () => `vCPU0 hva_to_pfn(gfn ${kvmGfn}): GUP, else follow_pte()`)
    .with({ kind: 'kvmMap' }, () => `vCPU0 mmu_lock; mmu_invalidate_retry(mmu_seq)?; map spte gfn ${kvmGfn}`)
    .with({ kind: 'vfioMap' }, ({ iova }) => `VFIO_IOMMU_MAP_DMA P0 page ${iova}: follow_fault_pfn(), pin`)
    .with({ kind: 'vfioUnmap' }, ({ iova }) => `VFIO_IOMMU_UNMAP_DMA iova ${iova}: unpin`)
    .with({ kind: 'memoryFailure' }, ({ frame }) => `MCE on frame ${frame}: memory_failure(pfn ${frame})`)
    .with({ kind: 'dmemRelease' }, ({ frame }) => `dmem: give free frame ${frame} back to the kernel (memmap added)`)
    .exhaustive();
}
