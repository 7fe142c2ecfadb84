import { match } from 'ts-pattern';
import type { GuardTable, Immutable } from '../../src/index.ts';
import type { FolioListsKnobs } from './knobs.ts';
import { FOLIOS, type Folio, type FolioListsState } from './state.ts';

/** One atomic step of the owner, the free path, the shrinker, reclaim or migration. */
export type FolioListsAction =
  | { readonly kind: 'ownerPut'; readonly folio: number }
  | { readonly kind: 'deferSplit'; readonly folio: number }
  | { readonly kind: 'freeFolio'; readonly folio: number }
  | { readonly kind: 'shrinkLock' }
  | { readonly kind: 'shrinkTry' }
  | { readonly kind: 'shrinkUnlock' }
  | { readonly kind: 'shrinkSplit' }
  | { readonly kind: 'reclaimLock' }
  | { readonly kind: 'reclaimTry' }
  | { readonly kind: 'reclaimUnlock' }
  | { readonly kind: 'reclaimPutback' }
  | { readonly kind: 'migrateIsolate'; readonly folio: number }
  | { readonly kind: 'migrateFreeze' }
  | { readonly kind: 'migrateUnqueue' }
  | { readonly kind: 'migrateFinish' };

const SINGLE = ['shrinkLock', 'shrinkTry', 'shrinkUnlock', 'shrinkSplit', 'reclaimLock', 'reclaimTry', 'reclaimUnlock', 'reclaimPutback', 'migrateFreeze', 'migrateUnqueue', 'migrateFinish'] as const;

export function folioListsActions(): FolioListsAction[] {
  return [
    ...FOLIOS.flatMap((folio) => [{ kind: 'ownerPut' as const, folio }, { kind: 'deferSplit' as const, folio }, { kind: 'freeFolio' as const, folio }, { kind: 'migrateIsolate' as const, folio }]),
    ...SINGLE.map((kind) => ({ kind })),
  ];
}

type S = Immutable<FolioListsState>;

const splitLocked = (s: S) => s.shrinker.pc === 'scanning';
/** Past the freeze the folio's PTEs are migration entries: no unmap or partial unmap reaches it. */
const migrationOwns = (s: S, folio: number) => s.migration.pc !== 'idle' && s.migration.pc !== 'isolated' && s.migration.folio === folio;
const lruLocked = (s: S) => s.reclaim.pc === 'scanning';

/** The folio whose memory a walker step reads or writes, if any. */
export function touchedFolio(s: S, a: FolioListsAction): number | undefined {
  return match(a)
    .with({ kind: 'shrinkTry' }, () => s.shrinker.cursor ?? undefined)
    .with({ kind: 'shrinkSplit' }, () => s.shrinker.list[0])
    .with({ kind: 'reclaimTry' }, () => s.reclaim.cursor ?? undefined)
    .with({ kind: 'reclaimPutback' }, () => s.reclaim.list[0])
    .with({ kind: 'migrateFreeze' }, { kind: 'migrateUnqueue' }, () => (s.migration.pc === 'idle' ? undefined : s.migration.folio))
    .otherwise(() => undefined);
}

export const folioListsGuards: GuardTable<FolioListsState, FolioListsAction, FolioListsKnobs> = {
  ownerPut: (s, { folio }) => s.folios[folio]!.live && s.folios[folio]!.mapped && !migrationOwns(s, folio),
  deferSplit: (s, { folio }) => !splitLocked(s) && s.folios[folio]!.live && s.folios[folio]!.mapped && !s.folios[folio]!.deferred && !migrationOwns(s, folio),
  // __folio_put runs once folio_put dropped the last reference; it takes each list's lock
  freeFolio: (s, { folio }, knobs) => s.folios[folio]!.live && s.folios[folio]!.freeing && !lruLocked(s) && (!knobs.unqueueLocked || !splitLocked(s)),
  shrinkLock: (s) => s.shrinker.pc === 'idle',
  shrinkTry: (s) => splitLocked(s) && s.shrinker.cursor !== null,
  shrinkUnlock: (s) => splitLocked(s),
  shrinkSplit: (s) => s.shrinker.pc === 'idle' && s.shrinker.list.length > 0,
  reclaimLock: (s) => s.reclaim.pc === 'idle' && s.reclaim.list.length === 0,
  reclaimTry: (s) => lruLocked(s) && s.reclaim.cursor !== null,
  reclaimUnlock: (s) => lruLocked(s),
  reclaimPutback: (s) => !lruLocked(s) && s.reclaim.list.length > 0,
  migrateIsolate: (s, { folio }) => {
    const f: Immutable<Folio> = s.folios[folio]!;
    return s.migration.pc === 'idle' && !lruLocked(s) && f.live && f.lru && f.count > 0 && f.mapped;
  },
  migrateFreeze: (s) => s.migration.pc === 'isolated',
  migrateUnqueue: (s) => s.migration.pc === 'frozen' && !splitLocked(s),
  migrateFinish: (s) => s.migration.pc === 'unqueued' && s.folios.some((f) => !f.live),
};

