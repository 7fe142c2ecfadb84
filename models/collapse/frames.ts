import type { Draft, Immutable } from '../../src/index.ts';
import { blockHead, FREE_FOLIO, PFNS, SMALL_BASE, THP_HEADS, VPAGES, ZERO, type CollapseState } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState> | D;

/**
 * The page allocator, deterministic: THPs come from the two THP blocks, order-0 pages from the
 * order-0 frames. A split THP block is handed out again only once all its pages are free
 * (the buddy allocator merges them back into one PMD-order block).
 */

/** The lowest free folio slot of that size: a whole THP block, or an order-0 frame. */
export function findFree(s: S, large: boolean): number | undefined {
  // loops, no closures: the fault and collapse guards ask this at every random step
  if (large) {
    for (const h of THP_HEADS) if (s.folios[h]!.large && !s.folios[h]!.allocated) return h;
    return undefined;
  }
  for (let pfn = SMALL_BASE; pfn < PFNS.length; pfn++) if (!s.folios[pfn]!.allocated) return pfn;
  return undefined;
}

/** Free order-0 frames. */
export function freeSmall(s: S): number {
  let free = 0;
  for (let pfn = SMALL_BASE; pfn < PFNS.length; pfn++) if (!s.folios[pfn]!.allocated) free++;
  return free;
}

/** `folio_alloc()`: one reference for the caller; every page zeroed, no flags, its head `folio`. */
export function allocFolio(d: D, folio: number): void {
  const f = d.folios[folio]!;
  Object.assign(f, FREE_FOLIO, { allocated: true, large: f.large, refcount: 1 });
  for (const pfn of f.large ? VPAGES.map((v) => folio + v) : [folio]) d.pages[pfn] = { data: ZERO, exclusive: false, folio };
}

/** `folio_put_refs()`: the last reference frees the folio (and a split block merges once whole). */
export function putFolio(d: D, folio: number, refs = 1): void {
  const f = d.folios[folio]!;
  f.refcount -= refs;
  if (f.refcount !== 0) return;
  Object.assign(f, FREE_FOLIO, { large: f.large });
  const head = blockHead(folio);
  if (head === folio && f.large) return;
  if (head >= SMALL_BASE) return;
  // the buddy allocator: the four order-0 pages of a split THP block merge back once all are free
  const block = VPAGES.map((v) => head + v);
  if (block.some((pfn) => d.folios[pfn]!.allocated)) return;
  d.folios[head]!.large = true;
  for (const pfn of block) d.pages[pfn]!.folio = head;
}
