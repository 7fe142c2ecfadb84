import type { Draft, Immutable } from '../../src/index.ts';
import type { CollapseKnobs } from './knobs.ts';
import type { Fork, GupFast, Khugepaged, Splitter } from './threads.ts';

export type { CopyPc, Fork, GupFast, InPlacePc, Khugepaged, Splitter } from './threads.ts';

/**
 * Scale: a PMD maps 4 base pages (real: 512 with 4 KiB pages). Two processes (P0, and P1 once
 * P0 forks) each have one PMD-sized anonymous range. 14 page frames: two THP blocks (pfns 0-3,
 * the THP P0 starts with, and 4-7, the one a copying collapse allocates) and 6 order-0 frames
 * (8-13) for refaults, COW copies and fork copies. A folio is named by its head pfn, as the
 * kernel's `struct folio` is its head page. 3 GUP reference slots: 0-1 for the slow path, 2 for
 * GUP-fast. 3 page-table pages (P0's, the child's, one to spare for a refault or while one
 * awaits RCU).
 */
export const PTRS_PER_PMD = 4;
export const VPAGES = [0, 1, 2, 3] as const;
export const PROCESSES = [0, 1] as const;
export const LARGE_SLOTS = 2;
export const SMALL_SLOTS = 6;
/** The head pfns of the two THP blocks. */
export const THP_HEADS = [0, PTRS_PER_PMD] as const;
/** The first order-0 frame. */
export const SMALL_BASE = LARGE_SLOTS * PTRS_PER_PMD;
export const PFNS = Array.from({ length: SMALL_BASE + SMALL_SLOTS }, (_, pfn) => pfn);
export const GUP_SLOTS = [0, 1, 2] as const;
/** The GUP slot a returning GUP-fast fills. */
export const FAST_SLOT = 2;
export const TABLE_SLOTS = [0, 1, 2] as const;

/** What a page holds: never written (zero-filled), or one write with who made it and when. */
export type Data =
  | { readonly kind: 'zero' }
  | {
      readonly kind: 'written';
      /** The process the write was for (a device writes for the process that pinned). */
      readonly by: number;
      readonly device: boolean;
      /** A serial number, so that two writes never look alike. */
      readonly seq: number;
      /** Forks before the write: 1 means it is private to one side of the fork. */
      readonly forks: number;
    };

/** A `struct page`: one frame, whatever folio it belongs to now. */
export interface Page {
  readonly data: Data;
  /** PG_anon_exclusive. For a PMD mapping only the head page's flag counts. */
  readonly exclusive: boolean;
  /** `page_folio()`: the head pfn of the folio the page belongs to now; a split rewrites it. */
  readonly folio: number;
}

/**
 * The folio fields of a head page, indexed by head pfn. A tail pfn's entry is unused (never
 * allocated) while its THP is whole; a split makes each tail the head of an order-0 folio.
 */
export interface Folio {
  readonly allocated: boolean;
  /** PMD order; false for order 0 (and for a THP block that is split or a tail's entry). */
  readonly large: boolean;
  readonly refcount: number;
  /** `folio_mapcount()`: PTE mappings plus PMD mappings. */
  readonly mapcount: number;
  /** `_entire_mapcount`: PMD mappings. */
  readonly entireMapcount: number;
  /** `_pincount` (large folios only). */
  readonly pincount: number;
}

/**
 * A PTE names a page (a pfn), not a folio: the folio is `page_folio(pfn)`, which a split
 * changes under an unchanged PTE. A migration entry (`try_to_migrate` during a split) maps
 * nothing and holds no reference; a fault on it waits for the split to end.
 */
export type Pte =
  | { readonly kind: 'none' }
  | { readonly kind: 'present'; readonly pfn: number; readonly writable: boolean }
  | { readonly kind: 'migration'; readonly pfn: number; readonly writable: boolean };
export type PresentPte = Extract<Pte, { kind: 'present' }>;

