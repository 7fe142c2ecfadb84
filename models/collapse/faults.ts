import type { Draft, Immutable } from '../../src/index.ts';
import type { CollapseKnobs } from './knobs.ts';
import { allocTable, findFreeTable, freeTable, freeWalkableTable } from './tables.ts';
import { allocFolio, findFree, putFolio } from './frames.ts';
import { mappedAt, mappedPfn, mappedWritable, migrationAt, newData, pageFolio, tableOf, VPAGES, ZERO, type CollapseState } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState>;

/**
 * `__split_huge_pmd`: the PMD becomes the deposited PTE table (`pgtable_trans_huge_withdraw`)
 * mapping pfn `folio + i`. The head page's PageAnonExclusive is handed to every subpage only when
 * set (RMAP_EXCLUSIVE); otherwise the subpages keep whatever flag they carry, which is why a
 * PMD mapping must have clear tails.
 */
export function splitPmd(d: D, proc: number): void {
  const p = d.processes[proc]!;
  if (p.pmd.kind !== 'huge') return;
  const { folio, writable, deposit } = p.pmd;
  const f = d.folios[folio]!;
  const exclusive = d.pages[folio]!.exclusive;
  p.pmd = { kind: 'table', table: deposit };
  const ptes = d.tables[deposit]!.ptes;
  for (const v of VPAGES) {
    ptes[v] = { kind: 'present', pfn: folio + v, writable };
    if (exclusive) d.pages[folio + v]!.exclusive = true;
  }
  // one PMD mapping and reference become n PTE mappings and references
  f.entireMapcount--;
  f.mapcount += VPAGES.length - 1;
  f.refcount += VPAGES.length - 1;
}

/** Zap one PTE (`zap_present_ptes`): drop its mapping and its reference; a migration entry holds none. */
export function zapPte(d: D, proc: number, vpage: number): void {
  const table = tableOf(d, proc);
  if (table === undefined) return;
  const ptes = d.tables[table]!.ptes;
  const pte = ptes[vpage]!;
  if (pte.kind === 'none') return;
  ptes[vpage] = { kind: 'none' };
  if (pte.kind === 'migration') return;
  const folio = pageFolio(d, pte.pfn);
  d.folios[folio]!.mapcount--;
  putFolio(d, folio);
}

/** What a write fault at this address will need: a new order-0 page (fault-in or COW), or none. */
export function writeFaultAllocates(s: S, proc: number, vpage: number): boolean {
  const pmd = s.processes[proc]!.pmd;
  const pfn = mappedPfn(s, proc, vpage);
  if (pfn < 0) return true;
  if (mappedWritable(s, proc, vpage)) return false;
  const folio = pmd.kind === 'huge' ? pmd.folio : pageFolio(s, pfn);
  const f = s.folios[folio]!;
  const exclusive = s.pages[pfn]!.exclusive;
  // a shared THP is split first; the subpage then keeps its own flag
  if (pmd.kind === 'huge') return !s.pages[folio]!.exclusive && f.refcount !== 1 && !exclusive;
  return !exclusive && (f.large || f.refcount !== 1);
}

/**
 * A write fault can get what it needs: an order-0 page if it allocates, a PTE table if the PMD
 * is none; on a migration entry it waits (`migration_entry_wait`) until the split remaps it.
 */
export const canFaultForWrite = (s: S, proc: number, vpage: number): boolean =>
  !migrationAt(s, proc, vpage) &&
  (!writeFaultAllocates(s, proc, vpage) || findFree(s, false) !== undefined) &&
  (s.processes[proc]!.pmd.kind !== 'none' || findFreeTable(s) !== undefined);

/**
 * Make the address writable as a write fault does: `__pte_alloc` where the PMD is none, then
 * `do_anonymous_page` into a hole; `do_huge_pmd_wp_page` reuses an exclusive (or solely
 * referenced) THP, else splits and falls back; `do_wp_page` reuses an exclusive page or a solely
 * referenced small folio, else copies.
 */