const name = (s: S, obj: number | undefined) => {
  if (obj === undefined) return 'nothing';
  const f = s.folios[obj]!;
  if (!f.live) return `folio ${obj} [FREED]`;
  const lists = [f.lru ? 'LRU' : '', f.deferred ? 'deferred' : ''].filter(Boolean).join('+') || 'no list';
  return `folio ${obj} [refcount ${f.count}${f.freeing ? ', being freed' : ''}, ${lists}]`;
};

export function describeFolioListsAction(a: FolioListsAction, s: S, knobs: FolioListsKnobs): string {
  return match(a)
    .with({ kind: 'ownerPut' }, ({ folio }) => `owner: unmap, folio_put(${name(s, folio)})${s.folios[folio]!.count === 1 ? ' -> last reference: __folio_put' : ''}`)
    .with({ kind: 'deferSplit' }, ({ folio }) => `deferred_split_folio(${name(s, folio)}): onto the split queue`)
    .with({ kind: 'freeFolio' }, ({ folio }) =>
      !knobs.freeUnqueues ? `__folio_put(${name(s, folio)}): lruvec_del_folio, freed (no folio_unqueue_deferred_split)` : `__folio_put(${name(s, folio)}): folio_unqueue_deferred_split${knobs.unqueueLocked ? '' : ' without split_queue_lock'}, lruvec_del_folio, freed`,
    )
    .with({ kind: 'shrinkLock' }, () => `deferred_split_scan: spin_lock(split_queue_lock), first entry ${name(s, s.folios.findIndex((f) => f.deferred) >= 0 ? s.folios.findIndex((f) => f.deferred) : undefined)}`)
    .with({ kind: 'shrinkTry' }, () => {
      const obj = s.shrinker.cursor;
      if (obj === null) return 'deferred_split_scan: end of the queue';
      const f = s.folios[obj]!;
      return `deferred_split_scan: folio_try_get(${name(s, obj)}) -> ${f.live && f.count > 0 ? 'ok, list_move to the private list' : 'zero: lost the race with folio_put, list_del_init'}`;
    })
    .with({ kind: 'shrinkUnlock' }, () => 'deferred_split_scan: spin_unlock(split_queue_lock)')
    .with({ kind: 'shrinkSplit' }, () => `deferred_split_scan: split_folio(${name(s, s.shrinker.list[0])}), folio_put`)
    .with({ kind: 'reclaimLock' }, () => 'isolate_lru_folios: spin_lock_irq(lru_lock)')
    .with({ kind: 'reclaimTry' }, () => {
      const obj = s.reclaim.cursor;
      if (obj === null) return 'isolate_lru_folios: end of the LRU';
      const f = s.folios[obj]!;
      if (knobs.lruGet === 'plain') return `isolate_lru_folios: folio_get(${name(s, obj)}) (plain), folio_test_clear_lru`;
      return `isolate_lru_folios: folio_try_get(${name(s, obj)}) -> ${f.live && f.count > 0 ? 'ok, folio_test_clear_lru, onto the private list' : 'zero: skip'}`;
    })
    .with({ kind: 'reclaimUnlock' }, () => 'isolate_lru_folios: spin_unlock_irq(lru_lock)')
    .with({ kind: 'reclaimPutback' }, () => `move_folios_to_lru(${name(s, s.reclaim.list[0])}): folio_set_lru, folio_put`)
    .with({ kind: 'migrateIsolate' }, ({ folio }) => `migrate_pages: folio_isolate_lru(${name(s, folio)})`)
    .with({ kind: 'migrateFreeze' }, () => {
      const obj = s.migration.pc === 'idle' ? undefined : s.migration.folio;
      const f = obj === undefined ? undefined : s.folios[obj];
      if (f?.count !== 2 || !f.mapped) return `__folio_migrate_mapping(${name(s, obj)}): refcount != mapping + isolation (2): -EAGAIN, putback`;
      return knobs.migrateFreezes ? `__folio_migrate_mapping(${name(s, obj)}): folio_ref_freeze(2) -> frozen` : `__folio_migrate_mapping(${name(s, obj)}): folio_ref_count == 2, not frozen`;
    })
    .with({ kind: 'migrateUnqueue' }, () => `__folio_migrate_mapping: folio_unqueue_deferred_split(${name(s, s.migration.pc === 'idle' ? undefined : s.migration.folio)})`)
    .with({ kind: 'migrateFinish' }, () => `migrate_folio_move: mapping to the new folio, old ${name(s, s.migration.pc === 'idle' ? undefined : s.migration.folio)} freed`)
    .exhaustive();
}