/**
 * A PMD entry: empty, pointing at a PTE table (its pfn is part of `pmd_val`), or mapping a THP
 * with the table `pgtable_trans_huge_deposit` keeps for a later split.
 */
export type Pmd =
  | { readonly kind: 'none' }
  | { readonly kind: 'table'; readonly table: number }
  | { readonly kind: 'huge'; readonly folio: number; readonly writable: boolean; readonly deposit: number };

/**
 * A page-table page: free in the page allocator, a PTE table (installed, unhooked by a
 * collapse, or deposited), or freed by `tlb_remove_table`/`pte_free_defer` and waiting for the
 * RCU grace period (or IPI) every lockless walker relies on.
 */
export interface PageTable {
  readonly use: 'free' | 'ptes' | 'rcu';
  readonly ptes: readonly Pte[];
}

export interface Process {
  readonly alive: boolean;
  /** The VMA covers this page (a page P0 set MADV_DONTFORK on is missing in the child). */
  readonly vma: readonly boolean[];
  readonly pmd: Pmd;
  /** Ghost: what the process must read at each address. */
  readonly view: readonly Data[];
}

export type GupFlavor = 'get' | 'pin' | 'longterm';

/** An outstanding GUP reference, kept as ghost state: who holds which page. */
export type Gup =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'held';
      readonly flavor: GupFlavor;
      readonly owner: number;
      readonly vpage: number;
      /** The page; `unpin_user_page` puts the reference on `page_folio(pfn)` of the moment. */
      readonly pfn: number;
      /** The owner has not unmapped the address itself: the pin must stay the page it maps. */
      readonly coherent: boolean;
    };

export interface CollapseState {
  /** The kernel's code choices, constant over a run: read only to describe steps in words. */
  readonly kernel: CollapseKnobs;
  /** Every frame's `struct page`, by pfn. */
  readonly pages: readonly Page[];
  /** Folio fields, by head pfn. */
  readonly folios: readonly Folio[];
  readonly tables: readonly PageTable[];
  readonly processes: readonly Process[];
  readonly gups: readonly Gup[];
  readonly gupFast: GupFast;
  readonly khugepaged: Khugepaged;
  readonly fork: Fork;
  readonly splitter: Splitter;
  /** P0's `mm->write_protect_seq`: odd while `copy_page_range` runs. */
  readonly writeProtectSeq: number;
  readonly forks: number;
  readonly seq: number;
  /** What the last `read` returned, per address. */
  readonly lastRead?: { readonly proc: number; readonly data: readonly Data[] };
  /** Ghost events, for witnesses. */
  readonly seen: {
    readonly pinnedCollapsedInPlace: boolean;
    readonly sharedCollapsedInPlace: boolean;
    readonly copyCollapsed: boolean;
    readonly copyBackedOffForPin: boolean;
    readonly gupFastInsideCollapse: boolean;
    readonly tableDeferredForWalker: boolean;
    readonly tableReused: boolean;
    readonly storeDuringFork: boolean;
    readonly gupFastRetriedForFork: boolean;
    readonly splitMapped: boolean;
    readonly freezeFailed: boolean;
    readonly gupFastSawSplit: boolean;
  };
}

type S = CollapseState | Draft<CollapseState> | Immutable<CollapseState>;

export const ZERO: Data = { kind: 'zero' };
export const NO_PTE: Pte = { kind: 'none' };
export const emptyTable = (use: PageTable['use']): PageTable => ({ use, ptes: VPAGES.map(() => NO_PTE) });

/** A folio slot with no folio in it. */
export const FREE_FOLIO: Folio = { allocated: false, large: false, refcount: 0, mapcount: 0, entireMapcount: 0, pincount: 0 };

const emptyProcess = (): Process => ({
  alive: false,
  vma: VPAGES.map(() => false),
  pmd: { kind: 'none' },
  view: VPAGES.map(() => ZERO),
});

/** The head pfn of the THP block a pfn lies in, or the pfn itself for an order-0 frame. */
export const blockHead = (pfn: number): number => (pfn < SMALL_BASE ? pfn - (pfn % PTRS_PER_PMD) : pfn);

