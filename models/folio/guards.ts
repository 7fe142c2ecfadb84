import type { GuardTable, Immutable } from '../../src/index.ts';
import type { FolioAction } from './actions.ts';
import type { FolioKnobs } from './knobs.ts';
import { writes } from './gup.ts';
import { expectedRefcount } from './migration.ts';
import { findFree, FILE_VPAGE, type FolioState, type GupFlavor } from './state.ts';

const vpageOf = (s: Immutable<FolioState>, proc: number, vpage: number) => {
  const p = s.processes[proc]!;
  return p.alive ? p.vpages[vpage] : undefined;
};

/** A store or MADV_DONTNEED needs a present PTE at that address. */
const mapped = (s: Immutable<FolioState>, { proc, vpage }: { readonly proc: number; readonly vpage: number }) =>
  vpageOf(s, proc, vpage)?.pte !== undefined;

/** GUP needs a present PTE and a free reference slot; FOLL_WRITE on a VMA without VM_WRITE is -EFAULT. */
const gupEnabled = (s: Immutable<FolioState>, { proc, vpage, flavor }: { readonly proc: number; readonly vpage: number; readonly flavor: GupFlavor }) => {
  const v = vpageOf(s, proc, vpage);
  return v?.pte !== undefined && (v.vmWrite || !writes(flavor)) && s.gups.some((g) => g.kind === 'none');
};

/** When each step can run; a disabled step is skipped by random runs. */
export const folioGuards: GuardTable<FolioState, FolioAction, FolioKnobs> = {
  anonFault: (s, { proc, vpage }) => {
    const v = vpageOf(s, proc, vpage);
    return v !== undefined && v.vma && v.vmWrite && v.pte === undefined && findFree(s, false, 'movable') !== undefined;
  },
  anonFaultLarge: (s, { proc }) => {
    const [a0, a1] = [vpageOf(s, proc, 0), vpageOf(s, proc, 1)];
    const writable = !!a0?.vmWrite && !!a1?.vmWrite;
    return !!a0?.vma && !!a1?.vma && writable && !a0.pte && !a1.pte && findFree(s, true, 'movable') !== undefined;
  },
  fileFault: (s, { proc }) => {
    const v = vpageOf(s, proc, FILE_VPAGE);
    return v !== undefined && v.vma && v.pte === undefined && s.pagecache !== undefined;
  },
  // a store to a PROT_READ page is SIGSEGV, not a step
  write: (s, a) => mapped(s, a) && vpageOf(s, a.proc, a.vpage)!.vmWrite,
  dontneed: mapped,
  fork: (s) => s.processes[0]!.alive && !s.processes[1]!.alive,
  get: (s, a) => gupEnabled(s, { ...a, flavor: 'get' }),
  gup: gupEnabled,
  gupFast: gupEnabled,
  mprotect: (s, { proc, vpage }) => vpageOf(s, proc, vpage)?.vma === true,
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
