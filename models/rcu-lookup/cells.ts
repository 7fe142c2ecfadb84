import type { CoverageCell } from '../../src/index.ts';
import type { LookupAction } from './actions.ts';
import type { LookupKnobs } from './knobs.ts';
import type { LookupState } from './state.ts';

/** The situations docs/models/rcu-lookup.md argues about, counted by check and explore. */
export const rcuLookupCells: readonly CoverageCell<LookupState, LookupAction, LookupKnobs>[] = [
  {
    kind: 'step',
    name: 'try-get-on-frozen',
    meaning: "a reader's folio_try_get met a folio reclaim had frozen (refcount 0) and retried",
    hit: (before, action) => {
      if (action.kind !== 'tryGet') return false;
      const desc = before.descriptors[before.readers[action.reader]!.ptr!]!;
      return desc.kind === 'folio' && desc.count === 0;
    },
  },
  {
    kind: 'step',
    name: 'try-get-on-freed',
    meaning: "a reader's folio_try_get met a descriptor freed since xas_load (kmem_cache_free'd, refcount 0)",
    hit: (before, action) => action.kind === 'tryGet' && before.descriptors[before.readers[action.reader]!.ptr!]!.kind === 'free',
  },
  {
    kind: 'step',
    name: 'descriptor-reused-under-reader',
    meaning: 'filemap_add_folio took a descriptor a reader had loaded without a reference (the ABA xas_reload is for)',
    hit: (before, action) => action.kind === 'allocFolio' && before.readers.some((r) => r.pc === 'loaded' && r.ptr === action.obj),
  },
  {
    kind: 'step',
    name: 'recheck-failed',
    meaning: 'xas_reload found another entry at the index after folio_try_get: folio_put and retry',
    hit: (_before, action, after) => action.kind === 'recheck' && after.readers[action.reader]!.pc === 'locked',
  },
  {
    kind: 'step',
    name: 'slab-page-released-in-section',
    meaning: 'rcu_free_slab released a folio-cache slab page while a reader was inside rcu_read_lock()',
    hit: (before, action) => action.kind === 'slabPageFree' && before.rcu.some((r) => r.inside),
  },
];
