import { MiB, PAGE_SIZE, STRUCT_PAGES_PER_VMEMMAP_PAGE } from '../parts/kernelConstants.ts';
import { vmemmapPagesFreed } from '../vmemmap/overhead.ts';
import { STRUCT_PAGES_PER_VMEMMAP, SUBPAGES, VMEMMAP_KEPT } from './state.ts';

/** A som chunk: one PMD-size HugeTLB page. */
export const SOM_CHUNK_SIZE = 2 * MiB;

/** Struct-page metadata a som chunk saves over 512 ordinary 4 KiB pages, from the real constants. */
export interface SomMetadataSaving {
  readonly vmemmapPagesKept: number;
  readonly vmemmapPagesFreed: number;
  readonly bytesSaved: number;
  /** Of the chunk's own size. */
  readonly percent: number;
}

/** What `memcheck overhead` reports in its som row (the same as hvo-keep2): the seed's "6 pages (24kB) per 2MB (1.2%)". */
export function somMetadataSaving(): SomMetadataSaving {
  const freed = vmemmapPagesFreed(SOM_CHUNK_SIZE / PAGE_SIZE, STRUCT_PAGES_PER_VMEMMAP_PAGE, VMEMMAP_KEPT);
  const bytesSaved = freed * PAGE_SIZE;
  return { vmemmapPagesKept: VMEMMAP_KEPT, vmemmapPagesFreed: freed, bytesSaved, percent: (100 * bytesSaved) / SOM_CHUNK_SIZE };
}

/** The same formula at the model's scale: vmemmap frames each pool chunk has given up. */
export const scaledVmemmapPagesFreed = () => vmemmapPagesFreed(SUBPAGES, STRUCT_PAGES_PER_VMEMMAP, VMEMMAP_KEPT);
