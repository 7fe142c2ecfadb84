import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import type { FolioAction } from './actions.ts';
import { expectedRefcount } from './migration.ts';
import { findFree, FILE_VPAGE, type FolioState } from './state.ts';

const vpageOf = (s: Immutable<FolioState>, proc: number, vpage: number) => {
  const p = s.processes[proc]!;
  return p.alive ? p.vpages[vpage] : undefined;
};

/** When each step can run; a disabled step is skipped by random runs. */
export function folioEnabled(s: Immutable<FolioState>, a: FolioAction): boolean {
  return match(a)
    .with({ kind: 'anonFault' }, ({ proc, vpage }) => {
      const v = vpageOf(s, proc, vpage);
      return v !== undefined && v.vma && v.pte === undefined && findFree(s, false, 'movable') !== undefined;
    })
    .with({ kind: 'anonFaultLarge' }, ({ proc }) => {
      const [a0, a1] = [vpageOf(s, proc, 0), vpageOf(s, proc, 1)];
      return !!a0?.vma && !!a1?.vma && !a0.pte && !a1.pte && findFree(s, true, 'movable') !== undefined;
    })
    .with({ kind: 'fileFault' }, ({ proc }) => {
      const v = vpageOf(s, proc, FILE_VPAGE);
      return v !== undefined && v.vma && v.pte === undefined && s.pagecache !== undefined;
    })
    .with({ kind: 'write' }, { kind: 'dontneed' }, ({ proc, vpage }) => vpageOf(s, proc, vpage)?.pte !== undefined)
    .with({ kind: 'fork' }, () => s.processes[0]!.alive && !s.processes[1]!.alive)
    .with({ kind: 'gup' }, ({ proc, vpage }) => vpageOf(s, proc, vpage)?.pte !== undefined && s.gups.some((g) => g.kind === 'none'))
    .with({ kind: 'release' }, ({ slot }) => s.gups[slot]!.kind === 'held')
    .with({ kind: 'deviceWrite' }, ({ slot }) => {
      const g = s.gups[slot]!;
      return g.kind === 'held' && (g.flavor === 'pin-rw' || g.flavor === 'longterm');
    })
    .with({ kind: 'migrate' }, ({ folio }) => {
      const f = s.folios[folio]!;
      const target = findFree(s, f.large, f.zone);
      // compaction only isolates folios it could move; a pinned one backs off in the freeze
      return f.allocated && f.zone === 'movable' && target !== undefined && expectedRefcount(f) > 0;
    })
    .with({ kind: 'dontfork' }, ({ proc, vpage }) => {
      const v = vpageOf(s, proc, vpage);
      return v !== undefined && v.vma && !v.dontfork;
    })
    .with({ kind: 'munmap' }, ({ proc, vpage }) => vpageOf(s, proc, vpage)?.vma === true)
    .with({ kind: 'exit' }, ({ proc }) => s.processes[proc]!.alive)
    .with({ kind: 'pagecacheAdd' }, () => s.pagecache === undefined && findFree(s, false, 'movable') !== undefined)
    .with({ kind: 'truncate' }, () => s.pagecache !== undefined)
    .exhaustive();
}
