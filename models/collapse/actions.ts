import { GUP_SLOTS, PROCESSES, THP_HEADS, VPAGES, type GupFlavor } from './state.ts';

/** Every step of the collapse model, named after the kernel path it mirrors. */
export type CollapseAction =
  | { readonly kind: 'write'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'read'; readonly proc: number }
  /** mprotect() of one subpage and back (or a partial mremap and back): splits the PMD. */
  | { readonly kind: 'mprotect'; readonly proc: number }
  | { readonly kind: 'dontneed'; readonly proc: number; readonly vpage: number }
  /** P0's T0 begins fork() -> P1; `dontfork` is a page P0 set MADV_DONTFORK on for the fork. */
  | { readonly kind: 'fork'; readonly dontfork?: number }
  /** T0's next step in `copy_page_range` (one PMD or PTE entry, in two halves when shared). */
  | { readonly kind: 'forkStep' }
  /** MADV_DONTNEED of the whole PMD range: zap it and free its page table. */
  | { readonly kind: 'zapRange'; readonly proc: number }
  /** An RCU grace period ends: tables freed by `tlb_remove_table` go back to the allocator. */
  | { readonly kind: 'rcuGracePeriod' }
  | { readonly kind: 'exit'; readonly proc: number }
  | { readonly kind: 'gup'; readonly proc: number; readonly vpage: number; readonly flavor: GupFlavor }
  | { readonly kind: 'unpin'; readonly slot: number }
  | { readonly kind: 'deviceWrite'; readonly slot: number }
  /** CPU0 begins `pin_user_pages_fast(FOLL_WRITE)` on P0's address. */
  | { readonly kind: 'gupFast'; readonly vpage: number }
  | { readonly kind: 'gupFastStep' }
  /** CPU1 khugepaged begins a collapse of P0's range. */
  | { readonly kind: 'khugepaged'; readonly mode: 'copy' | 'in-place' }
  /** A process's MADV_COLLAPSE of its own range: `madvise_collapse`, stepped as khugepaged's. */
  | { readonly kind: 'madvCollapse'; readonly proc: number }
  /** The next step of the collapse in progress (khugepaged's or a MADV_COLLAPSE). */
  | { readonly kind: 'khugepagedStep' }
  /** CPU2 begins `split_huge_page()` of the THP whose head is pfn `folio` (deferred_split_scan). */
  | { readonly kind: 'split'; readonly folio: number }
  | { readonly kind: 'splitStep' };

const FLAVORS: readonly GupFlavor[] = ['pin', 'longterm', 'get'];

/**
 * The whole alphabet; arguments name stable slots (process, page of the range, GUP slot).
 * `read` is for scenarios only: the properties compare every address with its ghost view
 * after every step, so a random read would add nothing. `madvCollapse` is drawn under every
 * design, for both processes, at a weight the model's `drawWeights` keeps low.
 */
export function collapseActions(): CollapseAction[] {
  const perPage = <K extends 'write' | 'dontneed'>(kind: K) => PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind, proc, vpage })));
  return [
    ...perPage('write'),
    ...PROCESSES.map((proc) => ({ kind: 'mprotect' as const, proc })),
    ...perPage('dontneed'),
    { kind: 'fork' },
    // MADV_DONTFORK on the head page or on one tail: the other tails behave like the first
    ...[0, 1].map((dontfork) => ({ kind: 'fork' as const, dontfork })),
    { kind: 'forkStep' },
    // P0 only: the child's tables are freed by its exit, and no GUP-fast walks them
    { kind: 'zapRange', proc: 0 },
    { kind: 'rcuGracePeriod' },
    // only the child exits: the parent's exit would end the run's collapse story, and what it
    // shows (references outliving the process) the child's shows too
    { kind: 'exit', proc: 1 },
    // both processes take slow-path references (cow.c's child GUP); GUP-fast is P0's only
    ...PROCESSES.flatMap((proc) => VPAGES.flatMap((vpage) => FLAVORS.map((flavor) => ({ kind: 'gup' as const, proc, vpage, flavor })))),
    ...GUP_SLOTS.map((slot) => ({ kind: 'unpin' as const, slot })),
    ...GUP_SLOTS.map((slot) => ({ kind: 'deviceWrite' as const, slot })),
    ...VPAGES.map((vpage) => ({ kind: 'gupFast' as const, vpage })),
    { kind: 'gupFastStep' },
    { kind: 'khugepaged', mode: 'copy' },
    { kind: 'khugepaged', mode: 'in-place' },
    // madvise_collapse of the caller's range: the copying collapse, or the design's remap in place
    ...PROCESSES.map((proc) => ({ kind: 'madvCollapse' as const, proc })),
    { kind: 'khugepagedStep' },
    ...THP_HEADS.map((folio) => ({ kind: 'split' as const, folio })),
    { kind: 'splitStep' },
  ];
}
