import type { SometimesProperty } from '../../src/index.ts';
import type { LookupKnobs } from '../../models/rcu-lookup/knobs.ts';
import type { LookupState } from '../../models/rcu-lookup/state.ts';

export const lookupWitnesses: SometimesProperty<LookupState, LookupKnobs>[] = [
  {
    kind: 'sometimes',
    name: 'recheck-recovers',
    meaning: 'a reader got a freed-and-reused descriptor, failed the re-check, put it and retried',
    reached: (s) => s.seen.recheckFailed,
  },
  { kind: 'sometimes', name: 'reader-frees', meaning: "a reader's folio_put was the last and freed the folio", reached: (s) => s.seen.readerFreed },
  {
    kind: 'sometimes',
    name: 'memory-changes-type',
    meaning: 'folio-cache memory became a page-table descriptor',
    reached: (s) => s.descriptors.some((d) => d.kind === 'pagetable'),
  },
];
