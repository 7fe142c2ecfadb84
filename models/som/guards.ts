import type { GuardTable, Immutable } from '../../src/index.ts';
import type { SomAction } from './actions.ts';
import type { SomKnobs } from './knobs.ts';
import { anyInPool, type SomState } from './state.ts';

type S = Immutable<SomState>;

const areaOf = (s: S, proc: number) => {
  const p = s.processes[proc]!;
  return p.alive ? p.area : undefined;
};

const presentPte = (s: S, proc: number, vpage: number) => areaOf(s, proc)?.vpages[vpage]?.pte?.kind === 'present';
function freePinSlot(s: S): boolean {
  for (const p of s.pins) if (p.kind === 'none') return true;
  return false;
}
const anyPoolChunk = anyInPool;

/** When each step can run; a disabled step is skipped by random runs. */
export const somGuards: GuardTable<SomState, SomAction, SomKnobs> = {
  fault: (s, { proc, vpage }) => {
    const area = areaOf(s, proc);
    const v = area?.vpages[vpage];
    if (area === undefined || !v?.vma || v.pte !== undefined) return false;
    // a fault on a chunk under migration waits for it; a first fault needs a pool chunk
    const migrating = s.migration.pc === 'unmapped' ? s.migration.src : undefined;
    return area.chunk === undefined ? anyPoolChunk(s) : area.chunk !== migrating;
  },
  dontneed: (s, { proc, vpage }) => areaOf(s, proc)?.vpages[vpage]?.pte !== undefined,
  munmap: (s, { proc, vpage }) => areaOf(s, proc)?.vpages[vpage]?.vma === true,
  pin: (s, { proc, vpage }) => presentPte(s, proc, vpage) && freePinSlot(s),
  unpin: (s, { slot }) => s.pins[slot]!.kind === 'held',
  gupFastLoad: (s, { proc, vpage }) => s.gupFast.pc === 'idle' && presentPte(s, proc, vpage) && freePinSlot(s),
  gupFastGrab: (s) => s.gupFast.pc === 'loaded',
  gupFastRecheck: (s) => s.gupFast.pc === 'grabbed',
  fork: (s) => s.processes[0]!.alive && !s.processes[1]!.alive,
  somMmap: (s, { proc }) => s.processes[proc]!.alive && s.processes[proc]!.area === undefined,
  madvDofork: (s, { proc }) => areaOf(s, proc)?.dontcopy === true,
  exit: (s, { proc }) => s.processes[proc]!.alive,
  migrateUnmap: (s, { chunk }) => {
    const c = s.chunks[chunk]!;
    return s.migration.pc === 'idle' && !c.inPool && c.mapcount > 0 && anyPoolChunk(s);
  },
  migrateMove: (s) => s.migration.pc === 'unmapped',
};
