import type { Draft, Immutable } from '../../src/index.ts';

/**
 * Scale: 4 chunks of 8 base pages (real: 2 MiB = 512), 2 struct pages per vmemmap page (real:
 * 64), so 4 vmemmap pages per chunk (real: 8), of which HVO keeps the first 2 and maps the
 * rest read-only onto the second (f41f2ed43ca5, the seed's "6 pages (24kB) per 2MB").
 * Chunks 0-1 are in ZONE_MOVABLE, 2-3 in ZONE_NORMAL. Two processes with one chunk-sized som
 * area each (P0 from the start, P1 after fork), 2 pin slots, one GUP-fast thread (CPU1), one
 * migration thread (CPU2).
 */
export const SUBPAGES = 8;
export const STRUCT_PAGES_PER_VMEMMAP = 2;
export const VMEMMAP_PER_CHUNK = SUBPAGES / STRUCT_PAGES_PER_VMEMMAP;
/** Vmemmap pages a HugeTLB chunk keeps: the head's page and the reuse page. */
export const VMEMMAP_KEPT = 2;

export type Zone = 'movable' | 'normal';
export const CHUNK_ZONES: readonly Zone[] = ['movable', 'movable', 'normal', 'normal'];
export const CHUNKS = CHUNK_ZONES.map((_, chunk) => chunk);
export const PROCESSES = [0, 1] as const;
export const VPAGES = Array.from({ length: SUBPAGES }, (_, vpage) => vpage);
export const PIN_SLOTS = [0, 1] as const;

/** A vmemmap page of a chunk: its own read-write frame, or the shared read-only reuse frame. */
export type VmemmapPage = 'own' | 'shared-ro';

export interface Chunk {
  readonly zone: Zone;
  readonly inPool: boolean;
  /** How many times the pool handed it out: a pin remembers it, so reuse shows. */
  readonly generation: number;
  /** The head struct page's counters (the chunk's folio). */
  readonly refcount: number;
  readonly mapcount: number;
  readonly pincount: number;
  readonly vmemmap: readonly VmemmapPage[];
  /** Per-4 KiB refcounts a per-page design keeps in the subpage struct pages. */
  readonly subpageRefcount: readonly number[];
}

/** A present PTE, or a migration entry while the chunk is being migrated. */
export interface Pte {
  readonly kind: 'present' | 'migration';
  readonly chunk: number;
}

export interface SomVpage {
  /** The VMA still covers it (munmap clears it). */
  readonly vma: boolean;
  readonly pte?: Pte;
}

/** A som VMA: vpage i maps subpage i of the area's chunk. */
export interface SomArea {
  /** VM_DONTCOPY, from MADV_DONTFORK. */
  readonly dontcopy: boolean;
  readonly chunk?: number;
  readonly vpages: readonly SomVpage[];
}

export interface SomProcess {
  readonly alive: boolean;
  readonly area?: SomArea;
}

/** An outstanding FOLL_PIN, kept as ghost state: who pinned which chunk when. */
export type Pin =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'held';
      readonly owner: number;
      readonly vpage: number;
      readonly chunk: number;
      readonly generation: number;
      readonly longterm: boolean;
      /** The owner still maps this vpage (no zap since the pin): it must map the pinned chunk. */
      readonly coherent: boolean;
    };

/** GUP-fast (`gup_fast_pte_range`) as a thread: load the PTE, grab the folio, re-check the PTE. */
export type GupFast =
  | { readonly pc: 'idle' }
  | { readonly pc: 'loaded' | 'grabbed'; readonly proc: number; readonly vpage: number; readonly chunk: number };

/** `migrate_pages()` of a chunk as a thread: isolated and unmapped, then freeze and move. */
export type Migration = { readonly pc: 'idle' } | { readonly pc: 'unmapped'; readonly src: number; readonly dst: number };

/** A migration that gave up, with the counters it saw. */
export interface MigrationFailure {
  readonly chunk: number;
  readonly zone: Zone;
  /** References beyond the mappings (and the isolation reference): pins, GUP-fast. */
  readonly extraRefs: number;
}

