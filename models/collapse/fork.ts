import { unreachable, type Draft, type Immutable } from '../../src/index.ts';
import { folioMaybeDmaPinned } from '../parts/pinAccounting.ts';
import { splitPmd } from './faults.ts';
import type { CollapseKnobs } from './knobs.ts';
import { allocTable, findFreeTable } from './tables.ts';
import { allocFolio, findFree, freeSmall } from './frames.ts';
import { pageFolio, readAt, VPAGES, ZERO, type CollapseState, type Folio, type Pte } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState>;

const maybePinned = (f: Immutable<Folio>) => folioMaybeDmaPinned(f);

/** The page of a present PTE is exclusive and its folio maybe pinned: fork must copy it. */
export const mustCopy = (s: S | D, pte: Immutable<Pte> | undefined): boolean =>
  pte?.kind === 'present' && s.pages[pte.pfn]!.exclusive && maybePinned(s.folios[pageFolio(s, pte.pfn)]!);

/**
 * How fork() will treat P0's range at its start: share the PMD, or go through the PTEs (after
 * a split for MADV_DONTFORK or for a maybe-pinned exclusive THP), and how many pages it must copy.
 */
export function forkPlan(s: S, dontfork: number | undefined): { readonly sharePmd: boolean; readonly copies: number } {
  const p = s.processes[0]!;
  if (p.pmd.kind === 'huge') {
    const pinned = s.pages[p.pmd.folio]!.exclusive && maybePinned(s.folios[p.pmd.folio]!);
    if (dontfork === undefined && !pinned) return { sharePmd: true, copies: 0 };
    // after the split every subpage carries the head's flag; all of them are copied if pinned
    return { sharePmd: false, copies: pinned ? VPAGES.filter((v) => v !== dontfork).length : 0 };
  }
  const ptes = p.pmd.kind === 'table' ? s.tables[p.pmd.table]!.ptes : [];
  const copies = VPAGES.filter((v) => v !== dontfork && mustCopy(s, ptes[v])).length;
  return { sharePmd: false, copies };
}

/** fork() can begin: enough order-0 pages for the copies it plans, and a table for the child. */
export const canFork = (s: S, dontfork: number | undefined): boolean =>
  freeSmall(s) >= forkPlan(s, dontfork).copies && (s.processes[0]!.pmd.kind === 'none' || findFreeTable(s) !== undefined);

/** The parent's PTE table during fork (P0 cannot unmap or split while fork holds its locks). */
const parentPtes = (d: D) => {
  const pmd = d.processes[0]!.pmd;
  return pmd.kind === 'table' ? d.tables[pmd.table]!.ptes : undefined;
};

/** The child's PTE table: allocated when fork began, a deposit if the PMD is shared. */
const childTable = (d: D | S): number => {
  const pmd = d.processes[1]!.pmd;
  if (pmd.kind === 'none') throw new Error('the child has no page table');
  return pmd.kind === 'table' ? pmd.table : pmd.deposit;
};

/**
 * P0's T0 calls fork() (`dup_mmap`): mmap_write_lock, `vma_start_write` on every VMA, and
 * `raw_write_seqcount_begin(&mm->write_protect_seq)` in `copy_page_range`. MADV_DONTFORK on one
 * page first splits the VMA, hence the PMD, as does a maybe-pinned exclusive THP
 * (`copy_huge_pmd` -> -EBUSY). The child exists but does not run until fork returns.
 */
export function forkStart(d: D, dontfork: number | undefined): void {
  const parent = d.processes[0]!;
  if (dontfork !== undefined || !forkPlan(d, dontfork).sharePmd) splitPmd(d, 0);
  const c = d.processes[1]!;
  c.vma = VPAGES.map((v) => parent.vma[v]! && v !== dontfork);
  d.writeProtectSeq++;
  const history = [[...parent.view]];
  if (parent.pmd.kind === 'none') {
    d.fork = { pc: 'ptes', vpage: 0, duped: false, history };
    return finishFork(d);
  }
  const table = findFreeTable(d)!;
  allocTable(d, table);
  c.pmd = { kind: 'table', table };
  d.fork = { pc: parent.pmd.kind === 'huge' ? 'pmd' : 'ptes', vpage: 0, duped: false, history, ...(dontfork === undefined ? {} : { dontfork }) };
  if (d.fork.pc === 'ptes') advance(d, 0);
}

