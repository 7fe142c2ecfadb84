import type { KnobSpecs } from '../../src/index.ts';

/**
 * The design choices of single-owner memory. The seed leaves four questions open (folio and
 * memdesc, migrate_pages(), FOLL_PIN/FOLL_LONGTERM, madvise()); each answer is a value here.
 */
export type SomKnobs = {
  /**
   * Folio/memdesc: where a mapping or pin is counted: the chunk's folio (one descriptor per
   * 2 MiB, in the head struct page), each 4 KiB subpage's struct page (whose vmemmap HVO
   * released read-only), or each subpage's struct page after restoring the chunk's vmemmap.
   */
  readonly metadata: 'folio' | 'per-page' | 'per-page-restored';
  /** migrate_pages(): freeze at the expected refcount (back off if pinned), ignore pins, or never migrate. */
  readonly migration: 'freeze' | 'ignore-pins' | 'never';
  /** FOLL_LONGTERM on a ZONE_MOVABLE chunk: migrate it to ZONE_NORMAL first, refuse, or pin in place. */
  readonly longterm: 'migrate-first' | 'refuse' | 'pin-in-place';
  /** madvise(MADV_DOFORK) on a som area: -EINVAL, or clear VM_DONTCOPY like on any VMA. */
  readonly madvDofork: 'einval' | 'clear-dontcopy';
  /**
   * MADV_DONTNEED / munmap of part of a chunk: it returns to the pool when its refcount drops
   * to 0, when its mapcount does (pins ignored), or at the first unmap inside it.
   */
  readonly chunkReturn: 'refcount' | 'mapcount' | 'first-unmap';
  /** fork(): skip the som VMA (VM_DONTCOPY), or copy its PTEs into the child. */
  readonly fork: 'skip' | 'share';
};

export const somKnobs: KnobSpecs<SomKnobs> = {
  metadata: {
    values: ['folio', 'per-page', 'per-page-restored'],
    proposal: 'folio',
    meaning: 'where refs and pins are counted: chunk folio, subpage struct page, or subpage after vmemmap restore',
  },
  migration: { values: ['freeze', 'ignore-pins', 'never'], proposal: 'freeze', meaning: 'migrate_pages() of a chunk' },
  longterm: {
    values: ['migrate-first', 'refuse', 'pin-in-place'],
    proposal: 'migrate-first',
    meaning: 'FOLL_LONGTERM on a ZONE_MOVABLE chunk',
  },
  madvDofork: { values: ['einval', 'clear-dontcopy'], proposal: 'einval', meaning: 'madvise(MADV_DOFORK) on a som area' },
  chunkReturn: {
    values: ['refcount', 'mapcount', 'first-unmap'],
    proposal: 'refcount',
    meaning: 'when a partly unmapped chunk goes back to the HugeTLB pool',
  },
  fork: { values: ['skip', 'share'], proposal: 'skip', meaning: 'what fork() does with a som area' },
};
