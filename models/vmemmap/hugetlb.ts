import type { Draft } from '../../src/index.ts';
import { startGracePeriod } from '../parts/rcu.ts';
import type { VmemmapKnobs } from './knobs.ts';
import { readStructPage, writeStructPage } from './structPages.ts';
import { PAGES_PER_HUGE, STRUCT_PAGES_PER_VMEMMAP, VMEMMAP_PER_HUGE, type VmemmapState } from './state.ts';

type S = Draft<VmemmapState>;

/** Vmemmap pages HVO keeps for a huge page (the first ones; the rest alias the last kept one). */
export const keptPages = (knobs: VmemmapKnobs) => (knobs.hvo === 'keep1' ? 1 : 2);

/** `alloc_buddy_hugetlb_folio` + `prep_compound`: head pfn 0, tails point at it, refcount frozen at 0. */
export function hugetlbPrep(d: S): void {
  for (let pfn = 0; pfn < PAGES_PER_HUGE; pfn++) {
    writeStructPage(d, pfn, 'prep_compound_page', (p) => {
      Object.assign(p, pfn === 0 ? { refcount: 0, head: true } : { refcount: 0, head: false, compoundHead: 0 });
    });
  }
  d.region0 = { kind: 'hugetlb', optimized: false };
}

/** Hand the folio out of the pool (`folio_ref_unfreeze(folio, 1)`) or take it back (freeze). */
export function hugetlbRefcount(d: S, refcount: 0 | 1): void {
  writeStructPage(d, 0, refcount ? 'folio_ref_unfreeze' : 'folio_ref_freeze', (p) => {
    p.refcount = refcount;
  });
}

/** `hugetlb_vmemmap_optimize_folio`, step 1: `synchronize_rcu()` begins (if the design has it). */
export function hvoStart(d: S, knobs: VmemmapKnobs, restore: boolean): void {
  const gp = knobs.syncRcu ? startGracePeriod(d.rcu) : { waitsFor: [] };
  d.hvo = restore ? { kind: 'restoring', gp } : { kind: 'optimizing', gp };
  if (d.walker.pc !== 'idle') d.seen.walkerOverlappedHvo = true;
}

/** `vmemmap_remap_free`: tail vmemmap pages map the reuse page read-only; their frames are freed. */
export function hvoRemap(d: S, knobs: VmemmapKnobs): void {
  const kept = keptPages(knobs);
  const reuse = d.vmemmap[kept - 1]!.frame;
  for (let v = kept; v < VMEMMAP_PER_HUGE; v++) {
    d.frames[d.vmemmap[v]!.frame] = { kind: 'free' };
    d.vmemmap[v] = { frame: reuse, writable: false };
  }
  d.region0 = { kind: 'hugetlb', optimized: true };
  d.hvo = { kind: 'idle' };
}

/**
 * `hugetlb_vmemmap_restore_folio` then dissolve: allocate the vmemmap pages back (can fail),
 * copy the reuse page into each and reset the fake heads (`reset_struct_pages`), map them
 * read-write; then the pages go back to the buddy allocator. On -ENOMEM the folio stays intact
 * in the pool, unless the design forgets to roll back.
 */
export function hvoRestoreAndDissolve(d: S, knobs: VmemmapKnobs): void {
  d.hvo = { kind: 'idle' };
  const kept = keptPages(knobs);
  const needed = VMEMMAP_PER_HUGE - kept;
  const free = d.frames.flatMap((f, i) => (f.kind === 'free' ? [i] : []));
  if (free.length < needed) {
    if (knobs.rollbackOnEnomem) {
      d.seen.restoreRolledBack = true;
      return;
    }
    d.region0 = { kind: 'buddy' }; // known-bad: the folio is gone but its vmemmap is still shared
    return;
  }
  for (let v = kept; v < VMEMMAP_PER_HUGE; v++) {
    const frame = free[v - kept]!;
    const slots = Array.from({ length: STRUCT_PAGES_PER_VMEMMAP }, (_, i) => ({ ...readStructPage(d, v * STRUCT_PAGES_PER_VMEMMAP + i)! }));
    slots[0] = { refcount: 0, head: false, compoundHead: 0 };
    d.frames[frame] = { kind: 'vmemmap', slots };
    d.vmemmap[v] = { frame, writable: true };
  }
  dissolve(d);
}

/** `dissolve_free_hugetlb_folio` of an unoptimised folio: the pages become order-0 buddy pages. */
export function dissolve(d: S): void {
  for (let pfn = 0; pfn < PAGES_PER_HUGE; pfn++) {
    writeStructPage(d, pfn, 'dissolve_free_hugetlb_folio', (p) => {
      p.refcount = 0;
      p.head = false;
      delete p.compoundHead;
    });
  }
  d.region0 = { kind: 'buddy' };
}
