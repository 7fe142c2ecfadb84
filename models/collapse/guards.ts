import type { GuardTable, Immutable } from '../../src/index.ts';
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

/** A GUP slot other than GUP-fast's is free for a slow-path GUP. */
const slowSlotFree = (s: S) => s.gups.some((g, slot) => slot !== FAST_SLOT && g.kind === 'none');

/**
 * The guards: when each step can be taken. Plain functions, no ts-pattern chain: the guard
 * runs for most of the alphabet at every random step, and a chain cost half the run.
 */
export const collapseGuards: GuardTable<CollapseState, CollapseAction, CollapseKnobs> = {
  write: (s, a) => inVma(s, a.proc, a.vpage) && canFaultForWrite(s, a.proc, a.vpage),
  read: (s, a) => runs(s, a.proc),
  mprotect: (s, a) => runs(s, a.proc) && s.processes[a.proc]!.pmd.kind === 'huge',
  dontneed: (s, a) => inVma(s, a.proc, a.vpage) && mappedAt(s.processes[a.proc]!, a.vpage) !== undefined,
  fork: (s, a) => runs(s, 0) && !s.processes[1]!.alive && s.forks === 0 && freeSmall(s) >= forkPlan(s, a.dontfork).copies,
  // GUP-fast runs in a thread of P0, so P0's mm cannot go away under it
  exit: (s, a) => runs(s, a.proc) && (a.proc !== 0 || s.gupFast.pc === 'idle'),
  gup: (s, a) => {
    if (!inVma(s, a.proc, a.vpage) || !slowSlotFree(s)) return false;
    return pins(a.flavor) ? canFaultForWrite(s, a.proc, a.vpage) : mappedAt(s.processes[a.proc]!, a.vpage) !== undefined;
  },
  unpin: (s, a) => s.gups[a.slot]!.kind === 'held',
  deviceWrite: (s, a) => {
    const g = s.gups[a.slot]!;
    return g.kind === 'held' && pins(g.flavor);
  },
  gupFast: (s, a) => {
    // a GUP-fast that loads pmd_none falls back to the slow path at once: a no-op, left out
    const p0 = s.processes[0]!;
    return s.gupFast.pc === 'idle' && s.gups[FAST_SLOT]!.kind === 'none' && p0.alive && p0.vma[a.vpage]! && p0.pmd.kind !== 'none';
  },
  gupFastStep: (s) => s.gupFast.pc !== 'idle',
  khugepaged: (s, a) => {
    if (s.khugepaged.pc !== 'idle' || !collapsible(s)) return false;
    return a.mode === 'copy' ? foliosInTable(s).length > 0 && findFree(s, true) !== undefined : inPlaceCandidate(s) !== undefined;
  },
  // after pmdp_collapse_flush, tlb_remove_table_sync_one's IPI waits for GUP-fast (irqs off) to leave
  khugepagedStep: (s, _a, knobs) => s.khugepaged.pc !== 'idle' && (s.khugepaged.pc !== 'flushed' || tableSynced(s, knobs)),
};
