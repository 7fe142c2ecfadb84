import { defineModel, violates } from '../../src/index.ts';
import { describeFolioAction, folioActions, type FolioAction } from './actions.ts';
import { anonFault, anonFaultLarge, fileFault, processWrite } from './faults.ts';
import { exit, fork, pagecacheAdd, truncate } from './fork.ts';
import { deviceWrite, gup, release } from './gup.ts';
import { folioGuards } from './guards.ts';
import { folioKnobs, type FolioKnobs } from './knobs.ts';
import { unmapPage } from './mapping.ts';
import { migrateFolio } from './migration.ts';
import { folioScenarios } from './scenarios.ts';
import { findFree, initFolioState, type FolioState } from './state.ts';

export const folioModel = defineModel<FolioState, FolioAction, FolioKnobs>({
  name: 'folio',
  title: 'mappable folio lifecycle: refcount, mapcount, pincount across GUP, fork, COW, migration',
  scale:
    '7 folio slots (5 small, 2 order-1; 3+1 in ZONE_MOVABLE), 2 processes x 3 pages ' +
    '(2 anon, 1 shared file page), 2 GUP slots; real: millions of frames, orders up to PUD',
  knobs: folioKnobs,
  variants: [
    { name: 'proposal', meaning: 'the kernel today (PG_anon_exclusive, v5.19+)', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'no-pin-bias',
      meaning: 'small-folio pins add 1, not GUP_PIN_COUNTING_BIAS: maybe_dma_pinned misses them',
      knobs: { pinBias: false },
      expect: violates('maybe-dma-pinned', 2),
    },
    {
      name: 'fork-shares-pinned',
      meaning: 'fork shares an exclusive maybe-pinned anon page instead of copying it (pre-70e806e4e645)',
      knobs: { forkCopiesPinned: false },
      // the shared pinned page either loses P0's pin on its next COW, or leaks the device's
      // DMA write to P1: whichever a run reaches first
      expect: violates(['pin-coherent', 'no-private-write-leak'], 4),
    },
    {
      name: 'reuse-by-mapcount',
      meaning: 'do_wp_page reuses when mapcount == 1: CVE-2020-29374, vmsplice + unmap in child',
      knobs: { wpReuse: 'mapcount' },
      expect: violates('no-private-write-leak', 5),
    },
    {
      name: 'reuse-by-refcount',
      meaning: 'do_wp_page reuses only when refcount == 1 and fork does not copy pinned pages (09854ba94c6a)',
      knobs: { wpReuse: 'refcount', forkCopiesPinned: false },
      // as fork-shares-pinned: a pin lost to COW or a DMA write leaked to the child
      expect: violates(['pin-coherent', 'no-private-write-leak'], 4),
    },
    {
      name: 'ro-pin-without-unshare',
      meaning: 'a R/O FOLL_PIN of a shared anon page does not unshare it: "R/O pins are not reliable"',
      knobs: { unshareOnRoPin: false },
      expect: violates('pinned-anon-exclusive', 3),
    },
    {
      name: 'longterm-in-movable',
      meaning: 'FOLL_LONGTERM does not migrate the folio out of ZONE_MOVABLE',
      knobs: { longtermMigrates: false },
      expect: violates('longterm-not-movable', 2),
    },
    {
      name: 'migrate-without-freeze',
      meaning: 'migration moves a folio without freezing at the expected refcount',
      knobs: { migrationFreezes: false },
      expect: violates('pin-coherent', 3),
    },
    {
      name: 'unpin-with-put',
      meaning: 'a FOLL_PIN reference is released with put_page (pin_user_pages.rst CASE 5 done wrong)',
      knobs: { unpinWithPut: true },
      expect: violates('refcount-accounts-holders', 3),
    },
    {
      name: 'fork-without-rmap-dup',
      meaning: 'fork copies PTEs without folio_dup_*_rmap: mapcount too low',
      knobs: { forkDupsRmap: false },
      expect: violates('mapcount-matches-ptes', 2),
    },
    {
      name: 'free-on-unmap',
      meaning: 'zapping the last PTE frees the folio although GUP or the page cache still hold it',
      knobs: { zapDropsOneRef: false },
      expect: violates('no-use-after-free', 3),
    },
  ],
  scenarios: folioScenarios,
  budget: { runs: 2000, maxSteps: 30 },
  init: () => initFolioState(),
  actions: () => folioActions(),
  guards: folioGuards,
  transitions: {
    anonFault: (d, { proc, vpage }) => anonFault(d, proc, vpage),
    anonFaultLarge: (d, { proc }) => anonFaultLarge(d, proc),
    fileFault: (d, { proc }) => fileFault(d, proc),
    write: (d, { proc, vpage }, knobs) => processWrite(d, proc, vpage, knobs),
    // fork() may fail with -ENOMEM and change nothing: the step is then a no-op
    fork: (d, _, knobs) => {
      fork(d, knobs);
    },
    gup: (d, { proc, vpage, flavor }, knobs) => gup(d, proc, vpage, flavor, knobs),
    release: (d, { slot }, knobs) => release(d, slot, knobs),
    deviceWrite: (d, { slot }) => deviceWrite(d, slot),
    // migrate_pages() to the lowest free slot of the same size and zone; -EAGAIN is a no-op
    migrate: (d, { folio }, knobs) => {
      const f = d.folios[folio]!;
      migrateFolio(d, folio, findFree(d, f.large, f.zone)!, knobs);
    },
    dontneed: (d, { proc, vpage }, knobs) => unmapPage(d, proc, vpage, knobs),
    dontfork: (d, { proc, vpage }) => {
      d.processes[proc]!.vpages[vpage]!.dontfork = true;
    },
    munmap: (d, { proc, vpage }, knobs) => {
      unmapPage(d, proc, vpage, knobs);
      d.processes[proc]!.vpages[vpage]!.vma = false;
    },
    exit: (d, { proc }, knobs) => exit(d, proc, knobs),
    pagecacheAdd: (d) => pagecacheAdd(d),
    truncate: (d, _, knobs) => truncate(d, knobs),
  },
  describe: describeFolioAction,
});
