import { CHUNKS, PIN_SLOTS, PROCESSES, VPAGES } from './state.ts';

/** Every step of the som model, named after the kernel path it mirrors. */
export type SomAction =
  | { readonly kind: 'fault'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'dontneed'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'munmap'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'pin'; readonly proc: number; readonly vpage: number; readonly longterm: boolean }
  | { readonly kind: 'unpin'; readonly slot: number }
  | { readonly kind: 'gupFastLoad'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'gupFastGrab' }
  | { readonly kind: 'gupFastRecheck' }
  | { readonly kind: 'fork' }
  | { readonly kind: 'somMmap'; readonly proc: number }
  | { readonly kind: 'madvDofork'; readonly proc: number }
  | { readonly kind: 'exit'; readonly proc: number }
  | { readonly kind: 'migrateUnmap'; readonly chunk: number }
  | { readonly kind: 'migrateMove' };

const perVpage = <K extends string>(kind: K) => PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind, proc, vpage })));

/** The whole alphabet; arguments name stable slots (process, vpage, pin slot, chunk). */
export function somActions(): SomAction[] {
  return [
    ...perVpage('fault'),
    ...perVpage('dontneed'),
    ...perVpage('munmap'),
    ...[false, true].flatMap((longterm) => perVpage('pin').map((a) => ({ ...a, longterm }))),
    ...PIN_SLOTS.map((slot) => ({ kind: 'unpin' as const, slot })),
    ...perVpage('gupFastLoad'),
    { kind: 'gupFastGrab' },
    { kind: 'gupFastRecheck' },
    { kind: 'fork' },
    { kind: 'somMmap', proc: 1 },
    ...PROCESSES.map((proc) => ({ kind: 'madvDofork' as const, proc })),
    { kind: 'exit', proc: 1 },
    ...CHUNKS.map((chunk) => ({ kind: 'migrateUnmap' as const, chunk })),
    { kind: 'migrateMove' },
  ];
}
