/**
 * Scale: 2 mm_structs (mm 0, the reader's own, pinned by its task; mm 1, which can exit and be
 * freed), 2 VMA objects from a SLAB_TYPESAFE_BY_RCU cache (a freed VMA is reusable at once,
 * by either mm), one address range per mm, one `lock_vma_under_rcu` reader on mm 0. Real:
 * thousands of VMAs and mms; the reuse and lifetime rules are the same.
 */
export const MMS = [0, 1] as const;
export const VMAS = [0, 1] as const;

/** An owner: `mm_count` (mmgrab/mmdrop), whether its task exited, and whether it is freed. */
export interface Mm {
  readonly alive: boolean;
  readonly exited: boolean;
  readonly count: number;
  /** The VMA tree, one range: the VMA slot mapped there, or null. */
  readonly vma: number | null;
}

/**
 * A VMA object. `refcnt` is `vm_refcnt`: 1 while attached, plus one a reader. A freed object
 * keeps its stale `mm` (a reader that still points at it reads that).
 */
export interface Vma {
  readonly state: 'free' | 'attached';
  readonly mm: number;
  readonly refcnt: number;
}

/**
 * `lock_vma_under_rcu(mm 0)` as a thread. `vma`: the object `mas_walk` returned; `other`: the
 * mm its release path copied from `vma->vm_mm`.
 */
export interface Reader {
  readonly pc: 'idle' | 'loaded' | 'got' | 'holding' | 'mismatch' | 'grabbed' | 'put' | 'dropping';
  readonly vma: number;
  readonly other: number | null;
}

export interface TypesafeState {
  readonly mms: readonly Mm[];
  readonly vmas: readonly Vma[];
  readonly reader: Reader;
  /** Ghost events, for witnesses. */
  readonly seen: { readonly mismatch: boolean; readonly startReadFailed: boolean };
}

export const IDLE: Reader = { pc: 'idle', vma: 0, other: null };

/** mm 0 maps VMA 0; mm 1 is alive with nothing mapped; VMA 1 is free. */
export function initTypesafeState(): TypesafeState {
  return {
    mms: [
      { alive: true, exited: false, count: 1, vma: 0 },
      { alive: true, exited: false, count: 1, vma: null },
    ],
    vmas: [
      { state: 'attached', mm: 0, refcnt: 1 },
      { state: 'free', mm: 0, refcnt: 0 },
    ],
    reader: IDLE,
    seen: { mismatch: false, startReadFailed: false },
  };
}
