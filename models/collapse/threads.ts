import type { Data, Pmd, PresentPte } from './state.ts';

/** The program counters of the model's kernel threads: GUP-fast, khugepaged, and fork's T0. */

/**
 * Ghost: P0 itself unmapped the address while GUP-fast was in flight. A pin that still returns
 * is then like one taken just before the unmap: legal, and no longer bound to P0's mapping.
 */
type OwnerUnmapped = {
  readonly ownerUnmapped?: true;
  /** `raw_seqcount_try_begin(&mm->write_protect_seq)` at the start. */
  readonly seq: number;
  /** Ghost: the table it loaded from the PMD was freed while it walked (never with RCU/IPI). */
  readonly tableFreed?: true;
};

/** GUP-fast's PTE path from `page_folio` on: the PTE it loaded and the folio it read. */
export type Grabbing = { readonly vpage: number; readonly pmd: Pmd; readonly pte: PresentPte; readonly folio: number } & OwnerUnmapped;

/**
 * `pin_user_pages_fast(FOLL_WRITE)` in P0 on CPU0, one lockless step at a time. On the PTE
 * path it loads the PTE and the page's folio (`page_folio`), then `folio_try_get`s that folio;
 * `folio` is the folio it read (and, from `got` on, holds a speculative reference on).
 */
export type GupFast =
  | { readonly pc: 'idle' }
  /** Read a PMD pointing at the PTE table. */
  | ({ readonly pc: 'pmd-read'; readonly vpage: number; readonly pmd: Pmd } & OwnerUnmapped)
  /** Loaded the PTE, and the folio of its page (`page_folio`, the next load, nothing between). */
  | ({ readonly pc: 'head-read' } & Grabbing)
  /** Holds a reference and a pin from here on (on `folio`, re-checked to hold the page). */
  | ({ readonly pc: 'got' } & Grabbing)
  | ({ readonly pc: 'pte-ok' } & Grabbing)
  /** Read a huge PMD (`gup_fast_pmd_leaf`). */
  | ({ readonly pc: 'leaf'; readonly vpage: number; readonly pmd: Extract<Pmd, { kind: 'huge' }> } & OwnerUnmapped)
  | ({ readonly pc: 'leaf-got'; readonly vpage: number; readonly pmd: Extract<Pmd, { kind: 'huge' }>; readonly folio: number } & OwnerUnmapped)
  | ({ readonly pc: 'pmd-ok'; readonly vpage: number; readonly folio: number; readonly pfn: number } & OwnerUnmapped);

export type CopyPc = 'scanned' | 'flushed' | 'isolated' | 'copied' | 'freed';
export type InPlacePc = 'flushed' | 'ptes-ok' | 'pae-ok' | 'refs-ok' | 'replaced';

/**
 * A collapse in progress: khugepaged on CPU1 collapsing P0's range, or a process's own
 * MADV_COLLAPSE (`madvise_collapse`, synchronous: the process waits in the syscall) of its range.
 */
type Collapser = { readonly proc: number; readonly by: 'khugepaged' | 'madvise' };

export type Khugepaged =
  | { readonly pc: 'idle' }
  /** `collapse_huge_page`: `folio` is the new THP it copies into. */
  | ({ readonly mode: 'copy'; readonly pc: CopyPc; readonly folio: number; readonly table: number } & Collapser)
  /** In-place collapse of `folio`; `exclusive` is what the PAE check decided. */
  | ({ readonly mode: 'in-place'; readonly pc: InPlacePc; readonly folio: number; readonly exclusive: boolean; readonly table: number } & Collapser);

/**
 * P0's thread T0 in `dup_mmap` under mmap_write_lock (and every VMA write-locked): `copy_huge_pmd`
 * on the PMD, or `copy_present_ptes` one PTE at a time from `vpage`; `duped` when the PMD's rmap
 * is duplicated and the parent's PMD not yet write-protected.
 */
export type Fork =
  | { readonly pc: 'idle' }
  | {
      readonly pc: 'pmd' | 'ptes';
      readonly vpage: number;
      readonly duped: boolean;
      readonly dontfork?: number;
      /** Ghost: P0's view at every instant since the fork began, for the snapshot check. */
      readonly history: readonly (readonly Data[])[];
    };


/**
 * CPU2's `split_huge_page()` of a THP (from `deferred_split_scan`, without the mmap lock):
 * `unmapped` once `unmap_folio` has turned every PTE into a migration entry, `frozen` after
 * `folio_ref_freeze` (or `checked` where the design only compares the count), `split` once
 * `__split_folio_to_order` has rewritten `page_folio` of every page and unfrozen.
 */
export type Splitter = { readonly pc: 'idle' } | { readonly pc: 'unmapped' | 'frozen' | 'checked' | 'split'; readonly folio: number };
