import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import type { DmemfsAction } from './actions.ts';
import type { DmemfsKnobs } from './knobs.ts';
import { dmemAllocPages, dpagePages, framesPerDpage } from './pool.ts';
import type { DmemfsState, Leaf } from './state.ts';

type S = Immutable<DmemfsState>;

const leafName = (leaf: Immutable<Leaf>) => `${leaf.level.toUpperCase()} of frame ${leaf.frame}${leaf.special ? ` (${leaf.level}_special)` : ' (plain)'}`;
/** `pfn_to_page()` on a frame: fine with a memmap, a wild access without. */
const structPage = (s: S, frame: number) => (s.frames[frame]!.structPage ? 'has a struct page' : 'no struct page: wild access');

/** `dmemfs_fault()`: the dpage it allocates or finds, and the leaf `vmf_insert_pfn*()` installs. */
function hostFault(s: S, vpage: number, knobs: DmemfsKnobs): string {
  if (s.file.poisoned[vpage]) return 'page poisoned: VM_FAULT_HWPOISON';
  let frame = s.file.pages[vpage];
  let alloc = '';
  if (frame === undefined) {
    const base = dmemAllocPages(s, knobs);
    if (base === undefined) return 'dmem_alloc_pages -> no free dpage: VM_FAULT_SIGBUS';
    const n = framesPerDpage(knobs);
    alloc = `dmem_alloc_pages -> frame${n > 1 ? `s ${base}-${base + n - 1}` : ` ${base}`}, `;
    frame = base + dpagePages(vpage, knobs).indexOf(vpage);
  }
  const pmd = knobs.dpagesize === '2M' && knobs.leafMark !== 'pte-special-ptes-only';
  const special = pmd ? knobs.leafMark === 'special' : knobs.leafMark !== 'vma-flag';
  return `${alloc}${pmd ? 'vmf_insert_pfn_pmd' : 'vmf_insert_pfn'}(frame ${frame}, ${special ? 'special' : 'not special'})`;
}

/** KVM's `hva_to_pfn()` on P0's leaf: GUP-fast grabs a plain leaf, otherwise follow_pte. */
function kvmPfn(s: S): string {
  const f = s.kvmFault;
  if (f.pc === 'idle') return 'vCPU0 hva_to_pfn';
  const p0 = s.processes[0]!;
  const head = `vCPU0 hva_to_pfn(gfn ${f.gfn})`;
  if (!p0.mapped) return `${head}: no VMA at the hva, -EFAULT`;
  const leaf = p0.entries[f.gfn];
  if (leaf === undefined) return `${head}: no leaf, fixup_user_fault then follow_pte() (no reference)`;
  if (!leaf.special) return `${head}: hva_to_pfn_fast grabs pfn_to_page(frame ${leaf.frame}) of a plain ${leaf.level}: ${structPage(s, leaf.frame)}`;
  return `${head}: ${leaf.level}_special, GUP refuses; follow_pte() -> frame ${leaf.frame} (no reference)`;
}

