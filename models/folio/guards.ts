import type { GuardTable, Immutable } from '../../src/index.ts';
import type { FolioAction } from './actions.ts';
import type { FolioKnobs } from './knobs.ts';
import { writes } from './gup.ts';
import { expectedRefcount } from './migration.ts';
import { leafOf, PMD_VPAGES } from './pmd.ts';
import { findFree, FILE_VPAGE, type FolioState, type GupFlavor } from './state.ts';

const vpageOf = (s: Immutable<FolioState>, proc: number, vpage: number) => {
  const p = s.processes[proc]!;
  return p.alive ? p.vpages[vpage] : undefined;
};

/** A store or MADV_DONTNEED needs a present PTE (or PMD) at that address. */
const mapped = (s: Immutable<FolioState>, { proc, vpage }: { readonly proc: number; readonly vpage: number }) =>
  vpageOf(s, proc, vpage) !== undefined && leafOf(s, proc, vpage) !== undefined;

/** The whole PMD-aligned range is in a writable VMA and nothing maps it (a THP or mTHP fault). */
const rangeFaultable = (s: Immutable<FolioState>, proc: number) =>
  PMD_VPAGES.every((vpage) => {
    const v = vpageOf(s, proc, vpage);
    return v !== undefined && v.vma && v.vmWrite && leafOf(s, proc, vpage) === undefined;
  }) && findFree(s, true, 'movable') !== undefined;

/** GUP needs a present PTE and a free reference slot; FOLL_WRITE on a VMA without VM_WRITE is -EFAULT. */
const gupEnabled = (s: Immutable<FolioState>, { proc, vpage, flavor }: { readonly proc: number; readonly vpage: number; readonly flavor: GupFlavor }) => {
  const v = vpageOf(s, proc, vpage);
  return v !== undefined && leafOf(s, proc, vpage) !== undefined && (v.vmWrite || !writes(flavor)) && s.gups.some((g) => g.kind === 'none');
};

/** When each step can run; a disabled step is skipped by random runs. */
export const folioGuards: GuardTable<FolioState, FolioAction, FolioKnobs> = {
  anonFault: (s, { proc, vpage }) => {
    const v = vpageOf(s, proc, vpage);
    return v !== undefined && v.vma && v.vmWrite && leafOf(s, proc, vpage) === undefined && findFree(s, false, 'movable') !== undefined;
  },
  anonFaultLarge: (s, { proc }) => rangeFaultable(s, proc),
  anonFaultHuge: (s, { proc }) => rangeFaultable(s, proc),
  fileFault: (s, { proc }) => {
    const v = vpageOf(s, proc, FILE_VPAGE);
    return v !== undefined && v.vma && v.pte === undefined && s.pagecache !== undefined;
  },
  // a store to a PROT_READ page is SIGSEGV, not a step
  write: (s, a) => mapped(s, a) && vpageOf(s, a.proc, a.vpage)!.vmWrite,
  dontneed: mapped,
  dontneedRange: (s, { proc }) => PMD_VPAGES.some((vpage) => mapped(s, { proc, vpage })),
  fork: (s) => s.processes[0]!.alive && !s.processes[1]!.alive,
  get: (s, a) => gupEnabled(s, { ...a, flavor: 'get' }),
  gup: gupEnabled,
  gupFast: gupEnabled,
  mprotect: (s, { proc, vpage }) => vpageOf(s, proc, vpage)?.vma === true,
  mprotectRange: (s, { proc }) => PMD_VPAGES.every((vpage) => vpageOf(s, proc, vpage)?.vma === true),
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
  pagecacheAdd: (s) => s.pagecache === undefined && findFree(s, false, 'movable') !== undefined,
  truncate: (s) => s.pagecache !== undefined,
};
