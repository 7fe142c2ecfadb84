import type { Property } from '../../src/index.ts';
import type { LazyZeroAction } from '../../models/lazy-zero/actions.ts';
import type { LazyZeroKnobs } from '../../models/lazy-zero/knobs.ts';
import type { LazyZeroState } from '../../models/lazy-zero/state.ts';
import { noLostWrite, noStaleDataExposed, zeroOnlyInaccessible } from './data.ts';
import { countsExact, pmdOnlyWhenZeroed } from './mapping.ts';
import { lazyZeroWitnesses } from './witnesses.ts';

/** The lazy-zero model's properties in checking order: the first broken one is reported. */
export const lazyZeroProperties: readonly Property<LazyZeroState, LazyZeroAction, LazyZeroKnobs>[] = [
  // an early PMD remap also exposes old data, and pmd-only-when-zeroed is the rule it breaks
  pmdOnlyWhenZeroed,
  noStaleDataExposed,
  zeroOnlyInaccessible,
  noLostWrite,
  countsExact,
  ...lazyZeroWitnesses,
];
