import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import { CHUNKS, PIN_SLOTS, PROCESSES, VPAGES, type SomState } from './state.ts';

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

const chunkName = (s: Immutable<SomState>, chunk: number) => `chunk ${chunk} (${s.chunks[chunk]!.zone === 'movable' ? 'ZONE_MOVABLE' : 'ZONE_NORMAL'})`;

/** What a process's vpage maps now, for the step text. */
function where(s: Immutable<SomState>, proc: number, vpage: number): string {
  const area = s.processes[proc]?.area;
  const pte = area?.vpages[vpage]?.pte;
  if (pte !== undefined) return ` [chunk ${pte.chunk} page ${vpage}${pte.kind === 'migration' ? ', migration entry' : ''}]`;
  return area?.chunk === undefined ? '' : ` [chunk ${area.chunk}]`;
}

/** The step in kernel words; P0 is the parent, P1 the child or a second process. */
export function describeSomAction(a: SomAction, s: Immutable<SomState>): string {
  const g = s.gupFast;
  const m = s.migration;
  return match(a)
    .with({ kind: 'fault' }, ({ proc, vpage }) => {
      const area = s.processes[proc]?.area;
      const from = area?.chunk === undefined ? ': alloc_hugetlb_folio' : '';
      return `P${proc} som fault vpage ${vpage}${from}${where(s, proc, vpage)}`;
    })
    .with({ kind: 'dontneed' }, ({ proc, vpage }) => `P${proc} madvise(vpage ${vpage}, MADV_DONTNEED)${where(s, proc, vpage)}`)
    .with({ kind: 'munmap' }, ({ proc, vpage }) => `P${proc} munmap(vpage ${vpage})${where(s, proc, vpage)}`)
    .with({ kind: 'pin' }, ({ proc, vpage, longterm }) => {
      const flags = longterm ? 'FOLL_PIN|FOLL_LONGTERM' : 'FOLL_PIN';
      const pte = s.processes[proc]?.area?.vpages[vpage]?.pte;
      const movable = longterm && pte !== undefined && s.chunks[pte.chunk]!.zone === 'movable' ? ' in ZONE_MOVABLE' : '';
      return `P${proc} pin_user_pages(vpage ${vpage}, ${flags})${where(s, proc, vpage)}${movable}`;
    })
    .with({ kind: 'unpin' }, ({ slot }) => {
      const p = s.pins[slot];
      return p?.kind === 'held' ? `driver unpin_user_page(chunk ${p.chunk} page ${p.vpage}) [pin ${slot}]` : `unpin ${slot}`;
    })
    .with({ kind: 'gupFastLoad' }, ({ proc, vpage }) => `CPU1 GUP-fast P${proc} vpage ${vpage}: ptep_get_lockless${where(s, proc, vpage)}`)
    .with({ kind: 'gupFastGrab' }, () => `CPU1 GUP-fast: try_grab_folio_fast(${g.pc === 'idle' ? '?' : `chunk ${g.chunk}`})`)
    .with({ kind: 'gupFastRecheck' }, () => `CPU1 GUP-fast: re-check PTE${g.pc === 'idle' ? '' : where(s, g.proc, g.vpage)}`)
    .with({ kind: 'fork' }, () => 'P0 fork() -> P1: dup_mmap')
    .with({ kind: 'somMmap' }, ({ proc }) => `P${proc} mmap(MAP_ANONYMOUS|MAP_PRIVATE) + madvise(MADV_DONTFORK)`)
    .with({ kind: 'madvDofork' }, ({ proc }) => `P${proc} madvise(som area, MADV_DOFORK)`)
    .with({ kind: 'exit' }, ({ proc }) => `P${proc} exit()`)
    .with({ kind: 'migrateUnmap' }, ({ chunk }) => `CPU2 migrate_pages(${chunkName(s, chunk)}): isolate, try_to_migrate`)
    .with({ kind: 'migrateMove' }, () =>
      m.pc === 'idle' ? 'CPU2 migrate_pages: move' : `CPU2 migrate_pages: folio_ref_freeze(chunk ${m.src}, 1), move to chunk ${m.dst}`,
    )
    .exhaustive();
}
