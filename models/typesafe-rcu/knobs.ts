import type { KnobSpecs } from '../../src/index.ts';

/** Design choices of the per-VMA lock reader on a typesafe VMA cache; the proposal is mainline's. */
export type TypesafeKnobs = {
  /** `vma_start_read` takes the reference with increment-not-zero, or a plain increment. */
  readonly startRead: 'inc-not-zero' | 'inc';
  /** After the reference, `vma->vm_mm == mm` is re-checked. */
  readonly mmRecheck: boolean;
  /**
   * The release path of a VMA found attached to another mm: `mmgrab(other)` around the put
   * (mainline since 2025), copy `vm_mm` then put then wake, or put then read `vm_mm` and wake.
   */
  readonly mismatchRelease: 'mmgrab' | 'copy-put-wake' | 'put-read-wake';
};

export const typesafeKnobs: KnobSpecs<TypesafeKnobs> = {
  startRead: { values: ['inc-not-zero', 'inc'], proposal: 'inc-not-zero', meaning: 'vma_start_read uses refcount_inc_not_zero on vm_refcnt' },
  mmRecheck: { values: [true, false], proposal: true, meaning: 'vma_start_read re-checks vma->vm_mm after taking the reference' },
  mismatchRelease: {
    values: ['mmgrab', 'copy-put-wake', 'put-read-wake'],
    proposal: 'mmgrab',
    meaning: 'how a reader drops a VMA now attached to another mm: mmgrab(other) around vma_refcount_put',
  },
};
