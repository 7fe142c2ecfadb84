import { unreachable, type Immutable } from '../../src/index.ts';
import type { CollapseAction } from './actions.ts';
import { writeFaultAllocates } from './faults.ts';
import { forkPlan } from './fork.ts';
import { pins } from './gup.ts';
import { collapsible, foliosInTable, inPlaceCandidate, tableSynced } from './khugepaged.ts';
import type { CollapseKnobs } from './knobs.ts';
import { FAST_SLOT, findFree, freeSmall, mappedAt, mmLocked, type CollapseState } from './state.ts';

type S = Immutable<CollapseState>;

/** The process runs and may take its mmap lock (khugepaged does not hold it for write). */
const runs = (s: S, proc: number) => s.processes[proc]!.alive && !mmLocked(s, proc);
const inVma = (s: S, proc: number, vpage: number) => runs(s, proc) && s.processes[proc]!.vma[vpage]!;
/** A write fault there can get the order-0 page it may need (else it would fail with -ENOMEM). */
const canFaultForWrite = (s: S, proc: number, vpage: number) => !writeFaultAllocates(s, proc, vpage) || freeSmall(s) > 0;

/**
 * The guards: when each step can be taken. A switch rather than a ts-pattern chain: the guard
 * runs for most of the alphabet at every random step, and the chain cost half the run.
 */
export function collapseEnabled(s: S, a: CollapseAction, knobs: CollapseKnobs): boolean {
  switch (a.kind) {
    case 'write':
      return inVma(s, a.proc, a.vpage) && canFaultForWrite(s, a.proc, a.vpage);
    case 'read':
      return runs(s, a.proc);
    case 'mprotect':
      return runs(s, a.proc) && s.processes[a.proc]!.pmd.kind === 'huge';
    case 'dontneed':
      return inVma(s, a.proc, a.vpage) && mappedAt(s.processes[a.proc]!, a.vpage) !== undefined;
    case 'fork':
      return runs(s, 0) && !s.processes[1]!.alive && s.forks === 0 && freeSmall(s) >= forkPlan(s, a.dontfork).copies;
    case 'exit':
      // GUP-fast runs in a thread of P0, so P0's mm cannot go away under it
      return runs(s, a.proc) && (a.proc !== 0 || s.gupFast.pc === 'idle');
    case 'gup': {
      if (!inVma(s, a.proc, a.vpage) || !s.gups.some((g, slot) => slot !== FAST_SLOT && g.kind === 'none')) return false;
      return pins(a.flavor) ? canFaultForWrite(s, a.proc, a.vpage) : mappedAt(s.processes[a.proc]!, a.vpage) !== undefined;
    }
    case 'unpin':
      return s.gups[a.slot]!.kind === 'held';
    case 'deviceWrite': {
      const g = s.gups[a.slot]!;
      return g.kind === 'held' && pins(g.flavor);
    }
    case 'gupFast': {
      // a GUP-fast that loads pmd_none falls back to the slow path at once: a no-op, left out
      const p0 = s.processes[0]!;
      return s.gupFast.pc === 'idle' && s.gups[FAST_SLOT]!.kind === 'none' && p0.alive && p0.vma[a.vpage]! && p0.pmd.kind !== 'none';
    }
    case 'gupFastStep':
      return s.gupFast.pc !== 'idle';
    case 'khugepaged':
      if (s.khugepaged.pc !== 'idle' || !collapsible(s)) return false;
      return a.mode === 'copy' ? foliosInTable(s).length > 0 && findFree(s, true) !== undefined : inPlaceCandidate(s) !== undefined;
    case 'khugepagedStep':
      return s.khugepaged.pc !== 'idle' && (s.khugepaged.pc !== 'flushed' || tableSynced(s, knobs));
    default:
      return unreachable(a);
  }
}
