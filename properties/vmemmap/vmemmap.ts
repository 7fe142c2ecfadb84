import type { AlwaysProperty, Immutable, SometimesProperty, StepProperty } from '../../src/index.ts';
import type { VmemmapAction } from '../../models/vmemmap/actions.ts';
import { DEVDAX_HEAD } from '../../models/vmemmap/devdax.ts';
import type { VmemmapKnobs } from '../../models/vmemmap/knobs.ts';
import { readStructPage } from '../../models/vmemmap/structPages.ts';
import { PAGES_PER_HUGE, STRUCT_PAGES_PER_VMEMMAP, VMEMMAP_PER_HUGE, type VmemmapState } from '../../models/vmemmap/state.ts';

type Invariant = AlwaysProperty<VmemmapState, VmemmapKnobs>;

/** The compound pages that exist: [head pfn, first pfn, last pfn]. */
function compounds(s: Immutable<VmemmapState>): [number, number, number][] {
  const out: [number, number, number][] = [];
  if (s.region0.kind === 'hugetlb') out.push([0, 0, PAGES_PER_HUGE - 1]);
  if (s.devdax === 'populated') out.push([DEVDAX_HEAD, DEVDAX_HEAD, DEVDAX_HEAD + PAGES_PER_HUGE - 1]);
  return out;
}

export const noReadOnlyWrite: Invariant = {
  kind: 'always',
  name: 'no-ro-write',
  meaning: 'no write ever targets a struct page through a read-only vmemmap mapping',
  rule: 'vmemmap_remap_pte maps tails PAGE_KERNEL_RO; bd225530a4c7 keeps speculative writers off them',
  check: (s) => {
    const f = s.faults[0];
    return f === undefined ? undefined : `${f.by} wrote struct page of pfn ${f.pfn} through a read-only vmemmap mapping`;
  },
};

/** Why a struct page of the compound page `head`..`last` does not read as a plain tail of `head`. */
function tailsNotPlain(s: Immutable<VmemmapState>, head: number, last: number): string | undefined {
  for (let pfn = head + 1; pfn <= last; pfn++) {
    const page = readStructPage(s, pfn);
    if (page === undefined) return `pfn ${pfn}: no struct page`;
    const fakeHead = page.head && pfn % STRUCT_PAGES_PER_VMEMMAP === 0; // an alias of the head page
    if (fakeHead) continue;
    if (page.head || page.compoundHead !== head || page.index !== undefined) {
      const index = page.index === undefined ? '' : `, index ${page.index}`;
      return `pfn ${pfn} reads head=${page.head}, compound_head ${page.compoundHead}${index}: not a plain tail of ${head}`;
    }
  }
  return undefined;
}

export const aliasesConsistent: Invariant = {
  kind: 'always',
  name: 'aliases-consistent',
  meaning: 'every struct page read through a shared vmemmap page is what its own pfn needs: a plain tail of its head',
  rule: 'only the first struct pages carry unique metadata; deduplicated tails stay identical',
  check: (s) => {
    // the compounds() in order, without building the list: this runs on every state
    const hugetlb = s.region0.kind === 'hugetlb' ? tailsNotPlain(s, 0, PAGES_PER_HUGE - 1) : undefined;
    if (hugetlb !== undefined) return hugetlb;
    return s.devdax === 'populated' ? tailsNotPlain(s, DEVDAX_HEAD, DEVDAX_HEAD + PAGES_PER_HUGE - 1) : undefined;
  },
};

export const compoundHeadCorrect: StepProperty<VmemmapState, VmemmapAction, VmemmapKnobs> = {
  kind: 'step',
  name: 'compound-head-correct',
  meaning: 'compound_head(pfn) is the true head for every pfn of every compound page',
  rule: 'page_fixed_fake_head() resolves the fake heads HVO keep1 creates',
  check: (_before, action, s) => {
    const lookup = s.headLookup;
    if (action.kind !== 'compoundHead' || lookup === undefined) return undefined;
    const owner = compounds(s).find(([, first, last]) => lookup.pfn >= first && lookup.pfn <= last);
    if (owner === undefined || owner[0] === lookup.head) return undefined;
    return `compound_head(pfn ${lookup.pfn}) = ${lookup.head}, but its head is pfn ${owner[0]}`;
  },
};

