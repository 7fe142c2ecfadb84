import type { KnobSpecs } from '../../src/index.ts';

export type VmemmapKnobs = {
  /** HugeTLB Vmemmap Optimization: off, keep 2 vmemmap pages (tails share page 1), keep 1 (share the head page). */
  readonly hvo: 'keep1' | 'keep2' | 'off';
  /** HVO optimise and restore call `synchronize_rcu()` before remapping (bd225530a4c7). */
  readonly syncRcu: boolean;
  /** HVO acts only on a folio whose refcount is frozen at 0. */
  readonly requireFrozen: boolean;
  /** `compound_head()` resolves fake heads (`page_fixed_fake_head`). */
  readonly fakeHeadFixup: boolean;
  /** Dissolve keeps the HugeTLB folio intact when the vmemmap cannot be allocated back. */
  readonly rollbackOnEnomem: boolean;
  /** Device-DAX writes per-page state (`page->index`) into deduplicated tail struct pages. */
  readonly devdaxPerPageState: boolean;
};

export const vmemmapKnobs: KnobSpecs<VmemmapKnobs> = {
  hvo: { values: ['keep1', 'keep2', 'off'], proposal: 'keep1', meaning: 'vmemmap pages HVO keeps per huge page' },
  syncRcu: { values: [true, false], proposal: true, meaning: 'synchronize_rcu() before the vmemmap remap' },
  requireFrozen: { values: [true, false], proposal: true, meaning: 'HVO only on a frozen (refcount 0) folio' },
  fakeHeadFixup: { values: [true, false], proposal: true, meaning: 'compound_head() fixes up fake heads' },
  rollbackOnEnomem: { values: [true, false], proposal: true, meaning: 'dissolve rolls back when restore fails' },
  devdaxPerPageState: { values: [false, true], proposal: false, meaning: 'device-DAX writes per-page state into shared tails' },
};
