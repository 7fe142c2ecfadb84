import type { Draft } from '../../src/index.ts';
import type { PagecacheKnobs } from './knobs.ts';
import { reloaded, refcountAt } from './reader.ts';
import { BATCH_BIT, BATCH_PAGES, INDICES, nrPages, type PagecacheState } from './state.ts';
import { leafOf, putRefs, rcuUnlock, slotIn } from './xarray.ts';

type D = Draft<PagecacheState>;

/** Leave the batch reader at `pc` keeping only what it needs (see `park` in reader.ts). */
function park(d: D, pc: 'idle' | 'walking' | 'done'): void {
  const b = d.batch;
  const keep = pc === 'walking';
  d.batch = {
    pc,
    start: keep ? b.start : 0,
    cursor: keep ? b.cursor : 0,
    fresh: keep ? b.fresh : true,
    slot: 0,
    node: keep && !b.fresh ? b.node : -1,
    obj: 0,
    loaded: 'folio',
    batch: pc === 'idle' ? [] : b.batch,
  };
  if (pc !== 'walking') rcuUnlock(d, BATCH_BIT);
}

/** The last index the batch reads: `max = start + pages - 1`, within the file. */
export const batchEnd = (start: number) => Math.min(start + BATCH_PAGES - 1, INDICES.length - 1);

/**
 * One turn of `for (folio = xas_load(); folio; folio = xas_next())` at `xa_index`: a fresh
 * walk (`xas_load` after `xas_reset`) starts at the root and resolves a sibling; `xas_next`
 * reads the raw slot of the node it is in (walking up and down through the root when it leaves
 * the node) and breaks on a sibling. A hole or a value entry ends the batch.
 */
export function batchLoad(d: D, index: number, knobs: PagecacheKnobs): void {
  const b = d.batch;
  if (b.pc === 'idle') {
    b.start = index;
    b.cursor = index;
    b.fresh = true;
  }
  if (b.fresh || b.node < 0) b.node = d.root[leafOf(b.cursor)]!;
  const entry = slotIn(d, b.node, b.cursor);
  b.slot = b.cursor;
  if (entry === null || (entry.kind === 'value' && knobs.valueCheck)) {
    park(d, 'done');
  } else if (entry.kind === 'sibling' && b.fresh) {
    b.slot = entry.head;
    b.pc = 'sibling';
  } else if (entry.kind === 'sibling' && knobs.batchSiblingCheck) {
    park(d, 'done');
  } else {
    b.obj = entry.kind === 'folio' ? entry.obj : entry.kind === 'value' ? entry.shadow : entry.head;
    b.loaded = entry.kind;
    b.pc = 'loaded';
  }
}

/** The canonical slot a sibling named, on a fresh walk. */
export function batchDescend(d: D): void {
  const b = d.batch;
  const entry = slotIn(d, b.node, b.slot);
  if (entry?.kind === 'folio') {
    b.obj = entry.obj;
    b.loaded = 'folio';
    b.pc = 'loaded';
  } else {
    park(d, 'done');
  }
}

/** `if (!folio_try_get(folio)) goto retry;` (`xas_reset`: the next load walks afresh). */
export function batchTryGet(d: D): void {
  const b = d.batch;
  if (refcountAt(d, b.obj) > 0) {
    d.folios[b.obj]!.count++;
    b.pc = 'got';
    return;
  }
  if (d.folios[b.obj]?.live) d.seen.frozenRetry = true;
  b.fresh = true;
  park(d, 'walking');
}

/**
 * `xas_reload`; on a match `folio_batch_add` and `xas_advance(&xas, folio_next_index(folio) - 1)`,
 * so the next `xas_next` lands on the slot after the folio; else put and retry.
 */
export function batchReload(d: D, knobs: PagecacheKnobs): void {
  const b = d.batch;
  if (reloaded(d, { index: b.cursor, slot: b.slot, node: b.node, obj: b.obj }, knobs) !== b.obj) {
    putRefs(d, b.obj, 1);
    d.seen.reloadRetry = true;
    b.fresh = true;
    park(d, 'walking');
    return;
  }
  const f = d.folios[b.obj]!;
  b.batch.push(b.obj);
  const next = Math.max(f.index + nrPages(f.order), b.cursor + 1);
  if (leafOf(next) !== leafOf(b.cursor)) b.node = -1; // xas_next leaves the node through its parent
  b.cursor = next;
  b.fresh = false;
  park(d, b.cursor > batchEnd(b.start) ? 'done' : 'walking');
}

/** `rcu_read_unlock()`; the caller copies the pages out, then `folio_batch_release`. */
export function batchRelease(d: D): void {
  const b = d.batch;
  for (const obj of b.batch) putRefs(d, obj, 1);
  park(d, 'idle');
}
