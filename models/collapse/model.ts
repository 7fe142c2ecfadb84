import { defineModel, violates } from '../../src/index.ts';
import { collapseCoordinates } from './coordinates.ts';
import { collapseActions, type CollapseAction } from './actions.ts';
import { copyCollapseStart, copyCollapseStep } from './copyCollapse.ts';
import { describeCollapseAction } from './describe.ts';
import { dontneed, exit, processWrite, splitPmd, zapRange } from './faults.ts';
import { forkStart, forkStep } from './fork.ts';
import { deviceWrite, gup, release } from './gup.ts';
import { gupFastStart, gupFastStep } from './gupFast.ts';
import { collapseGuards } from './guards.ts';
import { inPlaceStart, inPlaceStep } from './inPlaceCollapse.ts';
import { inPlaceCandidate } from './khugepaged.ts';
import { collapseKnobs, type CollapseKnobs } from './knobs.ts';
import { collapseCells } from './cells.ts';
import { collapseScenarios } from './scenarios.ts';
import { splitStart, splitStep } from './split.ts';
import { rcuGracePeriod } from './tables.ts';
import { FAST_SLOT, initCollapseState, readAt, VPAGES, type CollapseState } from './state.ts';

export const collapseModel = defineModel<CollapseState, CollapseAction, CollapseKnobs>({
  name: 'collapse',
  title: 'pinned PTE-mapped THP back to a PMD mapping: copying collapse vs in place, with GUP-fast and fork racing',
  scale:
    'a PMD of 4 base pages (real: 512), 2 processes with one PMD-sized anon range each (P0 with threads T0, T1 and ' +
    'GUP-fast), 2 THP + 6 order-0 folio slots, 3 page-table pages, 3 GUP slots (one for GUP-fast), 1 GUP-fast CPU, 1 khugepaged',
  knobs: collapseKnobs,
  variants: [
    { name: 'proposal', meaning: 'the kernel today, plus in-place collapse of anon THPs that may be pinned', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'copy-without-refcount-check',
      meaning: 'collapse_huge_page copies without comparing refcounts to folio_expected_ref_count(): copies away from a pin',
      knobs: { copyRefcountCheck: 'none' },
      expect: violates('pin-coherent', 4),
    },
    {
      name: 'copy-checks-before-flush',
      meaning: 'the refcount check runs only in the scan, before pmdp_collapse_flush: a pin can come after it',
      knobs: { copyRefcountCheck: 'scan-only' },
      expect: violates('pin-coherent', 5),
    },
    {
      name: 'gup-fast-pins-shared',
      meaning: 'GUP-fast pins a read-only anon page without gup_must_unshare(): a pin on a page the child shares',
      knobs: { gupFastUnshare: false },
      // the pin's owner may unmap the address before GUP-fast returns: then the leak shows
      expect: violates(['pinned-anon-exclusive', 'no-private-write-leak'], 7),
    },
    {
      name: 'no-pmd-recheck',
      meaning: "GUP-fast's PTE path does not re-check the PMD and no IPI holds khugepaged off: the race 70cbc3cc78a9 fixed",
      knobs: { gupFastRechecksPmd: false, tableSync: false },
      expect: violates(['gup-fast-returns-mapped', 'walker-table-live'], 8),
    },
    {
      name: 'pmd-recheck-without-ipi',
      meaning:
        'GUP-fast re-checks the PMD but khugepaged sends no IPI (2ba99c5e0881): the collapse deposits the PTE table GUP-fast ' +
        'walks, and zap_deposited_table frees it (or a split withdraws it and the re-check sees the same pmd_val)',
      knobs: { tableSync: false },
      expect: violates(['walker-table-live', 'gup-fast-returns-mapped'], 8),
    },
    {
      name: 'ipi-without-pmd-recheck',
      meaning: 'khugepaged IPIs after the flush but GUP-fast does not re-check the PMD: the IPI alone stops the race',
      knobs: { gupFastRechecksPmd: false },
      expect: { kind: 'holds' },
    },
    {
      name: 'pt-reclaim-without-rcu',
      meaning: 'MADV_DONTNEED frees the emptied PTE table by pte_free, not tlb_remove_table: a GUP-fast that loaded the PMD reads a freed page',
      knobs: { tableFree: 'immediate' },
      expect: violates('walker-table-live', 3),
    },
    {
      name: 'gup-fast-ignores-fork-seq',
      meaning: 'GUP-fast FOLL_PIN does not check mm->write_protect_seq (57efa1fe5957): it pins a page fork has just shared',
      knobs: { gupFastForkSeq: false },
      expect: violates('pinned-anon-exclusive', 6),
    },
    {
      name: 'fork-copy-leaves-writable',
      meaning: "copy_present_page leaves the parent's PTE writable (before Jann Horn's 2025 fix): another thread's later stores tear the child's snapshot",
      knobs: { forkCopyBlocksWriters: false },
      expect: violates('fork-snapshot', 8),
    },
    {
      name: 'gup-fast-no-head-recheck',
      meaning: "try_grab_folio_fast does not re-check page_folio(page) == folio: a split between page_folio and folio_try_get leaves the reference on the wrong folio",
      knobs: { gupFastRechecksHead: false },
      // shortest 7, on every seed 1..20: a fork that only split the PMD, with the zap that undid
      // its second mapping, becomes one MADV_DONTNEED (shortcutTwoEdits.ts)
      expect: violates(['ref-on-page-folio', 'counts-exact'], 7),
    },
    {
      name: 'split-without-freeze',
      meaning: 'split_huge_page compares the refcount instead of freezing it: a GUP-fast reference taken between is lost in the split',
      knobs: { splitFreezes: false },
      expect: violates(['ref-on-page-folio', 'counts-exact'], 6),
    },
    {
      name: 'in-place-without-pte-check',
      meaning: 'in-place collapse does not check that every PTE maps folio + i: a hole or a COWed page is lost',
      knobs: { inPlacePteCheck: false },
      expect: violates('collapse-invisible', 7),
    },
    {
      name: 'in-place-head-decides',
      meaning: "in-place collapse maps the PMD exclusive on the head page's flag although a subpage is shared",
      knobs: { inPlaceExclusive: 'head-decides' },
      // with a pin on a subpage, pinned-anon-exclusive breaks in the same step and is checked first;
      // shortest 9, on every seed 1..20 (seed 2's 10 steps: the pin dropped and the fork's
      // MADV_DONTFORK changed at once, shortcutTwoEdits.ts)
      expect: violates(['anon-exclusive-sole', 'pinned-anon-exclusive'], 9),
    },
    {
      name: 'in-place-keeps-tail-pae',
      meaning: "in-place collapse leaves the tails' PageAnonExclusive set: fork clears only the head's, a split revives the tails'",
      knobs: { inPlaceClearsTailPae: false },
      expect: violates('anon-exclusive-sole', 11),
    },
    {
      name: 'in-place-maps-writable',
      meaning: 'in-place collapse makes the PMD writable like the copying collapse does, although the pages are shared',
      knobs: { inPlaceWritable: 'always' },
      // 9 on every seed 1..20; the proof reaches depth 3, so not proven shortest
      expect: violates('no-private-write-leak', 9),
    },
    {
      name: 'in-place-pmd-without-ref',
      meaning: 'in-place collapse drops all n PTE references: the PMD mapping holds none of its own',
      knobs: { inPlacePmdRef: false },
      expect: violates('counts-exact', 6),
    },
    {
      name: 'madv-collapse-remaps-shared',
      meaning:
        "MADV_COLLAPSE remaps the caller's PTE-mapped anon THP in place, exclusive and writable (its own range), as if fork had not shared the pages",
      knobs: { madvCollapseAnon: 'remap-in-place' },
      expect: violates(['anon-exclusive-sole', 'no-private-write-leak'], 9),
    },
  ],
  scenarios: collapseScenarios,
  // its counterexamples run 3-12 steps deep, beyond what 100,000 states can prove shortest;
  // 8,000 states prove the 3- and 4-step ones (20,000 reach no deeper); 15,000 runs of 30
  // steps reach every witness on seeds 1..20 with MADV_COLLAPSE drawn (25 steps lose the
  // in-place-head-decides race on seed 10, 20 steps the split-under-GUP-fast one on seed 19)
  budget: { runs: 15_000, maxSteps: 30, states: 8_000 },
  // a few rare single steps (khugepaged, GUP-fast) among many per-page actions
  draw: 'kind',
  // MADV_COLLAPSE is drawn under every design; at weight 1 its collapses crowd out the
  // split-under-GUP-fast race (gup-fast-no-head-recheck); at 0.25 every witness is reached on
  // seeds 1..20 (gup at 0.5 as well lost that witness on seed 19)
  drawWeights: { madvCollapse: 0.25 },
  init: (knobs) => initCollapseState(knobs),
  actions: () => collapseActions(),
  guards: collapseGuards,
  transitions: {
    write: (d, { proc, vpage }) => processWrite(d, proc, vpage),
    read: (d, { proc }) => {
      d.lastRead = { proc, data: VPAGES.map((v) => readAt(d, proc, v)) };
    },
    mprotect: (d, { proc }) => splitPmd(d, proc),
    dontneed: (d, { proc, vpage }) => dontneed(d, proc, vpage),
    fork: (d, { dontfork }) => forkStart(d, dontfork),
    forkStep: (d, _a, knobs) => forkStep(d, knobs),
    zapRange: (d, { proc }, knobs) => zapRange(d, proc, knobs),
    rcuGracePeriod: (d) => rcuGracePeriod(d),
    exit: (d, { proc }, knobs) => exit(d, proc, knobs),
    gup: (d, { proc, vpage, flavor }) => {
      const slot = d.gups.findIndex((g, i) => i !== FAST_SLOT && g.kind === 'none');
      gup(d, proc, vpage, flavor, slot);
    },
    unpin: (d, { slot }) => release(d, slot),
    deviceWrite: (d, { slot }) => deviceWrite(d, slot),
    gupFast: (d, { vpage }) => gupFastStart(d, vpage),
    gupFastStep: (d, _a, knobs) => gupFastStep(d, knobs),
    khugepaged: (d, { mode }, knobs) => {
      if (mode === 'copy') copyCollapseStart(d, knobs);
      else inPlaceStart(d);
    },
    madvCollapse: (d, { proc }, knobs) => {
      if (knobs.madvCollapseAnon === 'remap-in-place' && inPlaceCandidate(d, proc) !== undefined) inPlaceStart(d, proc, 'madvise');
      else copyCollapseStart(d, knobs, proc, 'madvise');
    },
    khugepagedStep: (d, _a, knobs) => {
      if (d.khugepaged.pc === 'idle') return;
      if (d.khugepaged.mode === 'copy') copyCollapseStep(d, knobs);
      else inPlaceStep(d, knobs);
    },
    split: (d, { folio }) => splitStart(d, folio),
    splitStep: (d, _a, knobs) => splitStep(d, knobs),
  },
  describe: describeCollapseAction,
  coordinates: collapseCoordinates,
  // ghost state: what each address must read, who the references belong to, witnesses' marks
  bookkeeping: ['kernel', 'seen', 'lastRead', 'processes.*.view', 'gups.*.coherent', 'gupFast.ownerUnmapped', 'gupFast.tableFreed', 'fork.history'],
  cells: collapseCells,
});
