import { rcuReaders, type GracePeriod, type RcuReader } from '../parts/rcu.ts';

/**
 * Scale: 3 descriptor slots of the folio cache, each on its own slab page; a file with 2
 * page-cache indices (pages 0 and 1), 1 or 2 lockless readers, one truncating writer, one
 * reclaimer. Real caches hold thousands of objects per node; the reuse rules are the same.
 */
/**
 * A descriptor slot. `count` is the word at `_refcount`'s offset: a folio's refcount (0 while
 * frozen), 0 in a free object, and unrelated data once the memory holds another type.
 */
export interface Descriptor {
  readonly kind: 'free' | 'folio' | 'pagetable';
  /** The file index a folio caches. */
  readonly index: number;
  readonly count: number;
}

/** The slab page under a descriptor: in use, waiting for a grace period, or back in the page allocator. */
export type SlabPage =
  | { readonly kind: 'in-use' }
  | { readonly kind: 'rcu-pending'; readonly gp: GracePeriod }
  | { readonly kind: 'released' };

/** `filemap_get_entry` as a thread: program counter, index looked up, pointer loaded. */
export type ReaderPc = 'idle' | 'locked' | 'loaded' | 'got' | 'holding' | 'put';

export interface Reader {
  readonly pc: ReaderPc;
  readonly index: number;
  /** The descriptor loaded by `xas_load`, without a reference until `folio_try_get` succeeds. */
  readonly ptr?: number;
}

/** Truncate and reclaim run as step sequences too; each holds what it took. */
export type Writer =
  | { readonly kind: 'idle' }
  | { readonly kind: 'removed'; readonly obj: number }
  | { readonly kind: 'frozen'; readonly obj: number; readonly index: number }
  | { readonly kind: 'unfrozen'; readonly obj: number; readonly index: number }
  | { readonly kind: 'deleted'; readonly obj: number };

export interface LookupState {
  readonly descriptors: readonly Descriptor[];
  readonly slabPages: readonly SlabPage[];
  /** index -> descriptor slot. */
  readonly pagecache: readonly (number | undefined)[];
  /** The memdesc word of the file page each descriptor slot's folio describes (page `obj`). */
  readonly memdesc: readonly number[];
  readonly readers: readonly Reader[];
  readonly rcu: readonly RcuReader[];
  readonly truncate: Writer;
  readonly reclaim: Writer;
  /** Ghost events, for witnesses. */
  readonly seen: { readonly recheckFailed: boolean; readonly readerFreed: boolean };
}

export const DESCRIPTORS = [0, 1, 2] as const;
export const INDICES = [0, 1] as const;
/** Where the folio cache's slab pages start; each object is `objectSize` bytes apart. */
export const CACHE_BASE = 0x1000;

/** Indices 0 and 1 are cached in folios 0 and 1 (one reference each: the page cache's). */
export function initLookupState(readers: number, memdescOf: (obj: number) => number, free: number): LookupState {
  return {
    descriptors: [
      { kind: 'folio', index: 0, count: 1 },
      { kind: 'folio', index: 1, count: 1 },
      { kind: 'free', index: 0, count: 0 },
    ],
    slabPages: DESCRIPTORS.map(() => ({ kind: 'in-use' })),
    pagecache: [0, 1],
    memdesc: DESCRIPTORS.map((obj) => (obj < 2 ? memdescOf(obj) : free)),
    readers: Array.from({ length: readers }, (_, r) => ({ pc: 'idle', index: r % 2 })),
    rcu: rcuReaders(readers),
    truncate: { kind: 'idle' },
    reclaim: { kind: 'idle' },
    seen: { recheckFailed: false, readerFreed: false },
  };
}
