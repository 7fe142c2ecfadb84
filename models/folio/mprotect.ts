import type { Draft } from '../../src/index.ts';
import type { FolioKnobs } from './knobs.ts';
import { PMD_VPAGES, splitPmdCovering } from './pmd.ts';
import type { FolioState } from './state.ts';

/** The protection `mprotect()` sets on one anon page: PROT_READ, or PROT_READ|PROT_WRITE. */
export type Protection = 'ro' | 'rw';

/**
 * Whether `change_pte_range()` makes a present anon PTE writable when VM_WRITE comes back:
 * since v6.1 `can_change_pte_writable()` does so only for a PageAnonExclusive page (a shared
 * one must still fault and COW); older kernels leave it to the next write fault.
 */
export function mprotectMakesWritable(d: Pick<FolioState, 'folios'>, folio: number, page: number, knobs: FolioKnobs): boolean {
  switch (knobs.mprotectUpgrade) {
    case 'exclusive':
      return d.folios[folio]!.pages[page]!.exclusive;
    case 'never':
      return false;
    case 'always':
      return true;
  }
}

/**
 * `mprotect()` of one anon page: VM_WRITE off write-protects the PTE; back on may upgrade it.
 * On half a PMD range the VMA split splits the PMD first (`vma_adjust_trans_huge`).
 */
export function mprotect(d: Draft<FolioState>, proc: number, vpage: number, prot: Protection, knobs: FolioKnobs): void {
  splitPmdCovering(d, proc, vpage, knobs);
  const v = d.processes[proc]!.vpages[vpage]!;
  v.vmWrite = prot === 'rw';
  const pte = v.pte;
  if (pte === null) return;
  if (prot === 'ro') {
    v.pte = { ...pte, writable: false };
  } else if (!pte.writable && d.folios[pte.folio]!.anon && mprotectMakesWritable(d, pte.folio, pte.page, knobs)) {
    v.pte = { ...pte, writable: true };
    d.seen.mprotectUpgraded = true;
  }
}

/**
 * `mprotect()` of the whole PMD range: `change_huge_pmd` write-protects the PMD, or makes it
 * writable again when `can_change_pmd_writable()` allows; without a PMD, each PTE as above.
 */
export function mprotectRange(d: Draft<FolioState>, proc: number, prot: Protection, knobs: FolioKnobs): void {
  const p = d.processes[proc]!;
  const pmd = p.pmd;
  if (pmd === null) {
    for (const vpage of PMD_VPAGES) mprotect(d, proc, vpage, prot, knobs);
    return;
  }
  for (const vpage of PMD_VPAGES) p.vpages[vpage]!.vmWrite = prot === 'rw';
  if (prot === 'ro') {
    p.pmd = { ...pmd, writable: false };
  } else if (!pmd.writable && mprotectMakesWritable(d, pmd.folio, 0, knobs)) {
    p.pmd = { ...pmd, writable: true };
    d.seen.mprotectUpgraded = true;
  }
}
