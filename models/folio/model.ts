import { defineModel } from '../../src/index.ts';
import { folioCoordinates } from './coordinates.ts';
import { folioActions, type FolioAction } from './actions.ts';
import { describeFolioAction } from './describe.ts';
import { anonFault, anonFaultHuge, anonFaultLarge, fileFault, processWrite } from './faults.ts';
import { exit, fork, pagecacheAdd, truncate } from './fork.ts';
import { deviceWrite, gup, release } from './gup.ts';
import { folioGuards } from './guards.ts';
import { folioKnobs, type FolioKnobs } from './knobs.ts';
import { unmapPage } from './mapping.ts';
import { migrateFolio } from './migration.ts';
import { mprotect, mprotectRange } from './mprotect.ts';
import { PMD_VPAGES, splitPmdCovering, zapPmd } from './pmd.ts';
import { folioCells } from './cells.ts';
import { folioScenarios } from './scenarios.ts';
import { folioVariants } from './variants.ts';
import { findFree, initFolioState, type FolioState } from './state.ts';

export const folioModel = defineModel<FolioState, FolioAction, FolioKnobs>({
  name: 'folio',
  title: 'mappable folio lifecycle: refcount, mapcount, pincount across GUP, fork, COW, migration',
  scale:
    '7 folio slots (5 small, 2 order-1; 3+1 in ZONE_MOVABLE), 2 processes x 3 pages ' +
    '(2 anon under one PMD, 1 shared file page), 2 GUP slots; real: millions of frames, orders up to PUD',
  knobs: folioKnobs,
  variants: folioVariants,
  scenarios: folioScenarios,
  budget: { runs: 2000, maxSteps: 30 },
  draw: 'kind',
  init: () => initFolioState(),
  actions: () => folioActions(),
  guards: folioGuards,
  transitions: {
    anonFault: (d, { proc, vpage }) => anonFault(d, proc, vpage),
    anonFaultLarge: (d, { proc }) => anonFaultLarge(d, proc),
    anonFaultHuge: (d, { proc }) => anonFaultHuge(d, proc),
    fileFault: (d, { proc }) => fileFault(d, proc),
    write: (d, { proc, vpage }, knobs) => processWrite(d, proc, vpage, knobs),
    // fork() may fail with -ENOMEM and change nothing: the step is then a no-op
    fork: (d, _, knobs) => {
      fork(d, knobs);
    },
    get: (d, { proc, vpage }, knobs) => gup(d, proc, vpage, 'get', false, knobs),
    gup: (d, { proc, vpage, flavor }, knobs) => gup(d, proc, vpage, flavor, false, knobs),
    gupFast: (d, { proc, vpage, flavor }, knobs) => gup(d, proc, vpage, flavor, true, knobs),
    mprotect: (d, { proc, vpage, prot }, knobs) => mprotect(d, proc, vpage, prot, knobs),
    mprotectRange: (d, { proc, prot }, knobs) => mprotectRange(d, proc, prot, knobs),
    dofork: (d, { proc, vpage }) => {
      d.processes[proc]!.vpages[vpage]!.dontfork = false;
    },
    release: (d, { slot }, knobs) => release(d, slot, knobs),
    deviceWrite: (d, { slot }) => deviceWrite(d, slot),
    // migrate_pages() to the lowest free slot of the same size and zone; -EAGAIN is a no-op
    migrate: (d, { folio }, knobs) => {
      const f = d.folios[folio]!;
      migrateFolio(d, folio, findFree(d, f.large, f.zone)!, knobs);
    },
    dontneed: (d, { proc, vpage }, knobs) => unmapPage(d, proc, vpage, knobs),
    // zap_huge_pmd for a PMD over the whole range, else each PTE
    dontneedRange: (d, { proc }, knobs) => {
      zapPmd(d, proc);
      for (const vpage of PMD_VPAGES) unmapPage(d, proc, vpage, knobs);
    },
    // VM_DONTCOPY on half a PMD range splits the VMA, and so the PMD
    dontfork: (d, { proc, vpage }, knobs) => {
      splitPmdCovering(d, proc, vpage, knobs);
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
  coordinates: folioCoordinates,
  cells: folioCells,
  // ghost state: who wrote a page and when, which incarnation holds what, witnesses' events
  bookkeeping: ['seen', 'forks', 'processes.*.bornAtFork', 'gups.*.ownerBorn', 'gups.*.coherent', 'folios.*.pages.*.data'],
});
