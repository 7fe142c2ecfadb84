/**
 * Scale: one file's page cache as an xarray of 8 slots (indices 0-7, one xa_node; real nodes
 * have 64 slots and trees of them), folios of order 0, 1 or 2 (1, 2 or 4 pages; real page
 * cache folios go up to PMD order 9), 6 folio descriptors, 1-2 `filemap_get_entry` readers,
 * one `filemap_get_read_batch` reader, one writer holding the folio lock (add, truncate,
 * evict, split).
 */
export const INDICES = [0, 1, 2, 3, 4, 5, 6, 7] as const;
export const DESCRIPTORS = [0, 1, 2, 3, 4, 5] as const;
export const ORDERS = [0, 1, 2] as const;
/** Where a batch read may start: 8 KiB-aligned file offsets (scaled), so 6 starts inside folio 1. */
export const BATCH_STARTS = [0, 2, 4, 6] as const;
/** The batch reader reads at most this many pages from where it starts (a 16 KiB read, scaled). */
export const BATCH_PAGES = 4;

/**
 * A slot: a folio pointer, a sibling entry (`xa_mk_sibling(offset)`: this index belongs to the
 * multi-index entry whose canonical slot is `head`), or a value entry (a workingset shadow left
 * by eviction; `shadow` is its payload bits). Empty is `null`.
 */
export type Entry =
  | { readonly kind: 'folio'; readonly obj: number }
  | { readonly kind: 'sibling'; readonly head: number }
  | { readonly kind: 'value'; readonly shadow: number };

export type EntryKind = Entry['kind'];

/** A folio descriptor: free, or a folio at `index` of `order` (refcount 0 while live = frozen). */
export interface Folio {
  readonly live: boolean;
  readonly index: number;
  readonly order: number;
  readonly count: number;
}

/**
 * `filemap_get_entry` as a thread. `loaded`: the kind of entry the pointer `obj` came from
 * (a correct reader only ever dereferences a folio entry). `slot`: the canonical offset a
 * sibling entry named (where `xas_load` left `xa_offset`).
 */
export interface Reader {
  readonly pc: 'idle' | 'sibling' | 'loaded' | 'got' | 'holding' | 'retry';
  readonly index: number;
  readonly slot: number;
  readonly obj: number;
  readonly loaded: EntryKind;
}

/**
 * `filemap_get_read_batch` as a thread: it walks from `start`, `cursor` is `xa_index`, `fresh`
 * says the next load walks from the root (after `xas_reset`) and so resolves siblings, where
 * `xas_next` reads the raw slot. `batch` holds a reference on each folio it returned.
 */
export interface BatchReader {
  readonly pc: 'idle' | 'walking' | 'sibling' | 'loaded' | 'got' | 'done';
  readonly start: number;
  readonly cursor: number;
  readonly fresh: boolean;
  readonly slot: number;
  readonly obj: number;
  readonly loaded: EntryKind;
  readonly batch: readonly number[];
}

/**
 * The writer, holding the folio lock and stepping through one operation at a time. `refs`:
 * the page cache's references it took over (frozen away, or still counted when the design
 * does not freeze).
 */
export type Writer =
  | { readonly kind: 'idle' }
  | { readonly kind: 'truncated'; readonly obj: number; readonly index: number; readonly order: number }
  | { readonly kind: 'evict-frozen' | 'evicted'; readonly obj: number; readonly refs: number }
  | {
      readonly kind: 'split-frozen' | 'split-storing';
      readonly obj: number;
      readonly refs: number;
      /** The new tail folios, frozen until stored; `stored` of them are in the xarray. */
      readonly pieces: readonly number[];
      readonly stored: number;
      readonly headUnfrozen: boolean;
    };

export interface PagecacheState {
  readonly slots: readonly (Entry | null)[];
  readonly folios: readonly Folio[];
  readonly readers: readonly Reader[];
  readonly batch: BatchReader;
  readonly writer: Writer;
  /** Ghost events, for witnesses and coverage cells. */
  readonly seen: {
    readonly hit: boolean;
    readonly miss: boolean;
    readonly shadow: boolean;
    readonly largeHit: boolean;
    readonly frozenRetry: boolean;
    readonly reloadRetry: boolean;
    readonly splitDone: boolean;
    readonly refault: boolean;
  };
}

export const nrPages = (order: number) => 1 << order;

export const idleReader = (r: number): Reader => ({ pc: 'idle', index: r % 2, slot: r % 2, obj: 0, loaded: 'folio' });

/**
 * Index 0: folio 0 (order 0); index 1: a shadow (of a folio evicted from it); 2: folio 2
 * (order 0); 3: empty; 4-7: folio 1 (order 2, canonical slot 4, siblings 5-7). The page cache holds one reference
 * a page (`folio_ref_add(folio, nr)` in `filemap_add_folio`).
 */

/** No witness event yet (the initial state, and every state under the symmetry). */
export const NOTHING_SEEN: PagecacheState['seen'] = {
  hit: false,
  miss: false,
  shadow: false,
  largeHit: false,
  frozenRetry: false,
  reloadRetry: false,
  splitDone: false,
  refault: false,
};

export function initPagecacheState(lookupReaders: number): PagecacheState {
  return {
    slots: [
      { kind: 'folio', obj: 0 },
      { kind: 'value', shadow: 5 },
      { kind: 'folio', obj: 2 },
      null,
      { kind: 'folio', obj: 1 },
      { kind: 'sibling', head: 4 },
      { kind: 'sibling', head: 4 },
      { kind: 'sibling', head: 4 },
    ],
    folios: DESCRIPTORS.map((obj) =>
      obj === 0 ? { live: true, index: 0, order: 0, count: 1 } : obj === 1 ? { live: true, index: 4, order: 2, count: 4 } : obj === 2 ? { live: true, index: 2, order: 0, count: 1 } : { live: false, index: 0, order: 0, count: 0 },
    ),
    readers: Array.from({ length: lookupReaders }, (_, r) => idleReader(r)),
    batch: { pc: 'idle', start: 0, cursor: 0, fresh: true, slot: 0, obj: 0, loaded: 'folio', batch: [] },
    writer: { kind: 'idle' },
    seen: NOTHING_SEEN,
  };
}
