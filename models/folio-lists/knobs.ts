import type { KnobSpecs } from '../../src/index.ts';

/** Design choices of the folio lists and their walkers; the proposal is mainline's. */
export type FolioListsKnobs = {
  /** The free path takes the folio off the deferred split queue (`folio_unqueue_deferred_split`). */
  readonly freeUnqueues: boolean;
  /** ... and does so under `split_queue_lock`. */
  readonly unqueueLocked: boolean;
  /** Migration freezes the refcount before unqueueing (be9581ea8c05), or only compares it. */
  readonly migrateFreezes: boolean;
  /** The LRU walker takes `folio_try_get`, or a plain `folio_get`. */
  readonly lruGet: 'try' | 'plain';
};

export const folioListsKnobs: KnobSpecs<FolioListsKnobs> = {
  freeUnqueues: { values: [true, false], proposal: true, meaning: 'freeing a large folio removes it from the deferred split queue' },
  unqueueLocked: { values: [true, false], proposal: true, meaning: 'that removal takes split_queue_lock' },
  migrateFreezes: { values: [true, false], proposal: true, meaning: 'migration freezes the refcount (folio_ref_freeze) before taking the folio off the queue' },
  lruGet: { values: ['try', 'plain'], proposal: 'try', meaning: 'isolate_lru_folios takes its reference with folio_try_get' },
};
