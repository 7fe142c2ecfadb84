import type { Property } from '../../src/index.ts';
import type { SlabAction } from '../../models/slab-recursion/actions.ts';
import type { SlabKnobs } from '../../models/slab-recursion/knobs.ts';
import type { AllocationState } from '../../models/slab-recursion/state.ts';
import { conservation, memdescDecodes, selfOnlyReleased } from './ownership.ts';
import { failureAtomic, termination } from './termination.ts';

/** The slab-recursion model's properties in checking order: the first broken one is reported. */
export const slabRecursionProperties: readonly Property<AllocationState, SlabAction, SlabKnobs>[] = [
  termination,
  failureAtomic,
  memdescDecodes,
  selfOnlyReleased,
  conservation,
  { kind: 'sometimes', name: 'full-round', meaning: 'a folio_alloc needed a new folio slab that needed a new slab-cache slab', reached: (s) => s.seen.deepest >= 5 },
  { kind: 'sometimes', name: 'oom-at-deepest', meaning: 'page_alloc failed in the deepest frame', reached: (s) => s.seen.oomAtDeepest },
];
