import { unreachable, type Draft } from '../../src/index.ts';
import { grab, ungrab } from './gup.ts';
import type { CollapseKnobs } from './knobs.ts';
import { FAST_SLOT, mappedAt, samePmd, samePte, type CollapseState } from './state.ts';

type D = Draft<CollapseState>;

/** Carry the ghost mark of P0's own unmap from one step to the next. */
const owner = (t: { readonly ownerUnmapped?: true }) => (t.ownerUnmapped ? { ownerUnmapped: true as const } : {});

/**
 * `pin_user_pages_fast(FOLL_WRITE)` in P0, begun: `local_irq_save()`, then `READ_ONCE(*pmdp)`.
 * It runs without mmap_lock or page-table lock; only disabled interrupts hold off an IPI.
 */
export function gupFastStart(d: D, vpage: number): void {
  const pmd = d.processes[0]!.pmd;
  if (pmd.kind === 'huge') d.gupFast = { pc: 'leaf', vpage, pmd: { ...pmd } };
  else d.gupFast = { pc: 'pmd-read', vpage, pmd: { ...pmd } };
}

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
      const pte = p0.table[t.vpage]!;
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
      if (!samePte(p0.table[t.vpage]!, t.pte)) return backOff(t.pte.folio);
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
      const at = mappedAt(p0, t.vpage);
      const coherent = !t.ownerUnmapped || (at?.folio === t.folio && at.page === t.page);
      d.gups[FAST_SLOT] = { kind: 'held', flavor: 'pin', owner: 0, vpage: t.vpage, folio: t.folio, page: t.page, coherent };
      d.gupFast = { pc: 'idle' };
      return;
    }
    default:
      return unreachable(t);
  }
}

