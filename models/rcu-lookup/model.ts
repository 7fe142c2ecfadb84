import { defineModel, violates } from '../../src/index.ts';
import { rcuLookupCoordinates } from './coordinates.ts';
import { describeLookupAction, lookupActions, lookupGuards, type LookupAction } from './actions.ts';
import { encodeMemdesc } from '../parts/memdesc.ts';
import { rcuLookupCells } from './cells.ts';
import { fileMemdesc } from './descriptors.ts';
import { lookupKnobs, type LookupKnobs } from './knobs.ts';
import { readerLoad, readerLock, readerPut, readerRecheck, readerTryGet, readerUnlock } from './reader.ts';
import { lookupScenarios } from './scenarios.ts';
import { initLookupState, type LookupState } from './state.ts';
import * as w from './writers.ts';

export const rcuLookupModel = defineModel<LookupState, LookupAction, LookupKnobs>({
  name: 'rcu-lookup',
  title: 'lockless page-cache lookup (folio_try_get) under RCU reuse of memdesc descriptors',
  scale: '3 folio descriptors (one slab page each), 2 page-cache indices, 1-2 lockless readers; real: thousands of objects per cache',
  knobs: lookupKnobs,
  variants: [
    { name: 'proposal', meaning: 'typesafe-by-RCU folio cache, try-get unless zero, re-check, freeze', knobs: {}, expect: { kind: 'holds' } },
    { name: 'two-readers', meaning: 'the proposal with two concurrent readers', knobs: { readers: 2 }, expect: { kind: 'holds' } },
    {
      name: 'not-typesafe',
      meaning: 'the folio cache is not SLAB_TYPESAFE_BY_RCU: freed memory changes type under a reader',
      knobs: { typesafeByRcu: false },
      expect: violates('no-type-confusion', 5),
    },
    {
      name: 'no-recheck',
      meaning: 'no xas_reload after folio_try_get: a freed-and-reused folio is returned',
      knobs: { recheck: false },
      expect: violates('lookup-identity', 5),
    },
    {
      name: 'plain-increment',
      meaning: 'folio_try_get is a plain increment: it resurrects a free or frozen folio',
      knobs: { tryGet: 'plain' },
      expect: violates('try-get-not-zero', 4),
    },
    {
      name: 'slab-free-without-gp',
      meaning: 'a typesafe cache frees the empty slab page without waiting for a grace period',
      knobs: { slabFreeWaitsForGp: false },
      expect: violates('no-type-confusion', 5),
    },
    {
      name: 'unfreeze-early',
      meaning: 'reclaim unfreezes before the page-cache entry is removed, then frees',
      knobs: { reclaimUnfreezesEarly: true },
      expect: violates('references-accounted', 6),
    },
    {
      name: 'misaligned-descriptors',
      meaning: '72-byte descriptors are only 8-byte aligned: the 4-bit tag corrupts the pointer',
      knobs: { objectSize: 72 },
      expect: violates('memdesc-decodes', 0),
    },
  ],
  scenarios: lookupScenarios,
  budget: { runs: 2000, maxSteps: 30 },
  init: (knobs) => initLookupState(knobs.readers, (obj) => fileMemdesc(obj, knobs), encodeMemdesc('buddy', 0)),
  actions: lookupActions,
  guards: lookupGuards,
  transitions: {
    rcuLock: (d, { reader }) => readerLock(d, reader),
    load: (d, { reader }) => readerLoad(d, reader),
    tryGet: (d, { reader }, knobs) => readerTryGet(d, reader, knobs),
    recheck: (d, { reader }, knobs) => readerRecheck(d, reader, knobs),
    put: (d, { reader }, knobs) => readerPut(d, reader, knobs),
    rcuUnlock: (d, { reader }) => readerUnlock(d, reader),
    truncateRemove: (d, { index }) => w.truncateRemove(d, index),
    truncatePut: (d, _a, knobs) => w.truncatePut(d, knobs),
    reclaimFreeze: (d, { index }) => w.reclaimFreeze(d, index),
    reclaimUnfreeze: (d) => w.reclaimUnfreeze(d),
    reclaimRemove: (d) => w.reclaimRemove(d),
    reclaimFree: (d, _a, knobs) => w.reclaimFree(d, knobs),
    allocFolio: (d, { obj, index }, knobs) => w.allocFolio(d, obj, index, knobs),
    slabPageFree: (d, { obj }) => w.slabPageFree(d, obj),
    reuseAsPagetable: (d, { obj }) => w.reuseAsPagetable(d, obj),
    pagetableFree: (d, { obj }) => w.pagetableFree(d, obj),
  },
  describe: describeLookupAction,
  coordinates: rcuLookupCoordinates,
  cells: rcuLookupCells,
  // ghost events for witnesses, and the section counters that let a grace period tell sections apart
  bookkeeping: ['seen', 'rcu.*.section'],
});
