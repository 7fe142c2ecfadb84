import type { Draft } from '../../src/index.ts';
import type { AnonKnobs } from './knobs.ts';
import { applyOps, unlinkOps } from './ops.ts';
import type { AnonState } from './state.ts';

type D = Draft<AnonState>;

/** mm 1's exit, `unmap_vmas`: the folio's PTE is zapped (`folio_remove_rmap_ptes`). */
export function zap(d: D): void {
  d.folio.mapped = false;
}

/** An mm's exit, `free_pgtables` -> `unlink_anon_vmas`: the VMA leaves every anon_vma it linked. */
export function unlink(d: D, mm: number, knobs: AnonKnobs): void {
  applyOps(d, unlinkOps(d, mm, knobs));
  d.mms[mm] = { chain: [], exited: true };
}

/** mm 2's first anon fault, `anon_vma_prepare` -> `anon_vma_alloc`: this object, reused at once. */
export function prepare(d: D, slot: number): void {
  d.anonVmas[slot] = { state: 'live', refcount: 1, vmas: 1, root: slot, mm: 2, rcuPending: false };
  d.mms[2]!.chain = [slot];
}

/** The slab page of a free anon_vma goes back to the page allocator: the memory is no anon_vma any more. */
export function discard(d: D, slot: number): void {
  d.anonVmas[slot]!.state = 'discarded';
}
