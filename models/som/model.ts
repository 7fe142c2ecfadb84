import { defineModel, violates } from '../../src/index.ts';
import { somCoordinates } from './coordinates.ts';
import { somCells } from './cells.ts';
import { somActions, type SomAction } from './actions.ts';
import { describeSomAction } from './describe.ts';
import { gupFastGrab, gupFastLoad, gupFastRecheck, pin, unpin } from './gup.ts';
import { somGuards } from './guards.ts';
import { somKnobs, type SomKnobs } from './knobs.ts';
import { exit, fault, fork, madvDofork, somMmap, zap } from './mappings.ts';
import { migrationMove, migrationUnmap } from './migration.ts';
import { somScenarios } from './scenarios.ts';
import { initSomState, poolChunkWhere, type SomState } from './state.ts';

export const somModel = defineModel<SomState, SomAction, SomKnobs>({
  name: 'som',
  title: 'single-owner memory: MADV_DONTFORK anon memory on HugeTLB chunks with HVO-released struct pages',
  scale:
    '4 chunks of 8 pages (real 2 MiB = 512), 2 struct pages per vmemmap page (real 64): ' +
    '4 vmemmap pages per chunk, 2 kept (real 8, 2 kept); 2 in ZONE_MOVABLE, 2 in ZONE_NORMAL; ' +
    '2 processes x one 8-page som area, 2 pin slots, a GUP-fast and a migration thread',
  knobs: somKnobs,
  variants: [
    {
      name: 'proposal',
      meaning: 'one folio per chunk, migrate unless pinned, FOLL_LONGTERM migrates first, MADV_DOFORK refused, return at refcount 0',
      knobs: {},
      expect: { kind: 'holds' },
    },
    {
      name: 'fork-copies-som',
      meaning: 'fork copies the som VMA like any anon VMA: parent and child map the same chunk',
      knobs: { fork: 'share' },
      expect: violates('single-owner', 2),
    },
    {
      name: 'dofork-allowed',
      meaning: 'MADV_DOFORK clears VM_DONTCOPY on a som area, so the next fork copies it',
      knobs: { madvDofork: 'clear-dontcopy' },
      expect: violates('single-owner', 3),
    },
    {
      name: 'per-page-refs',
      meaning: 'per-4 KiB refcounts in the subpage struct pages, which HVO released read-only',
      knobs: { metadata: 'per-page' },
      expect: violates('no-released-struct-page-write', 1),
    },
    {
      name: 'per-page-restored',
      meaning: 'per-4 KiB refcounts after restoring the vmemmap: the saving is gone',
      knobs: { metadata: 'per-page-restored' },
      expect: violates('metadata-per-chunk', 1),
    },
    {
      name: 'migrate-pinned',
      meaning: 'migrate_pages() moves a chunk without freezing its refcount: the pin stays on the old chunk',
      knobs: { migration: 'ignore-pins' },
      expect: violates('pinned-chunk-stays', 3),
    },
    {
      name: 'unmovable-chunks',
      meaning: 'som chunks never migrate, yet come from ZONE_MOVABLE: offline and CMA fail on them',
      knobs: { migration: 'never' },
      expect: violates('movable-chunk-migratable', 2),
    },
    {
      name: 'longterm-in-movable',
      meaning: 'FOLL_LONGTERM pins a ZONE_MOVABLE chunk in place',
      knobs: { longterm: 'pin-in-place' },
      expect: violates('longterm-not-movable', 2),
    },
    {
      name: 'return-partially-unmapped',
      meaning: 'MADV_DONTNEED of part of a chunk returns the whole chunk to the pool',
      knobs: { chunkReturn: 'first-unmap' },
      expect: violates('chunk-return-unused', 3),
    },
    {
      name: 'return-while-pinned',
      meaning: 'a chunk returns to the pool when its last mapping goes, though a pin holds it',
      knobs: { chunkReturn: 'mapcount' },
      expect: violates('chunk-return-unused', 3),
    },
  ],
  scenarios: somScenarios,
  budget: { runs: 1000, maxSteps: 40 },
  init: () => initSomState(),
  actions: () => somActions(),
  guards: somGuards,
  transitions: {
    fault: (d, { proc, vpage }, knobs) => fault(d, proc, vpage, knobs),
    dontneed: (d, { proc, vpage }, knobs) => zap(d, proc, vpage, knobs),
    munmap: (d, { proc, vpage }, knobs) => {
      zap(d, proc, vpage, knobs);
      d.processes[proc]!.area!.vpages[vpage]!.vma = false;
    },
    pin: (d, { proc, vpage, longterm }, knobs) => pin(d, proc, vpage, longterm, knobs),
    unpin: (d, { slot }, knobs) => unpin(d, slot, knobs),
    gupFastLoad: (d, { proc, vpage }) => gupFastLoad(d, proc, vpage),
    gupFastGrab: (d, _a, knobs) => gupFastGrab(d, knobs),
    gupFastRecheck: (d, _a, knobs) => gupFastRecheck(d, knobs),
    fork: (d, _a, knobs) => fork(d, knobs),
    somMmap: (d, { proc }) => somMmap(d, proc),
    madvDofork: (d, { proc }, knobs) => madvDofork(d, proc, knobs),
    exit: (d, { proc }, knobs) => exit(d, proc, knobs),
    // migrate_pages() as a thread: unmap to migration entries now, freeze and move later
    migrateUnmap: (d, { chunk }, knobs) => {
      const dst = poolChunkWhere(d, () => true)!;
      if (migrationUnmap(d, chunk, dst, knobs)) d.migration = { pc: 'unmapped', src: chunk, dst };
    },
    migrateMove: (d, _a, knobs) => {
      if (d.migration.pc !== 'unmapped') return;
      migrationMove(d, d.migration.src, d.migration.dst, knobs);
      d.migration = { pc: 'idle' };
    },
  },
  describe: describeSomAction,
  coordinates: somCoordinates,
  cells: somCells,
  // witnesses' ghost events; a pin's generation and coherence serve the properties only
  bookkeeping: ['seen', 'pins.*.generation', 'pins.*.coherent', 'chunks.*.generation'],
});
