import type { CoverageCell, Immutable } from '../../src/index.ts';
import type { SlabAction } from './actions.ts';
import type { SlabKnobs } from './knobs.ts';
import type { AllocationState, Frame } from './state.ts';

const top = (s: Immutable<AllocationState>): Immutable<Frame> | undefined => s.stack.at(-1);

/** The situations docs/models/slab-recursion.md argues about, counted by check and explore. */
export const slabRecursionCells: readonly CoverageCell<AllocationState, SlabAction, SlabKnobs>[] = [
  {
    kind: 'step',
    name: 'folio-desc-needs-slab',
    meaning: 'folio_alloc -> kmem_cache_alloc(folio_cache) found no free object and recursed into slab_alloc(folio)',
    hit: (_before, action, after) => {
      const f = top(after);
      return action.kind === 'step' && after.stack[0]?.fn === 'folio_alloc' && f?.fn === 'slab_alloc' && f.cache === 'folio' && f.pc === 'start';
    },
  },
  {
    kind: 'step',
    name: 'full-round',
    meaning: "a folio_alloc five frames deep: the folio slab's descriptor needed a new slab-cache slab",
    hit: (_before, action, after) => action.kind === 'step' && after.stack.length === 5 && after.stack[0]?.fn === 'folio_alloc',
  },
  {
    kind: 'step',
    name: 'oom-mid-recursion',
    meaning: 'page_alloc() failed inside a nested slab_alloc (3 or more frames deep): the failure unwinds through the callers',
    hit: (before, action) => action.kind === 'stepPageAllocFails' && before.stack.length >= 3,
  },
  {
    kind: 'step',
    name: 'oom-after-descriptor',
    meaning: 'page_alloc_desc() failed after folio_alloc took its descriptor: the descriptor must go back',
    hit: (before, action) => {
      const f = top(before);
      return action.kind === 'stepPageAllocFails' && f?.fn === 'folio_alloc' && f.pc === 'desc';
    },
  },
  {
    kind: 'step',
    name: 'self-only-slab-released',
    meaning: 'a free left a slab holding only its own embedded descriptor, and slab released it',
    hit: (before, _action, after) => before.slabs.some((slab, page) => slab?.descriptor.kind === 'self' && after.slabs[page] === undefined),
  },
];
