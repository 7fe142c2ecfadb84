import type { AlwaysProperty, Immutable, Property, SometimesProperty, StepProperty } from '../../src/index.ts';
import { touchedFolio, type FolioListsAction } from '../../models/folio-lists/actions.ts';
import type { FolioListsKnobs } from '../../models/folio-lists/knobs.ts';
import type { FolioListsState } from '../../models/folio-lists/state.ts';

type S = Immutable<FolioListsState>;

export const listedOnlyWhileAlive: AlwaysProperty<FolioListsState, FolioListsKnobs> = {
  kind: 'always',
  name: 'listed-only-while-alive',
  meaning: 'a folio is on the LRU, the deferred split queue or a walker\'s private list only while its memory is a live folio',
  rule: '__folio_put takes a large folio off every list (folio_unqueue_deferred_split, lruvec_del_folio) before freeing it',
  check: (s) => {
    for (const [obj, f] of s.folios.entries()) {
      if (f.live) continue;
      if (f.lru || f.deferred) return `folio ${obj} is freed but still on the ${f.lru ? 'LRU' : 'deferred split queue'}`;
      if (s.shrinker.list.includes(obj)) return `folio ${obj} is freed but on the split shrinker's private list`;
      if (s.reclaim.list.includes(obj)) return `folio ${obj} is freed but on reclaim's private list`;
    }
    return undefined;
  },
};

export const walkerNeverTouchesFreed: StepProperty<FolioListsState, FolioListsAction, FolioListsKnobs> = {
  kind: 'step',
  name: 'walker-never-touches-freed',
  meaning: 'a list walker (shrinker, reclaim, migration) never reads or writes a freed folio',
  rule: 'a list entry is removed under the list lock before the folio is freed',
  check: (before, action) => {
    const obj = touchedFolio(before, action);
    return obj !== undefined && !before.folios[obj]!.live ? `${action.kind} touches folio ${obj}, which is freed` : undefined;
  },
};

/** References held by the walkers and migration on `obj`. */
function walkerRefs(s: S, obj: number): number {
  const on = (list: readonly number[]) => list.filter((x) => x === obj).length;
  const migrating = s.migration.pc !== 'idle' && s.migration.folio === obj ? 1 : 0;
  return on(s.shrinker.list) + on(s.reclaim.list) + migrating;
}

export const referencesAccounted: AlwaysProperty<FolioListsState, FolioListsKnobs> = {
  kind: 'always',
  name: 'references-accounted',
  meaning: 'a folio refcount is its mapping plus the walkers\' references; a folio being freed or frozen gains none',
  rule: 'walkers take references with folio_try_get, which fails at zero; migration owns a frozen folio',
  check: (s) => {
    for (const [obj, f] of s.folios.entries()) {
      if (!f.live) continue;
      const refs = walkerRefs(s, obj);
      if (f.freeing) {
        if (f.count !== 0) return `folio ${obj} is being freed (last reference gone) but has refcount ${f.count}`;
        continue;
      }
      const frozen = f.count === 0 && s.migration.pc !== 'idle' && s.migration.folio === obj;
      if (frozen) continue;
      const expected = (f.mapped ? 1 : 0) + refs;
      if (f.count !== expected) return `folio ${obj}: refcount ${f.count} != mapping ${f.mapped ? 1 : 0} + walkers ${refs}`;
    }
    return undefined;
  },
};

const witnesses: SometimesProperty<FolioListsState, FolioListsKnobs>[] = [
  { kind: 'sometimes', name: 'shrinker-lost-race', meaning: "the shrinker's folio_try_get failed (a folio being freed or frozen) and it took the folio off the queue", reached: (s) => s.seen.shrinkerLostRace },
  { kind: 'sometimes', name: 'reclaim-lost-race', meaning: "reclaim's folio_try_get failed on a folio being freed", reached: (s) => s.seen.reclaimLostRace },
  { kind: 'sometimes', name: 'migrated', meaning: 'a folio was migrated and the old one freed', reached: (s) => s.seen.migrated },
  { kind: 'sometimes', name: 'shrinker-holds-two', meaning: 'the shrinker holds two folios on its private list', reached: (s) => s.shrinker.list.length >= 2 },
];

/** The folio-lists model's properties, in the order they are checked. */
export const folioListsProperties: readonly Property<FolioListsState, FolioListsAction, FolioListsKnobs>[] = [
  walkerNeverTouchesFreed,
  listedOnlyWhileAlive,
  referencesAccounted,
  ...witnesses,
];
