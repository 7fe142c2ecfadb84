import type { KnobSpecs } from '../../src/index.ts';

/** Design choices of the anon_vma lifetime and its lockless rmap reader; the proposal is mainline's. */
export type AnonKnobs = {
  /** `folio_get_anon_vma` checks `folio_mapped` before dereferencing folio->mapping. */
  readonly mappedCheck: boolean;
  /** ...and re-checks it after `atomic_inc_not_zero` (the object may be another anon_vma now). */
  readonly mappedRecheck: boolean;
  /** `anon_vma_cachep` is SLAB_TYPESAFE_BY_RCU: slab pages go back only after a grace period. */
  readonly typesafeCache: boolean;
  /** `anon_vma_fork` takes `get_anon_vma(root)` for the child. */
  readonly rootRef: boolean;
  /** `__put_anon_vma` frees the anon_vma before dropping its root's reference, or (pre-2014) after. */
  readonly putOrder: 'child-first' | 'root-first';
};

export const anonKnobs: KnobSpecs<AnonKnobs> = {
  mappedCheck: { values: [true, false], proposal: true, meaning: 'folio_get_anon_vma checks folio_mapped before touching folio->mapping\'s anon_vma' },
  mappedRecheck: { values: [true, false], proposal: true, meaning: 'folio_get_anon_vma re-checks folio_mapped after atomic_inc_not_zero' },
  typesafeCache: { values: [true, false], proposal: true, meaning: 'anon_vma_cachep is SLAB_TYPESAFE_BY_RCU (slab pages freed after a grace period)' },
  rootRef: { values: [true, false], proposal: true, meaning: 'anon_vma_fork pins the root: get_anon_vma(anon_vma->root)' },
  putOrder: {
    values: ['child-first', 'root-first'],
    proposal: 'child-first',
    meaning: '__put_anon_vma: anon_vma_free(anon_vma) before the root\'s put (mainline since 2014)',
  },
};
