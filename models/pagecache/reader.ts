import type { Draft } from '../../src/index.ts';
import type { PagecacheKnobs } from './knobs.ts';
import type { PagecacheState } from './state.ts';
import { folioAt, putRefs } from './xarray.ts';

type D = Draft<PagecacheState>;

/**
 * Leave the reader at `pc` keeping only what that pc needs (the index for a retry), so a
 * state does not remember a stale pointer (explore would tell such states apart).
 */
function park(d: D, r: number, pc: 'idle' | 'retry'): void {
  const reader = d.readers[r]!;
  const index = pc === 'idle' ? r % 2 : reader.index;
  d.readers[r] = { pc, index, slot: index, obj: 0, loaded: 'folio' };
}

/** The word at `_refcount` of whatever `obj` points at: a stray pointer reads no live folio. */
export const refcountAt = (d: { readonly folios: readonly { readonly live: boolean; readonly count: number }[] }, obj: number) => {
  const f = d.folios[obj];
  return f?.live ? f.count : 0;
};

/**
 * `rcu_read_lock(); xas_load()` at `index`: NULL and value entries are returned as they are;
 * a sibling entry sends the walk to its canonical slot (a separate load); a folio is loaded
 * without a reference. A reader without `xa_is_value()` takes the value's bits for a folio.
 */
export function xasLoad(d: D, r: number, index: number, knobs: PagecacheKnobs): void {
  const reader = d.readers[r]!;
  const entry = d.slots[index] ?? null;
  reader.index = index;
  reader.slot = index;
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

/** The second load of `xas_descend`: the canonical slot a sibling entry named. */
export function xasDescend(d: D, r: number): void {
  const reader = d.readers[r]!;
  const entry = d.slots[reader.slot] ?? null;
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

/** What `xas_reload` reads under this design: `xa_index`'s slot resolved, the canonical slot, or nothing. */
export function reloaded(d: { readonly slots: PagecacheState['slots'] }, index: number, slot: number, obj: number, knobs: PagecacheKnobs): number | undefined {
  if (knobs.reload === 'none') return obj;
  if (knobs.reload === 'index') return folioAt(d.slots, index);
  const entry = d.slots[slot] ?? null;
  return entry?.kind === 'folio' ? entry.obj : undefined;
}

/** `if (unlikely(folio != xas_reload(&xas))) { folio_put(folio); goto repeat; }` */
export function xasReload(d: D, r: number, knobs: PagecacheKnobs): void {
  const reader = d.readers[r]!;
  if (reloaded(d, reader.index, reader.slot, reader.obj, knobs) === reader.obj) {
    reader.pc = 'holding';
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
