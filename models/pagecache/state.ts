/**
 * Scale: one file's page cache as an xarray of 8 indices in two leaf xa_nodes of 4 slots under
 * a root node of 2 (real nodes have 64 slots, XA_CHUNK_SHIFT 6), 3 leaf node descriptors,
 * folios of order 0, 1 or 2 (1, 2 or 4 pages; real page cache folios go up to PMD order 9),
 * 6 folio descriptors, 1-2 `filemap_get_entry` readers, one `filemap_get_read_batch` reader,
 * one writer holding the folio lock (add, truncate, evict, split).
 */
export const INDICES = [0, 1, 2, 3, 4, 5, 6, 7] as const;
/** Slots a leaf node (real XA_CHUNK_SIZE 64); the root node has INDICES / NODE_SLOTS slots. */
export const NODE_SLOTS = 4;
/** Leaf xa_node descriptors in radix_tree_node_cachep: two in use and one to reuse. */
export const NODES = [0, 1, 2] as const;
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

/**
 * A leaf `xa_node`: free (in the slab), attached under the root at `base` (its first index),
 * or detached by `xas_delete_node` and waiting for `radix_tree_node_rcu_free` after a grace
 * period. `waiters`: bit per reader (lookup `r` = bit r, the batch reader = bit 2) inside an
 * RCU read-side section when it was detached; the grace period ends when they have all left.
 */
export interface XaNode {
  readonly state: 'free' | 'attached' | 'detached';
  readonly base: number;
  readonly slots: readonly (Entry | null)[];
  readonly waiters: number;
}

/** The batch reader's bit in `XaNode.waiters`. */
export const BATCH_BIT = 4;

/** A folio descriptor: free, or a folio at `index` of `order` (refcount 0 while live = frozen). */
export interface Folio {
  readonly live: boolean;
  readonly index: number;
  readonly order: number;
  readonly count: number;
}

/**
 * `filemap_get_entry` as a thread. `loaded`: the kind of entry the pointer `obj` came from
 * (a correct reader only ever dereferences a folio entry). `slot`: the canonical index a
 * sibling entry named (where `xas_load` left `xa_offset`). `node`: the leaf `xas->xa_node`
 * the walk reached (-1 none): later loads and `xas_reload` read that node, not the root.
 */
export interface Reader {
  readonly pc: 'idle' | 'sibling' | 'loaded' | 'got' | 'holding' | 'retry';
  readonly index: number;
  readonly slot: number;
  readonly node: number;
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
  readonly node: number;
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
      /** The page `folio_split` splits at (non-uniform: only its part becomes order 0), or -1 (uniform). */
      readonly at: number;
      /** The new folios after the head, frozen until stored; `stored` of them are in the xarray. */
      readonly pieces: readonly number[];
      readonly stored: number;
      readonly headUnfrozen: boolean;
    };

export interface PagecacheState {
  /** The root xa_node's slots: the leaf node of indices 0-3 and of 4-7, or -1 (none). */
  readonly root: readonly number[];
  readonly nodes: readonly XaNode[];
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
    readonly unevenSplit: boolean;
    readonly refault: boolean;
  };
}

export const nrPages = (order: number) => 1 << order;

export const idleReader = (r: number): Reader => ({ pc: 'idle', index: r % 2, slot: r % 2, node: -1, obj: 0, loaded: 'folio' });

export const FREE_NODE: XaNode = { state: 'free', base: 0, slots: [null, null, null, null], waiters: 0 };

/** No witness event yet (the initial state, and every state under the symmetry). */
export const NOTHING_SEEN: PagecacheState['seen'] = {
  hit: false,
  miss: false,
  shadow: false,
  largeHit: false,
  frozenRetry: false,
  reloadRetry: false,
  splitDone: false,
  unevenSplit: false,
  refault: false,
};

/**
 * Node 0 (indices 0-3): folio 0 (order 0), a shadow (of a folio evicted from index 1), folio 2
 * (order 0), empty; node 1 (4-7): folio 1 (order 2, canonical slot 4, siblings 5-7); node 2
 * free. The page cache holds one reference a page (`folio_ref_add(folio, nr)`).
 */
export function initPagecacheState(lookupReaders: number): PagecacheState {
  return {
    root: [0, 1],
    nodes: [
      { state: 'attached', base: 0, slots: [{ kind: 'folio', obj: 0 }, { kind: 'value', shadow: 5 }, { kind: 'folio', obj: 2 }, null], waiters: 0 },
      { state: 'attached', base: 4, slots: [{ kind: 'folio', obj: 1 }, { kind: 'sibling', head: 4 }, { kind: 'sibling', head: 4 }, { kind: 'sibling', head: 4 }], waiters: 0 },
      FREE_NODE,
    ],
    folios: DESCRIPTORS.map((obj) =>
      obj === 0 ? { live: true, index: 0, order: 0, count: 1 } : obj === 1 ? { live: true, index: 4, order: 2, count: 4 } : obj === 2 ? { live: true, index: 2, order: 0, count: 1 } : { live: false, index: 0, order: 0, count: 0 },
    ),
    readers: Array.from({ length: lookupReaders }, (_, r) => idleReader(r)),
    batch: { pc: 'idle', start: 0, cursor: 0, fresh: true, slot: 0, node: -1, obj: 0, loaded: 'folio', batch: [] },
    writer: { kind: 'idle' },
    seen: NOTHING_SEEN,
  };
}
