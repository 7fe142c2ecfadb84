/**
 * Scale: 4 large-folio descriptors (3 mapped at start, one free for migration's target), one
 * lruvec LRU list and one deferred-split queue with their locks, the deferred-split shrinker,
 * a reclaim LRU walker, one migration, one owner dropping its mappings. Real: millions of
 * folios on per-memcg, per-node lists; the lock and refcount rules are the same.
 */
export const FOLIOS = [0, 1, 2, 3] as const;

/**
 * A folio descriptor. `mapped`: the owner's reference; `freeing`: `folio_put` dropped the last
 * reference and `__folio_put` is on its way (the folio is still memory, no longer anyone's).
 */
export interface Folio {
  readonly live: boolean;
  readonly count: number;
  readonly mapped: boolean;
  readonly freeing: boolean;
  readonly lru: boolean;
  readonly deferred: boolean;
}

/** `deferred_split_scan`: holds `split_queue_lock` while `scanning`; `cursor` is the entry it reads next. */
export interface Shrinker {
  readonly pc: 'idle' | 'scanning';
  readonly cursor: number | null;
  /** Folios moved to its private list, each with a reference. */
  readonly list: readonly number[];
}

/** `isolate_lru_folios`: holds the lruvec lock while `scanning`. */
export interface Reclaim {
  readonly pc: 'idle' | 'scanning';
  readonly cursor: number | null;
  readonly list: readonly number[];
}

/** `migrate_pages` of one folio: isolated (a reference), frozen (or only compared), unqueued. */
export type Migration = { readonly pc: 'idle' } | { readonly pc: 'isolated' | 'frozen' | 'unqueued'; readonly folio: number };

export interface FolioListsState {
  readonly folios: readonly Folio[];
  readonly shrinker: Shrinker;
  readonly reclaim: Reclaim;
  readonly migration: Migration;
  readonly seen: { readonly shrinkerLostRace: boolean; readonly migrated: boolean; readonly reclaimLostRace: boolean };
}

const mapped = (deferred: boolean): Folio => ({ live: true, count: 1, mapped: true, freeing: false, lru: true, deferred });
export const FREE: Folio = { live: false, count: 0, mapped: false, freeing: false, lru: false, deferred: false };

/** Folios 0 and 1 are partially unmapped THPs on the deferred split queue; all three on the LRU. */
export function initFolioListsState(): FolioListsState {
  return {
    folios: [mapped(true), mapped(true), mapped(false), FREE],
    shrinker: { pc: 'idle', cursor: null, list: [] },
    reclaim: { pc: 'idle', cursor: null, list: [] },
    migration: { pc: 'idle' },
    seen: { shrinkerLostRace: false, migrated: false, reclaimLostRace: false },
  };
}

/** The next folio after `after` on a list (lists are kept in descriptor order). */
export function nextOn(folios: readonly Folio[], list: 'lru' | 'deferred', after: number): number | null {
  const i = folios.findIndex((f, obj) => obj > after && f[list]);
  return i < 0 ? null : i;
}
