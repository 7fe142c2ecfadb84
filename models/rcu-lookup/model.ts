import { match } from 'ts-pattern';
import { defineModel, violates } from '../../src/index.ts';
import { memdescDecodes } from '../../properties/rcu-lookup/memdesc.ts';
import { lookupIdentity, noTypeConfusion, referencesAccounted, tryGetNotZero } from '../../properties/rcu-lookup/references.ts';
import { lookupWitnesses } from '../../properties/rcu-lookup/witnesses.ts';
import { describeLookupAction, lookupActions, lookupEnabled, type LookupAction } from './actions.ts';
import { encodeMemdesc } from '../parts/memdesc.ts';
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
  properties: [memdescDecodes, tryGetNotZero, noTypeConfusion, lookupIdentity, referencesAccounted, ...lookupWitnesses],
  scenarios: lookupScenarios,
  budget: { runs: 2000, maxSteps: 30 },
  init: (knobs) => initLookupState(knobs.readers, (obj) => fileMemdesc(obj, knobs), encodeMemdesc('buddy', 0)),
  actions: lookupActions,
  enabled: lookupEnabled,
  apply: (d, a, knobs) =>
    match(a)
      .with({ kind: 'rcuLock' }, ({ reader }) => readerLock(d, reader))
      .with({ kind: 'load' }, ({ reader }) => readerLoad(d, reader))
      .with({ kind: 'tryGet' }, ({ reader }) => readerTryGet(d, reader, knobs))
      .with({ kind: 'recheck' }, ({ reader }) => readerRecheck(d, reader, knobs))
      .with({ kind: 'put' }, ({ reader }) => readerPut(d, reader, knobs))
      .with({ kind: 'rcuUnlock' }, ({ reader }) => readerUnlock(d, reader))
      .with({ kind: 'truncateRemove' }, ({ index }) => w.truncateRemove(d, index))
      .with({ kind: 'truncatePut' }, () => w.truncatePut(d, knobs))
      .with({ kind: 'reclaimFreeze' }, ({ index }) => w.reclaimFreeze(d, index))
      .with({ kind: 'reclaimUnfreeze' }, () => w.reclaimUnfreeze(d))
      .with({ kind: 'reclaimRemove' }, () => w.reclaimRemove(d))
      .with({ kind: 'reclaimFree' }, () => w.reclaimFree(d, knobs))
      .with({ kind: 'allocFolio' }, ({ obj, index }) => w.allocFolio(d, obj, index, knobs))
      .with({ kind: 'slabPageFree' }, ({ obj }) => w.slabPageFree(d, obj))
      .with({ kind: 'reuseAsPagetable' }, ({ obj }) => w.reuseAsPagetable(d, obj))
      .with({ kind: 'pagetableFree' }, ({ obj }) => w.pagetableFree(d, obj))
      .exhaustive(),
  describe: describeLookupAction,
});
