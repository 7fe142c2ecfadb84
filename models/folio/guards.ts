import type { GuardTable, Immutable } from '../../src/index.ts';
import type { FolioAction } from './actions.ts';
import type { FolioKnobs } from './knobs.ts';
import { freeGupSlot, writes } from './gup.ts';
import { expectedRefcount } from './migration.ts';
import { isMapped, PMD_VPAGES } from './pmd.ts';
import { findFree, FILE_VPAGE, type FolioState, type GupFlavor } from './state.ts';

const vpageOf = (s: Immutable<FolioState>, proc: number, vpage: number) => {
  const p = s.processes[proc]!;
  return p.alive ? p.vpages[vpage] : undefined;
};

/** A store or MADV_DONTNEED needs a present PTE (or PMD) at that address. */
const mapped = (s: Immutable<FolioState>, proc: number, vpage: number) => vpageOf(s, proc, vpage) !== undefined && isMapped(s, proc, vpage);

/** The whole PMD-aligned range is in a writable VMA and nothing maps it (a THP or mTHP fault). */
function rangeFaultable(s: Immutable<FolioState>, proc: number): boolean {
  // plain loops: guards run for every action on every state
  for (const vpage of PMD_VPAGES) {
    const v = vpageOf(s, proc, vpage);
    if (v === undefined || !v.vma || !v.vmWrite || isMapped(s, proc, vpage)) return false;
  }
  return findFree(s, true, 'movable') !== undefined;
}

/** GUP needs a present PTE and a free reference slot; FOLL_WRITE on a VMA without VM_WRITE is -EFAULT. */
const gupEnabled = (s: Immutable<FolioState>, proc: number, vpage: number, flavor: GupFlavor) => {
  const v = vpageOf(s, proc, vpage);
  return v !== undefined && isMapped(s, proc, vpage) && (v.vmWrite || !writes(flavor)) && freeGupSlot(s) >= 0;
};

/** When each step can run; a disabled step is skipped by random runs. */
export const folioGuards: GuardTable<FolioState, FolioAction, FolioKnobs> = {
  anonFault: (s, { proc, vpage }) => {
    const v = vpageOf(s, proc, vpage);
    return v !== undefined && v.vma && v.vmWrite && !isMapped(s, proc, vpage) && findFree(s, false, 'movable') !== undefined;
  },
  anonFaultLarge: (s, { proc }) => rangeFaultable(s, proc),
  anonFaultHuge: (s, { proc }) => rangeFaultable(s, proc),
  fileFault: (s, { proc }) => {
    const v = vpageOf(s, proc, FILE_VPAGE);
    return v !== undefined && v.vma && v.pte === null && s.pagecache !== null;
  },
  // a store to a PROT_READ page is SIGSEGV, not a step
  write: (s, { proc, vpage }) => mapped(s, proc, vpage) && vpageOf(s, proc, vpage)!.vmWrite,
  dontneed: (s, { proc, vpage }) => mapped(s, proc, vpage),
  dontneedRange: (s, { proc }) => mapped(s, proc, PMD_VPAGES[0]) || mapped(s, proc, PMD_VPAGES[1]),
  fork: (s) => s.processes[0]!.alive && !s.processes[1]!.alive,
  get: (s, { proc, vpage }) => gupEnabled(s, proc, vpage, 'get'),
  gup: (s, { proc, vpage, flavor }) => gupEnabled(s, proc, vpage, flavor),
  gupFast: (s, { proc, vpage, flavor }) => gupEnabled(s, proc, vpage, flavor),
  mprotect: (s, { proc, vpage }) => vpageOf(s, proc, vpage)?.vma === true,
  mprotectRange: (s, { proc }) => vpageOf(s, proc, PMD_VPAGES[0])?.vma === true && vpageOf(s, proc, PMD_VPAGES[1])?.vma === true,
  dofork: (s, { proc, vpage }) => {
    const v = vpageOf(s, proc, vpage);
    return v !== undefined && v.vma && v.dontfork;
  },
  release: (s, { slot }) => s.gups[slot]!.kind === 'held',
  deviceWrite: (s, { slot }) => {
    const g = s.gups[slot]!;
    return g.kind === 'held' && (g.flavor === 'pin-rw' || g.flavor === 'longterm');
  },
  migrate: (s, { folio }) => {
    const f = s.folios[folio]!;
    const target = findFree(s, f.large, f.zone);
    // compaction only isolates folios it could move; a pinned one backs off in the freeze
    return f.allocated && f.zone === 'movable' && target !== undefined && expectedRefcount(f) > 0;
  },
  dontfork: (s, { proc, vpage }) => {
    const v = vpageOf(s, proc, vpage);
    return v !== undefined && v.vma && !v.dontfork;
  },
  munmap: (s, { proc, vpage }) => vpageOf(s, proc, vpage)?.vma === true,
  exit: (s, { proc }) => s.processes[proc]!.alive,
  pagecacheAdd: (s) => s.pagecache === null && findFree(s, false, 'movable') !== undefined,
  truncate: (s) => s.pagecache !== null,
};
