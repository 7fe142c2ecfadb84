import { defineModel, violates } from '../../src/index.ts';
import { lazyZeroCoordinates } from './coordinates.ts';
import { lazyZeroCells } from './cells.ts';
import { lazyZeroActions, lazyZeroGuards, type LazyZeroAction } from './actions.ts';
import { describeLazyZeroAction } from './describe.ts';
import { access, finishZero, handle } from './fault.ts';
import { lazyZeroKnobs, type LazyZeroKnobs } from './knobs.ts';
import { protectForAccessDetection, remapByPmd, splitForAccessDetection } from './remap.ts';
import { lazyZeroScenarios } from './scenarios.ts';
import { initLazyZeroState, type LazyZeroState } from './state.ts';

export const lazyZeroModel = defineModel<LazyZeroState, LazyZeroAction, LazyZeroKnobs>({
  name: 'lazy-zero',
  title: 'PTE-mapped THP tricks: lazily zeroed PMD-size folio behind protnone PTEs, PMD remap, sub-page access detection',
  scale: 'one PMD-size anon folio of 4 subpages (real 512), two CPUs of one process, old contents from the previous owner',
  knobs: lazyZeroKnobs,
  variants: [
    {
      name: 'proposal',
      meaning: 'zero under the folio lock while protnone, re-check pte_same, zeroed bitmap, remap once all zeroed, exact counts',
      knobs: {},
      expect: { kind: 'holds' },
    },
    {
      name: 'remap-unzeroed',
      meaning: 're-map by PMD while a subpage is still unzeroed: its old contents become reachable',
      knobs: { remapWhen: 'any-time' },
      expect: violates('pmd-only-when-zeroed', 2),
    },
    {
      name: 'map-before-zero',
      meaning: 'the fault makes the PTE present before clear_highpage: the subpage is readable unzeroed',
      knobs: { zeroOrder: 'map-then-zero' },
      expect: violates('no-stale-data-exposed', 2),
    },
    {
      name: 'zero-without-recheck',
      meaning: 'the fault zeroes on its unlocked decision: a subpage another CPU already mapped readable is zeroed',
      knobs: { faultRecheck: false },
      expect: violates('zero-only-inaccessible', 4),
    },
    {
      name: 'protnone-means-unzeroed',
      meaning: 'no zeroed bitmap: an access-detection protnone fault zeroes the data again',
      knobs: { zeroedState: 'protnone' },
      expect: violates('no-lost-write', 5),
    },
    {
      name: 'remap-keeps-pte-refs',
      meaning: 'the PMD remap drops N-1 mappings but not their references',
      knobs: { remapAccounting: 'keep-pte-refs' },
      expect: violates('counts-exact', 9),
    },
  ],
  scenarios: lazyZeroScenarios,
  budget: { runs: 1000, maxSteps: 40 },
  init: () => initLazyZeroState(),
  actions: () => lazyZeroActions(),
  guards: lazyZeroGuards,
  transitions: {
    access: (d, { cpu, vpage, access: kind }, knobs) => access(d, cpu, vpage, kind, knobs),
    handleFault: (d, { cpu }, knobs) => handle(d, cpu, knobs),
    finishZero: (d, { cpu }) => finishZero(d, cpu),
    remapByPmd: (d, _, knobs) => remapByPmd(d, knobs),
    splitForAccess: (d) => splitForAccessDetection(d),
    protectForAccess: (d, { vpage }) => protectForAccessDetection(d, vpage),
  },
  describe: describeLazyZeroAction,
  coordinates: lazyZeroCoordinates,
  cells: lazyZeroCells,
  // ghost state for the properties and witnesses: what the process may read, the clears
  bookkeeping: ['seen', 'expected', 'clears', 'lastClear'],
});