/** This step of fork copies the page for the child (`copy_present_page`) and needs an order-0 page. */
export function forkStepCopies(s: S): boolean {
  const k = s.fork;
  if (k.pc !== 'ptes' || k.duped) return false;
  const pmd = s.processes[0]!.pmd;
  return mustCopy(s, pmd.kind === 'table' ? s.tables[pmd.table]!.ptes[k.vpage] : undefined);
}

/** Go to the next PTE `copy_pte_range` copies, from `from` on; none left ends the fork. */
function advance(d: D, from: number): void {
  const k = d.fork;
  if (k.pc === 'idle') return;
  const ptes = parentPtes(d);
  const child = d.processes[1]!;
  const next = VPAGES.find((v) => v >= from && child.vma[v]! && ptes?.[v]?.kind === 'present');
  if (next === undefined) return finishFork(d);
  d.fork = { ...k, pc: 'ptes', vpage: next, duped: false };
}

/**
 * One step of `copy_page_range`. `copy_huge_pmd`: `folio_try_dup_anon_rmap_pmd` (a maybe-pinned
 * exclusive THP is split and goes the PTE way), then, a step later, `pmdp_set_wrprotect`.
 * `copy_present_ptes`, one PTE a step: `folio_try_dup_anon_rmap_pte` clears PageAnonExclusive and
 * adds the child's mapping, and `wrprotect_ptes` write-protects the parent's; an exclusive
 * maybe-pinned page is copied for the child at once (`copy_present_page`), the parent keeping it
 * exclusive.
 */
export function forkStep(d: D, knobs: CollapseKnobs): void {
  const k = d.fork;
  const parent = d.processes[0]!;
  const c = d.processes[1]!;
  switch (k.pc) {
    case 'idle':
      return;
    case 'pmd': {
      if (parent.pmd.kind !== 'huge') return;
      const f = d.folios[parent.pmd.folio]!;
      const head = d.pages[parent.pmd.folio]!;
      if (k.duped) {
        parent.pmd = { ...parent.pmd, writable: false };
        return finishFork(d);
      }
      if (head.exclusive && maybePinned(f)) {
        // pinned since fork began (GUP-fast without the seqcount): -EBUSY, split, PTE path
        splitPmd(d, 0);
        return advance(d, 0);
      }
      head.exclusive = false;
      f.mapcount++;
      f.entireMapcount++;
      f.refcount++;
      c.pmd = { kind: 'huge', folio: parent.pmd.folio, writable: false, deposit: childTable(d) };
      d.fork = { ...k, duped: true };
      return;
    }
    case 'ptes': {
      const ptes = parentPtes(d)!;
      const pte = ptes[k.vpage]!;
      if (pte.kind !== 'present') return advance(d, k.vpage + 1);
      const childPtes = d.tables[childTable(d)]!.ptes;
      const f = d.folios[pageFolio(d, pte.pfn)]!;
      const page = d.pages[pte.pfn]!;
      if (mustCopy(d, pte)) {
        const slot = findFree(d, false)!;
        allocFolio(d, slot);
        d.folios[slot]!.mapcount = 1;
        d.pages[slot] = { data: page.data, exclusive: true, folio: slot };
        childPtes[k.vpage] = { kind: 'present', pfn: slot, writable: true };
        // the parent's page stays exclusive; write-protected, a store faults, waits, then reuses it
        if (knobs.forkCopyBlocksWriters) ptes[k.vpage] = { ...pte, writable: false };
        return advance(d, k.vpage + 1);
      }
      // one step here: the window between dup and wrprotect is modelled on the PMD path
      page.exclusive = false;
      f.mapcount++;
      f.refcount++;
      childPtes[k.vpage] = { ...pte, writable: false };
      ptes[k.vpage] = { ...pte, writable: false };
      return advance(d, k.vpage + 1);
    }
    default:
      return unreachable(k);
  }
}

/**
 * `raw_write_seqcount_end`, `flush_tlb_mm`, mmap_write_unlock: fork returns and the child runs,
 * reading what it maps (the snapshot property judges whether the parent ever held that).
 */
function finishFork(d: D): void {
  const c = d.processes[1]!;
  d.writeProtectSeq++;
  c.alive = true;
  c.view = VPAGES.map((v) => (c.vma[v] ? readAt(d, 1, v) : ZERO));
  d.forks++;
  d.fork = { pc: 'idle' };
}
