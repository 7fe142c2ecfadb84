import type { Draft } from '../../src/index.ts';
import type { PagecacheKnobs } from './knobs.ts';
import { FREE_NODE, nrPages, type PagecacheState } from './state.ts';
import { folioAt, freeDescriptors, putRefs, slotAt, storeRange, storeSlot } from './xarray.ts';

type D = Draft<PagecacheState>;

/**
 * `filemap_add_folio(mapping, folio, index, gfp)` at an order: a new folio (lowest free
 * descriptor) with the page cache's `nr` references, stored as a multi-index entry over
 * any shadow it replaces (a refault).
 */
export function addFolio(d: D, index: number, order: number, knobs: PagecacheKnobs): void {
  const obj = freeDescriptors(d.folios)[0]!;
  const nr = nrPages(order);
  for (let i = index; i < index + nr; i++) if (slotAt(d, i) !== null) d.seen.refault = true;
  d.folios[obj] = { live: true, index, order, count: nr };
  storeRange(d, index, order, { kind: 'folio', obj }, knobs);
}

/**
 * `truncate_inode_folio` -> `filemap_remove_folio`: the entries go (`page_cache_delete`) and
 * `folio_put_refs(folio, nr)` drops the page cache's references, one step (a reader between
 * the two behaves as after both: its reload fails). The known-bad order drops them first and
 * deletes in a second step.
 */
export function truncateDelete(d: D, index: number, knobs: PagecacheKnobs): void {
  const obj = folioAt(d, index)!;
  const f = d.folios[obj]!;
  const at = { obj, index: f.index, order: f.order };
  if (knobs.truncateOrder === 'put-then-delete') {
    putRefs(d, obj, nrPages(at.order));
    d.writer = { kind: 'truncated', ...at };
    return;
  }
  storeRange(d, at.index, at.order, null, knobs);
  putRefs(d, obj, nrPages(at.order));
}

/** Known-bad second step: `page_cache_delete` after the references are gone. */
export function truncatePut(d: D, knobs: PagecacheKnobs): void {
  if (d.writer.kind !== 'truncated') return;
  storeRange(d, d.writer.index, d.writer.order, null, knobs);
  d.writer = { kind: 'idle' };
}

/**
 * `__remove_mapping`: `folio_ref_freeze(folio, nr)` succeeds only with the page cache's
 * references left (the guard). The known-bad design only compares the count.
 */
export function evictFreeze(d: D, index: number, knobs: PagecacheKnobs): void {
  const obj = folioAt(d, index)!;
  const refs = nrPages(d.folios[obj]!.order);
  if (knobs.evictFreezes) d.folios[obj]!.count = 0;
  d.writer = { kind: 'evict-frozen', obj, refs };
}

/** `__filemap_remove_folio(folio, shadow)`: a multi-index workingset shadow takes the range. */
export function evictDelete(d: D, knobs: PagecacheKnobs): void {
  if (d.writer.kind !== 'evict-frozen') return;
  const f = d.folios[d.writer.obj]!;
  storeRange(d, f.index, f.order, { kind: 'value', shadow: d.writer.obj }, knobs);
  d.writer = { ...d.writer, kind: 'evicted' };
}

export function evictFree(d: D): void {
  if (d.writer.kind !== 'evicted') return;
  d.folios[d.writer.obj] = { live: false, index: 0, order: 0, count: 0 };
  d.writer = { kind: 'idle' };
}

/**
 * `__folio_split`: `folio_ref_freeze(folio, expected)`; with the page cache's `nr` the only
 * references, it succeeds (the guard). The known-bad design only compares the count. `at`:
 * the page a non-uniform `folio_split` targets, or -1 for a uniform split to order 0.
 */
export function splitFreeze(d: D, index: number, at: number, knobs: PagecacheKnobs): void {
  const obj = folioAt(d, index)!;
  const f = d.folios[obj]!;
  if (knobs.splitFreezes) f.count = 0;
  d.writer = { kind: 'split-frozen', obj, refs: nrPages(f.order), at, pieces: [], stored: 0, headUnfrozen: false };
}

/** A new folio of a split: its first index and order. */
interface Piece {
  readonly index: number;
  readonly order: number;
}

/**
 * The folios a split leaves, lowest index (the head) first: uniform, every page order 0;
 * non-uniform at `at` (buddy style), halve, keep the half without `at`, go on with the other.
 */
export function splitPieces(index: number, order: number, at: number): Piece[] {
  if (at < 0) return Array.from({ length: nrPages(order) }, (_, k) => ({ index: index + k, order: 0 }));
  const pieces: Piece[] = [];
  let cur: Piece = { index, order };
  while (cur.order > 0) {
    const half = cur.order - 1;
    const upper = { index: cur.index + nrPages(half), order: half };
    const lower = { index: cur.index, order: half };
    const [keep, next] = at >= upper.index ? [lower, upper] : [upper, lower];
    pieces.push(keep);
    cur = next;
  }
  pieces.push(cur);
  return pieces.sort((a, b) => a.index - b.index);
}

/**
 * `__split_unmapped_folio` + `xas_split`: the head keeps the first piece, each other piece is a
 * new frozen folio, and the range takes the new layout (a canonical slot and siblings a piece)
 * with every canonical slot holding the head folio until its piece is stored.
 */
export function splitXas(d: D, knobs: PagecacheKnobs): void {
  if (d.writer.kind !== 'split-frozen') return;
  const obj = d.writer.obj;
  const f = d.folios[obj]!;
  const [head, ...rest] = splitPieces(f.index, f.order, d.writer.at);
  const pieces = freeDescriptors(d.folios).slice(0, rest.length);
  pieces.forEach((p, k) => {
    d.folios[p] = { live: true, index: rest[k]!.index, order: rest[k]!.order, count: 0 };
  });
  for (const piece of [head!, ...rest]) storeRange(d, piece.index, piece.order, { kind: 'folio', obj }, knobs);
  f.order = head!.order;
  const headUnfrozen = knobs.splitHeadUnfreeze === 'first';
  if (headUnfrozen) f.count = nrPages(f.order);
  if (d.writer.at >= 0) d.seen.unevenSplit = true;
  d.writer = { ...d.writer, kind: 'split-storing', pieces, stored: 0, headUnfrozen };
}

/** Per new folio: `folio_ref_unfreeze(new_folio, nr)` and `__xa_store(i_pages, new_folio->index, new_folio)`. */
export function splitStoreTail(d: D): void {
  if (d.writer.kind !== 'split-storing') return;
  const p = d.writer.pieces[d.writer.stored]!;
  const piece = d.folios[p]!;
  piece.count = nrPages(piece.order);
  storeSlot(d, piece.index, { kind: 'folio', obj: p });
  d.writer.stored++;
}

/** Last, the head: `folio_ref_unfreeze(folio, nr)` once every index maps its own piece. */
export function splitUnfreezeHead(d: D): void {
  if (d.writer.kind !== 'split-storing' || d.writer.stored < d.writer.pieces.length) return;
  const head = d.folios[d.writer.obj]!;
  if (!d.writer.headUnfrozen) head.count = nrPages(head.order);
  d.seen.splitDone = true;
  d.writer = { kind: 'idle' };
}

/** `radix_tree_node_rcu_free` after the grace period `xa_node_free`'s `call_rcu` waits for. */
export function nodeRcuFree(d: D, node: number): void {
  d.nodes[node] = { ...FREE_NODE, slots: [null, null, null, null] };
}
