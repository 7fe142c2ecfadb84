import { defineModel, violates } from '../../src/index.ts';
import { collapseActions, type CollapseAction } from './actions.ts';
import { copyCollapseStart, copyCollapseStep } from './copyCollapse.ts';
import { describeCollapseAction } from './describe.ts';
import { dontneed, exit, processWrite, splitPmd } from './faults.ts';
import { fork } from './fork.ts';
import { deviceWrite, gup, release } from './gup.ts';
import { gupFastStart, gupFastStep } from './gupFast.ts';
import { collapseGuards } from './guards.ts';
import { inPlaceStart, inPlaceStep } from './inPlaceCollapse.ts';
import { collapseKnobs, type CollapseKnobs } from './knobs.ts';
import { collapseScenarios } from './scenarios.ts';
import { FAST_SLOT, initCollapseState, readAt, VPAGES, type CollapseState } from './state.ts';

export const collapseModel = defineModel<CollapseState, CollapseAction, CollapseKnobs>({
  name: 'collapse',
  title: 'pinned PTE-mapped THP back to a PMD mapping: copying collapse vs in place, with GUP-fast racing',
  scale:
    'a PMD of 4 base pages (real: 512), 2 processes with one PMD-sized anon range each, ' +
    '2 THP + 6 order-0 folio slots, 3 GUP slots (one for GUP-fast), 1 GUP-fast CPU, 1 khugepaged',
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
      expect: violates('pinned-anon-exclusive', 5),
    },
    {
      name: 'no-pmd-recheck',
      meaning: "GUP-fast's PTE path does not re-check the PMD and no IPI holds khugepaged off: the race 70cbc3cc78a9 fixed",
      knobs: { gupFastRechecksPmd: false, tableSync: false },
      expect: violates('gup-fast-returns-mapped', 8),
    },
    {
      name: 'pmd-recheck-without-ipi',
      meaning:
        'GUP-fast re-checks the PMD but khugepaged sends no IPI (2ba99c5e0881): the collapse deposits the old PTE table, ' +
        'a split withdraws it, and the re-check sees the same pmd_val',
      knobs: { tableSync: false },
      expect: violates('gup-fast-returns-mapped', 13),
    },
    {
      name: 'ipi-without-pmd-recheck',
      meaning: 'khugepaged IPIs after the flush but GUP-fast does not re-check the PMD: the IPI alone stops the race',
      knobs: { gupFastRechecksPmd: false },
      expect: { kind: 'holds' },
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
      expect: violates('anon-exclusive-sole', 6),
    },
    {
      name: 'in-place-keeps-tail-pae',
      meaning: "in-place collapse leaves the tails' PageAnonExclusive set: fork clears only the head's, a split revives the tails'",
      knobs: { inPlaceClearsTailPae: false },
      expect: violates('anon-exclusive-sole', 9),
    },
    {
      name: 'in-place-maps-writable',
      meaning: 'in-place collapse makes the PMD writable like the copying collapse does, although the pages are shared',
      knobs: { inPlaceWritable: 'always' },
      expect: violates('no-private-write-leak', 7),
    },
    {
      name: 'in-place-pmd-without-ref',
      meaning: 'in-place collapse drops all n PTE references: the PMD mapping holds none of its own',
      knobs: { inPlacePmdRef: false },
      expect: violates('counts-exact', 6),
    },
  ],
  scenarios: collapseScenarios,
  // its counterexamples run 4-13 steps deep, beyond what 100,000 states can prove shortest;
  // the exhaustive pass proves the short ones and keeps the long checks quick; 10,000 runs
  // catch in-place-head-decides (6 steps, one rare fork) on every seed 1..20
  budget: { runs: 10_000, maxSteps: 30, states: 20_000 },
  // a few rare single steps (khugepaged, GUP-fast) among many per-page actions
  draw: 'kind',
  init: (knobs) => initCollapseState(knobs),
  actions: () => collapseActions(),
  guards: collapseGuards,
  transitions: {
    write: (d, { proc, vpage }) => processWrite(d, proc, vpage),
    read: (d, { proc }) => {
      d.lastRead = { proc, data: VPAGES.map((v) => readAt(d, d.processes[proc]!, v)) };
    },
    mprotect: (d, { proc }) => splitPmd(d, proc),
    dontneed: (d, { proc, vpage }) => dontneed(d, proc, vpage),
    fork: (d, { dontfork }) => fork(d, dontfork),
    exit: (d, { proc }) => exit(d, proc),
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
    khugepagedStep: (d, _a, knobs) => {
      if (d.khugepaged.pc === 'idle') return;
      if (d.khugepaged.mode === 'copy') copyCollapseStep(d, knobs);
      else inPlaceStep(d, knobs);
    },
  },
  describe: describeCollapseAction,
});
