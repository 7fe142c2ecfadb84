import type { Scenario } from '../../src/index.ts';
import type { CollapseAction } from './actions.ts';
import type { CollapseKnobs } from './knobs.ts';
import { pageFolio, readAt, sameData, VPAGES, type CollapseState } from './state.ts';

type CollapseScenario = Scenario<CollapseState, CollapseAction, CollapseKnobs>;

const gupFastStep: CollapseAction = { kind: 'gupFastStep' };
const forkStep: CollapseAction = { kind: 'forkStep' };
/** GUP-fast loaded P0's PMD (PTE table 0) when MADV_DONTNEED of the range frees that table. */
const zapUnderWalker: CollapseAction[] = [{ kind: 'mprotect', proc: 0 }, { kind: 'gupFast', vpage: 1 }, { kind: 'zapRange', proc: 0 }];
/** A pinned THP, MADV_DONTFORK on page 0, fork copies pages 1-3 one by one; T1 stores in between. */
const tornFork: CollapseAction[] = [
  { kind: 'gup', proc: 0, vpage: 0, flavor: 'pin' },
  { kind: 'fork', dontfork: 0 },
  forkStep,
  { kind: 'write', proc: 0, vpage: 1 },
  forkStep,
  { kind: 'write', proc: 0, vpage: 3 },
  forkStep,
];

export const tableScenarios: CollapseScenario[] = [
  {
    name: 'pt-reclaim-waits-for-walker',
    meaning: 'MADV_DONTNEED frees the table GUP-fast walks by tlb_remove_table: the grace period waits for the walker',
    steps: [...zapUnderWalker, gupFastStep, { kind: 'rcuGracePeriod' }],
    expect: {
      kind: 'final',
      meaning: 'GUP-fast read an empty PTE and fell back; only then did table 0 go back to the page allocator',
      check: (s) => {
        if (!s.seen.tableDeferredForWalker) return 'the table never waited for the walker';
        if (s.gupFast.pc !== 'idle' || s.gups[2]!.kind !== 'none') return 'GUP-fast still holds something';
        return s.tables[0]!.use === 'free' ? undefined : `table 0 is ${s.tables[0]!.use}`;
      },
    },
  },
  {
    name: 'pt-reclaim-frees-under-walker',
    meaning: 'the same with pte_free: the walker holds a pointer into a freed page',
    variant: 'pt-reclaim-without-rcu',
    steps: zapUnderWalker,
    expect: { kind: 'violates', property: 'walker-table-live', atStep: 3 },
  },
];

export const forkScenarios: CollapseScenario[] = [
  {
    name: 'fork-gup-fast-retries',
    meaning: 'GUP-fast began before fork, pins the THP after fork shared it: write_protect_seq changed, it unpins and falls back',
    steps: [{ kind: 'gupFast', vpage: 0 }, { kind: 'fork' }, forkStep, gupFastStep, gupFastStep, gupFastStep],
    expect: {
      kind: 'final',
      meaning: 'no pin is held, the THP is shared read-only by both processes',
      check: (s) => {
        if (!s.seen.gupFastRetriedForFork) return 'GUP-fast did not retry';
        if (s.gups[2]!.kind !== 'none') return 'GUP-fast holds a pin';
        const f = s.folios[0]!;
        return f.pincount === 0 && f.mapcount === 2 ? undefined : `folio 0: _pincount ${f.pincount}, mapcount ${f.mapcount}`;
      },
    },
  },
  {
    name: 'fork-gup-fast-pins-shared',
    meaning: 'without the seqcount GUP-fast pins the THP fork has just shared with the child',
    variant: 'gup-fast-ignores-fork-seq',
    steps: [{ kind: 'fork' }, { kind: 'gupFast', vpage: 0 }, forkStep, gupFastStep, gupFastStep, gupFastStep],
    expect: { kind: 'violates', property: 'pinned-anon-exclusive', atStep: 6 },
  },
  {
    name: 'fork-snapshot-coherent',
    meaning: 'T1 stores while fork copies pinned pages: a page already copied is write-protected (a store would wait), the child sees one instant',
    steps: [
      { kind: 'gup', proc: 0, vpage: 0, flavor: 'pin' },
      { kind: 'fork', dontfork: 0 },
      forkStep,
      { kind: 'write', proc: 0, vpage: 3 },
      forkStep,
      forkStep,
      { kind: 'write', proc: 0, vpage: 1 },
    ],
    expect: {
      kind: 'final',
      meaning: "P1 reads what P0 held when fork returned; P0's later store to vpage 1 is its own",
      check: (s) => {
        if (!s.processes[1]!.alive) return 'fork did not return';
        const p0 = s.processes[0]!;
        const stale = VPAGES.filter((v) => v !== 0 && v !== 1 && !sameData(readAt(s, 1, v), p0.view[v]!));
        if (stale.length > 0 || !s.seen.storeDuringFork) return `P1 differs from P0 at vpages ${stale.join(', ')}`;
        // the store after fork faulted and reused the exclusive page: the pin on folio 0 still sees it
        const pte = s.tables[0]!.ptes[1]!;
        return pte.kind === 'present' && pte.pfn === 1 && pageFolio(s, 1) === 0 && pte.writable ? undefined : 'P0 no longer maps folio 0 at vpage 1';
      },
    },
  },
  {
    name: 'fork-torn-snapshot',
    meaning: "copy_present_page leaves the parent's PTE writable: T1's store to a copied page, then to a later one, tears the child's view",
    variant: 'fork-copy-leaves-writable',
    steps: tornFork,
    expect: { kind: 'violates', property: 'fork-snapshot', atStep: 7 },
  },
];
