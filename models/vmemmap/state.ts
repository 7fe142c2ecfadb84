import { rcuReaders, type GracePeriod, type RcuReader } from '../parts/rcu.ts';

/**
 * Scale: 4 struct pages per vmemmap page (real: 64), a huge page of 16 base pages whose struct
 * pages fill 4 vmemmap pages (real: 512 and 8 for 2 MiB). Region 0 (pfn 0-15, vmemmap pages
 * 0-3) is buddy memory that can become a HugeTLB folio; region 1 (pfn 16-31, vmemmap pages 4-7)
 * is a device-DAX range populated as one compound page. 8 physical vmemmap frames: 0-3 back
 * region 0, 4-7 are free.
 */
export const STRUCT_PAGES_PER_VMEMMAP = 4;
export const PAGES_PER_HUGE = 16;
export const VMEMMAP_PER_HUGE = PAGES_PER_HUGE / STRUCT_PAGES_PER_VMEMMAP;
export const FRAMES = 8;

export interface StructPage {
  readonly refcount: number;
  /** PG_head */
  readonly head: boolean;
  /** A tail's `compound_head` (the head pfn), absent on heads and order-0 pages. */
  readonly compoundHead?: number;
  /** Per-page state a user might write (`page->index`); tails of a compound page have none. */
  readonly index?: number;
}

export type FrameUse = { readonly kind: 'free' } | { readonly kind: 'vmemmap'; readonly slots: readonly StructPage[] } | { readonly kind: 'other' };

export interface VmemmapMapping {
  readonly frame: number;
  readonly writable: boolean;
}

export type Region0 =
  | { readonly kind: 'buddy' }
  /** A HugeTLB folio, head pfn 0; `optimized` once HVO shares its tail vmemmap. */
  | { readonly kind: 'hugetlb'; readonly optimized: boolean };

/** HVO optimise or restore in progress: it waits for the grace period it started. */
export type HvoThread =
  | { readonly kind: 'idle' }
  | { readonly kind: 'optimizing'; readonly gp: GracePeriod }
  | { readonly kind: 'restoring'; readonly gp: GracePeriod };

/** A speculative PFN walker (compaction, memory-failure) as a thread of atomic steps. */
export type Walker =
  | { readonly pc: 'idle' }
  | { readonly pc: 'loaded'; readonly pfn: number }
  | { readonly pc: 'ref-read'; readonly pfn: number; readonly seen: number }
  | { readonly pc: 'checked'; readonly pfn: number; readonly seen: number }
  | { readonly pc: 'got'; readonly pfn: number }
  | { readonly pc: 'done' };

export interface VmemmapState {
  readonly frames: readonly FrameUse[];
  /** Virtual vmemmap page -> frame, or unpopulated. */
  readonly vmemmap: readonly (VmemmapMapping | undefined)[];
  readonly region0: Region0;
  readonly devdax: 'unpopulated' | 'populated';
  readonly hvo: HvoThread;
  readonly walker: Walker;
  readonly rcu: readonly RcuReader[];
  /** Writes that hit a read-only vmemmap mapping: each one is a kernel oops. */
  readonly faults: readonly { readonly pfn: number; readonly by: string }[];
  /** The last `compound_head()` result, for the property that checks it. */
  readonly headLookup?: { readonly pfn: number; readonly head: number };
  /** Ghost events, for witnesses. */
  readonly seen: { readonly walkerSawFakeHead: boolean; readonly restoreRolledBack: boolean; readonly walkerOverlappedHvo: boolean };
}

const orderZero = (): StructPage => ({ refcount: 0, head: false });

export function initVmemmapState(): VmemmapState {
  return {
    frames: Array.from({ length: FRAMES }, (_, f) =>
      f < VMEMMAP_PER_HUGE ? { kind: 'vmemmap', slots: Array.from({ length: STRUCT_PAGES_PER_VMEMMAP }, orderZero) } : { kind: 'free' },
    ),
    vmemmap: Array.from({ length: 2 * VMEMMAP_PER_HUGE }, (_, v) => (v < VMEMMAP_PER_HUGE ? { frame: v, writable: true } : undefined)),
    region0: { kind: 'buddy' },
    devdax: 'unpopulated',
    hvo: { kind: 'idle' },
    walker: { pc: 'idle' },
    rcu: rcuReaders(1),
    faults: [],
    seen: { walkerSawFakeHead: false, restoreRolledBack: false, walkerOverlappedHvo: false },
  };
}
