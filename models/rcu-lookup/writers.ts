import type { Draft } from '../../src/index.ts';
import { fileMemdesc, freeDescriptor, putDescriptor } from './descriptors.ts';
import type { LookupKnobs } from './knobs.ts';
import type { LookupState } from './state.ts';

/** Truncate, step 1: `xas_store(NULL)` under the xarray lock; the page cache's ref is now ours. */
export function truncateRemove(d: Draft<LookupState>, index: number): void {
  const obj = d.pagecache[index]!;
  d.pagecache[index] = undefined;
  d.truncate = { kind: 'removed', obj };
}

/** Truncate, step 2: drop the page cache's reference; the last one frees the folio. */
export function truncatePut(d: Draft<LookupState>, knobs: LookupKnobs): void {
  if (d.truncate.kind !== 'removed') return;
  putDescriptor(d, d.truncate.obj, knobs);
  d.truncate = { kind: 'idle' };
}

/** Reclaim, step 1 (`__remove_mapping`): `folio_ref_freeze(folio, 1)`, only the cache's ref left. */
export function reclaimFreeze(d: Draft<LookupState>, index: number): void {
  const obj = d.pagecache[index]!;
  d.descriptors[obj]!.count = 0;
  d.reclaim = { kind: 'frozen', obj, index };
}

/** Known-bad: `page_ref_unfreeze` while the entry still points at the folio. */
export function reclaimUnfreeze(d: Draft<LookupState>): void {
  if (d.reclaim.kind !== 'frozen') return;
  d.descriptors[d.reclaim.obj]!.count = 1;
  d.reclaim = { ...d.reclaim, kind: 'unfrozen' };
}

/** Reclaim, step 2: `__filemap_remove_folio`: the entry goes. */
export function reclaimRemove(d: Draft<LookupState>): void {
  if (d.reclaim.kind !== 'frozen' && d.reclaim.kind !== 'unfrozen') return;
  d.pagecache[d.reclaim.index] = undefined;
  d.reclaim = { kind: 'deleted', obj: d.reclaim.obj };
}

/** Reclaim, step 3: free the folio, trusting the freeze to have kept everyone out. */
export function reclaimFree(d: Draft<LookupState>, knobs: LookupKnobs): void {
  if (d.reclaim.kind !== 'deleted') return;
  freeDescriptor(d, d.reclaim.obj, knobs);
  d.reclaim = { kind: 'idle' };
}

/** `filemap_add_folio` with a descriptor from the folio cache (a free object is reused at once). */
export function allocFolio(d: Draft<LookupState>, obj: number, index: number, knobs: LookupKnobs): void {
  d.descriptors[obj] = { kind: 'folio', index, count: 1 };
  d.slabPages[obj] = { kind: 'in-use' };
  d.pagecache[index] = obj;
  d.memdesc[obj] = fileMemdesc(obj, knobs);
}

/** `rcu_free_slab`: the empty slab page goes back to the page allocator. */
export function slabPageFree(d: Draft<LookupState>, obj: number): void {
  d.slabPages[obj] = { kind: 'released' };
}

/** Another type (a page-table descriptor) takes the memory; its word at `_refcount` is data. */
export function reuseAsPagetable(d: Draft<LookupState>, obj: number): void {
  d.descriptors[obj] = { kind: 'pagetable', index: 0, count: 7 };
  d.slabPages[obj] = { kind: 'in-use' };
}

/** The page-table descriptor is freed; the memory can serve the folio cache again. */
export function pagetableFree(d: Draft<LookupState>, obj: number): void {
  d.descriptors[obj] = { kind: 'free', index: 0, count: 0 };
}
