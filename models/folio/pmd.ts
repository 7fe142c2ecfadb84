import type { Draft, Immutable } from '../../src/index.ts';
import type { FolioKnobs } from './knobs.ts';
import { putFolio, type Folio, type FolioState } from './state.ts';

/** The anon vpages one PMD covers: the PMD-aligned range of an order-1 folio. */
export const PMD_VPAGES = [0, 1] as const;

type AnyState = Immutable<FolioState> | Draft<FolioState> | FolioState;

/** What maps a virtual page: its PTE, or the PMD covering it (page i of the folio at vpage i). */
export interface Leaf {
  readonly folio: number;
  readonly page: number;
  readonly writable: boolean;
  readonly pmd: boolean;
}

export const underPmd = (vpage: number) => vpage < PMD_VPAGES.length;

/** The leaf entry a page-table walk finds for `vpage` of `proc`, or undefined when not present. */
export function leafOf(s: AnyState, proc: number, vpage: number): Leaf | undefined {
  const p = s.processes[proc]!;
  if (p.pmd !== null && underPmd(vpage)) return { folio: p.pmd.folio, page: vpage, writable: p.pmd.writable, pmd: true };
  const pte = p.vpages[vpage]?.pte;
  return pte ? { ...pte, pmd: false } : undefined;
}

/*
 * The page-table walk without building a Leaf: guards and properties run it on every state,
 * so they read the folio and page numbers directly (-1 when nothing maps the address).
 */

/** Whether a PTE or the PMD covering it maps `vpage` of `proc`. */
export function isMapped(s: AnyState, proc: number, vpage: number): boolean {
  const p = s.processes[proc]!;
  return (p.pmd !== null && underPmd(vpage)) || (p.vpages[vpage]?.pte ?? null) !== null;
}

/** The folio mapped at `vpage` of `proc` (its PTE's, or the covering PMD's), or -1. */
export function mappedFolio(s: AnyState, proc: number, vpage: number): number {
  const p = s.processes[proc]!;
  if (p.pmd !== null && underPmd(vpage)) return p.pmd.folio;
  return p.vpages[vpage]?.pte?.folio ?? -1;
}

/** The page of that folio mapped there (a PMD maps page i at vpage i), or -1. */
export function mappedPage(s: AnyState, proc: number, vpage: number): number {
  const p = s.processes[proc]!;
  if (p.pmd !== null && underPmd(vpage)) return vpage;
  return p.vpages[vpage]?.pte?.page ?? -1;
}

/** Whether the leaf mapping `vpage` of `proc` is writable (false when nothing maps it). */
export function mappedWritable(s: AnyState, proc: number, vpage: number): boolean {
  const p = s.processes[proc]!;
  if (p.pmd !== null && underPmd(vpage)) return p.pmd.writable;
  return p.vpages[vpage]?.pte?.writable ?? false;
}

/** Whether the leaf at `vpage` of `proc` is the PMD. */
export const mappedByPmd = (s: AnyState, proc: number, vpage: number): boolean => s.processes[proc]!.pmd !== null && underPmd(vpage);

/** `page_mapcount()`: the page's own PTE mapcount plus the PMDs mapping the whole folio. */
export const pageMapcount = (f: Pick<Folio, 'pages' | 'entireMapcount'>, page: number) => f.pages[page]!.mapcount + f.entireMapcount;

/** `folio_add_*_rmap_pmd` and a reference: the PMD counts once in `folio_mapcount()`. */
export function mapPmd(d: Draft<FolioState>, proc: number, folio: number, writable: boolean): void {
  d.processes[proc]!.pmd = { folio, writable };
  const f = d.folios[folio]!;
  f.mapcount++;
  f.entireMapcount++;
  f.refcount++;
}

/** `zap_huge_pmd`: drop the PMD's mapping and reference; the process's GUP refs there go stale. */
export function zapPmd(d: Draft<FolioState>, proc: number): void {
  const p = d.processes[proc]!;
  const pmd = p.pmd;
  if (pmd === null) return;
  p.pmd = null;
  const f = d.folios[pmd.folio]!;
  f.mapcount--;
  f.entireMapcount--;
  putFolio(d, pmd.folio);
  for (const g of d.gups) if (g.kind === 'held' && g.owner === proc && underPmd(g.vpage)) g.coherent = false;
}

/**
 * `__split_huge_pmd_locked`: replace the PMD by one PTE per page with the same protection,
 * moving the head's PageAnonExclusive to every page and taking a reference per extra PTE.
 */
export function splitPmd(d: Draft<FolioState>, proc: number, knobs: FolioKnobs): void {
  const p = d.processes[proc]!;
  const pmd = p.pmd;
  if (pmd === null) return;
  p.pmd = null;
  const f = d.folios[pmd.folio]!;
  f.entireMapcount--;
  f.mapcount += PMD_VPAGES.length - 1;
  if (knobs.pmdSplitAddsRefs) f.refcount += PMD_VPAGES.length - 1;
  for (const vpage of PMD_VPAGES) {
    f.pages[vpage]!.mapcount++;
    p.vpages[vpage]!.pte = { folio: pmd.folio, page: vpage, writable: pmd.writable };
  }
  if (f.pincount > 0) d.seen.pinnedPmdSplit = true;
}

/** A step on part of the PMD range (munmap, MADV_DONTNEED, mprotect, MADV_DONTFORK) splits it first. */
export function splitPmdCovering(d: Draft<FolioState>, proc: number, vpage: number, knobs: FolioKnobs): void {
  if (underPmd(vpage)) splitPmd(d, proc, knobs);
}
