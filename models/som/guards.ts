import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import type { SomAction } from './actions.ts';
import { poolChunkWhere, type SomState } from './state.ts';

const areaOf = (s: Immutable<SomState>, proc: number) => {
  const p = s.processes[proc]!;
  return p.alive ? p.area : undefined;
};

const presentPte = (s: Immutable<SomState>, proc: number, vpage: number) => areaOf(s, proc)?.vpages[vpage]?.pte?.kind === 'present';
const freePinSlot = (s: Immutable<SomState>) => s.pins.some((p) => p.kind === 'none');

/** When each step can run; a disabled step is skipped by random runs. */
export function somEnabled(s: Immutable<SomState>, a: SomAction): boolean {
  const migrating = s.migration.pc === 'unmapped' ? s.migration.src : undefined;
  return match(a)
    .with({ kind: 'fault' }, ({ proc, vpage }) => {
      const area = areaOf(s, proc);
      const v = area?.vpages[vpage];
      if (area === undefined || !v?.vma || v.pte !== undefined) return false;
      // a fault on a chunk under migration waits for it; a first fault needs a pool chunk
      return area.chunk === undefined ? poolChunkWhere(s, () => true) !== undefined : area.chunk !== migrating;
    })
    .with({ kind: 'dontneed' }, ({ proc, vpage }) => areaOf(s, proc)?.vpages[vpage]?.pte !== undefined)
    .with({ kind: 'munmap' }, ({ proc, vpage }) => areaOf(s, proc)?.vpages[vpage]?.vma === true)
    .with({ kind: 'pin' }, ({ proc, vpage }) => presentPte(s, proc, vpage) && freePinSlot(s))
    .with({ kind: 'unpin' }, ({ slot }) => s.pins[slot]!.kind === 'held')
    .with({ kind: 'gupFastLoad' }, ({ proc, vpage }) => s.gupFast.pc === 'idle' && presentPte(s, proc, vpage) && freePinSlot(s))
    .with({ kind: 'gupFastGrab' }, () => s.gupFast.pc === 'loaded')
    .with({ kind: 'gupFastRecheck' }, () => s.gupFast.pc === 'grabbed')
    .with({ kind: 'fork' }, () => s.processes[0]!.alive && !s.processes[1]!.alive)
    .with({ kind: 'somMmap' }, ({ proc }) => s.processes[proc]!.alive && s.processes[proc]!.area === undefined)
    .with({ kind: 'madvDofork' }, ({ proc }) => areaOf(s, proc)?.dontcopy === true)
    .with({ kind: 'exit' }, ({ proc }) => s.processes[proc]!.alive)
    .with({ kind: 'migrateUnmap' }, ({ chunk }) => {
      const c = s.chunks[chunk]!;
      return s.migration.pc === 'idle' && !c.inPool && c.mapcount > 0 && poolChunkWhere(s, () => true) !== undefined;
    })
    .with({ kind: 'migrateMove' }, () => s.migration.pc === 'unmapped')
    .exhaustive();
}
