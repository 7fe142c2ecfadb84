import type { Scenario } from '../../src/index.ts';
import type { LookupAction } from './actions.ts';
import type { LookupKnobs } from './knobs.ts';
import type { LookupState } from './state.ts';

/** Reader 0 loads desc 0 for index 0; truncate frees both folios; index 1 reuses desc 0. */
const raceToReuse: LookupAction[] = [
  { kind: 'rcuLock', reader: 0 },
  { kind: 'load', reader: 0 },
  { kind: 'truncateRemove', index: 0 },
  { kind: 'truncatePut' },
  { kind: 'truncateRemove', index: 1 },
  { kind: 'truncatePut' },
  { kind: 'allocFolio', obj: 0, index: 1 },
  { kind: 'tryGet', reader: 0 },
  { kind: 'recheck', reader: 0 },
];

/** The reuse race as fixed interleavings. */
export const lookupScenarios: Scenario<LookupState, LookupAction, LookupKnobs>[] = [
  {
    name: 'reused-descriptor-recheck-recovers',
    meaning: 'truncate frees desc 0 and index 1 reuses it; the reader gets it, the re-check fails, it retries',
    steps: [...raceToReuse, { kind: 'load', reader: 0 }],
    expect: {
      kind: 'final',
      meaning: 'the reader is back at the top with no reference and the lookup finds nothing at index 0',
      check: (s) => (s.readers[0]!.pc === 'put' && s.descriptors[0]!.count === 1 ? undefined : `reader ${s.readers[0]!.pc}, desc 0 count ${s.descriptors[0]!.count}`),
    },
  },
  {
    name: 'no-recheck-returns-wrong-folio',
    meaning: 'without xas_reload the same race returns the folio of index 1 for index 0',
    variant: 'no-recheck',
    steps: raceToReuse,
    expect: { kind: 'violates', property: 'lookup-identity', atStep: 9 },
  },
];