export interface SomState {
  readonly chunks: readonly Chunk[];
  readonly processes: readonly SomProcess[];
  readonly pins: readonly Pin[];
  readonly gupFast: GupFast;
  readonly migration: Migration;
  readonly migrationFailures: number;
  readonly lastMigrationFailure?: MigrationFailure;
  /** Writes through a read-only vmemmap mapping: each one is a kernel oops. */
  readonly faults: readonly { readonly chunk: number; readonly subpage: number; readonly by: string }[];
  /** Ghost events, for witnesses. */
  readonly seen: {
    readonly partialUnmap: boolean;
    readonly returned: boolean;
    readonly migrated: boolean;
    readonly migrationBlocked: boolean;
    readonly gupFastBackedOff: boolean;
    readonly forkedWithSom: boolean;
  };
}

export type AnyState = Immutable<SomState> | Draft<SomState>;

/** HVO as the pool leaves a chunk: the kept vmemmap pages own frames, the rest share one, read-only. */
export const optimizedVmemmap = (): VmemmapPage[] =>
  Array.from({ length: VMEMMAP_PER_CHUNK }, (_, v) => (v < VMEMMAP_KEPT ? 'own' : 'shared-ro'));

export const poolChunk = (zone: Zone, generation: number): Chunk => ({
  zone,
  inPool: true,
  generation,
  refcount: 0,
  mapcount: 0,
  pincount: 0,
  vmemmap: optimizedVmemmap(),
  subpageRefcount: VPAGES.map(() => 0),
});

/** mmap(MAP_ANONYMOUS | MAP_PRIVATE) + madvise(MADV_DONTFORK): a fresh som area. */
export const newArea = (): { dontcopy: boolean; vpages: { vma: boolean }[] } => ({ dontcopy: true, vpages: VPAGES.map(() => ({ vma: true })) });

export function initSomState(): SomState {
  return {
    chunks: CHUNK_ZONES.map((zone) => poolChunk(zone, 0)),
    processes: [{ alive: true, area: newArea() }, { alive: false }],
    pins: PIN_SLOTS.map(() => ({ kind: 'none' })),
    gupFast: { pc: 'idle' },
    migration: { pc: 'idle' },
    migrationFailures: 0,
    faults: [],
    seen: { partialUnmap: false, returned: false, migrated: false, migrationBlocked: false, gupFastBackedOff: false, forkedWithSom: false },
  };
}

/**
 * The first vpage of `proc`'s som area whose PTE or migration entry points at `chunk`, or -1.
 * Loops, not lists: the invariants ask this on every state.
 */
export function entryVpage(s: AnyState, proc: number, chunk: number): number {
  const vpages = s.processes[proc]!.area?.vpages;
  if (vpages === undefined) return -1;
  for (let vpage = 0; vpage < vpages.length; vpage++) if (vpages[vpage]!.pte?.chunk === chunk) return vpage;
  return -1;
}

/** The first process with an entry for `chunk` (in process order), or -1. */
export function entryProc(s: AnyState, chunk: number): number {
  for (let proc = 0; proc < s.processes.length; proc++) if (entryVpage(s, proc, chunk) >= 0) return proc;
  return -1;
}

/** Whether some chunk is in the pool (a loop: guards ask it on every state). */
export function anyInPool(s: AnyState): boolean {
  for (const c of s.chunks) if (c.inPool) return true;
  return false;
}

/** The lowest pool chunk that passes `fits` (`dequeue_hugetlb_folio`, deterministic). */
export function poolChunkWhere(s: AnyState, fits: (chunk: number) => boolean): number | undefined {
  const chunk = s.chunks.findIndex((c, i) => c.inPool && fits(i));
  return chunk < 0 ? undefined : chunk;
}

/** Vmemmap frames a chunk holds: its own pages (the shared ones use the reuse frame). */
export function vmemmapFrames(c: Immutable<Chunk> | Draft<Chunk>): number {
  let frames = 0;
  for (const v of c.vmemmap) if (v === 'own') frames++;
  return frames;
}
