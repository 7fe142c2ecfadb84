import type { SometimesProperty } from '../../src/index.ts';
import type { FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioState } from '../../models/folio/state.ts';

type Witness = SometimesProperty<FolioState, FolioKnobs>;

export const folioWitnesses: Witness[] = [
  { kind: 'sometimes', name: 'cow-happened', meaning: 'a write fault copied a page', reached: (s) => s.seen.cow },
  { kind: 'sometimes', name: 'migration-happened', meaning: 'a folio was migrated', reached: (s) => s.seen.migrated },
  {
    kind: 'sometimes',
    name: 'fork-while-pinned',
    meaning: 'the parent forked while holding a GUP reference',
    reached: (s) => s.seen.forkedWhilePinned,
  },
  {
    kind: 'sometimes',
    name: 'large-folio-pinned',
    meaning: 'a large folio is pinned (_pincount in use)',
    reached: (s) => s.folios.some((f) => f.large && f.pincount > 0),
  },
  {
    kind: 'sometimes',
    name: 'longterm-pin-held',
    meaning: 'a FOLL_LONGTERM pin is held on a ZONE_NORMAL frame',
    reached: (s) => s.gups.some((g) => g.kind === 'held' && g.flavor === 'longterm'),
  },
  {
    kind: 'sometimes',
    name: 'child-holds-get-on-shared',
    meaning: 'the child holds a FOLL_GET on a page the parent still maps (the vmsplice set-up)',
    reached: (s) =>
      s.gups.some((g) => g.kind === 'held' && g.owner === 1 && g.flavor === 'get' && s.processes[0]!.vpages.some((v) => v.pte?.folio === g.folio)),
  },
  { kind: 'sometimes', name: 'gup-fast-grabbed', meaning: 'GUP-fast took a pin itself, without the slow path', reached: (s) => s.seen.gupFast },
  {
    kind: 'sometimes',
    name: 'mprotect-upgraded',
    meaning: 'mprotect(PROT_WRITE) made an exclusive anon PTE writable without a fault',
    reached: (s) => s.seen.mprotectUpgraded,
  },
  {
    kind: 'sometimes',
    name: 'ro-longterm-pin-on-ro-pte',
    meaning: 'a R/O FOLL_LONGTERM pin is held on a page mapped R/O (the cow.c R/O pin cases)',
    reached: (s) =>
      s.gups.some((g) => g.kind === 'held' && g.flavor === 'longterm-ro' && s.processes[g.owner]!.vpages[g.vpage]!.pte?.writable === false),
  },
  { kind: 'sometimes', name: 'forked-twice', meaning: 'the parent forked a second child after the first exited', reached: (s) => s.forks >= 2 },
  {
    kind: 'sometimes',
    name: 'page-mapcounts-differ',
    meaning: 'the pages of a large folio have different mapcounts (a partially shared THP)',
    reached: (s) => s.folios.some((f) => f.large && f.pages.some((p) => p.mapcount !== f.pages[0]!.mapcount)),
  },
  {
    kind: 'sometimes',
    name: 'pmd-shared-by-fork',
    meaning: 'a THP is mapped by a PMD in both processes (copy_huge_pmd shared it)',
    reached: (s) => s.folios.some((f) => f.entireMapcount >= 2),
  },
  {
    kind: 'sometimes',
    name: 'pinned-pmd-split',
    meaning: 'a PMD mapping a pinned THP was split (fork of a maybe-pinned THP, a fault falling back, part of the range unmapped)',
    reached: (s) => s.seen.pinnedPmdSplit,
  },
  {
    kind: 'sometimes',
    name: 'gup-refused-near-limit',
    meaning: 'GUP was refused because the refcount read <= 0 (the scaled word\'s sign bit was set)',
    reached: (s) => s.seen.refRefused,
  },
];
