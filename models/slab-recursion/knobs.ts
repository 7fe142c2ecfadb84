import type { KnobSpecs } from '../../src/index.ts';

export type SlabKnobs = {
  /** A slab of the slab cache keeps its own descriptor in its page (`sizeof(*slab) == size`). */
  readonly selfEmbed: boolean;
  /** A slab whose only allocated object is its own descriptor counts as empty and is released. */
  readonly selfOnlyIsFree: boolean;
  /** `folio_alloc` frees the descriptor object when the page allocation fails. */
  readonly freeDescOnFailure: boolean;
  /** Releasing a slab frees its external descriptor object too. */
  readonly releaseFreesDescriptor: boolean;
  /** Where `slab_init` puts an embedded descriptor in its page: 0, or 8 bytes in (unaligned). */
  readonly embeddedOffset: 0 | 8;
};

export const slabKnobs: KnobSpecs<SlabKnobs> = {
  selfEmbed: { values: [true, false], proposal: true, meaning: 'slab-cache slabs embed their own descriptor' },
  selfOnlyIsFree: { values: [true, false], proposal: true, meaning: 'a slab holding only itself is released' },
  freeDescOnFailure: { values: [true, false], proposal: true, meaning: 'folio_alloc frees the descriptor if page_alloc fails' },
  releaseFreesDescriptor: { values: [true, false], proposal: true, meaning: 'releasing a slab frees its descriptor object' },
  embeddedOffset: { values: [0, 8], proposal: 0, meaning: 'byte offset of an embedded slab descriptor in its page' },
};
