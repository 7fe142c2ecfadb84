import type { Draft } from '../../src/index.ts';
import type { TypesafeKnobs } from './knobs.ts';
import { IDLE, type TypesafeState } from './state.ts';

type D = Draft<TypesafeState>;

/** `rcu_read_lock(); vma = mas_walk(&mas)` in mm 0's tree: no reference yet. */
export function masWalk(d: D): void {
  const vma = d.mms[0]!.vma;
  d.reader = vma === null ? IDLE : { pc: 'loaded', vma, other: null };
}

/** `vma_start_read`: `__refcount_inc_not_zero_limited_acquire(&vma->vm_refcnt)`; zero -> return NULL. */
export function startRead(d: D, knobs: TypesafeKnobs): void {
  const v = d.vmas[d.reader.vma]!;
  if (knobs.startRead === 'inc' || v.refcnt > 0) {
    v.refcnt++;
    d.reader.pc = 'got';
    return;
  }
  d.seen.startReadFailed = true;
  d.reader = IDLE;
}

/** `if (unlikely(vma->vm_mm != mm))`: the object was freed and reused by another mm. */
export function checkMm(d: D, knobs: TypesafeKnobs): void {
  const v = d.vmas[d.reader.vma]!;
  if (!knobs.mmRecheck || v.mm === 0) {
    d.reader.pc = 'holding';
    return;
  }
  d.seen.mismatch = true;
  d.reader.pc = 'mismatch';
}

/**
 * The mismatch release, first step: `other_mm = vma->vm_mm; mmgrab(other_mm)`, or (known-bad)
 * copy `vm_mm` and `vma_refcount_put` at once, or `vma_refcount_put` before reading `vm_mm`.
 */
export function releaseFirst(d: D, knobs: TypesafeKnobs): void {
  const r = d.reader;
  const v = d.vmas[r.vma]!;
  if (knobs.mismatchRelease === 'mmgrab') {
    d.mms[v.mm]!.count++;
    d.reader = { ...r, pc: 'grabbed', other: v.mm };
    return;
  }
  const other = knobs.mismatchRelease === 'copy-put-wake' ? v.mm : null;
  v.refcnt--;
  d.reader = { ...r, pc: 'put', other };
}

/** `rcuwait_wake_up(&other_mm->vma_writer_wait)` after the put (grabbed: put first, here). */
export function releaseSecond(d: D): void {
  const r = d.reader;
  if (r.pc === 'grabbed') {
    d.vmas[r.vma]!.refcnt--;
    d.reader = { ...r, pc: 'dropping' };
    return;
  }
  d.reader = IDLE;
}

/** `mmdrop(other_mm)`: the last `mm_count` frees the mm (`__mmdrop`). */
export function releaseDrop(d: D): void {
  const other = d.reader.other!;
  mmdrop(d, other);
  d.reader = IDLE;
}

/** `vma_end_read`: the reader is done with its VMA. */
export function endRead(d: D): void {
  d.vmas[d.reader.vma]!.refcnt--;
  d.reader = IDLE;
}

export function mmdrop(d: D, mm: number): void {
  const m = d.mms[mm]!;
  m.count--;
  if (m.count === 0) d.mms[mm] = { ...m, alive: false };
}
