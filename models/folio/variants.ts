import { violates, type Variant } from '../../src/index.ts';
import type { FolioKnobs } from './knobs.ts';

/** v5.7: PageAnonExclusive, early COW of pinned pages and unsharing are all in the future. */
export const KERNEL_5_7: Partial<FolioKnobs> = {
  wpReuse: 'subpage-mapcount',
  forkCopiesPinned: false,
  unshareOnRoPin: false,
  gupFastUnshare: false,
  mprotectUpgrade: 'never',
  hugeWpReuse: 'subpage-mapcount',
};

/** v5.9 (and v5.11): refcount-based reuse and early COW at fork, still no unsharing. */
export const KERNEL_5_9: Partial<FolioKnobs> = { ...KERNEL_5_7, wpReuse: 'refcount', forkCopiesPinned: true };

/** The proposal (the kernel today), the known-bad designs, and the historical kernels cow.c caught. */
export const folioVariants: readonly Variant<FolioKnobs>[] = [
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
    {
      name: 'mprotect-upgrades-shared',
      meaning: 'mprotect(PROT_WRITE) makes any anon PTE writable: can_change_pte_writable() without PageAnonExclusive',
      knobs: { mprotectUpgrade: 'always' },
      // the writable shared page leaks the write, or a R/W pin takes it without a fault
      expect: violates(['no-private-write-leak', 'pinned-anon-exclusive', 'pin-coherent'], 4),
    },
    {
      name: 'gup-fast-skips-unshare',
      meaning: 'GUP-fast pins a possibly shared anon page R/O itself: gup_must_unshare() missing on the fast path',
      knobs: { gupFastUnshare: false },
      expect: violates('pinned-anon-exclusive', 3),
    },
    {
      name: 'kernel-5.7',
      meaning: 'v5.7: reuse by the largest page mapcount (reuse_swap_page), no copy of pinned pages at fork, no unshare',
      knobs: KERNEL_5_7,
      // a R/O pin of a page the child maps (no unsharing) first; then vmsplice + unmap
      // (CVE-2020-29374) or a DMA write into a page fork shared
      expect: violates(['pinned-anon-exclusive', 'no-private-write-leak', 'pin-coherent'], 3),
    },
    {
      name: 'kernel-5.9',
      meaning: 'v5.9: reuse only at refcount 1 (09854ba94c6a), copy pinned pages at fork (70e806e4e645), no unshare',
      knobs: KERNEL_5_9,
      // "R/O pins are not reliable": a R/O pin of a shared page, or the next write fault
      // copies away from the pinned page
      expect: violates(['pinned-anon-exclusive', 'pin-coherent'], 3),
    },
    {
      name: 'kernel-5.11',
      meaning: 'v5.11: the COW rules of v5.9; its change (write_protect_seq, 57efa1fe5957) needs a threaded fork',
      knobs: KERNEL_5_9,
      expect: violates(['pinned-anon-exclusive', 'pin-coherent'], 3),
    },
  {
    name: 'copy-huge-pmd-shares-pinned',
    meaning: 'copy_huge_pmd shares an exclusive maybe-pinned THP instead of splitting it to copy (pre-d042035eaf5f)',
    knobs: { forkSplitsPinnedPmd: false },
    // the next write fault splits the shared PMD and copies away from the pin, or DMA leaks to P1
    expect: violates(['pin-coherent', 'no-private-write-leak'], 4),
  },
  {
    name: 'split-pmd-without-refs',
    meaning: '__split_huge_pmd installs a PTE per page without a reference per extra PTE',
    knobs: { pmdSplitAddsRefs: false },
    // the refcount is short by one, or a partial munmap's split and zap free the folio still mapped
    expect: violates(['refcount-accounts-holders', 'no-use-after-free'], 2),
  },
  {
    name: 'gup-without-ref-guard',
    meaning: 'GUP takes references without checking that the refcount reads > 0: CVE-2019-11487 (8fde12ca79af)',
    knobs: { refGuard: false },
    expect: violates('no-counter-wraps', 3),
  },
];