export const tailsZeroHeadFrozen: Invariant = {
  kind: 'always',
  name: 'tail-refcount-and-frozen',
  meaning: 'every tail struct page has refcount 0; a HugeTLB folio is frozen while HVO optimises or restores it',
  rule: 'transhuge.rst: tail _refcount is 0; bd225530a4c7: VM_WARN_ON_ONCE_FOLIO(folio_ref_count)',
  check: (s) => {
    for (let f = 0; f < s.frames.length; f++) {
      const frame = s.frames[f]!;
      if (frame.kind !== 'vmemmap') continue;
      for (let slot = 0; slot < frame.slots.length; slot++) {
        const p = frame.slots[slot]!;
        if (p.compoundHead !== undefined && p.refcount !== 0) return `frame ${f} slot ${slot}: tail with refcount ${p.refcount}`;
      }
    }
    const head = readStructPage(s, 0)?.refcount ?? 0;
    return s.hvo.kind !== 'idle' && head !== 0 ? `HVO ${s.hvo.kind} a folio with refcount ${head}` : undefined;
  },
};

/** The first of vmemmap pages 0..`below`-1 that maps `frame`, or -1 (a loop: it runs on every state). */
function firstMapping(s: Immutable<VmemmapState>, frame: number, below: number): number {
  for (let v = 0; v < below; v++) if (s.vmemmap[v]?.frame === frame) return v;
  return -1;
}

export const vmemmapConserved: Invariant = {
  kind: 'always',
  name: 'vmemmap-conserved',
  meaning: 'every vmemmap frame is free, mapped once, or a shared tail page; buddy memory has its own read-write vmemmap',
  rule: 'dissolve fully restores the vmemmap or rolls back and keeps the HugeTLB folio',
  check: (s) => {
    for (let f = 0; f < s.frames.length; f++) {
      const frame = s.frames[f]!;
      const user = firstMapping(s, f, s.vmemmap.length);
      if (frame.kind !== 'vmemmap' && user >= 0) return `frame ${f} is ${frame.kind} but vmemmap page ${user} maps it`;
      if (frame.kind === 'vmemmap' && user < 0) return `frame ${f} holds struct pages nobody maps (leaked)`;
    }
    if (s.region0.kind === 'buddy') {
      for (let v = 0; v < VMEMMAP_PER_HUGE; v++) {
        const m = s.vmemmap[v]!;
        // shared: an earlier vmemmap page of the region maps the same frame
        if (!m.writable || firstMapping(s, m.frame, v) >= 0) return `buddy pfn ${v * STRUCT_PAGES_PER_VMEMMAP}-${v * STRUCT_PAGES_PER_VMEMMAP + 3}: vmemmap still shared or read-only`;
      }
    }
    return undefined;
  },
};

export const vmemmapWitnesses: SometimesProperty<VmemmapState, VmemmapKnobs>[] = [
  { kind: 'sometimes', name: 'hvo-optimized', meaning: 'a HugeTLB folio had its vmemmap optimised', reached: (s) => s.region0.kind === 'hugetlb' && s.region0.optimized },
  { kind: 'sometimes', name: 'walker-races-hvo', meaning: 'HVO began while a PFN walker was in its RCU section', reached: (s) => s.seen.walkerOverlappedHvo },
  { kind: 'sometimes', name: 'walker-sees-fake-head', meaning: 'a PFN walker backed off on a fake head', reached: (s) => s.seen.walkerSawFakeHead },
  { kind: 'sometimes', name: 'restore-rolled-back', meaning: 'a dissolve hit -ENOMEM and kept the folio', reached: (s) => s.seen.restoreRolledBack },
  { kind: 'sometimes', name: 'devdax-mapped', meaning: 'a device-DAX compound page is mapped', reached: (s) => (readStructPage(s, DEVDAX_HEAD)?.refcount ?? 0) > 0 },
];
