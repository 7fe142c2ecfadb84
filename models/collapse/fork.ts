import type { Draft, Immutable } from '../../src/index.ts';
import { folioMaybeDmaPinned } from '../parts/pinAccounting.ts';
import { splitPmd } from './faults.ts';
import { allocFolio, findFree, VPAGES, ZERO, type CollapseState, type Folio } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState>;

const maybePinned = (f: Immutable<Folio>) => folioMaybeDmaPinned(f);

/**
 * How fork() will treat P0's range: share the PMD, or go through the PTEs (after a split for
 * MADV_DONTFORK or for a maybe-pinned exclusive THP), and how many pages it must copy.
 */
export function forkPlan(s: S, dontfork: number | undefined): { readonly sharePmd: boolean; readonly copies: number } {
  const p = s.processes[0]!;
  if (p.pmd.kind === 'huge') {
    const f = s.folios[p.pmd.folio]!;
    const pinned = f.pages[0]!.exclusive && maybePinned(f);
    if (dontfork === undefined && !pinned) return { sharePmd: true, copies: 0 };
    // after the split every subpage carries the head's flag; all of them are copied if pinned
    return { sharePmd: false, copies: pinned ? VPAGES.filter((v) => v !== dontfork).length : 0 };
  }
  const copies = VPAGES.filter((v) => {
    const pte = p.table[v]!;
    if (v === dontfork || pte.kind !== 'present') return false;
    const f = s.folios[pte.folio]!;
    return f.pages[pte.page]!.exclusive && maybePinned(f);
  }).length;
  return { sharePmd: false, copies };
}

/**
 * P0 forks P1 (`dup_mmap`), optionally with MADV_DONTFORK on one page first (which splits the
 * VMA, hence the PMD) and MADV_DOFORK after. `copy_huge_pmd` shares the THP and clears the
 * head's PageAnonExclusive, unless it may be pinned: then it splits and the PTE path runs.
 * `copy_present_ptes` copies an exclusive maybe-pinned page for the child (`copy_present_page`)
 * and otherwise clears PageAnonExclusive, write-protects, and shares it.
 */
export function fork(d: D, dontfork: number | undefined): void {
  const parent = d.processes[0]!;
  if (dontfork !== undefined || !forkPlan(d, dontfork).sharePmd) splitPmd(d, 0);
  const c = d.processes[1]!;
  c.alive = true;
  c.vma = VPAGES.map((v) => parent.vma[v]! && v !== dontfork);
  c.table = VPAGES.map(() => ({ kind: 'none' }));
  c.view = VPAGES.map((v) => (c.vma[v] ? parent.view[v]! : ZERO));
  d.forks++;
  if (parent.pmd.kind === 'huge') {
    const f = d.folios[parent.pmd.folio]!;
    f.pages[0]!.exclusive = false;
    f.mapcount++;
    f.entireMapcount++;
    f.refcount++;
    parent.pmd = { ...parent.pmd, writable: false };
    c.pmd = { ...parent.pmd };
    return;
  }
  c.pmd = { kind: 'table' };
  for (const v of VPAGES) {
    const pte = parent.table[v]!;
    if (!c.vma[v] || pte.kind !== 'present') continue;
    const f = d.folios[pte.folio]!;
    const page = f.pages[pte.page]!;
    if (page.exclusive && maybePinned(f)) {
      const slot = findFree(d, false)!;
      allocFolio(d, slot);
      const copy = d.folios[slot]!;
      copy.mapcount = 1;
      copy.pages[0] = { data: page.data, exclusive: true };
      c.table[v] = { kind: 'present', folio: slot, page: 0, writable: true };
      continue;
    }
    page.exclusive = false;
    f.mapcount++;
    f.refcount++;
    parent.table[v] = { ...pte, writable: false };
    c.table[v] = { ...pte, writable: false };
  }
}
