import type { Draft } from '../../src/index.ts';
import { folioMaybeDmaPinned } from '../parts/pinAccounting.ts';
import type { FolioKnobs } from './knobs.ts';
import { mapPage, unmapPage } from './mapping.ts';
import { mapPmd, PMD_VPAGES, splitPmd, zapPmd } from './pmd.ts';
import { allocFolio, findFree, putFolio, type FolioState } from './state.ts';

/**
 * `fork()` from P0 to P1 (`copy_present_ptes`): an exclusive, maybe-pinned anon page is copied
 * for the child (`copy_present_page`); any other anon page loses PageAnonExclusive and both
 * sides are write-protected; file pages are shared. VM_DONTCOPY areas are not copied.
 * Returns false (and changes nothing) when the copies cannot be allocated (-ENOMEM).
 */
export function fork(d: Draft<FolioState>, knobs: FolioKnobs): boolean {
  const parent = d.processes[0]!;
  const splits = copyHugePmdSplits(d, knobs);
  const copies = (splits ? PMD_VPAGES.length : 0) + parent.vpages.filter((v) => {
    if (!v.vma || v.dontfork || v.pte === null) return false;
    const f = d.folios[v.pte.folio]!;
    return f.anon && knobs.forkCopiesPinned && f.pages[v.pte.page]!.exclusive && folioMaybeDmaPinned(f);
  }).length;
  const free = d.folios.filter((f) => !f.allocated && !f.large && f.zone === 'movable').length;
  if (copies > free) return false;

  d.forks++;
  if (d.gups.some((g) => g.kind === 'held' && g.owner === 0)) d.seen.forkedWhilePinned = true;
  const child = d.processes[1]!;
  child.alive = true;
  child.bornAtFork = d.forks;
  parent.vpages.forEach((v, vpage) => {
    const copied = v.vma && !v.dontfork;
    child.vpages[vpage] = { vma: copied, dontfork: false, vmWrite: copied && v.vmWrite, pte: null };
  });
  if (splits) splitPmd(d, 0, knobs); // "page maybe pinned: split and retry" on PTEs
  else if (parent.pmd !== null && parent.vpages[0]!.vma && !parent.vpages[0]!.dontfork) shareHugePmd(d, knobs);
  parent.vpages.forEach((v, vpage) => {
    const copied = v.vma && !v.dontfork;
    if (!copied || v.pte === null) return;
    const pte = v.pte;
    const f = d.folios[pte.folio]!;
    if (!f.anon) {
      shareMapping(d, vpage, pte.folio, pte.page, true, knobs);
    } else if (knobs.forkCopiesPinned && f.pages[pte.page]!.exclusive && folioMaybeDmaPinned(f)) {
      const slot = findFree(d, false, 'movable')!; // "Page may be pinned, we have to copy"
      allocFolio(d, slot, true);
      d.folios[slot]!.pages[0] = { data: f.pages[pte.page]!.data, exclusive: true, mapcount: 0 };
      mapPage(d, 1, vpage, slot, 0, pte.writable);
      putFolio(d, slot);
    } else {
      f.pages[pte.page]!.exclusive = false;
      v.pte = { ...pte, writable: false };
      shareMapping(d, vpage, pte.folio, pte.page, false, knobs);
    }
  });
  return true;
}

/**
 * `copy_huge_pmd` on an exclusive, maybe-pinned anon THP: `folio_try_dup_anon_rmap_pmd` fails,
 * so the parent's PMD is split and `copy_pte_range` copies each page for the child.
 */
function copyHugePmdSplits(d: Draft<FolioState>, knobs: FolioKnobs): boolean {
  const parent = d.processes[0]!;
  if (parent.pmd === null || !parent.vpages[0]!.vma || parent.vpages[0]!.dontfork) return false;
  const f = d.folios[parent.pmd.folio]!;
  return knobs.forkCopiesPinned && knobs.forkSplitsPinnedPmd && f.pages[0]!.exclusive && folioMaybeDmaPinned(f);
}

/** `copy_huge_pmd` sharing: PageAnonExclusive cleared, both PMDs write-protected, rmap and ref duplicated. */
function shareHugePmd(d: Draft<FolioState>, knobs: FolioKnobs): void {
  const pmd = d.processes[0]!.pmd!;
  const f = d.folios[pmd.folio]!;
  for (const page of f.pages) page.exclusive = false;
  d.processes[0]!.pmd = { ...pmd, writable: false };
  if (knobs.forkDupsRmap) {
    mapPmd(d, 1, pmd.folio, false);
  } else {
    d.processes[1]!.pmd = { folio: pmd.folio, writable: false };
    f.refcount++;
  }
}

/** The child maps the parent's page: `folio_dup_*_rmap` (unless the knob skips it) and a ref. */
function shareMapping(d: Draft<FolioState>, vpage: number, folio: number, page: number, writable: boolean, knobs: FolioKnobs): void {
  d.processes[1]!.vpages[vpage]!.pte = { folio, page, writable };
  if (knobs.forkDupsRmap) {
    d.folios[folio]!.mapcount++;
    d.folios[folio]!.pages[page]!.mapcount++;
  }
  d.folios[folio]!.refcount++;
}

/** `exit_mmap`: zap every PTE; GUP references held by drivers outlive the process. */
export function exit(d: Draft<FolioState>, proc: number, knobs: FolioKnobs): void {
  zapPmd(d, proc);
  d.processes[proc]!.vpages.forEach((_, vpage) => unmapPage(d, proc, vpage, knobs));
  d.processes[proc] = { ...d.processes[proc]!, alive: false, vpages: d.processes[proc]!.vpages.map(() => ({ vma: false, dontfork: false, vmWrite: false, pte: null })) };
}

/** `filemap_add_folio`: a new file folio whose allocation reference is the page cache's. */
export function pagecacheAdd(d: Draft<FolioState>): void {
  const slot = findFree(d, false, 'movable')!;
  allocFolio(d, slot, false);
  d.folios[slot]!.cached = true;
  d.pagecache = slot;
}

/** `truncate_inode_pages`: unmap the page everywhere, then drop the page cache's reference. */
export function truncate(d: Draft<FolioState>, knobs: FolioKnobs): void {
  const slot = d.pagecache!;
  d.processes.forEach((p, proc) => {
    p.vpages.forEach((v, vpage) => {
      if (v.pte?.folio === slot) unmapPage(d, proc, vpage, knobs);
    });
  });
  d.pagecache = null;
  d.folios[slot]!.cached = false;
  putFolio(d, slot);
}
