import { unreachable, type Draft } from '../../src/index.ts';
import { grab, ungrab } from './gup.ts';
import type { CollapseKnobs } from './knobs.ts';
import { FAST_SLOT, mappedAt, NO_PTE, samePmd, samePte, type CollapseState, type Pmd } from './state.ts';

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

/**
 * One lockless step of GUP-fast: `gup_fast_pte_range` reads the PTE, `try_grab_folio_fast`,
 * re-checks the PTE, then the PMD (70cbc3cc78a9); `gup_fast_pmd_leaf` grabs the THP and
 * re-checks the PMD. A failed check puts the reference back and falls back to the slow path.
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
      d.gupFast = { pc: 'pte-read', vpage: t.vpage, pmd: t.pmd, pte: { ...pte }, ...owner(t) };
      return;
    }
    case 'pte-read':
      if (d.folios[t.pte.folio]!.refcount === 0) return backOff();
      grab(d, t.pte.folio, 'pin');
      d.gupFast = { ...t, pc: 'got' };
      return;
    case 'got':
      if (!samePte(walkedPte(d, t), t.pte)) return backOff(t.pte.folio);
      d.gupFast = knobs.gupFastRechecksPmd
        ? { ...t, pc: 'pte-ok' }
        : { pc: 'pmd-ok', vpage: t.vpage, folio: t.pte.folio, page: t.pte.page, ...owner(t) };
      return;
    case 'pte-ok':
      if (!samePmd(p0.pmd, t.pmd)) return backOff(t.pte.folio);
      d.gupFast = { pc: 'pmd-ok', vpage: t.vpage, folio: t.pte.folio, page: t.pte.page, ...owner(t) };
      return;
    case 'leaf':
      if ((knobs.gupFastUnshare && !t.pmd.writable) || d.folios[t.pmd.folio]!.refcount === 0) return backOff();
      grab(d, t.pmd.folio, 'pin');
      d.gupFast = { ...t, pc: 'leaf-got' };
      return;
    case 'leaf-got':
      if (!samePmd(p0.pmd, t.pmd)) return backOff(t.pmd.folio);
      d.gupFast = { pc: 'pmd-ok', vpage: t.vpage, folio: t.pmd.folio, page: t.vpage, ...owner(t) };
      return;
    case 'pmd-ok': {
      // read_seqcount_retry(&mm->write_protect_seq): a fork began meanwhile, unpin and fall back
      if (knobs.gupFastForkSeq && d.writeProtectSeq !== t.seq) {
        d.seen.gupFastRetriedForFork = true;
        return backOff(t.folio);
      }
      const at = mappedAt(d, 0, t.vpage);
      const coherent = !t.ownerUnmapped || (at?.folio === t.folio && at.page === t.page);
      d.gups[FAST_SLOT] = { kind: 'held', flavor: 'pin', owner: 0, vpage: t.vpage, folio: t.folio, page: t.page, coherent };
      d.gupFast = { pc: 'idle' };
      return;
    }
    default:
      return unreachable(t);
  }
}

