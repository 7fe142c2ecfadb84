import { encodeMemdesc } from '../parts/memdesc.ts';
import { PAGE_SIZE } from '../parts/kernelConstants.ts';

/**
 * Scale: 6 pages; slabs of 4 objects for every cache (folio descriptors, slab descriptors, one
 * kmalloc size); 2 folio slots and 1 kmalloc slot for results. Real slabs hold tens of objects
 * and there are millions of pages; the recursion has the same shape.
 */
export type Cache = 'folio' | 'slab' | 'kmalloc';

/** An object: slab page and index in it. */
export interface ObjectRef {
  readonly page: number;
  readonly index: number;
}

/** Objects of a slab: free, in use, or the slab's own descriptor (`slab_init(slab, 1)`). */
export type ObjectUse = 'free' | 'used' | 'self';

export interface Slab {
  readonly cache: Cache;
  readonly objects: readonly ObjectUse[];
  /** Where `struct slab` lives: inside this page, or an object of the slab cache. */
  readonly descriptor: { readonly kind: 'self' } | ({ readonly kind: 'object' } & ObjectRef);
}

export type PageOwner =
  | { readonly kind: 'free' }
  /** Taken by `page_alloc` in a frame that has not given it a memdesc yet. */
  | { readonly kind: 'allocating' }
  | { readonly kind: 'slab' }
  | ({ readonly kind: 'folio' } & ObjectRef);

/** A call in progress; `ret` is what the call it made returned. */
export type Frame =
  | { readonly fn: 'folio_alloc'; readonly pc: 'start' | 'waiting' | 'desc'; readonly desc?: ObjectRef; readonly ret?: Ret }
  | { readonly fn: 'kmalloc'; readonly pc: 'start' | 'waiting'; readonly ret?: Ret }
  | { readonly fn: 'kmem_cache_alloc'; readonly cache: Cache; readonly pc: 'start' | 'waiting'; readonly ret?: Ret }
  | { readonly fn: 'slab_alloc'; readonly cache: Cache; readonly pc: 'start' | 'have-page' | 'waiting'; readonly page?: number; readonly ret?: Ret };

export type Ret = { readonly kind: 'fail' } | ({ readonly kind: 'object' } & ObjectRef) | { readonly kind: 'slab'; readonly page: number };

export interface AllocationState {
  readonly owners: readonly PageOwner[];
  /** The memdesc word of every page. */
  readonly memdesc: readonly number[];
  /** Slabs by page. */
  readonly slabs: readonly (Slab | undefined)[];
  readonly folios: readonly (ObjectRef | undefined)[];
  readonly kmallocs: readonly (ObjectRef | undefined)[];
  readonly stack: readonly Frame[];
  /** The allocation in progress: where its result goes, its steps, and the state it started from (ghost). */
  readonly current?: { readonly fn: 'folio_alloc' | 'kmalloc'; readonly slot: number; readonly steps: number; readonly before: string };
  /** What the outermost call returned when the stack emptied. */
  readonly returned?: Ret;
  readonly seen: { readonly deepest: number; readonly oomAtDeepest: boolean };
}

export const PAGES = 6;
export const OBJECTS_PER_SLAB = 4;
export const FOLIO_SLOTS = [0, 1] as const;
export const KMALLOC_SLOTS = [0] as const;
/** Page frame `p` at this (scaled) physical address; objects are `PAGE_SIZE / 4` apart. */
export const pageAddress = (page: number) => 0x100000 + page * PAGE_SIZE;
export const objectAddress = (o: ObjectRef) => pageAddress(o.page) + o.index * (PAGE_SIZE / OBJECTS_PER_SLAB);
export const FREE_MEMDESC = encodeMemdesc('buddy', 0);

export function initAllocationState(): AllocationState {
  return {
    owners: Array.from({ length: PAGES }, () => ({ kind: 'free' })),
    memdesc: Array.from({ length: PAGES }, () => FREE_MEMDESC),
    slabs: Array.from({ length: PAGES }, () => undefined),
    folios: FOLIO_SLOTS.map(() => undefined),
    kmallocs: KMALLOC_SLOTS.map(() => undefined),
    stack: [],
    seen: { deepest: 0, oomAtDeepest: false },
  };
}

/** What failure atomicity compares: pages, memdescs and slabs. */
export const snapshot = (s: Pick<AllocationState, 'owners' | 'memdesc' | 'slabs'>) =>
  JSON.stringify([s.owners, s.memdesc, s.slabs]);
