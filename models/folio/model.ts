import { match } from 'ts-pattern';
import { defineModel, violates } from '../../src/index.ts';
import { maybeDmaPinnedNoFalseNegative, pinCoherent, pinnedAnonExclusive, longtermNotMovable } from '../../properties/folio/pins.ts';
import { mapcountMatchesPtes, noUseAfterFree, refcountAccountsHolders } from '../../properties/folio/references.ts';
import { noPrivateWriteLeak } from '../../properties/folio/isolation.ts';
import { folioWitnesses } from '../../properties/folio/witnesses.ts';
import { describeFolioAction, folioActions, type FolioAction } from './actions.ts';
import { anonFault, anonFaultLarge, fileFault, processWrite } from './faults.ts';
import { exit, fork, pagecacheAdd, truncate } from './fork.ts';
import { deviceWrite, gup, release } from './gup.ts';
import { folioEnabled } from './guards.ts';
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
      expect: violates('pin-coherent', 4),
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
      expect: violates('pin-coherent', 4),
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
  properties: [
    // the first broken property is reported: the specific rules before the accounting sum
    noUseAfterFree,
    maybeDmaPinnedNoFalseNegative,
    mapcountMatchesPtes,
    refcountAccountsHolders,
    pinnedAnonExclusive,
    pinCoherent,
    longtermNotMovable,
    noPrivateWriteLeak,
    ...folioWitnesses,
  ],
  scenarios: folioScenarios,
  budget: { runs: 2000, maxSteps: 30 },
  init: () => initFolioState(),
  actions: () => folioActions(),
  enabled: (s, a) => folioEnabled(s, a),
  apply: (d, a, knobs) =>
    match(a)
      .with({ kind: 'anonFault' }, ({ proc, vpage }) => anonFault(d, proc, vpage))
      .with({ kind: 'anonFaultLarge' }, ({ proc }) => anonFaultLarge(d, proc))
      .with({ kind: 'fileFault' }, ({ proc }) => fileFault(d, proc))
      .with({ kind: 'write' }, ({ proc, vpage }) => processWrite(d, proc, vpage, knobs))
      .with({ kind: 'fork' }, () => void fork(d, knobs))
      .with({ kind: 'gup' }, ({ proc, vpage, flavor }) => gup(d, proc, vpage, flavor, knobs))
      .with({ kind: 'release' }, ({ slot }) => release(d, slot, knobs))
      .with({ kind: 'deviceWrite' }, ({ slot }) => deviceWrite(d, slot))
      .with({ kind: 'migrate' }, ({ folio }) => {
        const f = d.folios[folio]!;
        void migrateFolio(d, folio, findFree(d, f.large, f.zone)!, knobs);
      })
      .with({ kind: 'dontneed' }, ({ proc, vpage }) => unmapPage(d, proc, vpage, knobs))
      .with({ kind: 'dontfork' }, ({ proc, vpage }) => {
        d.processes[proc]!.vpages[vpage]!.dontfork = true;
      })
      .with({ kind: 'munmap' }, ({ proc, vpage }) => {
        unmapPage(d, proc, vpage, knobs);
        d.processes[proc]!.vpages[vpage]!.vma = false;
      })
      .with({ kind: 'exit' }, ({ proc }) => exit(d, proc, knobs))
      .with({ kind: 'pagecacheAdd' }, () => pagecacheAdd(d))
      .with({ kind: 'truncate' }, () => truncate(d, knobs))
      .exhaustive(),
  describe: describeFolioAction,
});
