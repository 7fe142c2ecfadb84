import type { CoverageCell } from '../../src/model.ts';
import type { FolioAction } from './actions.ts';
import { gupFastFallback } from './gup.ts';
import type { FolioKnobs } from './knobs.ts';
import type { FolioState } from './state.ts';

type Cell = CoverageCell<FolioState, FolioAction, FolioKnobs>;
type StepHit = (before: FolioState, action: FolioAction, after: FolioState, knobs: FolioKnobs) => boolean;
const step = (name: string, meaning: string, hit: StepHit): Cell => ({ kind: 'step', name, meaning, hit });

const wroteOnRoPte = (before: FolioState, a: FolioAction) =>
  a.kind === 'write' && before.processes[a.proc]!.vpages[a.vpage]!.pte?.writable === false;
const pteOf = (s: FolioState, proc: number, vpage: number) => s.processes[proc]!.vpages[vpage]!.pte;
const isExclusive = (s: FolioState, proc: number, vpage: number) => {
  const pte = pteOf(s, proc, vpage);
  return pte !== null && s.folios[pte.folio]!.pages[pte.page]!.exclusive;
};

/** The situations the folio docs argue are interesting (the branches cow.c drives). */
export const folioCells: readonly Cell[] = [
  step('wp-reused', 'do_wp_page reused a write-protected anon page', (before, a, after) => wroteOnRoPte(before, a) && a.kind === 'write' && pteOf(after, a.proc, a.vpage)?.folio === pteOf(before, a.proc, a.vpage)?.folio),
  step('wp-copied', 'do_wp_page copied a write-protected anon page', (before, a, after) => wroteOnRoPte(before, a) && a.kind === 'write' && pteOf(after, a.proc, a.vpage)?.folio !== pteOf(before, a.proc, a.vpage)?.folio),
  step('ro-pin-unshared', 'a R/O pin of a possibly shared anon page went through FAULT_FLAG_UNSHARE', (before, a, after) =>
      (a.kind === 'gup' || a.kind === 'gupFast') &&
      (a.flavor === 'pin-ro' || a.flavor === 'longterm-ro') &&
      !isExclusive(before, a.proc, a.vpage) &&
      isExclusive(after, a.proc, a.vpage)),
  step('gup-fast-fell-back', 'GUP-fast left the page to the slow path (R/O PTE, gup_must_unshare, not longterm-pinnable)', (before, a, _after, knobs) => a.kind === 'gupFast' && gupFastFallback(before, a.proc, a.vpage, a.flavor, knobs) !== undefined),
  step('fork-copied-pinned', 'fork copied a maybe-pinned exclusive page for the child (copy_present_page)', (before, a, after) =>
      a.kind === 'fork' &&
      after.processes[1]!.vpages.some((v, vpage) => v.pte !== null && before.processes[0]!.vpages[vpage]!.pte?.folio !== v.pte.folio)),
  step('mprotect-upgraded', 'mprotect(PROT_READ|PROT_WRITE) made an anon PTE writable without a fault', (before, a, after) =>
      a.kind === 'mprotect' && a.prot === 'rw' && pteOf(before, a.proc, a.vpage)?.writable === false && pteOf(after, a.proc, a.vpage)?.writable === true),
  step('huge-wp-reused', 'do_huge_pmd_wp_page reused a write-protected PMD-mapped THP for a write', (before, a, after) =>
      a.kind === 'write' && a.vpage < 2 && before.processes[a.proc]!.pmd?.writable === false && after.processes[a.proc]!.pmd?.writable === true),
  step('huge-wp-split', 'a write fault or unshare on a PMD split it and fell back to the PTE path', (before, a, after) =>
      (a.kind === 'write' || a.kind === 'gup' || a.kind === 'gupFast') && a.vpage < 2 && before.processes[a.proc]!.pmd !== null && after.processes[a.proc]!.pmd === null),
  step('fork-split-pinned-pmd', 'copy_huge_pmd split a maybe-pinned THP so fork copied its pages', (before, a, after) =>
      a.kind === 'fork' && before.processes[0]!.pmd !== null && after.processes[0]!.pmd === null),
  {
    kind: 'state',
    name: 'pmd-mapped',
    meaning: 'a THP is mapped by a PMD',
    hit: (s: FolioState) => s.processes.some((p) => p.pmd !== null),
  },
  {
    kind: 'state',
    name: 'partially-shared-thp',
    meaning: 'a large folio whose pages have different mapcounts',
    hit: (s: FolioState) => s.folios.some((f) => f.large && f.pages.some((p) => p.mapcount !== f.pages[0]!.mapcount)),
  },
];
