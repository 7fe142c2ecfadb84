import { defineModel, violates } from '../../src/index.ts';
import { folioListsCoordinates } from './coordinates.ts';
import { describeFolioListsAction, folioListsActions, folioListsGuards, type FolioListsAction } from './actions.ts';
import { folioListsKnobs, type FolioListsKnobs } from './knobs.ts';
import { initFolioListsState, type FolioListsState } from './state.ts';
import * as t from './transitions.ts';

export const folioListsModel = defineModel<FolioListsState, FolioListsAction, FolioListsKnobs>({
  name: 'folio-lists',
  title: 'LRU and deferred-split lists with their locks: the split shrinker and reclaim walk them while freeing and migration change their folios',
  scale: '4 large-folio descriptors (3 mapped, 1 free for migration), one LRU and one deferred split queue, one shrinker, one reclaim walker, one migration',
  knobs: folioListsKnobs,
  variants: [
    { name: 'proposal', meaning: 'mainline: unqueue on free under split_queue_lock, migration freezes first, folio_try_get on the LRU', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'free-without-unqueue',
      meaning: 'the free path does not take a large folio off the deferred split queue: a freed folio stays listed',
      knobs: { freeUnqueues: false },
      expect: violates('listed-only-while-alive', 2),
    },
    {
      name: 'unqueue-without-lock',
      meaning: 'the free path unqueues without split_queue_lock: the shrinker, holding the lock, reads a folio freed under it',
      knobs: { unqueueLocked: false },
      expect: violates('walker-never-touches-freed', 4),
    },
    {
      name: 'migrate-without-freeze',
      meaning: 'migration compares the refcount instead of freezing it (before be9581ea8c05): the shrinker takes the folio that migration then frees',
      knobs: { migrateFreezes: false },
      expect: violates('listed-only-while-alive', 7),
    },
    {
      name: 'lru-plain-get',
      meaning: 'isolate_lru_folios takes a plain folio_get: it resurrects a folio whose last reference is gone',
      knobs: { lruGet: 'plain' },
      expect: violates('references-accounted', 3),
    },
  ],
  budget: { runs: 1000, maxSteps: 25, states: 20_000 },
  init: () => initFolioListsState(),
  actions: folioListsActions,
  guards: folioListsGuards,
  transitions: {
    ownerPut: (d, { folio }) => t.ownerPut(d, folio),
    deferSplit: (d, { folio }) => t.deferSplit(d, folio),
    freeFolio: (d, { folio }, knobs) => t.freeFolio(d, folio, knobs),
    shrinkLock: (d) => t.shrinkLock(d),
    shrinkTry: (d) => t.shrinkTry(d),
    shrinkUnlock: (d) => t.shrinkUnlock(d),
    shrinkSplit: (d) => t.shrinkSplit(d),
    reclaimLock: (d) => t.reclaimLock(d),
    reclaimTry: (d, _a, knobs) => t.reclaimTry(d, knobs),
    reclaimUnlock: (d) => t.reclaimUnlock(d),
    reclaimPutback: (d) => t.reclaimPutback(d),
    migrateIsolate: (d, { folio }) => t.migrateIsolate(d, folio),
    migrateFreeze: (d, _a, knobs) => t.migrateFreeze(d, knobs),
    migrateUnqueue: (d) => t.migrateUnqueue(d),
    migrateFinish: (d) => t.migrateFinish(d),
  },
  describe: describeFolioListsAction,
  coordinates: folioListsCoordinates,
  // the ghost history in `seen` is read by witnesses only: states differing there have the same futures
  symmetry: (s) => ({ ...s, seen: { shrinkerLostRace: false, migrated: false, reclaimLostRace: false } }),
  bookkeeping: ['seen'],
  cells: [
    {
      kind: 'step',
      name: 'shrinker-meets-frozen',
      meaning: "deferred_split_scan's folio_try_get fails on a folio migration froze",
      hit: (before, action) => action.kind === 'shrinkTry' && before.migration.pc === 'frozen' && before.migration.folio === before.shrinker.cursor,
    },
    {
      kind: 'state',
      name: 'listed-while-being-freed',
      meaning: 'a folio whose last reference is gone is still on a list, waiting for its lock',
      hit: (s) => s.folios.some((f) => f.live && f.freeing && (f.lru || f.deferred)),
    },
  ],
});
