import type { SometimesProperty } from '../../src/index.ts';
import type { PagecacheKnobs } from '../../models/pagecache/knobs.ts';
import type { PagecacheState } from '../../models/pagecache/state.ts';
import { readerInDetachedNode } from '../../models/pagecache/xarray.ts';

type Witness = SometimesProperty<PagecacheState, PagecacheKnobs>;

const seen = (name: string, meaning: string, key: keyof PagecacheState['seen']): Witness => ({ kind: 'sometimes', name, meaning, reached: (s) => s.seen[key] });

export const pagecacheWitnesses: readonly Witness[] = [
  seen('lookup-hit', 'a lookup returned a folio with a reference', 'hit'),
  seen('lookup-miss', 'a lookup found NULL', 'miss'),
  seen('lookup-shadow', 'a lookup found a shadow (value) entry and returned it', 'shadow'),
  seen('large-folio-hit', 'a lookup of a non-head index returned a large folio through its sibling entry', 'largeHit'),
  seen('frozen-retry', 'a reader\'s folio_try_get failed on a frozen folio (split or eviction under it) and it retried', 'frozenRetry'),
  seen('reload-retry', 'a reader\'s xas_reload saw another entry, it put the folio and retried', 'reloadRetry'),
  seen('split-done', 'a large folio in the page cache was split into order-0 folios', 'splitDone'),
  seen('uneven-split-done', 'a non-uniform folio_split left folios of different orders (order 1 and two order 0)', 'unevenSplit'),
  { kind: 'sometimes', name: 'reader-in-deleted-node', meaning: 'a reader inside its RCU section held an xa_node xas_delete_node had detached', reached: readerInDetachedNode },
  seen('refault', 'filemap_add_folio replaced a shadow entry', 'refault'),
  { kind: 'sometimes', name: 'batch-of-two', meaning: 'a batch read holds two folios at once', reached: (s) => s.batch.batch.length >= 2 },
];
