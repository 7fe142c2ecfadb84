import type { KnobSpecs } from '../../src/index.ts';

/** The design choices of the collapse model; the proposal is today's kernel plus in-place collapse. */
export type CollapseKnobs = {
  /** Where `collapse_huge_page` checks refcounts: after `pmdp_collapse_flush`, only in the scan, or never. */
  readonly copyRefcountCheck: 'after-flush' | 'scan-only' | 'none';
  /** GUP-fast backs off from a page it would have to unshare (`gup_must_unshare`): a read-only PTE or PMD. */
  readonly gupFastUnshare: boolean;
  /** `try_grab_folio_fast` re-checks `page_folio(page) == folio` after `folio_try_get` (a split may have moved the page). */
  readonly gupFastRechecksHead: boolean;
  /** `split_huge_page` freezes the refcount (`folio_ref_freeze`) before rewriting `page_folio`, or only compares it. */
  readonly splitFreezes: boolean;
  /** GUP-fast's PTE path re-checks the PMD after taking its reference (70cbc3cc78a9). */
  readonly gupFastRechecksPmd: boolean;
  /** khugepaged calls `tlb_remove_table_sync_one()` after `pmdp_collapse_flush` (2ba99c5e0881). */
  readonly tableSync: boolean;
  /** How a PTE table a lockless walker may hold is freed: after RCU / an IPI (`tlb_remove_table`, `pte_free_defer`), or at once (`pte_free`). */
  readonly tableFree: 'rcu' | 'immediate';
  /** GUP-fast FOLL_PIN backs off while fork write-protects: `mm->write_protect_seq` (57efa1fe5957). */
  readonly gupFastForkSeq: boolean;
  /** fork write-protects the parent's PTE of a page it copies for the child, so other threads fault and wait (Jann Horn, 2025). */
  readonly forkCopyBlocksWriters: boolean;
  /** In-place collapse checks every PTE maps `folio + i`, in order, and is present. */
  readonly inPlacePteCheck: boolean;
  /** How in-place collapse derives the PMD's PageAnonExclusive from the subpages'. */
  readonly inPlaceExclusive: 'all-or-nothing' | 'head-decides' | 'share-mixed';
  /** The new PMD is writable only if every PTE was, or always (as the copying collapse's new THP). */
  readonly inPlaceWritable: 'all-ptes' | 'always';
  /** The new PMD keeps PageAnonExclusive in the head page only, clearing the tails' flags. */
  readonly inPlaceClearsTailPae: boolean;
  /** The PMD mapping takes its own reference before the n PTE references are dropped. */
  readonly inPlacePmdRef: boolean;
  /** MADV_COLLAPSE of anon memory copies into a new THP (`collapse_huge_page`), or remaps a PTE-mapped THP in place as the caller's own. */
  readonly madvCollapseAnon: 'copy' | 'remap-in-place';
};

export const collapseKnobs: KnobSpecs<CollapseKnobs> = {
  copyRefcountCheck: {
    values: ['after-flush', 'scan-only', 'none'],
    proposal: 'after-flush',
    meaning: 'copying collapse checks refcount == expected after clearing the PMD, only in the scan, or never',
  },
  gupFastUnshare: {
    values: [true, false],
    proposal: true,
    meaning: 'GUP-fast falls back to the slow path (which unshares) on a read-only, maybe shared anon page',
  },
  gupFastRechecksHead: {
    values: [true, false],
    proposal: true,
    meaning: 'GUP-fast re-checks page_folio(page) == folio after folio_try_get, else puts it and retries',
  },
  splitFreezes: {
    values: [true, false],
    proposal: true,
    meaning: 'split_huge_page freezes the refcount at the expected value (folio_ref_freeze), or only compares it',
  },
  gupFastRechecksPmd: { values: [true, false], proposal: true, meaning: "GUP-fast's PTE path re-checks the PMD after folio_try_get" },
  tableSync: { values: [true, false], proposal: true, meaning: 'khugepaged IPIs (tlb_remove_table_sync_one) after pmdp_collapse_flush' },
  tableFree: {
    values: ['rcu', 'immediate'],
    proposal: 'rcu',
    meaning: 'a PTE table a lockless walker may hold is freed after an RCU grace period or IPI (tlb_remove_table), or at once (pte_free)',
  },
  gupFastForkSeq: {
    values: [true, false],
    proposal: true,
    meaning: 'GUP-fast FOLL_PIN reads mm->write_protect_seq before its walk and retries it after: no pin while fork write-protects',
  },
  forkCopyBlocksWriters: {
    values: [true, false],
    proposal: true,
    meaning: "fork write-protects the parent's PTE of a maybe-pinned page it copies, so other threads fault and wait for fork",
  },
  inPlacePteCheck: { values: [true, false], proposal: true, meaning: 'in-place collapse checks every PTE maps folio + i, in order' },
  inPlaceExclusive: {
    values: ['all-or-nothing', 'head-decides', 'share-mixed'],
    proposal: 'all-or-nothing',
    meaning: 'PMD exclusivity: all subpages exclusive or none (else back off), the head page decides, or mixed maps shared',
  },
  inPlaceWritable: { values: ['all-ptes', 'always'], proposal: 'all-ptes', meaning: 'the new PMD is writable if every PTE was, or always' },
  inPlaceClearsTailPae: {
    values: [true, false],
    proposal: true,
    meaning: "the new PMD keeps PageAnonExclusive in the head page only and clears the tails' flags",
  },
  inPlacePmdRef: { values: [true, false], proposal: true, meaning: 'the new PMD mapping takes its own folio reference' },
  madvCollapseAnon: {
    values: ['copy', 'remap-in-place'],
    proposal: 'copy',
    meaning: "MADV_COLLAPSE copies into a new THP as khugepaged does, or remaps the caller's PTE-mapped THP in place, writable and exclusive",
  },
};
