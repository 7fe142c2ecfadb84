import type { KnobSpecs } from '../../src/index.ts';

/** Design choices of the page-cache xarray and its lockless readers; the proposal is mainline's. */
export type PagecacheKnobs = {
  readonly lookupReaders: 1 | 2;
  /** `xas_reload` after `folio_try_get`: re-read `xa_index`'s slot, re-read the canonical slot, or none. */
  readonly reload: 'index' | 'canonical' | 'none';
  /** A reader checks `xa_is_value` before using an entry as a folio. */
  readonly valueCheck: boolean;
  /** The batch walker stops at a sibling entry met by `xas_next` (cb995f4eeba9). */
  readonly batchSiblingCheck: boolean;
  /** Eviction freezes the refcount at the page cache's references, or only compares it. */
  readonly evictFreezes: boolean;
  /** Split freezes the refcount at the expected count first, or only compares it. */
  readonly splitFreezes: boolean;
  /** Split unfreezes the head after storing every tail piece, or right after `xas_split`. */
  readonly splitHeadUnfreeze: 'last' | 'first';
  /** Truncate removes the entries before dropping the page cache's references, or after. */
  readonly truncateOrder: 'delete-then-put' | 'put-then-delete';
  /** An emptied xa_node is freed after an RCU grace period (`call_rcu`), or at once. */
  readonly nodeFree: 'rcu' | 'immediate';
};

export const pagecacheKnobs: KnobSpecs<PagecacheKnobs> = {
  lookupReaders: { values: [1, 2], proposal: 1, meaning: 'lockless filemap_get_entry readers (besides the batch reader)' },
  reload: { values: ['index', 'canonical', 'none'], proposal: 'index', meaning: "xas_reload re-reads xa_index's slot and resolves its sibling" },
  valueCheck: { values: [true, false], proposal: true, meaning: 'xa_is_value() is checked before an entry is used as a folio' },
  batchSiblingCheck: { values: [true, false], proposal: true, meaning: 'filemap_get_read_batch stops at a sibling entry' },
  evictFreezes: { values: [true, false], proposal: true, meaning: '__remove_mapping freezes the refcount (folio_ref_freeze) before deleting the entry' },
  splitFreezes: { values: [true, false], proposal: true, meaning: 'split freezes the refcount (folio_ref_freeze) before re-storing pieces' },
  splitHeadUnfreeze: { values: ['last', 'first'], proposal: 'last', meaning: 'split unfreezes the head folio after every tail piece is stored' },
  truncateOrder: { values: ['delete-then-put', 'put-then-delete'], proposal: 'delete-then-put', meaning: 'truncate deletes the entries before folio_put_refs' },
  nodeFree: { values: ['rcu', 'immediate'], proposal: 'rcu', meaning: 'xas_delete_node frees an empty xa_node with call_rcu (radix_tree_node_rcu_free after a grace period)' },
};
