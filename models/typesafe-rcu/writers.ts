import type { Draft } from '../../src/index.ts';
import { mmdrop } from './reader.ts';
import type { TypesafeState } from './state.ts';

type D = Draft<TypesafeState>;

/** `do_munmap` -> `vma_mark_detached` (readers gone) -> `vm_area_free`: reusable at once (typesafe). */
export function munmap(d: D, mm: number): void {
  const slot = d.mms[mm]!.vma!;
  d.mms[mm]!.vma = null;
  d.vmas[slot] = { ...d.vmas[slot]!, state: 'free', refcnt: 0 };
}

/** `mmap` -> `vm_area_alloc` (the first free object) -> attached to `mm`'s tree. */
export function mmap(d: D, mm: number): void {
  const slot = d.vmas.findIndex((v) => v.state === 'free');
  d.vmas[slot] = { state: 'attached', mm, refcnt: 1 };
  d.mms[mm]!.vma = slot;
}

/** `exit_mmap` done, `mmdrop`: the mm is freed once nobody holds an `mm_count`. */
export function exitMm(d: D, mm: number): void {
  d.mms[mm]!.exited = true;
  mmdrop(d, mm);
}
