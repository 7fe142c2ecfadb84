import type { Scenario } from '../../src/index.ts';
import type { CollapseAction } from './actions.ts';
import type { CollapseKnobs } from './knobs.ts';
import { pageFolio, ptesOf, VPAGES, type CollapseState } from './state.ts';

type CollapseScenario = Scenario<CollapseState, CollapseAction, CollapseKnobs>;

const gupFastStep: CollapseAction = { kind: 'gupFastStep' };
const splitStep: CollapseAction = { kind: 'splitStep' };
/** MADV_DONTNEED of vpage 3: the THP is PTE-mapped and partially mapped, so deferred_split_folio queues it. */
const partial: CollapseAction = { kind: 'dontneed', proc: 0, vpage: 3 };
/** ...and GUP-fast on vpage 2 has loaded the PTE (pfn 2) and read page_folio -> folio 0. */
const headRead: CollapseAction[] = [partial, { kind: 'gupFast', vpage: 2 }, gupFastStep];
/** ...then CPU2 splits folio 0 all the way: unmap, freeze, rewrite page_folio, remap. */
const splitUnderGupFast: CollapseAction[] = [...headRead, { kind: 'split', folio: 0 }, splitStep, splitStep, splitStep];

export const splitScenarios: CollapseScenario[] = [
  {
    name: 'split-remaps-order-0',
    meaning: 'split_huge_page of the partially mapped THP: the same PTEs now map order-0 folios, the unmapped page is freed',
    steps: [partial, { kind: 'split', folio: 0 }, splitStep, splitStep, splitStep],
    expect: {
      kind: 'final',
      meaning: 'P0 vpage i (0-2) maps pfn i, now folio i with refcount 1 and mapcount 1; pfn 3 is free',
      check: (s) => {
        const ptes = ptesOf(s, 0);
        if (s.folios[3]!.allocated) return 'pfn 3 was not freed';
        for (const v of VPAGES.slice(0, 3)) {
          const pte = ptes[v]!;
          const f = s.folios[v]!;
          if (pte.kind !== 'present' || pte.pfn !== v) return `vpage ${v} maps ${pte.kind}`;
          if (pageFolio(s, v) !== v || f.large || f.refcount !== 1 || f.mapcount !== 1) return `pfn ${v}: folio ${pageFolio(s, v)}, refcount ${f.refcount}`;
        }
        return s.seen.splitMapped ? undefined : 'no split was seen';
      },
    },
  },
  {
    name: 'gup-fast-retries-after-split',
    meaning: 'GUP-fast read page_folio before the split and folio_try_get after it: the re-check sees pfn 2 in folio 2 and retries',
    steps: [...splitUnderGupFast, gupFastStep],
    expect: {
      kind: 'final',
      meaning: 'GUP-fast put its reference on folio 0 and holds nothing',
      check: (s) => {
        if (!s.seen.gupFastSawSplit) return 'the re-check did not fire';
        if (s.gupFast.pc !== 'idle' || s.gups[2]!.kind !== 'none') return 'GUP-fast holds a page';
        const [f0, f2] = [s.folios[0]!, s.folios[2]!];
        return f0.refcount === 1 && f2.refcount === 1 ? undefined : `folio 0: refcount ${f0.refcount}, folio 2: ${f2.refcount}`;
      },
    },
  },
  {
    name: 'gup-fast-ref-on-old-head',
    meaning: 'without the page_folio re-check GUP-fast returns pfn 2 with its reference on folio 0: unpinning puts folio 2',
    variant: 'gup-fast-no-head-recheck',
    steps: [...splitUnderGupFast.slice(0, -1), gupFastStep],
    expect: { kind: 'violates', property: 'ref-on-page-folio', atStep: 7 },
  },
  {
    name: 'freeze-fails-on-gup-fast',
    meaning: 'GUP-fast takes its reference after the unmap: folio_ref_freeze fails, the split remaps and gives up, the pin stands',
    steps: [...headRead, { kind: 'split', folio: 0 }, gupFastStep, splitStep, gupFastStep, gupFastStep, gupFastStep],
    expect: {
      kind: 'final',
      meaning: 'folio 0 is still one THP, pinned once through pfn 2, which P0 maps again',
      check: (s) => {
        const f = s.folios[0]!;
        const g = s.gups[2]!;
        if (!s.seen.freezeFailed) return 'the freeze did not fail';
        if (g.kind !== 'held' || g.pfn !== 2) return 'GUP-fast returned nothing';
        return f.large && f.pincount === 1 && pageFolio(s, 2) === 0 ? undefined : `folio 0: large ${f.large}, _pincount ${f.pincount}`;
      },
    },
  },
  {
    name: 'split-loses-gup-fast-ref',
    meaning: 'a split that only compares the refcount: GUP-fast takes a reference between the check and the rewrite, which drops it',
    variant: 'split-without-freeze',
    steps: [...headRead, { kind: 'split', folio: 0 }, splitStep, gupFastStep, splitStep],
    expect: { kind: 'violates', property: 'ref-on-page-folio', atStep: 7 },
  },
];
