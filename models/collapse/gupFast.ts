import { unreachable, type Draft } from '../../src/index.ts';
import { grab, ungrab } from './gup.ts';
import type { CollapseKnobs } from './knobs.ts';
import { FAST_SLOT, mappedAt, NO_PTE, pageFolio, samePmd, samePte, type CollapseState, type Pmd } from './state.ts';
import type { Grabbing } from './threads.ts';

type D = Draft<CollapseState>;

/** Carry the sequence count and the ghost marks from one step to the next. */
const owner = (t: { readonly ownerUnmapped?: true; readonly seq: number; readonly tableFreed?: true }) => ({
  seq: t.seq,
  ...(t.ownerUnmapped ? { ownerUnmapped: true as const } : {}),
  ...(t.tableFreed ? { tableFreed: true as const } : {}),
});

/**
 * `pin_user_pages_fast(FOLL_WRITE)` in P0, begun: `raw_seqcount_try_begin(&mm->write_protect_seq)`
 * (the guard: an odd count falls back to the slow path at once), `local_irq_save()`, then
 * `READ_ONCE(*pmdp)`. It runs without mmap_lock or page-table lock; only disabled interrupts
 * hold off an IPI or an RCU grace period.
 */
export function gupFastStart(d: D, vpage: number): void {
  const pmd = d.processes[0]!.pmd;
  const seq = d.writeProtectSeq;
  if (pmd.kind === 'huge') d.gupFast = { pc: 'leaf', vpage, pmd: { ...pmd }, seq };
  else d.gupFast = { pc: 'pmd-read', vpage, pmd: { ...pmd }, seq };
}

/** The PTE the walker reads through the table page it loaded from the PMD, whatever became of that page. */
const walkedPte = (d: D, t: { readonly pmd: Pmd; readonly vpage: number }) => (t.pmd.kind === 'table' ? d.tables[t.pmd.table]!.ptes[t.vpage]! : NO_PTE);


/** The re-check of the PTE after the reference: then the PMD's, or straight to the return. */
function recheckPte(d: D, t: Grabbing, knobs: CollapseKnobs, backOff: (folio: number) => void): void {
  if (!samePte(walkedPte(d, t), t.pte)) return backOff(t.folio);
  d.gupFast = knobs.gupFastRechecksPmd
    ? { ...t, pc: 'pte-ok' }
    : { pc: 'pmd-ok', vpage: t.vpage, folio: t.folio, pfn: t.pte.pfn, ...owner(t) };
}

/**
 * One lockless step of GUP-fast: `gup_fast_pte_range` reads the PTE; `try_grab_folio_fast`
 * reads `page_folio(page)`, `folio_try_get`s it (a frozen or freed folio has refcount 0) and
 * re-checks that the page still belongs to it; then the PTE is re-checked, then the PMD
 * (70cbc3cc78a9). `gup_fast_pmd_leaf` grabs the THP and re-checks the PMD. A failed check puts
 * the reference back and falls back to the slow path.
 */
export function gupFastStep(d: D, knobs: CollapseKnobs): void {
  const t = d.gupFast;
  const p0 = d.processes[0]!;
  if (d.khugepaged.pc !== 'idle') d.seen.gupFastInsideCollapse = true;
  const backOff = (folio?: number) => {
    if (folio !== undefined) ungrab(d, folio, 'pin');
    d.gupFast = { pc: 'idle' };
  };
  switch (t.pc) {
    case 'idle':
      return;
    case 'pmd-read': {
      // the table is read through the PMD value loaded earlier, even if it has been unhooked since
      const pte = walkedPte(d, t);
      if (pte.kind !== 'present' || (knobs.gupFastUnshare && !pte.writable)) return backOff();
      // pte_page, then page_folio: the next load; a split may rewrite it right after
      d.gupFast = { pc: 'head-read', vpage: t.vpage, pmd: t.pmd, pte: { ...pte }, folio: pageFolio(d, pte.pfn), ...owner(t) };
      return;
    }
    case 'head-read':
      // try_grab_folio_fast: folio_try_get (a frozen or freed folio has refcount 0), then the
      // page_folio re-check in the same step: while the reference holds, no split can freeze
      // the folio and rewrite page_folio, so nothing between the two could change the answer
      if (d.folios[t.folio]!.refcount === 0) return backOff();
      grab(d, t.folio, 'pin');
      if (knobs.gupFastRechecksHead && pageFolio(d, t.pte.pfn) !== t.folio) {
        // a split moved the page to another folio between page_folio and folio_try_get: retry
        d.seen.gupFastSawSplit = true;
        return backOff(t.folio);
      }
      d.gupFast = { ...t, pc: 'got' };
      return;
    case 'got':
      return recheckPte(d, t, knobs, backOff);
    case 'pte-ok':
      if (!samePmd(p0.pmd, t.pmd)) return backOff(t.folio);
      d.gupFast = { pc: 'pmd-ok', vpage: t.vpage, folio: t.folio, pfn: t.pte.pfn, ...owner(t) };
      return;
    case 'leaf': {
      // try_grab_folio_fast on pmd_page + idx: page_folio, folio_try_get and its re-check in one
      const folio = pageFolio(d, t.pmd.folio + t.vpage);
      if ((knobs.gupFastUnshare && !t.pmd.writable) || d.folios[folio]!.refcount === 0) return backOff();
      grab(d, folio, 'pin');
      d.gupFast = { ...t, pc: 'leaf-got', folio };
      return;
    }
    case 'leaf-got':
      if (!samePmd(p0.pmd, t.pmd)) return backOff(t.folio);
      d.gupFast = { pc: 'pmd-ok', vpage: t.vpage, folio: t.folio, pfn: t.pmd.folio + t.vpage, ...owner(t) };
      return;
    case 'pmd-ok': {
      // read_seqcount_retry(&mm->write_protect_seq): a fork began meanwhile, unpin and fall back
      if (knobs.gupFastForkSeq && d.writeProtectSeq !== t.seq) {
        d.seen.gupFastRetriedForFork = true;
        return backOff(t.folio);
      }
      const at = mappedAt(d, 0, t.vpage);
      const coherent = !t.ownerUnmapped || at?.pfn === t.pfn;
      d.gups[FAST_SLOT] = { kind: 'held', flavor: 'pin', owner: 0, vpage: t.vpage, pfn: t.pfn, coherent };
      d.gupFast = { pc: 'idle' };
      return;
    }
    default:
      return unreachable(t);
  }
}
