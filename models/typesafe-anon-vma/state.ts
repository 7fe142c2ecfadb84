/**
 * Scale: 3 anon_vma objects from a SLAB_TYPESAFE_BY_RCU cache (a freed one is reusable at
 * once), 3 mms (mm 0 the parent, whose anon_vma 0 is the root; mm 1 its forked child, whose
 * anon_vma 1 has root 0 and whose VMA also links anon_vma 0; mm 2 unrelated, which allocates
 * later), one anon folio COWed in mm 1 (`folio->mapping` = anon_vma 1), one rmap reader that
 * holds a reference on the folio. Real: thousands of anon_vmas per fork tree; the rules are the same.
 */
export const MMS = [0, 1, 2] as const;
export const ANON_VMAS = [0, 1, 2] as const;

/**
 * An anon_vma object. `live`: allocated; `free`: back on its cache's freelist, still an
 * anon_vma in memory (typesafe); `discarded`: its slab page went back to the page allocator,
 * the memory is no anon_vma any more. A freed object keeps its stale fields.
 */
export interface AnonVma {
  readonly state: 'live' | 'free' | 'discarded';
  readonly refcount: number;
  /** VMAs on its interval tree (`rb_root`): its own reference lives while one is linked. */
  readonly vmas: number;
  readonly root: number;
  /** The mm it was allocated for (its identity); null for never-used memory. */
  readonly mm: number | null;
  /** Freed while the reader was inside rcu_read_lock: its slab page waits for a grace period. */
  readonly rcuPending: boolean;
}

/** An mm's anon VMA: the anon_vmas on its `anon_vma_chain`, newest first (unlink order). */
export interface Mm {
  readonly chain: readonly number[];
  readonly exited: boolean;
}

/** The anon folio of mm 1; `mapping` never changes (no folio_move_anon_rmap here). */
export interface Folio {
  readonly mapped: boolean;
  readonly mapping: number;
  /** Ghost: the mm whose anon_vma folio->mapping was set to (its identity). */
  readonly owner: number;
}

/**
 * An rmap walker (migration, reclaim) running `folio_get_anon_vma`, then locking and walking
 * the anon_vma, then `put_anon_vma`. `slot`: the anon_vma it read from folio->mapping;
 * `pinned`: ghost, the mm of the anon_vma its atomic_inc_not_zero actually pinned.
 */
export interface Reader {
  readonly pc: 'idle' | 'loaded' | 'got' | 'holding' | 'stale' | 'walked';
  readonly slot: number;
  readonly pinned: number | null;
}

export interface AnonState {
  readonly anonVmas: readonly AnonVma[];
  readonly mms: readonly Mm[];
  readonly folio: Folio;
  readonly reader: Reader;
  /** Ghost events, for witnesses. */
  readonly seen: {
    readonly reused: boolean;
    readonly incFailed: boolean;
    readonly stale: boolean;
    readonly readerFreed: boolean;
    readonly walked: boolean;
  };
}

/** The reader between walks; it keeps the last slot it read (folio->mapping does not change here). */
export const idle = (slot: number): Reader => ({ pc: 'idle', slot, pinned: null });

/** Inside `rcu_read_lock()`: from loading folio->mapping until the re-check. */
export const inRcu = (r: Reader): boolean => r.pc === 'loaded' || r.pc === 'got';

/**
 * After mm 0 forked mm 1 and mm 1 COWed the folio: anon_vma 0 (root) is linked by both VMAs
 * and holds its own reference plus the child's `get_anon_vma(root)` (when `rootRef`);
 * anon_vma 1 is linked by mm 1's VMA; anon_vma 2 is never-used memory.
 */
export function initAnonState(rootRef: boolean): AnonState {
  return {
    anonVmas: [
      { state: 'live', refcount: rootRef ? 2 : 1, vmas: 2, root: 0, mm: 0, rcuPending: false },
      { state: 'live', refcount: 1, vmas: 1, root: 0, mm: 1, rcuPending: false },
      { state: 'free', refcount: 0, vmas: 0, root: 2, mm: null, rcuPending: false },
    ],
    mms: [
      { chain: [0], exited: false },
      { chain: [1, 0], exited: false },
      { chain: [], exited: false },
    ],
    folio: { mapped: true, mapping: 1, owner: 1 },
    reader: idle(1),
    seen: { reused: false, incFailed: false, stale: false, readerFreed: false, walked: false },
  };
}
