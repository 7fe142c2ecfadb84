import type { GuardTable, Immutable } from '../../src/index.ts';
import type { CollapseAction } from './actions.ts';
import { canFaultForWrite } from './faults.ts';
import { canFork, forkStepCopies } from './fork.ts';
import { pins } from './gup.ts';
import { collapsible, inPlaceCandidate, tableMapsAny, tableSynced } from './khugepaged.ts';
import type { CollapseKnobs } from './knobs.ts';
import { gracePeriodFrees } from './tables.ts';
import { findFree, freeSmall } from './frames.ts';
import { splittable } from './split.ts';
import { FAST_SLOT, forking, mappedPfn, mappedWritable, mmLocked, type CollapseState } from './state.ts';

type S = Immutable<CollapseState>;

/** The process runs: alive, and khugepaged does not hold its mmap lock for write. */
const runs = (s: S, proc: number) => s.processes[proc]!.alive && !mmLocked(s, proc);
/** It may also take its mmap lock or fault: not while its own fork() holds the locks. */
const locks = (s: S, proc: number) => runs(s, proc) && !forking(s, proc);
const inVma = (s: S, proc: number, vpage: number) => locks(s, proc) && s.processes[proc]!.vma[vpage]!;

/** A GUP slot other than GUP-fast's is free for a slow-path GUP. */
function slowSlotFree(s: S): boolean {
  for (let slot = 0; slot < s.gups.length; slot++) if (slot !== FAST_SLOT && s.gups[slot]!.kind === 'none') return true;
  return false;
}

/**
 * The guards: when each step can be taken. Plain functions, no ts-pattern chain: the guard
 * runs for most of the alphabet at every random step, and a chain cost half the run.
 */
export const collapseGuards: GuardTable<CollapseState, CollapseAction, CollapseKnobs> = {
  // during P0's fork another thread still stores through a writable entry; a fault would wait
  write: (s, a) =>
    forking(s, a.proc)
      ? runs(s, a.proc) && mappedWritable(s, a.proc, a.vpage)
      : inVma(s, a.proc, a.vpage) && canFaultForWrite(s, a.proc, a.vpage),
  read: (s, a) => runs(s, a.proc),
  mprotect: (s, a) => locks(s, a.proc) && s.processes[a.proc]!.pmd.kind === 'huge',
  dontneed: (s, a) => inVma(s, a.proc, a.vpage) && mappedPfn(s, a.proc, a.vpage) >= 0,
  // fork waits for a split in progress (copy_page_range would copy its migration entries)
  fork: (s, a) => locks(s, 0) && s.khugepaged.pc === 'idle' && s.splitter.pc === 'idle' && !s.processes[1]!.alive && s.forks === 0 && canFork(s, a.dontfork),
  forkStep: (s) => s.fork.pc !== 'idle' && (!forkStepCopies(s) || freeSmall(s) > 0),
  zapRange: (s, a) => locks(s, a.proc) && s.processes[a.proc]!.pmd.kind !== 'none',
  rcuGracePeriod: (s) => gracePeriodFrees(s),
  // GUP-fast runs in a thread of P0, so P0's mm cannot go away under it
  exit: (s, a) => locks(s, a.proc) && (a.proc !== 0 || s.gupFast.pc === 'idle'),
  gup: (s, a) => {
    if (!inVma(s, a.proc, a.vpage) || !slowSlotFree(s)) return false;
    return pins(a.flavor) ? canFaultForWrite(s, a.proc, a.vpage) : mappedPfn(s, a.proc, a.vpage) >= 0;
  },
  unpin: (s, a) => s.gups[a.slot]!.kind === 'held',
  // no DMA while P0 forks: the kernel promises the child no snapshot of memory a device writes
  deviceWrite: (s, a) => {
    const g = s.gups[a.slot]!;
    return g.kind === 'held' && pins(g.flavor) && s.fork.pc === 'idle';
  },
  gupFast: (s, a, knobs) => {
    // a GUP-fast that loads pmd_none, or finds write_protect_seq odd, falls back to the slow
    // path at once: a no-op, left out
    const p0 = s.processes[0]!;
    if (knobs.gupFastForkSeq && s.writeProtectSeq % 2 === 1) return false;
    return s.gupFast.pc === 'idle' && s.gups[FAST_SLOT]!.kind === 'none' && p0.alive && p0.vma[a.vpage]! && p0.pmd.kind !== 'none';
  },
  gupFastStep: (s) => s.gupFast.pc !== 'idle',
  khugepaged: (s, a) => {
    // a split holds the folio lock and leaves migration entries: the scan would find nothing to do
    if (s.khugepaged.pc !== 'idle' || s.fork.pc !== 'idle' || s.splitter.pc !== 'idle' || !collapsible(s)) return false;
    return a.mode === 'copy' ? tableMapsAny(s) && findFree(s, true) !== undefined : inPlaceCandidate(s) !== undefined;
  },
  // madvise_collapse of the caller's range: the copying collapse, as khugepaged's (anon memory)
  madvCollapse: (s, a, knobs) => {
    if (!locks(s, a.proc) || s.khugepaged.pc !== 'idle' || s.splitter.pc !== 'idle' || !collapsible(s, a.proc)) return false;
    if (knobs.madvCollapseAnon === 'remap-in-place' && inPlaceCandidate(s, a.proc) !== undefined) return true;
    return tableMapsAny(s, a.proc) && findFree(s, true) !== undefined;
  },
  // after pmdp_collapse_flush, tlb_remove_table_sync_one's IPI waits for GUP-fast (irqs off) to leave
  khugepagedStep: (s, _a, knobs) => s.khugepaged.pc !== 'idle' && (s.khugepaged.pc !== 'flushed' || tableSynced(s, knobs)),
  split: (s, a) => splittable(s, a.folio),
  splitStep: (s) => s.splitter.pc !== 'idle',
};
