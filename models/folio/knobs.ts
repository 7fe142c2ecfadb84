import type { KnobSpecs } from '../../src/index.ts';

/** The design choices of the folio model; the proposal is what the kernel does today. */
export type FolioKnobs = {
  /** FOLL_PIN on a small folio adds GUP_PIN_COUNTING_BIAS (else 1, like FOLL_GET). */
  readonly pinBias: boolean;
  /** fork copies an exclusive, maybe-pinned anon page for the child (copy_present_page). */
  readonly forkCopiesPinned: boolean;
  /**
   * do_wp_page reuses a write-protected anon page when: exclusive (PAE, v5.19+), folio mapcount
   * 1, the largest per-page mapcount is 1 (v5.7 `reuse_swap_page()`), or refcount 1 (v5.9).
   */
  readonly wpReuse: 'exclusive' | 'mapcount' | 'subpage-mapcount' | 'refcount';
  /**
   * mprotect(PROT_WRITE) of a present anon PTE: make it writable when PageAnonExclusive
   * (`can_change_pte_writable()`, v6.1), never (older kernels: the next write faults), always.
   */
  readonly mprotectUpgrade: 'exclusive' | 'never' | 'always';
  /**
   * Width of `_refcount`, `_mapcount` and `_pincount` (0: unbounded). 11 bits scales the real
   * 32: one small-folio pin (1024) sets the sign bit, as 2^21 pins would.
   */
  readonly counterBits: 0 | 11;
  /** GUP refuses a reference while the refcount reads <= 0 (`try_grab_folio`, 8fde12ca79af). */
  readonly refGuard: boolean;
  /** GUP-fast backs off to the slow path for a pin of a possibly shared anon page (`gup_must_unshare()`). */
  readonly gupFastUnshare: boolean;
  /** A R/O FOLL_PIN of a possibly shared anon page unshares it first (FAULT_FLAG_UNSHARE). */
  readonly unshareOnRoPin: boolean;
  /** FOLL_LONGTERM migrates the folio out of ZONE_MOVABLE before pinning. */
  readonly longtermMigrates: boolean;
  /** Migration freezes the refcount at the expected count and backs off otherwise. */
  readonly migrationFreezes: boolean;
  /** Unpin drops one reference (put_page) instead of what the pin took. */
  readonly unpinWithPut: boolean;
  /** fork duplicates the rmap (folio_dup_*_rmap), raising the mapcount. */
  readonly forkDupsRmap: boolean;
  /** Zapping a PTE drops only its own reference; false frees the folio when unmapped. */
  readonly zapDropsOneRef: boolean;
  /**
   * do_huge_pmd_wp_page reuses a write-protected PMD-mapped THP when PageAnonExclusive or
   * refcount 1 (v5.18+; PAE v5.19+), or by `reuse_swap_page()`: the largest `page_mapcount()` is 1 (to v5.17).
   */
  readonly hugeWpReuse: 'exclusive' | 'subpage-mapcount';
  /** copy_huge_pmd splits an exclusive maybe-pinned PMD so fork copies it per PTE (d042035eaf5f). */
  readonly forkSplitsPinnedPmd: boolean;
  /** `__split_huge_pmd` takes one reference per extra PTE (`folio_ref_add(folio, nr - 1)`). */
  readonly pmdSplitAddsRefs: boolean;
};

export const folioKnobs: KnobSpecs<FolioKnobs> = {
  pinBias: { values: [true, false], proposal: true, meaning: 'FOLL_PIN on a small folio adds 1024 to _refcount' },
  forkCopiesPinned: { values: [true, false], proposal: true, meaning: 'fork copies exclusive maybe-pinned anon pages' },
  wpReuse: {
    values: ['exclusive', 'mapcount', 'subpage-mapcount', 'refcount'],
    proposal: 'exclusive',
    meaning: 'what lets do_wp_page reuse a write-protected anon page',
  },
  mprotectUpgrade: {
    values: ['exclusive', 'never', 'always'],
    proposal: 'exclusive',
    meaning: 'which present anon PTEs mprotect(PROT_WRITE) makes writable without a fault',
  },
  counterBits: { values: [11, 0], proposal: 11, meaning: 'bits of _refcount/_mapcount/_pincount (0: unbounded), scaled from 32' },
  refGuard: { values: [true, false], proposal: true, meaning: 'GUP refuses a new reference while the refcount reads <= 0' },
  gupFastUnshare: { values: [true, false], proposal: true, meaning: 'GUP-fast leaves a pin of a shared anon page to slow GUP' },
  unshareOnRoPin: { values: [true, false], proposal: true, meaning: 'R/O pin of a shared anon page unshares it' },
  longtermMigrates: { values: [true, false], proposal: true, meaning: 'FOLL_LONGTERM migrates out of ZONE_MOVABLE' },
  migrationFreezes: { values: [true, false], proposal: true, meaning: 'migration freezes at the expected refcount' },
  unpinWithPut: { values: [false, true], proposal: false, meaning: 'unpin with put_page instead of unpin_user_page' },
  forkDupsRmap: { values: [true, false], proposal: true, meaning: 'fork raises the mapcount of shared pages' },
  zapDropsOneRef: { values: [true, false], proposal: true, meaning: 'unmapping drops one reference, never frees outright' },
  hugeWpReuse: {
    values: ['exclusive', 'subpage-mapcount'],
    proposal: 'exclusive',
    meaning: 'what lets do_huge_pmd_wp_page reuse a write-protected PMD-mapped THP',
  },
  forkSplitsPinnedPmd: { values: [true, false], proposal: true, meaning: 'copy_huge_pmd splits an exclusive maybe-pinned PMD to copy it' },
  pmdSplitAddsRefs: { values: [true, false], proposal: true, meaning: '__split_huge_pmd takes a reference per extra PTE' },
};
