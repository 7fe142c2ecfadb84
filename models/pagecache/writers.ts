import type { Draft } from '../../src/index.ts';
import type { PagecacheKnobs } from './knobs.ts';
import { nrPages, type PagecacheState } from './state.ts';
import { folioAt, freeDescriptors, putRefs, storeRange } from './xarray.ts';

type D = Draft<PagecacheState>;

/**
 * `filemap_add_folio(mapping, folio, index, gfp)` at an order: a new folio (lowest free
 * descriptor) with the page cache's `nr` references, stored as a multi-index entry over
 * any shadow it replaces (a refault).
 */
export function addFolio(d: D, index: number, order: number): void {
  const obj = freeDescriptors(d.folios)[0]!;
  const nr = nrPages(order);
  if (d.slots.slice(index, index + nr).some((e) => e !== null)) d.seen.refault = true;
  d.folios[obj] = { live: true, index, order, count: nr };
  storeRange(d, index, order, { kind: 'folio', obj });
}

/**
 * `truncate_inode_folio` -> `filemap_remove_folio`: the entries go (`page_cache_delete`) and
 * `folio_put_refs(folio, nr)` drops the page cache's references, one step (a reader between
 * the two behaves as after both: its reload fails). The known-bad order drops them first and
 * deletes in a second step.
 */
export function truncateDelete(d: D, index: number, knobs: PagecacheKnobs): void {
  const obj = folioAt(d.slots, index)!;
  const f = d.folios[obj]!;
  const at = { obj, index: f.index, order: f.order };
  if (knobs.truncateOrder === 'put-then-delete') {
    putRefs(d, obj, nrPages(at.order));
    d.writer = { kind: 'truncated', ...at };
    return;
  }
  storeRange(d, at.index, at.order, null);
  putRefs(d, obj, nrPages(at.order));
}

/** Known-bad second step: `page_cache_delete` after the references are gone. */
export function truncatePut(d: D): void {
  if (d.writer.kind !== 'truncated') return;
  storeRange(d, d.writer.index, d.writer.order, null);
  d.writer = { kind: 'idle' };
}

/**
 * `__remove_mapping`: `folio_ref_freeze(folio, nr)` succeeds only with the page cache's
 * references left (the guard). The known-bad design only compares the count.
 */
export function evictFreeze(d: D, index: number, knobs: PagecacheKnobs): void {
  const obj = folioAt(d.slots, index)!;
  const refs = nrPages(d.folios[obj]!.order);
  if (knobs.evictFreezes) d.folios[obj]!.count = 0;
  d.writer = { kind: 'evict-frozen', obj, refs };
}

/** `__filemap_remove_folio(folio, shadow)`: a multi-index workingset shadow takes the range. */
export function evictDelete(d: D): void {
  if (d.writer.kind !== 'evict-frozen') return;
  const f = d.folios[d.writer.obj]!;
  storeRange(d, f.index, f.order, { kind: 'value', shadow: d.writer.obj });
  d.writer = { ...d.writer, kind: 'evicted' };
}

export function evictFree(d: D): void {
  if (d.writer.kind !== 'evicted') return;
  d.folios[d.writer.obj] = { live: false, index: 0, order: 0, count: 0 };
  d.writer = { kind: 'idle' };
}

/**
 * `__folio_split`: `folio_ref_freeze(folio, expected)`; with the page cache's `nr` the only
 * references, it succeeds (the guard). The known-bad design only compares the count.
 */
export function splitFreeze(d: D, index: number, knobs: PagecacheKnobs): void {
  const obj = folioAt(d.slots, index)!;
  const f = d.folios[obj]!;
  if (knobs.splitFreezes) f.count = 0;
  d.writer = { kind: 'split-frozen', obj, refs: nrPages(f.order), pieces: [], stored: 0, headUnfrozen: false };
}

/**
 * `__split_unmapped_folio` + `xas_split`: the head becomes order 0, each tail page a new frozen
 * order-0 folio, and every slot of the range holds the head folio until its piece is stored.
 */
export function splitXas(d: D, knobs: PagecacheKnobs): void {
  if (d.writer.kind !== 'split-frozen') return;
  const obj = d.writer.obj;
  const f = d.folios[obj]!;
  const pieces = freeDescriptors(d.folios).slice(0, nrPages(f.order) - 1);
  pieces.forEach((p, k) => {
    d.folios[p] = { live: true, index: f.index + k + 1, order: 0, count: 0 };
  });
  for (let i = f.index; i < f.index + nrPages(f.order); i++) d.slots[i] = { kind: 'folio', obj };
  f.order = 0;
  const headUnfrozen = knobs.splitHeadUnfreeze === 'first';
  if (headUnfrozen) f.count = 1;
  d.writer = { ...d.writer, kind: 'split-storing', pieces, stored: 0, headUnfrozen };
}

/** Per tail: `folio_ref_unfreeze(new_folio, 1)` and `__xa_store(i_pages, new_folio->index, new_folio)`. */
export function splitStoreTail(d: D): void {
  if (d.writer.kind !== 'split-storing') return;
  const p = d.writer.pieces[d.writer.stored]!;
  d.folios[p]!.count = 1;
  d.slots[d.folios[p]!.index] = { kind: 'folio', obj: p };
  d.writer.stored++;
}

/** Last, the head: `folio_ref_unfreeze(folio, 1)` once every index maps its own piece. */
export function splitUnfreezeHead(d: D): void {
  if (d.writer.kind !== 'split-storing' || d.writer.stored < d.writer.pieces.length) return;
  if (!d.writer.headUnfrozen) d.folios[d.writer.obj]!.count = 1;
  d.seen.splitDone = true;
  d.writer = { kind: 'idle' };
}