export function faultForWrite(d: D, proc: number, vpage: number): void {
  const p = d.processes[proc]!;
  const at = mappedAt(d, proc, vpage);
  if (at?.writable) return;
  if (p.pmd.kind === 'huge') {
    const f = d.folios[p.pmd.folio]!;
    const head = d.pages[p.pmd.folio]!;
    if (head.exclusive || f.refcount === 1) {
      head.exclusive = true;
      p.pmd = { ...p.pmd, writable: true };
      return;
    }
    splitPmd(d, proc);
  }
  if (p.pmd.kind === 'none') {
    const table = findFreeTable(d)!;
    allocTable(d, table);
    p.pmd = { kind: 'table', table };
  }
  const ptes = d.tables[tableOf(d, proc)!]!.ptes;
  const pte = ptes[vpage]!;
  if (pte.kind === 'present') {
    const f = d.folios[pageFolio(d, pte.pfn)]!;
    const page = d.pages[pte.pfn]!;
    if (page.exclusive || (!f.large && f.refcount === 1)) {
      page.exclusive = true;
      ptes[vpage] = { ...pte, writable: true };
      return;
    }
  }
  // a fresh exclusive order-0 page: zeroed, or a copy of the old page (wp_page_copy)
  const slot = findFree(d, false)!;
  allocFolio(d, slot);
  d.folios[slot]!.mapcount = 1;
  d.pages[slot] = { data: pte.kind === 'present' ? d.pages[pte.pfn]!.data : ZERO, exclusive: true, folio: slot };
  zapPte(d, proc, vpage);
  ptes[vpage] = { kind: 'present', pfn: slot, writable: true };
}

/**
 * A store by the process: fault for write if needed, then write. During P0's fork only
 * another thread's store through a writable entry gets here (a fault would wait for fork).
 */
export function processWrite(d: D, proc: number, vpage: number): void {
  faultForWrite(d, proc, vpage);
  const p = d.processes[proc]!;
  const at = mappedAt(d, proc, vpage)!;
  const data = newData(d, proc, false);
  d.pages[at.pfn]!.data = data;
  p.view[vpage] = data;
  if (proc === 0 && d.fork.pc !== 'idle') {
    d.fork.history.push([...p.view]);
    d.seen.storeDuringFork = true;
  }
}

/** MADV_DONTNEED of one page: split a PMD mapping, zap the PTE; the address reads zeroes again. */
export function dontneed(d: D, proc: number, vpage: number): void {
  splitPmd(d, proc);
  zapPte(d, proc, vpage);
  d.processes[proc]!.view[vpage] = ZERO;
  unmappedByOwner(d, proc, (g) => g.vpage === vpage);
}

/**
 * Zap the whole PMD range and free its page table, as `exit_mmap` (`free_pgtables`) and
 * MADV_DONTNEED of the whole range (`zap_pte_range` reclaiming the empty table:
 * `try_get_and_clear_pmd` + `free_pte` -> `tlb_remove_ptdesc`) do. A huge PMD goes by
 * `zap_huge_pmd`, whose `zap_deposited_table` frees the deposit by `pte_free` at once: a
 * deposited table is never walked (the IPI after `pmdp_collapse_flush` sees to that).
 */
export function zapRange(d: D, proc: number, knobs: CollapseKnobs): void {
  const p = d.processes[proc]!;
  if (p.pmd.kind === 'huge') {
    const f = d.folios[p.pmd.folio]!;
    f.mapcount--;
    f.entireMapcount--;
    putFolio(d, p.pmd.folio);
    const deposit = p.pmd.deposit;
    p.pmd = { kind: 'none' };
    freeTable(d, deposit, false);
  } else if (p.pmd.kind === 'table') {
    for (const v of VPAGES) zapPte(d, proc, v);
    const table = p.pmd.table;
    p.pmd = { kind: 'none' };
    freeWalkableTable(d, table, knobs);
  }
  p.view = VPAGES.map(() => ZERO);
  unmappedByOwner(d, proc, () => true);
}

/** exit_mmap: zap the range and free its tables; GUP references outlive the process. */
export function exit(d: D, proc: number, knobs: CollapseKnobs): void {
  zapRange(d, proc, knobs);
  const p = d.processes[proc]!;
  p.alive = false;
  p.vma = VPAGES.map(() => false);
}

/** The owner unmapped a pinned address itself: the pin no longer has to match its mapping. */
function unmappedByOwner(d: D, proc: number, at: (g: { vpage: number }) => boolean): void {
  for (const g of d.gups) if (g.kind === 'held' && g.owner === proc && at(g)) g.coherent = false;
  // only a GUP-fast past its PTE load holds a page the unmap took away
  const t = d.gupFast;
  if (proc === 0 && t.pc !== 'idle' && t.pc !== 'pmd-read' && at(t)) t.ownerUnmapped = true;
}
