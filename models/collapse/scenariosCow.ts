import type { Immutable, Scenario } from '../../src/index.ts';
import type { CollapseAction } from './actions.ts';
import type { CollapseKnobs } from './knobs.ts';
import { showData, VPAGES, type CollapseState } from './state.ts';

type CollapseScenario = Scenario<CollapseState, CollapseAction, CollapseKnobs>;
type S = Immutable<CollapseState>;

/**
 * tools/testing/selftests/mm/cow.c's "anon THP collapse" cases, at this model's scale (a PMD
 * of 4 pages): the THP is PTE-mapped by mprotect of one subpage and back, fork shares it (all
 * of it, or all but a page P0 set MADV_DONTFORK on), P0 collapses it by MADV_COLLAPSE before or
 * after fork, then writes every page; the child must still read what the range held at fork.
 */

const step: CollapseAction = { kind: 'khugepagedStep' };
const forkStep: CollapseAction = { kind: 'forkStep' };
/** madvise_collapse of P0's range, through its four steps (flush, isolate, copy, map the PMD). */
const p0Collapse: CollapseAction[] = [{ kind: 'madvCollapse', proc: 0 }, step, step, step, step];
const p0WritesAll: CollapseAction[] = VPAGES.map((vpage) => ({ kind: 'write', proc: 0, vpage }));
const forkWith = (dontfork: number | undefined, steps: number): CollapseAction[] => [
  dontfork === undefined ? { kind: 'fork' } : { kind: 'fork', dontfork },
  ...Array.from({ length: steps }, () => forkStep),
];

/**
 * What cow.c's child compares: every page it shares reads as at fork (P0's writes before it,
 * `forks` 0), never a write P0 made after fork. A page left out by MADV_DONTFORK reads zeroes.
 */
function childSawNoLeak(s: S, dontfork: number | undefined): string | undefined {
  if (!s.seen.copyCollapsed) return 'MADV_COLLAPSE did not collapse the range';
  if (s.lastRead?.proc !== 1) return 'the child did not read';
  for (const v of VPAGES) {
    const d = s.lastRead.data[v]!;
    if (v === dontfork) {
      if (d.kind !== 'zero') return `vpage ${v} (not forked) reads ${showData(d)} in the child`;
    } else if (d.kind !== 'written' || d.by !== 0 || d.forks !== 0) {
      return `the child reads ${showData(d)} at vpage ${v}: P0's write after fork leaked`;
    }
  }
  return undefined;
}

const cowCollapse = (name: string, meaning: string, steps: CollapseAction[], dontfork?: number): CollapseScenario => ({
  name,
  meaning,
  steps: [{ kind: 'mprotect', proc: 0 }, ...steps, ...p0WritesAll, { kind: 'read', proc: 1 }],
  expect: {
    kind: 'final',
    meaning: "P0's writes after fork stay P0's: the child reads the range as it was at fork (the kernel's result: pass)",
    check: (s) => childSawNoLeak(s, dontfork),
  },
});