/** P0 has faulted its range as one exclusive PMD-mapped THP (folio 0) holding P0's data. */
export function initCollapseState(kernel: CollapseKnobs): CollapseState {
  const data = (v: number): Data => ({ kind: 'written', by: 0, device: false, seq: v + 1, forks: 0 });
  const pages = PFNS.map((pfn): Page => ({ data: pfn < PTRS_PER_PMD ? data(pfn) : ZERO, exclusive: pfn === 0, folio: blockHead(pfn) }));
  const folios = PFNS.map((pfn): Folio => {
    if (pfn === 0) return { ...FREE_FOLIO, allocated: true, large: true, refcount: 1, mapcount: 1, entireMapcount: 1 };
    return { ...FREE_FOLIO, large: pfn === PTRS_PER_PMD };
  });
  const p0: Process = { ...emptyProcess(), alive: true, vma: VPAGES.map(() => true), pmd: { kind: 'huge', folio: 0, writable: true, deposit: 0 }, view: VPAGES.map(data) };
  return {
    kernel,
    pages,
    folios,
    tables: TABLE_SLOTS.map((t) => emptyTable(t === 0 ? 'ptes' : 'free')),
    processes: [p0, emptyProcess()],
    gups: GUP_SLOTS.map(() => ({ kind: 'none' })),
    gupFast: { pc: 'idle' },
    khugepaged: { pc: 'idle' },
    fork: { pc: 'idle' },
    splitter: { pc: 'idle' },
    writeProtectSeq: 0,
    forks: 0,
    seq: PTRS_PER_PMD,
    seen: {
      pinnedCollapsedInPlace: false,
      sharedCollapsedInPlace: false,
      copyCollapsed: false,
      copyBackedOffForPin: false,
      gupFastInsideCollapse: false,
      tableDeferredForWalker: false,
      tableReused: false,
      storeDuringFork: false,
      gupFastRetriedForFork: false,
      splitMapped: false,
      freezeFailed: false,
      gupFastSawSplit: false,
    },
  };
}

export { emptyProcess };

/** `page_folio()`: the folio a page belongs to now. */
export const pageFolio = (s: S, pfn: number): number => s.pages[pfn]!.folio;

/** The pfns of a folio: its head and, for a THP, the tails after it. */
export const folioPfns = (s: S, folio: number): number[] => (s.folios[folio]!.large ? VPAGES.map((v) => folio + v) : [folio]);

/** A new write's data, stamped with its writer and the fork count. */
export function newData(d: Draft<CollapseState>, by: number, device: boolean): Data {
  d.seq++;
  return { kind: 'written', by, device, seq: d.seq, forks: d.forks };
}

/** A collapse holds the process's mmap lock for write: it cannot fault, read or write until it is done. */
export const mmLocked = (s: S, proc: number): boolean =>
  s.khugepaged.pc !== 'idle' && s.khugepaged.pc !== 'scanned' && s.khugepaged.proc === proc;

/** P0's T0 is in fork(): the mmap lock and every VMA lock are held for write. */
export const forking = (s: S, proc: number): boolean => proc === 0 && s.fork.pc !== 'idle';

/**
 * The PTE table a process's range resolves through: the one its PMD points at, or, while a
 * collapse has cleared its PMD, the one it unhooked (its PTEs are still what it maps).
 */
export function tableOf(s: S, proc: number): number | undefined {
  const p = s.processes[proc]!;
  if (p.pmd.kind === 'table') return p.pmd.table;
  const k = s.khugepaged;
  return p.pmd.kind === 'none' && k.pc !== 'idle' && k.proc === proc ? k.table : undefined;
}

const NO_PTES: readonly Pte[] = VPAGES.map(() => NO_PTE);

/** The PTEs a process's range resolves through (all none without a table). */
export function ptesOf(s: S, proc: number): readonly Pte[] {
  const t = tableOf(s, proc);
  return t === undefined ? NO_PTES : s.tables[t]!.ptes;
}

