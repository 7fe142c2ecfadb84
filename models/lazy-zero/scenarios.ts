import type { Scenario } from '../../src/index.ts';
import type { LazyZeroAction } from './actions.ts';
import type { LazyZeroKnobs } from './knobs.ts';
import type { LazyZeroState } from './state.ts';
import { VPAGES } from './state.ts';

type LazyZeroScenario = Scenario<LazyZeroState, LazyZeroAction, LazyZeroKnobs>;

const store = (vpage: number, cpu = 0) => ({ kind: 'access', cpu, vpage, access: 'write' }) as const;
const load = (vpage: number, cpu = 0) => ({ kind: 'access', cpu, vpage, access: 'read' }) as const;
const handle = (cpu = 0) => ({ kind: 'handleFault', cpu }) as const;
/** Touch every subpage once (each a protnone fault), then re-map by PMD. */
const zeroAllThenRemap: LazyZeroAction[] = [...VPAGES.flatMap((v) => [store(v), handle()]), { kind: 'remapByPmd' }];

export const lazyZeroScenarios: LazyZeroScenario[] = [
  {
    name: 'zero-all-then-pmd',
    meaning: 'touch each subpage (zeroed on first touch), then one PMD replaces the PTE table',
    steps: zeroAllThenRemap,
    expect: {
      kind: 'final',
      meaning: 'PMD-mapped, mapcount 1, refcount 1, every subpage holds CPU0\'s store',
      check: (s) => {
        if (s.pmd.kind !== 'huge') return `PMD is ${s.pmd.kind}`;
        if (s.folio.mapcount !== 1 || s.folio.refcount !== 1) return `mapcount ${s.folio.mapcount}, refcount ${s.folio.refcount}`;
        return s.folio.data.every((d) => d === 'written-by-cpu0') ? undefined : `data ${s.folio.data.join(', ')}`;
      },
    },
  },
  {
    name: 'access-detection-keeps-data',
    meaning: 'after the PMD remap, PTE-map for access detection; a touch is recorded and reads the old store',
    steps: [...zeroAllThenRemap, { kind: 'splitForAccess' }, load(2, 1), handle(1), load(2, 1)],
    expect: {
      kind: 'final',
      meaning: 'only page 2 is present again, and the read saw CPU0\'s store',
      check: (s) => {
        if (s.pmd.kind !== 'ptes') return `PMD is ${s.pmd.kind}`;
        const present = s.pmd.ptes.flatMap((p, v) => (p === 'present' ? [v] : []));
        if (present.join() !== '2') return `present PTEs: ${present.join(', ')}`;
        return s.seen.accessDetected && s.seen.readOwnWrite ? undefined : 'no access detected or no read of the store';
      },
    },
  },
  {
    name: 'two-cpus-fault-one-page',
    meaning: 'both CPUs fault on page 0; the second finds it mapped under the lock and retries',
    steps: [store(0, 0), load(0, 1), handle(0), handle(1), load(0, 1)],
    expect: {
      kind: 'final',
      meaning: 'page 0 zeroed once, CPU1 read CPU0\'s store',
      check: (s) => (s.clears === 1 && s.seen.raceBackedOff && s.seen.readOwnWrite ? undefined : `${s.clears} clears`),
    },
  },
  {
    name: 'zero-without-recheck-race',
    meaning: 'the same race without the re-check: CPU1 zeroes page 0 after CPU0 mapped it and stored',
    variant: 'zero-without-recheck',
    steps: [store(0, 0), load(0, 1), handle(0), handle(1)],
    expect: { kind: 'violates', property: 'zero-only-inaccessible', atStep: 4 },
  },
];
