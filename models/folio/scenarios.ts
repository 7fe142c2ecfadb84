import type { Scenario } from '../../src/index.ts';
import type { FolioAction } from './actions.ts';
import { cowSelftestScenarios } from './cowSelftest.ts';
import type { FolioKnobs } from './knobs.ts';
import type { FolioState } from './state.ts';

const fault = { kind: 'anonFault', proc: 0, vpage: 0 } as const;
const parentWrites = { kind: 'write', proc: 0, vpage: 0 } as const;
/** The CVE-2020-29374 sequence: fork, R/O FOLL_GET in the child, child unmaps, parent writes. */
const vmspliceUnmapInChild: FolioAction[] = [
  fault,
  { kind: 'fork' },
  { kind: 'get', proc: 1, vpage: 0 },
  { kind: 'dontneed', proc: 1, vpage: 0 },
  parentWrites,
];

/** cow.c-style cases as fixed sequences with their expected outcome. */
export const folioScenarios: Scenario<FolioState, FolioAction, FolioKnobs>[] = [
  {
    name: 'pin-fork-parent-writes',
    meaning: 'pin, fork, parent writes: the pinned page was copied for the child, the pin stays coherent',
    steps: [fault, { kind: 'gup', proc: 0, vpage: 0, flavor: 'pin-rw' }, { kind: 'fork' }, parentWrites],
    expect: {
      kind: 'final',
      meaning: 'P0 still maps the pinned page and P1 has its own copy',
      check: (s) => {
        const g = s.gups[0]!;
        const [p0, p1] = [s.processes[0]!.vpages[0]!.pte, s.processes[1]!.vpages[0]!.pte];
        if (g.kind !== 'held' || p0?.folio !== g.folio) return 'P0 no longer maps its pinned page';
        return p1?.folio === g.folio ? 'P1 shares the pinned page' : undefined;
      },
    },
  },
  {
    name: 'vmsplice-unmap-in-child',
    meaning: 'CVE-2020-29374: child takes a R/O FOLL_GET (vmsplice), unmaps, parent writes and reuses',
    variant: 'reuse-by-mapcount',
    steps: vmspliceUnmapInChild,
    expect: { kind: 'violates', property: 'no-private-write-leak', atStep: 5 },
  },
  {
    name: 'vmsplice-unmap-in-child-fixed',
    meaning: 'the same sequence today: the page is not exclusive, so the parent copies on write',
    steps: vmspliceUnmapInChild,
    expect: {
      kind: 'final',
      meaning: "the child's GET reference still holds the pre-fork page, the parent writes its own copy",
      check: (s) => {
        const g = s.gups[0]!;
        return g.kind === 'held' && s.processes[0]!.vpages[0]!.pte?.folio === g.folio ? 'the parent wrote into the page the child holds' : undefined;
      },
    },
  },
  {
    name: 'ro-pin-of-shared-page-unshares',
    meaning: 'after fork a R/O pin in the parent unshares the page first; the child keeps the old one',
    steps: [fault, { kind: 'fork' }, { kind: 'gup', proc: 0, vpage: 0, flavor: 'pin-ro' }, { kind: 'write', proc: 1, vpage: 0 }],
    expect: {
      kind: 'final',
      meaning: 'parent and child map different folios and the parent pin is on an exclusive page',
      check: (s) => {
        const [p0, p1] = [s.processes[0]!.vpages[0]!.pte, s.processes[1]!.vpages[0]!.pte];
        if (p0 === null || p1 === null) return 'a page is not mapped';
        if (p0.folio === p1.folio) return `both map folio ${p0.folio}`;
        return s.folios[p0.folio]!.pages[p0.page]!.exclusive ? undefined : 'the pinned page is not exclusive';
      },
    },
  },
  {
    name: 'longterm-pin-migrates',
    meaning: 'FOLL_LONGTERM on a ZONE_MOVABLE page migrates it to ZONE_NORMAL before pinning',
    steps: [fault, { kind: 'gup', proc: 0, vpage: 0, flavor: 'longterm' }],
    expect: {
      kind: 'final',
      meaning: 'the pin and the mapping are on a ZONE_NORMAL folio',
      check: (s) => {
        const pte = s.processes[0]!.vpages[0]!.pte;
        return pte && s.folios[pte.folio]!.zone === 'normal' ? undefined : 'the page is still in ZONE_MOVABLE';
      },
    },
  },
  ...cowSelftestScenarios,
];
