import type { Draft } from '../../src/index.ts';
import type { PagecacheKnobs } from './knobs.ts';
import type { PagecacheState } from './state.ts';
import { leafOf, putRefs, rcuUnlock, slotAt, slotIn } from './xarray.ts';

type D = Draft<PagecacheState>;

/**
 * Leave the reader at `pc` keeping only what that pc needs (the index for a retry), so a
 * state does not remember a stale pointer (explore would tell such states apart).
 */
function park(d: D, r: number, pc: 'idle' | 'retry'): void {
  const reader = d.readers[r]!;
  const index = pc === 'idle' ? r % 2 : reader.index;
  d.readers[r] = { pc, index, slot: index, node: -1, obj: 0, loaded: 'folio' };
  if (pc === 'idle') rcuUnlock(d, 1 << r);
}

/** The word at `_refcount` of whatever `obj` points at: a stray pointer reads no live folio. */
export const refcountAt = (d: { readonly folios: readonly { readonly live: boolean; readonly count: number }[] }, obj: number) => {
  const f = d.folios[obj];
  return f?.live ? f.count : 0;
};

/**
 * `rcu_read_lock(); xas_load()` at `index`: `xas_start` reads the root, `xas_descend` the
 * root's slot for the leaf node and the leaf's slot (one step: the root node never changes at
 * this scale). NULL and value entries are returned as they are; a sibling entry sends the walk
 * to its canonical slot in the same node (a separate load); a folio is loaded without a
 * reference. A reader without `xa_is_value()` takes the value's bits for a folio.
 */
export function xasLoad(d: D, r: number, index: number, knobs: PagecacheKnobs): void {
  const reader = d.readers[r]!;
  const entry = slotAt(d, index);
  reader.index = index;
  reader.slot = index;
  reader.node = d.root[leafOf(index)]!;
  if (entry === null) {
    park(d, r, 'idle');
    d.seen.miss = true;
  } else if (entry.kind === 'value' && knobs.valueCheck) {
    park(d, r, 'idle');
    d.seen.shadow = true;
  } else if (entry.kind === 'sibling') {
    reader.slot = entry.head;
    reader.pc = 'sibling';
  } else {
    reader.obj = entry.kind === 'folio' ? entry.obj : entry.shadow;
    reader.loaded = entry.kind;
    reader.pc = 'loaded';
  }
}

/** The second load of `xas_descend`: the canonical slot a sibling entry named, in the same node. */
export function xasDescend(d: D, r: number): void {
  const reader = d.readers[r]!;
  const entry = slotIn(d, reader.node, reader.slot);
  if (entry?.kind === 'folio') {
    reader.obj = entry.obj;
    reader.loaded = 'folio';
    reader.pc = 'loaded';
  } else if (entry?.kind === 'sibling') {
    park(d, r, 'retry'); // xas_retry(): the node changed under us
  } else {
    park(d, r, 'idle');
    if (entry === null) d.seen.miss = true;
    else d.seen.shadow = true;
  }
}

/** `folio_try_get`: add one unless the refcount is zero (free or frozen), else `goto repeat`. */
export function tryGet(d: D, r: number): void {
  const reader = d.readers[r]!;
  if (refcountAt(d, reader.obj) > 0) {
    d.folios[reader.obj]!.count++;
    reader.pc = 'got';
    return;
  }
  if (d.folios[reader.obj]?.live) d.seen.frozenRetry = true;
  park(d, r, 'retry');
}

/**
 * What `xas_reload` reads under this design, in the node the walk reached (`xas->xa_node`,
 * not from the root): `xa_index`'s slot with its sibling resolved, the canonical slot, or nothing.
 */
export function reloaded(d: Pick<PagecacheState, 'root' | 'nodes'>, who: { readonly index: number; readonly slot: number; readonly node: number; readonly obj: number }, knobs: PagecacheKnobs): number | undefined {
  if (knobs.reload === 'none') return who.obj;
  let entry = slotIn(d, who.node, knobs.reload === 'index' ? who.index : who.slot);
  if (entry?.kind === 'sibling' && knobs.reload === 'index') entry = slotIn(d, who.node, entry.head);
  return entry?.kind === 'folio' ? entry.obj : undefined;
}

/** `if (unlikely(folio != xas_reload(&xas))) { folio_put(folio); goto repeat; }` */
export function xasReload(d: D, r: number, knobs: PagecacheKnobs): void {
  const reader = d.readers[r]!;
  if (reloaded(d, reader, knobs) === reader.obj) {
    reader.pc = 'holding';
    reader.node = -1; // rcu_read_unlock(): the walk's node is no longer held
    rcuUnlock(d, 1 << r);
    d.seen.hit = true;
    if (d.folios[reader.obj]!.order > 0 && d.folios[reader.obj]!.index !== reader.index) d.seen.largeHit = true;
    return;
  }
  putRefs(d, reader.obj, 1);
  d.seen.reloadRetry = true;
  park(d, r, 'retry');
}

/** The caller is done: `folio_put`, then `rcu_read_unlock` was long done; the thread is free. */
export function folioPut(d: D, r: number): void {
  const reader = d.readers[r]!;
  putRefs(d, reader.obj, 1);
  park(d, r, 'idle');
}
