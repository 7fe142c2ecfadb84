import type { Draft } from '../../src/index.ts';

/**
 * Scale: 7 folio slots (five small, two of order 1), 2 processes with 3 virtual pages each
 * (two anonymous private, PMD-aligned so one PMD can map them with an order-1 folio, one
 * MAP_SHARED of a one-page file), 2 GUP reference slots. Real
 * systems have millions of frames and PMD-order folios; the rules exercised are the same.
 */
export type Zone = 'movable' | 'normal';

/** Who last wrote a page: a process (with how many forks had happened), or nobody yet. */
export type PageData =
  | { readonly kind: 'zero' }
  | {
      readonly kind: 'written';
      readonly writer: number;
      /** The writer's `bornAtFork`: which incarnation of the process wrote. */
      readonly writerBorn: number;
      readonly forks: number;
    };

export interface Page {
  readonly data: PageData;
  /** PG_anon_exclusive: mapped by exactly one process, which may write without COW. */
  readonly exclusive: boolean;
  /** This page's own `_mapcount + 1`: the PTEs mapping it; `page_mapcount()` adds the entire mapcount. */
  readonly mapcount: number;
}

export interface Folio {
  readonly allocated: boolean;
  readonly zone: Zone;
  readonly large: boolean;
  readonly refcount: number;
  /** Page-table entries (PTEs and PMDs) mapping any page of the folio (`folio_mapcount()`). */
  readonly mapcount: number;
  /** `_entire_mapcount + 1`: the PMDs mapping the whole (large) folio. */
  readonly entireMapcount: number;
  /** `_pincount`; only large folios have one. */
  readonly pincount: number;
  readonly anon: boolean;
  /** In the file's page cache (holds one reference per page). */
  readonly cached: boolean;
  readonly pages: readonly Page[];
}

export interface Pte {
  readonly folio: number;
  readonly page: number;
  readonly writable: boolean;
}

/** A PMD leaf mapping the order-1 folio over anon vpages 0-1 (page i at vpage i). */
export interface Pmd {
  readonly folio: number;
  readonly writable: boolean;
}

export interface VirtualPage {
  /** The VMA covers this page (cleared by munmap). */
  readonly vma: boolean;
  /** MADV_DONTFORK: VM_DONTCOPY, not duplicated into a child. */
  readonly dontfork: boolean;
  /** VM_WRITE of the VMA (mprotect PROT_READ clears it); a store needs it. */
  readonly vmWrite: boolean;
  /** The PTE; null is pte_none (a key always present, so every virtual page has one layout). */
  readonly pte: Pte | null;
}

export interface Process {
  readonly alive: boolean;
  /** The fork that created it (process 0: 0); a write after it is private to one side. */
  readonly bornAtFork: number;
  readonly vpages: readonly VirtualPage[];
  /** The PMD of the PMD-aligned anon range (vpages 0-1), or null; those vpages then have no PTE. */
  readonly pmd: Pmd | null;
}

/** FOLL_GET; FOLL_PIN R/O or R/W; FOLL_PIN|FOLL_LONGTERM R/W (io_uring) or R/O (gup_test). */
export type GupFlavor = 'get' | PinFlavor;
export type PinFlavor = 'pin-ro' | 'pin-rw' | 'longterm' | 'longterm-ro';

/** An outstanding GUP reference, kept as ghost state: who holds what. */
export type Gup =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'held';
      readonly flavor: GupFlavor;
      readonly owner: number;
      /** The owner's `bornAtFork`: the reference outlives the process that took it. */
      readonly ownerBorn: number;
      readonly vpage: number;
      readonly folio: number;
      readonly page: number;
      /** The owner still maps this address: the pin must stay the page it maps. */
      readonly coherent: boolean;
    };

