import type { Draft } from '../../src/index.ts';
import type { FolioListsKnobs } from './knobs.ts';
import { FREE, nextOn, type FolioListsState } from './state.ts';

type D = Draft<FolioListsState>;

/** `folio_put`: the last reference sends the folio to `__folio_put`. */
export function put(d: D, obj: number): void {
  const f = d.folios[obj]!;
  f.count--;
  if (f.count === 0) f.freeing = true;
}

/** The owner unmaps the folio and drops its reference. */
export function ownerPut(d: D, obj: number): void {
  d.folios[obj]!.mapped = false;
  put(d, obj);
}

/** `deferred_split_folio`: a partially unmapped THP joins the queue under `split_queue_lock`. */
export function deferSplit(d: D, obj: number): void {
  d.folios[obj]!.deferred = true;
}

/**
 * `__folio_put` of a large folio: `folio_unqueue_deferred_split` (under `split_queue_lock`),
 * `lruvec_del_folio` (under the lruvec lock), then the memory goes back.
 */
export function freeFolio(d: D, obj: number, knobs: FolioListsKnobs): void {
  const deferred = knobs.freeUnqueues ? false : d.folios[obj]!.deferred;
  d.folios[obj] = { ...FREE, deferred };
}

/** `spin_lock(&ds_queue->split_queue_lock)`, then `list_for_each_entry_safe` reads the first entry. */
export function shrinkLock(d: D): void {
  d.shrinker.pc = 'scanning';
  d.shrinker.cursor = nextOn(d.folios, 'deferred', -1);
}

/**
 * One entry: `folio_try_get` moves it to the private list with a reference; a zero refcount
 * lost the race with `folio_put`: `list_del_init` and go on.
 */
export function shrinkTry(d: D): void {
  const obj = d.shrinker.cursor!;
  const f = d.folios[obj]!;
  f.deferred = false;
  if (f.live && f.count > 0) {
    f.count++;
    d.shrinker.list.push(obj);
  } else {
    d.seen.shrinkerLostRace = true;
  }
  d.shrinker.cursor = nextOn(d.folios, 'deferred', obj);
}

export function shrinkUnlock(d: D): void {
  d.shrinker.pc = 'idle';
  d.shrinker.cursor = null;
}

/** Off the lock: `split_folio` the first private folio (it leaves the queue for good), `folio_put`. */
export function shrinkSplit(d: D): void {
  const obj = d.shrinker.list.shift()!;
  put(d, obj);
}

/** `spin_lock_irq(&lruvec->lru_lock)`, then the walk starts at the list's tail (here: its first). */
export function reclaimLock(d: D): void {
  d.reclaim.pc = 'scanning';
  d.reclaim.cursor = nextOn(d.folios, 'lru', -1);
}

/** `folio_try_get` then `folio_test_clear_lru`: the folio moves to reclaim's list. */
export function reclaimTry(d: D, knobs: FolioListsKnobs): void {
  const obj = d.reclaim.cursor!;
  const f = d.folios[obj]!;
  if (knobs.lruGet === 'plain' || (f.live && f.count > 0)) {
    f.count++;
    f.lru = false;
    d.reclaim.list.push(obj);
  } else {
    d.seen.reclaimLostRace = true;
  }
  d.reclaim.cursor = nextOn(d.folios, 'lru', obj);
}

export function reclaimUnlock(d: D): void {
  d.reclaim.pc = 'idle';
  d.reclaim.cursor = null;
}

/** `move_folios_to_lru`: back on the LRU under the lock, and the isolation reference dropped. */
export function reclaimPutback(d: D): void {
  const obj = d.reclaim.list.shift()!;
  d.folios[obj]!.lru = true;
  put(d, obj);
}

/** `folio_isolate_lru`: a reference and off the LRU, under the lruvec lock. */
export function migrateIsolate(d: D, obj: number): void {
  const f = d.folios[obj]!;
  f.count++;
  f.lru = false;
  d.migration = { pc: 'isolated', folio: obj };
}

/** `folio_ref_freeze(folio, expected)` (mapped + isolation); the known-bad design only compares. */
export function migrateFreeze(d: D, knobs: FolioListsKnobs): void {
  if (d.migration.pc !== 'isolated') return;
  const f = d.folios[d.migration.folio]!;
  if (f.count !== 2 || !f.mapped) {
    // the expected count is the mapping's reference + the isolation's; else -EAGAIN, putback
    f.lru = true;
    put(d, d.migration.folio);
    d.migration = { pc: 'idle' };
    return;
  }
  if (knobs.migrateFreezes) f.count = 0;
  d.migration = { ...d.migration, pc: 'frozen' };
}

/** Under `split_queue_lock`: off the deferred split queue (be9581ea8c05). */
export function migrateUnqueue(d: D): void {
  if (d.migration.pc !== 'frozen') return;
  d.folios[d.migration.folio]!.deferred = false;
  d.migration = { ...d.migration, pc: 'unqueued' };
}

/** The mapping moves to the new folio (first free descriptor, on the LRU); the old one is freed. */
export function migrateFinish(d: D): void {
  if (d.migration.pc !== 'unqueued') return;
  const target = d.folios.findIndex((f, obj) => !f.live && obj !== (d.migration as { folio: number }).folio);
  d.folios[target] = { live: true, count: 1, mapped: true, freeing: false, lru: true, deferred: false };
  d.folios[d.migration.folio] = FREE;
  d.migration = { pc: 'idle' };
  d.seen.migrated = true;
}
