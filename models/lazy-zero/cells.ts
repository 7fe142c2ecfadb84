import type { CoverageCell } from '../../src/index.ts';
import type { LazyZeroAction } from './actions.ts';
import type { LazyZeroKnobs } from './knobs.ts';
import type { LazyZeroState } from './state.ts';

/** The situations docs/models/lazy-zero.md argues about, counted by check and explore. */
export const lazyZeroCells: readonly CoverageCell<LazyZeroState, LazyZeroAction, LazyZeroKnobs>[] = [
  {
    kind: 'state',
    name: 'two-cpus-fault-one-subpage',
    meaning: 'both CPUs are inside the protnone fault handler for the same subpage',
    hit: (s) => {
      const [a, b] = s.cpus;
      return a !== undefined && b !== undefined && a.pc !== 'idle' && b.pc !== 'idle' && a.vpage === b.vpage;
    },
  },
  {
    kind: 'step',
    name: 'protect-zeroed-subpage',
    meaning: 'access detection made an already zeroed subpage protnone again',
    hit: (before, action) => action.kind === 'protectForAccess' && before.folio.zeroed[action.vpage] === true,
  },
  {
    kind: 'step',
    name: 'remap-by-pmd',
    meaning: 'the PTE table was replaced by a PMD mapping (the end of lazy zeroing)',
    hit: (before, action, after) => action.kind === 'remapByPmd' && before.pmd.kind === 'ptes' && after.pmd.kind === 'huge',
  },
  {
    kind: 'step',
    name: 'split-after-store',
    meaning: 'a PMD-mapped folio holding user data was split back to PTEs for access detection',
    hit: (before, action) => action.kind === 'splitForAccess' && before.folio.data.some((d) => d.startsWith('written')),
  },
];
