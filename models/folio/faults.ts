import type { Draft, Immutable } from '../../src/index.ts';
import type { FolioKnobs } from './knobs.ts';
import { mapPage, unmapPage, writeData } from './mapping.ts';
import { mappedByPmd, mappedFolio, mappedPage, mappedWritable, mapPmd, pageMapcount, PMD_VPAGES, splitPmd } from './pmd.ts';
import { allocFolio, findFree, FILE_VPAGE, putFolio, type FolioState } from './state.ts';

/** `do_anonymous_page`: a new exclusive, writable small folio from ZONE_MOVABLE. */
export function anonFault(d: Draft<FolioState>, proc: number, vpage: number): void {
  const slot = findFree(d, false, 'movable')!;
  allocFolio(d, slot, true);
  d.folios[slot]!.pages[0]!.exclusive = true;
  mapPage(d, proc, vpage, slot, 0, true);
  putFolio(d, slot); // the allocation reference becomes the mapping's
}

/** An order-1 anon folio (mTHP) mapped by two PTEs, both pages exclusive. */
export function anonFaultLarge(d: Draft<FolioState>, proc: number): void {
  const slot = findFree(d, true, 'movable')!;
  allocFolio(d, slot, true);
  for (const page of [0, 1]) {
    d.folios[slot]!.pages[page]!.exclusive = true;
    mapPage(d, proc, page, slot, page, true);
  }
  putFolio(d, slot);
}

/** `do_huge_pmd_anonymous_page`: an order-1 anon folio mapped whole by one writable PMD, exclusive. */
export function anonFaultHuge(d: Draft<FolioState>, proc: number): void {
  const slot = findFree(d, true, 'movable')!;
  allocFolio(d, slot, true);
  for (const page of PMD_VPAGES) d.folios[slot]!.pages[page]!.exclusive = true;
  mapPmd(d, proc, slot, true);
  putFolio(d, slot);
}

/** `filemap_fault` on the MAP_SHARED file page: map the page-cache folio writable. */
export function fileFault(d: Draft<FolioState>, proc: number): void {
  mapPage(d, proc, FILE_VPAGE, d.pagecache!, 0, true);
}

/** Whether `do_wp_page` may reuse the write-protected anon page instead of copying it. */
export function canReuse(s: Immutable<FolioState> | Draft<FolioState>, folio: number, page: number, knobs: FolioKnobs): boolean {
  const f = s.folios[folio]!;
  switch (knobs.wpReuse) {
    case 'exclusive':
      // PageAnonExclusive, else wp_can_reuse_anon_folio(): a small folio we hold the only ref to
      return f.pages[page]!.exclusive || (!f.large && f.refcount === 1);
    case 'mapcount':
      return f.mapcount === 1; // pre-2020: the CVE-2020-29374 rule
    case 'subpage-mapcount':
      // v5.7 reuse_swap_page(): the largest page_mapcount() of any page of the compound page
      return Math.max(...f.pages.map((_, i) => pageMapcount(f, i))) <= 1;
    case 'refcount':
      return f.refcount === 1; // 09854ba94c6a: page_count() == 1
  }
}

/**
 * Whether `do_huge_pmd_wp_page` may reuse the PMD-mapped folio: PageAnonExclusive on the head,
 * else only our PMD's reference; up to v5.17 `reuse_swap_page()` read the largest page_mapcount().
 */
export function canReuseHuge(s: Immutable<FolioState> | Draft<FolioState>, folio: number, knobs: FolioKnobs): boolean {
  const f = s.folios[folio]!;
  if (knobs.hugeWpReuse === 'subpage-mapcount') return Math.max(...f.pages.map((_, i) => pageMapcount(f, i))) <= 1;
  return f.pages[0]!.exclusive || f.refcount === 1;
}

/**
 * `do_huge_pmd_wp_page` for a write or FAULT_FLAG_UNSHARE: reuse the folio (all pages
 * exclusive; a write makes the PMD writable), else `__split_huge_pmd` and VM_FAULT_FALLBACK
 * to the PTE path. Returns whether it reused.
 */
function hugeWpFault(d: Draft<FolioState>, proc: number, knobs: FolioKnobs, unshare: boolean): boolean {
  const pmd = d.processes[proc]!.pmd!;
  if (!canReuseHuge(d, pmd.folio, knobs)) {
    splitPmd(d, proc, knobs);
    return false;
  }
  for (const page of d.folios[pmd.folio]!.pages) page.exclusive = true;
  if (!unshare) d.processes[proc]!.pmd = { ...pmd, writable: true };
  return true;
}

/**
 * `do_wp_page` on a write-protected anon PTE, for a write fault or (`unshare`) a
 * FAULT_FLAG_UNSHARE from GUP: reuse the page and mark it exclusive, or copy it into a new
 * exclusive page. Returns false when no frame is free for the copy (the fault fails).
 */
export function wpFault(d: Draft<FolioState>, proc: number, vpage: number, knobs: FolioKnobs, unshare: boolean): boolean {
  if (mappedByPmd(d, proc, vpage) && hugeWpFault(d, proc, knobs, unshare)) return true;
  const v = d.processes[proc]!.vpages[vpage]!;
  const pte = v.pte!;
  const old = d.folios[pte.folio]!;
  if (canReuse(d, pte.folio, pte.page, knobs)) {
    old.pages[pte.page]!.exclusive = true;
    if (!unshare) v.pte = { ...pte, writable: true };
    return true;
  }
  const slot = findFree(d, false, 'movable');
  if (slot === undefined) return false;
  const data = old.pages[pte.page]!.data;
  allocFolio(d, slot, true);
  d.folios[slot]!.pages[0] = { data, exclusive: true, mapcount: 0 };
  const coherentGups = d.gups.map((g) => g.kind === 'held' && g.coherent);
  unmapPage(d, proc, vpage, knobs);
  // The process did not give the address up: its pins stay bound to what it maps.
  d.gups.forEach((g, i) => {
    if (g.kind === 'held' && coherentGups[i]) g.coherent = true;
  });
  mapPage(d, proc, vpage, slot, 0, !unshare);
  putFolio(d, slot);
  d.seen.cow = true;
  return true;
}

/** A store by the process: through a writable PTE, or after a write fault. */
export function processWrite(d: Draft<FolioState>, proc: number, vpage: number, knobs: FolioKnobs): void {
  if (!mappedWritable(d, proc, vpage) && !wpFault(d, proc, vpage, knobs, false)) return;
  // the fault may have mapped a copy
  writeData(d, proc, mappedFolio(d, proc, vpage), mappedPage(d, proc, vpage));
}