export interface FolioState {
  readonly folios: readonly Folio[];
  readonly processes: readonly Process[];
  readonly gups: readonly Gup[];
  /** The file's page-cache entry for index 0 (a folio slot), or null. */
  readonly pagecache: number | null;
  readonly forks: number;
  /** Ghost events, for witnesses. */
  readonly seen: {
    readonly cow: boolean;
    readonly migrated: boolean;
    readonly forkedWhilePinned: boolean;
    /** A GUP-fast took its reference without falling back to the slow path. */
    readonly gupFast: boolean;
    /** mprotect(PROT_READ|PROT_WRITE) made an exclusive anon PTE writable without a fault. */
    readonly mprotectUpgraded: boolean;
    /** GUP was refused because the refcount read <= 0 (the overflow guard). */
    readonly refRefused: boolean;
    /** A PMD mapping a maybe-pinned folio was split (fork or a write fault fell back). */
    readonly pinnedPmdSplit: boolean;
  };
}

export const ANON_VPAGES = [0, 1] as const;
export const FILE_VPAGE = 2;
export const PROCESSES = [0, 1] as const;
export const GUP_SLOTS = [0, 1] as const;

const SLOTS: readonly { zone: Zone; large: boolean }[] = [
  { zone: 'movable', large: false },
  { zone: 'movable', large: false },
  { zone: 'movable', large: false },
  { zone: 'normal', large: false },
  { zone: 'normal', large: false },
  { zone: 'movable', large: true },
  { zone: 'normal', large: true },
];

const zeroPage = (): Page => ({ data: { kind: 'zero' }, exclusive: false, mapcount: 0 });
const zeroPages = (large: boolean): Page[] => (large ? [zeroPage(), zeroPage()] : [zeroPage()]);

export const freeFolio = ({ zone, large }: { zone: Zone; large: boolean }): Folio => ({
  allocated: false,
  zone,
  large,
  refcount: 0,
  mapcount: 0,
  entireMapcount: 0,
  pincount: 0,
  anon: false,
  cached: false,
  pages: zeroPages(large),
});

/**
 * `free_pages()`: the slot becomes the free folio of its zone and size again. Field by field
 * on the draft, as allocation and the last put do it on every few steps.
 */
export function clearFolio(f: Draft<Folio>): void {
  f.allocated = false;
  f.refcount = 0;
  f.mapcount = 0;
  f.entireMapcount = 0;
  f.pincount = 0;
  f.anon = false;
  f.cached = false;
  f.pages = zeroPages(f.large);
}

const process = (alive: boolean): Process => ({
  alive,
  bornAtFork: 0,
  vpages: [0, 1, 2].map(() => ({ vma: alive, dontfork: false, vmWrite: alive, pte: null })),
  pmd: null,
});

export function initFolioState(): FolioState {
  return {
    folios: SLOTS.map(freeFolio),
    processes: [process(true), process(false)],
    gups: GUP_SLOTS.map(() => ({ kind: 'none' })),
    pagecache: null,
    forks: 0,
    seen: { cow: false, migrated: false, forkedWhilePinned: false, gupFast: false, mprotectUpgraded: false, refRefused: false, pinnedPmdSplit: false },
  };
}

/** The lowest free folio slot of that size in that zone (the page allocator, deterministic). */
export function findFree(s: FolioState | Draft<FolioState>, large: boolean, zone: Zone): number | undefined {
  // a plain loop: several guards ask this on every state
  const folios = s.folios;
  for (let i = 0; i < folios.length; i++) {
    const f = folios[i]!;
    if (!f.allocated && f.large === large && f.zone === zone) return i;
  }
  return undefined;
}

/** `folio_alloc()`: one reference for the caller, pages zeroed. */
export function allocFolio(d: Draft<FolioState>, slot: number, anon: boolean): void {
  const f = d.folios[slot]!;
  clearFolio(f);
  f.allocated = true;
  f.refcount = 1;
  f.anon = anon;
}

/** `folio_put()`: drop references; the last one frees the folio. */
export function putFolio(d: Draft<FolioState>, slot: number, refs = 1): void {
  const f = d.folios[slot]!;
  f.refcount -= refs;
  if (f.refcount === 0) clearFolio(f);
}
