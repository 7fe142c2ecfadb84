import type { KnobSpecs } from '../../src/index.ts';

/** Design choices of the lockless lookup under the memdesc plan; the proposal is the seed's. */
export type LookupKnobs = {
  readonly readers: 1 | 2;
  /** The folio descriptor cache is SLAB_TYPESAFE_BY_RCU. */
  readonly typesafeByRcu: boolean;
  /** A typesafe cache returns an empty slab page only after a grace period. */
  readonly slabFreeWaitsForGp: boolean;
  /** `folio_try_get` is increment-unless-zero, or a plain increment. */
  readonly tryGet: 'unless-zero' | 'plain';
  /** The reader re-checks the entry (`xas_reload`) after taking the reference. */
  readonly recheck: boolean;
  /** Reclaim keeps the folio frozen until it is out of the page cache (`__remove_mapping`). */
  readonly reclaimUnfreezesEarly: boolean;
  /** Descriptor object size: 64 keeps 16-byte alignment, 72 gives 8-byte alignment. */
  readonly objectSize: 64 | 72;
};

export const lookupKnobs: KnobSpecs<LookupKnobs> = {
  readers: { values: [1, 2], proposal: 1, meaning: 'lockless filemap_get_entry readers' },
  typesafeByRcu: { values: [true, false], proposal: true, meaning: 'folio descriptors come from a SLAB_TYPESAFE_BY_RCU cache' },
  slabFreeWaitsForGp: { values: [true, false], proposal: true, meaning: 'an empty typesafe slab page is freed after a grace period' },
  tryGet: { values: ['unless-zero', 'plain'], proposal: 'unless-zero', meaning: 'folio_try_get increments unless zero' },
  recheck: { values: [true, false], proposal: true, meaning: 'xas_reload re-checks the entry after folio_try_get' },
  reclaimUnfreezesEarly: { values: [false, true], proposal: false, meaning: 'reclaim unfreezes before the entry is removed' },
  objectSize: { values: [64, 72], proposal: 64, meaning: 'bytes per descriptor object (alignment of memdesc pointers)' },
};