/** Each step in kernel words with the branch it takes, in frames, file pages and gfns. */
export function describeDmemfsAction(a: DmemfsAction, s: S, knobs: DmemfsKnobs): string {
  const kvmInFlight = s.kvmFault.pc !== 'idle' ? `; vCPU0's fault in flight sees mmu_invalidate_seq change` : '';
  return match(a)
    .with({ kind: 'hostFault' }, ({ proc, vpage }) => `P${proc} touches page ${vpage}: dmemfs_fault: ${hostFault(s, vpage, knobs)}`)
    .with({ kind: 'munmap' }, ({ proc }) =>
      proc === 0 ? `P0 munmap(dmemfs file): MMU notifier zaps the guest's EPT${kvmInFlight}` : `P${proc} munmap(dmemfs file)`,
    )
    .with({ kind: 'mmap' }, ({ proc }) => `P${proc} mmap(dmemfs file, MAP_SHARED): VM_PFNMAP`)
    .with({ kind: 'punchHole' }, ({ page }) => {
      const frames = dpagePages(page, knobs).map((p) => {
        const frame = s.file.pages[p];
        if (frame === undefined) return `page ${p} has no frame`;
        const pins = s.frames[frame]!.pins;
        return pins > 0 ? `frame ${frame} orphaned (${pins} VFIO pin(s))` : `frame ${frame} free`;
      });
      const notify = s.processes[0]!.mapped ? ', EPT zapped' : '';
      return `P0 fallocate(PUNCH_HOLE, page ${page}): unmap_mapping_range${notify}${kvmInFlight}; dmem_free_pages: ${frames.join(', ')}`;
    })
    .with({ kind: 'gupFast' }, ({ proc, vpage }) => {
      const leaf = s.processes[proc]!.entries[vpage];
      const seen = leaf === undefined ? 'no leaf -> slow path' : leaf.special ? `${leafName(leaf)} -> slow path` : `${leafName(leaf)} -> grab it`;
      return `CPU1 GUP-fast P${proc} page ${vpage}: lockless load: ${seen}`;
    })
    .with({ kind: 'gupGrab' }, () => {
      const frame = s.gup.pc === 'loaded' ? s.gup.frame : 0;
      return `CPU1 GUP-fast: try_grab_folio_fast(pfn_to_page(frame ${frame})): ${structPage(s, frame)}`;
    })
    .with({ kind: 'gupSlow' }, () => 'CPU1 GUP slow: __get_user_pages: check_vma_flags(VM_PFNMAP) -> -EFAULT')
    .with({ kind: 'kvmFault' }, ({ gfn }) => `vCPU0 EPT violation gfn ${gfn}: mmu_seq = mmu_invalidate_seq`)
    .with({ kind: 'kvmPfn' }, () => kvmPfn(s))
    .with({ kind: 'kvmMap' }, () => {
      const f = s.kvmFault;
      if (f.pc !== 'pfn') return 'vCPU0 kvm_tdp_mmu_map';
      if (!f.invalidated) return `vCPU0 mmu_lock; mmu_invalidate_retry() -> no; spte gfn ${f.gfn} -> frame ${f.frame}`;
      return knobs.kvmRetry
        ? `vCPU0 mmu_lock; mmu_invalidate_retry() -> yes (an invalidation ran): retry the fault`
        : `vCPU0 mmu_lock; no mmu_invalidate_retry(): spte gfn ${f.gfn} -> frame ${f.frame} although an invalidation ran`;
    })
    .with({ kind: 'vfioMap' }, ({ iova }) => {
      const p0 = s.processes[0]!;
      if (!p0.mapped) return `VFIO_IOMMU_MAP_DMA P0 page ${iova}: no VMA, -EFAULT`;
      const frame = p0.entries[iova]?.frame ?? s.file.pages[iova];
      const where = frame === undefined ? 'follow_fault_pfn() faults the page in' : `follow_fault_pfn() -> frame ${frame}`;
      const pin = knobs.vfioPin === 'dmem-pin' ? `dmem pin${frame === undefined ? '' : ` (pins ${s.frames[frame]!.pins} -> ${s.frames[frame]!.pins + 1})`}` : 'no pin taken';
      return `VFIO_IOMMU_MAP_DMA P0 page ${iova}: ${where}, ${pin}`;
    })
    .with({ kind: 'vfioUnmap' }, ({ iova }) => {
      const frame = s.iommu[iova];
      if (frame === undefined) return `VFIO_IOMMU_UNMAP_DMA iova ${iova}: not mapped`;
      if (knobs.vfioPin !== 'dmem-pin') return `VFIO_IOMMU_UNMAP_DMA iova ${iova} (frame ${frame}): no pin to drop`;
      const f = s.frames[frame]!;
      const freed = f.pins === 1 && f.owner === 'orphan' ? ': last unpin frees the punched-out frame' : '';
      return `VFIO_IOMMU_UNMAP_DMA iova ${iova}: unpin frame ${frame} (pins ${f.pins} -> ${f.pins - 1})${freed}`;
    })
    .with({ kind: 'memoryFailure' }, ({ frame }) => {
      const head = `MCE on frame ${frame}: memory_failure(pfn ${frame})`;
      return match(knobs.poison)
        .with('none', () => `${head}: no online struct page, nothing records it`)
        .with('page-flag', () => `${head}: SetPageHWPoison(pfn_to_page(frame ${frame})): ${structPage(s, frame)}`)
        .with('dmem-bitmap', () => {
          const page = s.file.pages.indexOf(frame);
          return page < 0
            ? `${head}: dmem error bitmap records it`
            : `${head}: dmem error bitmap records it; file page ${page} unmapped and marked HWPOISON`;
        })
        .exhaustive();
    })
    .with({ kind: 'dmemRelease' }, ({ frame }) => `dmem: give free frame ${frame} back to the kernel (memmap added)`)
    .exhaustive();
}
