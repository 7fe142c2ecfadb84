import { defineModel, violates } from '../../src/index.ts';
import { slabRecursionCoordinates } from './coordinates.ts';
import { describeSlabAction, slabActions, slabGuards, slabTransitions, type SlabAction } from './actions.ts';
import { slabRecursionCells } from './cells.ts';
import { slabKnobs, type SlabKnobs } from './knobs.ts';
import { initAllocationState, type AllocationState } from './state.ts';

export const slabRecursionModel = defineModel<AllocationState, SlabAction, SlabKnobs>({
  name: 'slab-recursion',
  title: 'folio_alloc / slab_alloc mutual recursion under memdescs: termination, atomicity, ownership',
  scale: '6 pages, slabs of 4 objects for the folio, slab and kmalloc caches; real: millions of pages, tens of objects a slab',
  knobs: slabKnobs,
  variants: [
    { name: 'proposal', meaning: 'slab descriptors embed themselves; self-only slabs are free', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'no-self-embed',
      meaning: 'slab descriptors always come from the slab cache: the recursion never stops',
      knobs: { selfEmbed: false },
      expect: violates('termination', 8),
    },
    {
      name: 'self-only-leaks',
      meaning: 'a slab whose only object is its own descriptor is not treated as free',
      knobs: { selfOnlyIsFree: false },
      // the unreleased self-only slab also stays behind when the allocation that made it fails
      expect: violates(['self-only-released', 'failure-atomic'], 13),
    },
    {
      name: 'desc-leak-on-failure',
      meaning: 'folio_alloc does not free the descriptor when page_alloc_desc fails',
      knobs: { freeDescOnFailure: false },
      expect: violates('failure-atomic', 13),
    },
    {
      name: 'release-keeps-descriptor',
      meaning: 'releasing a slab forgets to free its descriptor object',
      knobs: { releaseFreesDescriptor: false },
      // the kept descriptor also stays behind when a failing allocation releases its slab
      expect: violates(['conservation', 'failure-atomic'], 13),
    },
    {
      name: 'unaligned-embedded-descriptor',
      meaning: 'slab_init puts the embedded descriptor 8 bytes into the page: the tag corrupts it',
      knobs: { embeddedOffset: 8 },
      expect: violates('memdesc-decodes', 8),
    },
  ],
  budget: { runs: 2000, maxSteps: 40 },
  init: () => initAllocationState(),
  actions: () => slabActions(),
  guards: slabGuards,
  transitions: slabTransitions,
  describe: describeSlabAction,
  coordinates: slabRecursionCoordinates,
  cells: slabRecursionCells,
  // ghost: witness events, and what termination and failure atomicity compare against
  bookkeeping: ['seen', 'current.steps', 'current.before'],
});
