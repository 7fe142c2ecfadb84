import { defineModel, violates } from '../../src/index.ts';
import { typesafeRcuCoordinates } from './coordinates.ts';
import { describeTypesafeAction, typesafeActions, typesafeGuards, type TypesafeAction } from './actions.ts';
import { typesafeKnobs, type TypesafeKnobs } from './knobs.ts';
import { checkMm, endRead, masWalk, releaseDrop, releaseFirst, releaseSecond, startRead } from './reader.ts';
import { typesafeScenarios } from './scenarios.ts';
import { initTypesafeState, type TypesafeState } from './state.ts';
import { exitMm, mmap, munmap } from './writers.ts';

export const typesafeRcuModel = defineModel<TypesafeState, TypesafeAction, TypesafeKnobs>({
  name: 'typesafe-rcu',
  title: 'SLAB_TYPESAFE_BY_RCU objects with owners: a per-VMA lock reader meets a VMA reused by another mm whose lifetime it must not outrun',
  scale: '2 mms (the reader\'s own and one that can exit and be freed), 2 VMA objects from a typesafe cache, one range per mm, one lock_vma_under_rcu reader',
  knobs: typesafeKnobs,
  variants: [
    { name: 'proposal', meaning: 'mainline: refcount_inc_not_zero, vm_mm re-check, mmgrab(other_mm) around the put', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'mismatch-put-without-mmgrab',
      meaning: 'a VMA reused by another mm is put without mmgrab: that mm exits and is freed before rcuwait_wake_up touches it',
      knobs: { mismatchRelease: 'copy-put-wake' },
      expect: violates('owner-alive-when-touched', 9),
    },
    {
      name: 'put-before-reading-mm',
      meaning: 'vma_refcount_put drops the reference before copying vma->vm_mm: it reads the owner of a freed object',
      knobs: { mismatchRelease: 'put-read-wake' },
      expect: violates('owner-alive-when-touched', 9),
    },
    {
      name: 'no-mm-recheck',
      meaning: 'vma_start_read does not re-check vma->vm_mm: a VMA freed and reused by another mm is locked for mm 0',
      knobs: { mmRecheck: false },
      expect: violates('vma-identity', 5),
    },
    {
      name: 'plain-increment',
      meaning: 'vma_start_read increments vm_refcnt unconditionally: it takes a reference on a freed VMA',
      knobs: { startRead: 'inc' },
      expect: violates('references-on-live-vmas', 3),
    },
  ],
  scenarios: typesafeScenarios,
  budget: { runs: 1000, maxSteps: 20 },
  init: () => initTypesafeState(),
  actions: typesafeActions,
  guards: typesafeGuards,
  transitions: {
    masWalk: (d) => masWalk(d),
    startRead: (d, _a, knobs) => startRead(d, knobs),
    checkMm: (d, _a, knobs) => checkMm(d, knobs),
    releaseFirst: (d, _a, knobs) => releaseFirst(d, knobs),
    releaseSecond: (d) => releaseSecond(d),
    releaseDrop: (d) => releaseDrop(d),
    endRead: (d) => endRead(d),
    munmap: (d, { mm }) => munmap(d, mm),
    mmap: (d, { mm }) => mmap(d, mm),
    exitMm: (d, { mm }) => exitMm(d, mm),
  },
  describe: describeTypesafeAction,
  coordinates: typesafeRcuCoordinates,
  bookkeeping: ['seen'],
  cells: [
    {
      kind: 'step',
      name: 'reader-meets-reused-vma',
      meaning: 'vma_start_read got a reference on a VMA now attached to another mm',
      hit: (_b, action, after) => action.kind === 'checkMm' && after.reader.pc === 'mismatch',
    },
    {
      kind: 'state',
      name: 'other-mm-exits-under-release',
      meaning: 'the other mm has exited while the reader is still in its release path',
      hit: (s) => s.mms[1]!.exited && (s.reader.pc === 'grabbed' || s.reader.pc === 'dropping' || s.reader.pc === 'put'),
    },
  ],
});