export const cowScenarios: CollapseScenario[] = [
  cowCollapse(
    'cow-collapse-before-fork-pte-thp',
    "cow.c 'COW after fork() when collapsing before fork()': P0 collapses its PTE-mapped THP, fork shares the new PMD, P0 writes",
    [...p0Collapse, ...forkWith(undefined, 2)],
  ),
  cowCollapse(
    'cow-collapse-fully-shared-pte-thp',
    "cow.c '... after fork() (fully shared)': fork shares every PTE, P0 collapses by copying, then writes its new THP",
    [...forkWith(undefined, 4), ...p0Collapse],
  ),
  cowCollapse(
    'cow-collapse-lower-shared-pte-thp',
    "cow.c '... (lower shared)': MADV_DONTFORK on the top page (real: the upper half), fork, MADV_DOFORK, P0 collapses and writes",
    [...forkWith(3, 3), ...p0Collapse],
    3,
  ),
  cowCollapse(
    'cow-collapse-upper-shared-pte-thp',
    "cow.c '... (upper shared)': MADV_DONTFORK on the bottom page (real: the lower half), fork, MADV_DOFORK, P0 collapses and writes",
    [...forkWith(0, 3), ...p0Collapse],
    0,
  ),
  {
    name: 'cow-vmsplice-unmap-child-thp',
    meaning: "cow.c 'vmsplice() + unmap in child': the child takes a read-only FOLL_GET reference to the shared THP, unmaps it, P0 writes",
    steps: [...forkWith(undefined, 2), { kind: 'gup', proc: 1, vpage: 1, flavor: 'get' }, { kind: 'zapRange', proc: 1 }, { kind: 'write', proc: 0, vpage: 1 }],
    expect: {
      kind: 'final',
      meaning: "P0's write fault sees the child's reference and copies: the child's pipe keeps the page as at fork",
      check: (s) => {
        const g = s.gups[0]!;
        if (g.kind !== 'held' || g.owner !== 1) return 'the child holds no reference';
        const d = s.pages[g.pfn]!.data;
        return d.kind === 'written' && d.forks === 0 ? undefined : `the child's reference reads ${showData(d)}`;
      },
    },
  },
  {
    name: 'child-pin-unshares-thp',
    meaning: 'the child pins a page of the THP fork shared (FOLL_PIN | FOLL_WRITE): the write fault copies it for the child, a device writes, P0 writes',
    steps: [...forkWith(undefined, 2), { kind: 'gup', proc: 1, vpage: 2, flavor: 'longterm' }, { kind: 'deviceWrite', slot: 0 }, { kind: 'write', proc: 0, vpage: 2 }, { kind: 'read', proc: 1 }],
    expect: {
      kind: 'final',
      meaning: "the child reads the device write at vpage 2 through its own page; P0's write stays P0's",
      check: (s) => {
        const d = s.lastRead?.proc === 1 ? s.lastRead.data[2] : undefined;
        return d?.kind === 'written' && d.device && d.by === 1 ? undefined : `the child reads ${d ? showData(d) : 'nothing'} at vpage 2`;
      },
    },
  },
  {
    name: 'child-madv-collapse',
    meaning: 'the child PTE-maps the THP it shares with P0, collapses it by MADV_COLLAPSE (a copy into a new THP), then writes',
    steps: [...forkWith(undefined, 2), { kind: 'mprotect', proc: 1 }, { kind: 'madvCollapse', proc: 1 }, step, step, step, step, { kind: 'write', proc: 1, vpage: 0 }, { kind: 'read', proc: 0 }],
    expect: {
      kind: 'final',
      meaning: "P1 maps folio 4 by an exclusive PMD; P0 still maps folio 0 and reads its own data",
      check: (s) => {
        const p1 = s.processes[1]!;
        if (p1.pmd.kind !== 'huge' || p1.pmd.folio !== 4 || !s.pages[4]!.exclusive) return `P1's PMD is ${p1.pmd.kind}`;
        const d = s.lastRead?.proc === 0 ? s.lastRead.data[0] : undefined;
        return d?.kind === 'written' && d.by === 0 && d.forks === 0 ? undefined : `P0 reads ${d ? showData(d) : 'nothing'} at vpage 0`;
      },
    },
  },
  {
    name: 'madv-collapse-remap-leaks',
    meaning: "MADV_COLLAPSE remaps P0's PTE-mapped THP, which the child still maps, as P0's own exclusive writable PMD",
    variant: 'madv-collapse-remaps-shared',
    steps: [...forkWith(undefined, 2), { kind: 'mprotect', proc: 0 }, { kind: 'madvCollapse', proc: 0 }, step, step, step, step],
    expect: { kind: 'violates', property: 'anon-exclusive-sole', atStep: 9 },
  },
];
