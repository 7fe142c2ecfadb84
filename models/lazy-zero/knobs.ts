import type { KnobSpecs } from '../../src/index.ts';

/** The design choices of lazily zeroed, PTE-mapped PMD-size folios (seed 003). */
export type LazyZeroKnobs = {
  /** When the PTE table is replaced by one PMD: only once every subpage is zeroed, or any time. */
  readonly remapWhen: 'all-zeroed' | 'any-time';
  /** The protnone fault zeroes then makes the PTE present, or makes it present then zeroes. */
  readonly zeroOrder: 'zero-then-map' | 'map-then-zero';
  /** After taking the folio lock, the handler re-checks the PTE and the zeroed state it saw unlocked. */
  readonly faultRecheck: boolean;
  /**
   * How the handler tells a not-yet-zeroed subpage from one made protnone to detect access: a
   * per-subpage zeroed bitmap, or "protnone means unzeroed".
   */
  readonly zeroedState: 'bitmap' | 'protnone';
  /** The PMD remap turns N PTE mappings into 1: mapcount and refcount drop by N-1, or refcount is left. */
  readonly remapAccounting: 'exact' | 'keep-pte-refs';
};

export const lazyZeroKnobs: KnobSpecs<LazyZeroKnobs> = {
  remapWhen: { values: ['all-zeroed', 'any-time'], proposal: 'all-zeroed', meaning: 'when the PTE-mapped folio is re-mapped by a PMD' },
  zeroOrder: { values: ['zero-then-map', 'map-then-zero'], proposal: 'zero-then-map', meaning: 'order of clear_highpage and the PTE update' },
  faultRecheck: { values: [true, false], proposal: true, meaning: 'the fault re-checks PTE and zeroed state under the folio lock' },
  zeroedState: { values: ['bitmap', 'protnone'], proposal: 'bitmap', meaning: 'what tells an unzeroed subpage from an access-tracking one' },
  remapAccounting: { values: ['exact', 'keep-pte-refs'], proposal: 'exact', meaning: 'refcount on the PTE -> PMD remap' },
};
