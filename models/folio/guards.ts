import type { GuardTable, Immutable } from '../../src/index.ts';
import type { FolioAction } from './actions.ts';
import type { FolioKnobs } from './knobs.ts';
import { expectedRefcount } from './migration.ts';
import { findFree, FILE_VPAGE, type FolioState } from './state.ts';

const vpageOf = (s: Immutable<FolioState>, proc: number, vpage: number) => {
  const p = s.processes[proc]!;
  return p.alive ? p.vpages[vpage] : undefined;
};

/** A store or MADV_DONTNEED needs a present PTE at that address. */
const mapped = (s: Immutable<FolioState>, { proc, vpage }: { readonly proc: number; readonly vpage: number }) =>
  vpageOf(s, proc, vpage)?.pte !== undefined;

/** When each step can run; a disabled step is skipped by random runs. */
export const folioGuards: GuardTable<FolioState, FolioAction, FolioKnobs> = {
  anonFault: (s, { proc, vpage }) => {
    const v = vpageOf(s, proc, vpage);
    return v !== undefined && v.vma && v.pte === undefined && findFree(s, false, 'movable') !== undefined;
  },
  anonFaultLarge: (s, { proc }) => {
    const [a0, a1] = [vpageOf(s, proc, 0), vpageOf(s, proc, 1)];
    return !!a0?.vma && !!a1?.vma && !a0.pte && !a1.pte && findFree(s, true, 'movable') !== undefined;
  },
  fileFault: (s, { proc }) => {
    const v = vpageOf(s, proc, FILE_VPAGE);
    return v !== undefined && v.vma && v.pte === undefined && s.pagecache !== undefined;
  },
  write: mapped,
  dontneed: mapped,
  fork: (s) => s.processes[0]!.alive && !s.processes[1]!.alive,
  gup: (s, { proc, vpage }) => vpageOf(s, proc, vpage)?.pte !== undefined && s.gups.some((g) => g.kind === 'none'),
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
