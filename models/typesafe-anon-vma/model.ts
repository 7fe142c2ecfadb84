import { defineModel, violates } from '../../src/index.ts';
import { anonActions, anonGuards, describeAnonAction, type AnonAction } from './actions.ts';
import { anonVmaCoordinates } from './coordinates.ts';
import { anonKnobs, type AnonKnobs } from './knobs.ts';
import { incNotZero, loadMapping, readerPut, recheckMapped, rmapWalk } from './reader.ts';
import { anonScenarios } from './scenarios.ts';
import { initAnonState, type AnonState } from './state.ts';
import { discard, prepare, unlink, zap } from './writers.ts';

export const typesafeAnonVmaModel = defineModel<AnonState, AnonAction, AnonKnobs>({
  name: 'typesafe-anon-vma',
  title: 'SLAB_TYPESAFE_BY_RCU anon_vmas: an rmap reader meets its anon_vma freed and reused, and a root must outlive its children',
  scale: '3 anon_vma objects from a typesafe cache, 3 mms (a parent, its forked child, one unrelated), one anon folio of the child, one folio_get_anon_vma reader',
  knobs: anonKnobs,
  variants: [
    { name: 'proposal', meaning: 'mainline: folio_mapped check and re-check around atomic_inc_not_zero, typesafe cache, root pinned, child freed first', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'no-mapped-recheck',
      meaning: 'folio_get_anon_vma skips the folio_mapped re-check: it returns another mm\'s anon_vma allocated in the same memory',
      knobs: { mappedRecheck: false },
      expect: violates('owner-identity-when-used', 7),
    },
    {
      name: 'no-mapped-check-before-inc',
      meaning: 'folio_get_anon_vma dereferences folio->mapping of an unmapped folio: its anon_vma\'s slab page may be gone',
      knobs: { mappedCheck: false },
      expect: violates('owner-alive-when-touched', 5),
    },
    {
      name: 'cache-not-typesafe',
      meaning: 'anon_vma_cachep without SLAB_TYPESAFE_BY_RCU: a slab page is freed under the RCU reader',
      knobs: { typesafeCache: false },
      expect: violates('owner-alive-when-touched', 5),
    },
    {
      name: 'child-without-root-reference',
      meaning: 'anon_vma_fork does not pin the root: a child pinned by a reader outlives it and anon_vma_free reads a freed root',
      knobs: { rootRef: false },
      expect: violates('owner-alive-when-touched', 7),
    },
    {
      name: 'root-freed-before-child',
      meaning: '__put_anon_vma drops the root first (the order fixed in 2014): anon_vma_free(child) then reads the freed root\'s rwsem',
      knobs: { putOrder: 'root-first' },
      expect: violates('owner-alive-when-touched', 7),
    },
  ],
  scenarios: anonScenarios,
  budget: { runs: 1000, maxSteps: 20 },
  init: (knobs) => initAnonState(knobs.rootRef),
  actions: anonActions,
  guards: anonGuards,
  transitions: {
    loadMapping: (d, _a, knobs) => loadMapping(d, knobs),
    incNotZero: (d) => incNotZero(d),
    recheckMapped: (d, _a, knobs) => recheckMapped(d, knobs),
    rmapWalk: (d) => rmapWalk(d),
    putAnonVma: (d, _a, knobs) => readerPut(d, knobs),
    zap: (d) => zap(d),
    unlink: (d, { mm }, knobs) => unlink(d, mm, knobs),
    prepare: (d, { slot }) => prepare(d, slot),
    discard: (d, { slot }) => discard(d, slot),
  },
  describe: describeAnonAction,
  coordinates: anonVmaCoordinates,
  bookkeeping: ['seen', 'folio.owner', 'reader.pinned', 'anonVmas.*.rcuPending'],
  cells: [
    {
      kind: 'step',
      name: 'reader-pins-reused-anon-vma',
      meaning: 'atomic_inc_not_zero pinned anon_vma memory that was freed and reused by another mm since folio->mapping was read',
      hit: (_b, action, after) => action.kind === 'incNotZero' && after.reader.pc === 'got' && after.reader.pinned !== after.folio.owner,
    },
    {
      kind: 'state',
      name: 'freed-under-rcu-reader',
      meaning: 'the folio\'s anon_vma is freed while T1 is inside rcu_read_lock with a pointer to it',
      hit: (s) => (s.reader.pc === 'loaded' || s.reader.pc === 'got') && s.anonVmas[s.reader.slot]!.state !== 'live',
    },
    {
      kind: 'step',
      name: 'reader-put-frees-root',
      meaning: 'T1\'s put_anon_vma was the last reference on the child and on its root',
      hit: (before, action, after) => action.kind === 'putAnonVma' && before.anonVmas[0]!.state === 'live' && after.anonVmas[0]!.state === 'free',
    },
  ],
});
