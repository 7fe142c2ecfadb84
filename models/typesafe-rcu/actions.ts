import { match } from 'ts-pattern';
import type { GuardTable, Immutable } from '../../src/index.ts';
import type { TypesafeKnobs } from './knobs.ts';
import { MMS, type TypesafeState } from './state.ts';

/** One atomic step: of the reader on mm 0, or of a writer on an mm (munmap, mmap, exit). */
export type TypesafeAction =
  | { readonly kind: 'masWalk' }
  | { readonly kind: 'startRead' }
  | { readonly kind: 'checkMm' }
  | { readonly kind: 'releaseFirst' }
  | { readonly kind: 'releaseSecond' }
  | { readonly kind: 'releaseDrop' }
  | { readonly kind: 'endRead' }
  | { readonly kind: 'munmap'; readonly mm: number }
  | { readonly kind: 'mmap'; readonly mm: number }
  | { readonly kind: 'exitMm'; readonly mm: number };

const READER = ['masWalk', 'startRead', 'checkMm', 'releaseFirst', 'releaseSecond', 'releaseDrop', 'endRead'] as const;

export function typesafeActions(): TypesafeAction[] {
  return [
    ...READER.map((kind) => ({ kind })),
    ...MMS.flatMap((mm) => [{ kind: 'munmap' as const, mm }, { kind: 'mmap' as const, mm }, { kind: 'exitMm' as const, mm }]),
  ];
}

type S = Immutable<TypesafeState>;

/** The mm a step reads or writes through a pointer, if any: what must still be alive. */
export function touchedMm(s: S, a: TypesafeAction, knobs: TypesafeKnobs): number | undefined {
  const r = s.reader;
  return match(a)
    .with({ kind: 'releaseFirst' }, () => (knobs.mismatchRelease === 'mmgrab' ? s.vmas[r.vma]!.mm : undefined))
    .with({ kind: 'releaseSecond' }, () => (r.pc === 'put' ? (r.other ?? s.vmas[r.vma]!.mm) : (r.other ?? undefined)))
    .with({ kind: 'releaseDrop' }, () => r.other ?? undefined)
    .with({ kind: 'munmap' }, { kind: 'mmap' }, { kind: 'exitMm' }, ({ mm }) => mm)
    .with({ kind: 'masWalk' }, { kind: 'startRead' }, { kind: 'checkMm' }, { kind: 'endRead' }, () => undefined)
    .exhaustive();
}

const freeVma = (s: S) => s.vmas.findIndex((v) => v.state === 'free');

export const typesafeGuards: GuardTable<TypesafeState, TypesafeAction, TypesafeKnobs> = {
  masWalk: (s) => s.reader.pc === 'idle',
  startRead: (s) => s.reader.pc === 'loaded',
  checkMm: (s) => s.reader.pc === 'got',
  releaseFirst: (s) => s.reader.pc === 'mismatch',
  releaseSecond: (s) => s.reader.pc === 'grabbed' || s.reader.pc === 'put',
  releaseDrop: (s) => s.reader.pc === 'dropping',
  endRead: (s) => s.reader.pc === 'holding',
  // vma_mark_detached waits for readers (vm_refcnt back to 1) before the VMA is freed
  munmap: (s, { mm }) => {
    const m = s.mms[mm]!;
    return m.alive && m.vma !== null && s.vmas[m.vma]!.refcnt === 1;
  },
  mmap: (s, { mm }) => s.mms[mm]!.alive && !s.mms[mm]!.exited && s.mms[mm]!.vma === null && freeVma(s) >= 0,
  // mm 0 belongs to the reader's task and outlives it; mm 1 exits once its range is unmapped
  exitMm: (s, { mm }) => mm !== 0 && s.mms[mm]!.alive && !s.mms[mm]!.exited && s.mms[mm]!.vma === null,
};

export function describeTypesafeAction(a: TypesafeAction, s: S, knobs: TypesafeKnobs): string {
  const r = s.reader;
  const v = s.vmas[r.vma]!;
  const vma = `vma ${r.vma} [${v.state}, mm ${v.mm}, vm_refcnt ${v.refcnt}]`;
  return match(a)
    .with({ kind: 'masWalk' }, () => `T0 lock_vma_under_rcu(mm 0): mas_walk -> ${s.mms[0]!.vma === null ? 'NULL' : `vma ${s.mms[0]!.vma}`}`)
    .with({ kind: 'startRead' }, () =>
      knobs.startRead === 'inc'
        ? `T0 vma_start_read(${vma}): refcount_inc -> ${v.refcnt + 1}`
        : `T0 vma_start_read(${vma}): refcount_inc_not_zero -> ${v.refcnt > 0 ? `ok (${v.refcnt + 1})` : 'zero: return NULL'}`,
    )
    .with({ kind: 'checkMm' }, () =>
      !knobs.mmRecheck ? `T0 vma_start_read: no vm_mm check, use ${vma}` : v.mm === 0 ? `T0 vma_start_read: vma->vm_mm == mm 0: locked` : `T0 vma_start_read: vma->vm_mm is mm ${v.mm} != mm 0: release it`,
    )
    .with({ kind: 'releaseFirst' }, () =>
      match(knobs.mismatchRelease)
        .with('mmgrab', () => `T0 vma_start_read: other_mm = mm ${v.mm}; mmgrab(mm ${v.mm}) [mm_count ${s.mms[v.mm]!.count}]`)
        .with('copy-put-wake', () => `T0 vma_refcount_put(${vma}): mm = vma->vm_mm (mm ${v.mm}), refcount dec`)
        .with('put-read-wake', () => `T0 vma_refcount_put(${vma}): refcount dec first`)
        .exhaustive(),
    )
    .with({ kind: 'releaseSecond' }, () => {
      if (r.pc === 'grabbed') return `T0 vma_refcount_put(${vma}): refcount dec, rcuwait_wake_up(mm ${r.other}) [held by mmgrab]`;
      const mm = r.other ?? v.mm;
      return `T0 vma_refcount_put: ${r.other === null ? `reads vma->vm_mm now (mm ${mm}), ` : ''}rcuwait_wake_up(&mm ${mm}->vma_writer_wait) [mm ${mm} ${s.mms[mm]!.alive ? 'alive' : 'FREED'}]`;
    })
    .with({ kind: 'releaseDrop' }, () => `T0 vma_start_read: mmdrop(mm ${r.other}) [mm_count ${r.other === null ? '?' : s.mms[r.other]!.count}]`)
    .with({ kind: 'endRead' }, () => `T0 vma_end_read(${vma})`)
    .with({ kind: 'munmap' }, ({ mm }) => `mm ${mm}: munmap -> vma_mark_detached(vma ${s.mms[mm]!.vma}), vm_area_free (reusable at once)`)
    .with({ kind: 'mmap' }, ({ mm }) => `mm ${mm}: mmap -> vm_area_alloc -> vma ${freeVma(s)}`)
    .with({ kind: 'exitMm' }, ({ mm }) => `mm ${mm}: exit_mmap, mmdrop [mm_count ${s.mms[mm]!.count} -> ${s.mms[mm]!.count - 1}${s.mms[mm]!.count === 1 ? ': __mmdrop frees it' : ''}]`)
    .exhaustive();
}
