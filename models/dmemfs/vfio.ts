import type { Draft } from '../../src/index.ts';
import { hostFault } from './host.ts';
import type { DmemfsKnobs } from './knobs.ts';
import type { DmemfsState } from './state.ts';

type S = Draft<DmemfsState>;

/**
 * VFIO_IOMMU_MAP_DMA over P0's file page: `vaddr_get_pfns()` gets -EFAULT from
 * `pin_user_pages_remote()` (VM_PFNMAP), so `follow_fault_pfn()` faults the page in and reads
 * the pfn; with no struct page to pin, only dmem's own pin count can hold the frame.
 */
export function vfioMapDma(d: S, iova: number, knobs: DmemfsKnobs): void {
  const p0 = d.processes[0]!;
  if (!p0.mapped) return;
  if (p0.entries[iova] === undefined && hostFault(d, 0, iova, knobs) !== 'ok') return;
  const frame = p0.entries[iova]!.frame;
  if (knobs.vfioPin === 'dmem-pin') d.frames[frame]!.pins++;
  d.iommu[iova] = frame;
}

/** VFIO_IOMMU_UNMAP_DMA: unmap, unpin; the last unpin of a punched-out frame frees it. */
export function vfioUnmapDma(d: S, iova: number, knobs: DmemfsKnobs): void {
  const frame = d.iommu[iova];
  if (frame === undefined) return;
  d.iommu[iova] = undefined;
  if (knobs.vfioPin !== 'dmem-pin') return;
  const f = d.frames[frame]!;
  f.pins--;
  if (f.pins === 0 && f.owner === 'orphan') f.owner = 'free';
}
