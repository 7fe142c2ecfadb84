import type { Draft } from '../../src/index.ts';
import type { FolioKnobs } from './knobs.ts';
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

/** `mprotect()` of one anon page: VM_WRITE off write-protects the PTE; back on may upgrade it. */
export function mprotect(d: Draft<FolioState>, proc: number, vpage: number, prot: Protection, knobs: FolioKnobs): void {
  const v = d.processes[proc]!.vpages[vpage]!;
  v.vmWrite = prot === 'rw';
  const pte = v.pte;
  if (pte === undefined) return;
  if (prot === 'ro') {
    v.pte = { ...pte, writable: false };
  } else if (!pte.writable && d.folios[pte.folio]!.anon && mprotectMakesWritable(d, pte.folio, pte.page, knobs)) {
    v.pte = { ...pte, writable: true };
    d.seen.mprotectUpgraded = true;
  }
}
