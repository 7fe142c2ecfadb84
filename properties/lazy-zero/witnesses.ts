import type { SometimesProperty } from '../../src/index.ts';
import type { LazyZeroKnobs } from '../../models/lazy-zero/knobs.ts';
import type { LazyZeroState } from '../../models/lazy-zero/state.ts';

type Witness = SometimesProperty<LazyZeroState, LazyZeroKnobs>;

export const lazyZeroWitnesses: Witness[] = [
  { kind: 'sometimes', name: 'pmd-remapped', meaning: 'the lazily zeroed folio was re-mapped by one PMD', reached: (s) => s.seen.remapped },
  {
    kind: 'sometimes',
    name: 'both-cpus-fault-one-page',
    meaning: 'both CPUs are in the protnone fault of the same subpage',
    reached: (s) => {
      const [a, b] = s.cpus;
      return a !== undefined && b !== undefined && a.pc !== 'idle' && b.pc !== 'idle' && a.vpage === b.vpage;
    },
  },
  { kind: 'sometimes', name: 'fault-race-backed-off', meaning: "a fault found under the lock that another CPU or the remap had mapped the subpage", reached: (s) => s.seen.raceBackedOff },
  { kind: 'sometimes', name: 'split-for-access-detection', meaning: 'a PMD-mapped folio was PTE-mapped again to detect sub-page access', reached: (s) => s.seen.split },
  { kind: 'sometimes', name: 'sub-page-access-detected', meaning: 'a protnone fault on a zeroed subpage recorded an access without zeroing', reached: (s) => s.seen.accessDetected },
  { kind: 'sometimes', name: 'read-own-store', meaning: 'a load returned the process\'s own earlier store', reached: (s) => s.seen.readOwnWrite },
];
