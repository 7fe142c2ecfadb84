import type { Draft, Immutable } from '../../src/index.ts';

/**
 * Scale: one PMD-size anon folio of 4 subpages (real 512, order 9), in one process whose two
 * CPUs touch it; the frame comes from the allocator holding a previous owner's data.
 */
export const SUBPAGES = 4;
export const VPAGES = Array.from({ length: SUBPAGES }, (_, vpage) => vpage);
export const CPUS = [0, 1] as const;

/** What a subpage holds: the previous owner's data, zeroes, or a write by CPU n. */
export type PageData = 'stale' | 'zero' | 'written-by-cpu0' | 'written-by-cpu1';

/** A PTE of the folio's PMD range: none, protnone (present but inaccessible), or present. */
export type Pte = 'none' | 'protnone' | 'present';

/** The PMD: empty, a PTE table, or one huge mapping of the whole folio. */
export type Pmd = { readonly kind: 'none' } | { readonly kind: 'ptes'; readonly ptes: readonly Pte[] } | { readonly kind: 'huge' };

export type Access = 'read' | 'write';

export interface Folio {
  readonly allocated: boolean;
  readonly refcount: number;
  /** `folio_mapcount()`: every PTE (protnone too: it is a present entry with an rmap) and PMD. */
  readonly mapcount: number;
  readonly data: readonly PageData[];
  /** The design's per-subpage "zeroed" bitmap. */
  readonly zeroed: readonly boolean[];
  /** The CPU holding the folio lock across steps (only the map-then-zero design does). */
  readonly lockedBy?: number;
}

/**
 * A CPU in the protnone fault handler: it saw a protnone PTE without a lock and decided
 * whether the subpage needs zeroing; then (under the folio lock) zeroes and maps it.
 */
export type Handler =
  | { readonly pc: 'idle' }
  | { readonly pc: 'entered' | 'mapped'; readonly vpage: number; readonly access: Access; readonly zero: boolean };

export interface BadRead {
  readonly cpu: number;
  readonly vpage: number;
  readonly saw: PageData;
  readonly expected: PageData;
}

export interface LazyZeroState {
  readonly folio: Folio;
  readonly pmd: Pmd;
  readonly cpus: readonly Handler[];
  /** Ghost: what the process may read at each vpage: zero, or its last write. */
  readonly expected: readonly PageData[];
  /** Ghost: reads that returned something else. */
  readonly badReads: readonly BadRead[];
  /** Ghost: `clear_highpage()` calls so far, and the subpage of the last one. */
  readonly clears: number;
  readonly lastClear?: number;
  /** Ghost events, for witnesses. */
  readonly seen: {
    readonly raceBackedOff: boolean;
    readonly accessDetected: boolean;
    readonly remapped: boolean;
    readonly split: boolean;
    readonly readOwnWrite: boolean;
  };
}

export type AnyState = Immutable<LazyZeroState> | Draft<LazyZeroState>;

export function initLazyZeroState(): LazyZeroState {
  return {
    folio: { allocated: false, refcount: 0, mapcount: 0, data: VPAGES.map(() => 'stale'), zeroed: VPAGES.map(() => false) },
    pmd: { kind: 'none' },
    cpus: CPUS.map(() => ({ pc: 'idle' })),
    expected: VPAGES.map(() => 'zero'),
    badReads: [],
    clears: 0,
    seen: { raceBackedOff: false, accessDetected: false, remapped: false, split: false, readOwnWrite: false },
  };
}

/** Whether user space can read or write subpage `vpage` now (a present PTE or the huge PMD). */
export function accessible(s: AnyState, vpage: number): boolean {
  return s.pmd.kind === 'huge' || (s.pmd.kind === 'ptes' && s.pmd.ptes[vpage] === 'present');
}

/** Page-table entries that map the folio: PTEs that are not none, or the one PMD. */
export function mappings(s: AnyState): number {
  if (s.pmd.kind === 'huge') return 1;
  return s.pmd.kind === 'ptes' ? s.pmd.ptes.filter((p) => p !== 'none').length : 0;
}