/** The page a process's address resolves to (through the huge PMD or its PTE table) and its folio now. */
export function mappedAt(s: S, proc: number, vpage: number): { pfn: number; folio: number; writable: boolean } | undefined {
  const pmd = s.processes[proc]!.pmd;
  if (pmd.kind === 'huge') return { pfn: pmd.folio + vpage, folio: pmd.folio, writable: pmd.writable };
  const pte = ptesOf(s, proc)[vpage];
  return pte?.kind === 'present' ? { pfn: pte.pfn, folio: pageFolio(s, pte.pfn), writable: pte.writable } : undefined;
}

/** `mappedAt(...).pfn` without building the answer (guards and properties run it every step), or -1. */
export function mappedPfn(s: S, proc: number, vpage: number): number {
  const pmd = s.processes[proc]!.pmd;
  if (pmd.kind === 'huge') return pmd.folio + vpage;
  const pte = ptesOf(s, proc)[vpage];
  return pte !== undefined && pte.kind === 'present' ? pte.pfn : -1;
}

/** `mappedAt(...).writable`: a writable huge PMD or present PTE maps the address. */
export function mappedWritable(s: S, proc: number, vpage: number): boolean {
  const pmd = s.processes[proc]!.pmd;
  if (pmd.kind === 'huge') return pmd.writable;
  const pte = ptesOf(s, proc)[vpage];
  return pte !== undefined && pte.kind === 'present' && pte.writable;
}

/** The address holds a migration entry: a fault there waits for the split to remap it. */
export const migrationAt = (s: S, proc: number, vpage: number): boolean => ptesOf(s, proc)[vpage]?.kind === 'migration';

/** PageAnonExclusive of a mapping: the page's own flag, or the head page's for a PMD. */
export function mappingExclusive(s: S, proc: number, vpage: number): boolean {
  const pmd = s.processes[proc]!.pmd;
  if (pmd.kind === 'huge') return s.pages[pmd.folio]!.exclusive;
  const pfn = mappedPfn(s, proc, vpage);
  return pfn >= 0 && s.pages[pfn]!.exclusive;
}

/** What a process reads at an address (through a migration entry, once the split remaps it). */
export function readAt(s: S, proc: number, vpage: number): Data {
  const pfn = mappedPfn(s, proc, vpage);
  if (pfn >= 0) return s.pages[pfn]!.data;
  const pte = ptesOf(s, proc)[vpage];
  return pte?.kind === 'migration' ? s.pages[pte.pfn]!.data : ZERO;
}

/** `pmd_val` equality: the same table page, or the same THP with the same permissions. */
export const samePmd = (a: Immutable<Pmd>, b: Immutable<Pmd>): boolean => {
  if (a.kind === 'table') return b.kind === 'table' && a.table === b.table;
  if (a.kind === 'huge') return b.kind === 'huge' && a.folio === b.folio && a.writable === b.writable;
  return b.kind === 'none';
};

/** `pte_val` equality: a split that remaps the same pfn gives back the same value. */
export const samePte = (a: Immutable<Pte>, b: Immutable<Pte>): boolean =>
  a.kind === b.kind && (a.kind === 'none' || (b.kind !== 'none' && a.pfn === b.pfn && a.writable === b.writable));

export const sameData = (a: Immutable<Data>, b: Immutable<Data>): boolean =>
  a.kind === b.kind && (a.kind === 'zero' || (b.kind === 'written' && a.seq === b.seq));

/** Short names for reports. */
export const showData = (x: Immutable<Data>): string =>
  x.kind === 'zero' ? 'zeroes' : `${x.device ? 'device write' : 'write'} #${x.seq} by P${x.by}${x.forks > 0 ? ' after fork' : ''}`;
/** `pfn 2 (folio 0)`: the page and the folio it belongs to now. */
export const showPage = (s: S, pfn: number): string => `pfn ${pfn} (folio ${pageFolio(s, pfn)})`;
