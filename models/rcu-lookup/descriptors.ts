import type { Draft } from '../../src/index.ts';
import { encodeMemdesc } from '../parts/memdesc.ts';
import { startGracePeriod } from '../parts/rcu.ts';
import type { LookupKnobs } from './knobs.ts';
import { CACHE_BASE, type LookupState } from './state.ts';

/** Where descriptor `obj` lives: the cache's objects are `objectSize` bytes apart. */
export const descriptorAddress = (obj: number, knobs: LookupKnobs) => CACHE_BASE + obj * knobs.objectSize;

/** The memdesc word of a file page cached in folio `obj` (`page_set_memdesc`). */
export const fileMemdesc = (obj: number, knobs: LookupKnobs) => encodeMemdesc('file', descriptorAddress(obj, knobs));

/**
 * `kmem_cache_free(folio_cache)`: the object may be reused at once, but for a typesafe cache
 * its slab page goes back to the page allocator only after a grace period (`rcu_free_slab`).
 */
export function freeDescriptor(d: Draft<LookupState>, obj: number, knobs: LookupKnobs): void {
  const desc = d.descriptors[obj]!;
  if (desc.kind === 'folio') d.memdesc[obj] = encodeMemdesc('buddy', 0);
  d.descriptors[obj] = { kind: 'free', index: 0, count: 0 };
  if (!knobs.typesafeByRcu) return; // any type may take the memory at once
  d.slabPages[obj] = knobs.slabFreeWaitsForGp ? { kind: 'rcu-pending', gp: startGracePeriod(d.rcu) } : { kind: 'released' };
}

/** `folio_put`: drop one reference; the last one frees the descriptor. Returns whether it freed. */
export function putDescriptor(d: Draft<LookupState>, obj: number, knobs: LookupKnobs): boolean {
  const desc = d.descriptors[obj]!;
  desc.count--;
  if (desc.kind !== 'folio' || desc.count !== 0) return false;
  freeDescriptor(d, obj, knobs);
  return true;
}
