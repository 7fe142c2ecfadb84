import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import { ANON_VPAGES, FILE_VPAGE, GUP_SLOTS, PROCESSES, type FolioState, type GupFlavor } from './state.ts';

/** Every step of the folio model, named after the kernel path it mirrors. */
export type FolioAction =
  | { readonly kind: 'anonFault'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'anonFaultLarge'; readonly proc: number }
  | { readonly kind: 'fileFault'; readonly proc: number }
  | { readonly kind: 'write'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'fork' }
  | { readonly kind: 'gup'; readonly proc: number; readonly vpage: number; readonly flavor: GupFlavor }
  | { readonly kind: 'release'; readonly slot: number }
  | { readonly kind: 'deviceWrite'; readonly slot: number }
  | { readonly kind: 'migrate'; readonly folio: number }
  | { readonly kind: 'dontneed'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'dontfork'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'munmap'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'exit'; readonly proc: number }
  | { readonly kind: 'pagecacheAdd' }
  | { readonly kind: 'truncate' };

const FLAVORS: readonly GupFlavor[] = ['get', 'pin-ro', 'pin-rw', 'longterm'];
const VPAGES = [...ANON_VPAGES, FILE_VPAGE];

/** The whole alphabet; arguments name stable slots (process, virtual page, GUP slot, folio). */
export function folioActions(): FolioAction[] {
  return [
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.map((vpage) => ({ kind: 'anonFault' as const, proc, vpage }))),
    ...PROCESSES.map((proc) => ({ kind: 'anonFaultLarge' as const, proc })),
    ...PROCESSES.map((proc) => ({ kind: 'fileFault' as const, proc })),
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'write' as const, proc, vpage }))),
    { kind: 'fork' },
    ...PROCESSES.flatMap((proc) => VPAGES.flatMap((vpage) => FLAVORS.map((flavor) => ({ kind: 'gup' as const, proc, vpage, flavor })))),
    ...GUP_SLOTS.map((slot) => ({ kind: 'release' as const, slot })),
    ...GUP_SLOTS.map((slot) => ({ kind: 'deviceWrite' as const, slot })),
    ...[0, 1, 2, 3, 4, 5, 6].map((folio) => ({ kind: 'migrate' as const, folio })),
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'dontneed' as const, proc, vpage }))),
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.map((vpage) => ({ kind: 'dontfork' as const, proc, vpage }))),
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'munmap' as const, proc, vpage }))),
    ...PROCESSES.map((proc) => ({ kind: 'exit' as const, proc })),
    { kind: 'pagecacheAdd' },
    { kind: 'truncate' },
  ];
}

const GUP_CALL: Record<GupFlavor, string> = {
  get: 'get_user_pages(FOLL_GET)',
  'pin-ro': 'pin_user_pages(FOLL_PIN)',
  'pin-rw': 'pin_user_pages(FOLL_PIN|FOLL_WRITE)',
  longterm: 'pin_user_pages(FOLL_PIN|FOLL_WRITE|FOLL_LONGTERM)',
};

const where = (s: Immutable<FolioState>, proc: number, vpage: number) => {
  const pte = s.processes[proc]?.vpages[vpage]?.pte;
  return pte ? ` [folio ${pte.folio} page ${pte.page}]` : '';
};

/** The step in kernel words; `P0` is the parent, `P1` the child. */
export function describeFolioAction(a: FolioAction, s: Immutable<FolioState>): string {
  return match(a)
    .with({ kind: 'anonFault' }, ({ proc, vpage }) => `P${proc} do_anonymous_page(vpage ${vpage})`)
    .with({ kind: 'anonFaultLarge' }, ({ proc }) => `P${proc} do_anonymous_page(vpage 0-1, order-1 folio)`)
    .with({ kind: 'fileFault' }, ({ proc }) => `P${proc} filemap_fault(vpage ${FILE_VPAGE})`)
    .with({ kind: 'write' }, ({ proc, vpage }) => {
      const pte = s.processes[proc]?.vpages[vpage]?.pte;
      return `P${proc} writes vpage ${vpage}${where(s, proc, vpage)}${pte && !pte.writable ? ': do_wp_page' : ''}`;
    })
    .with({ kind: 'fork' }, () => 'P0 fork() -> P1: copy_present_ptes')
    .with({ kind: 'gup' }, ({ proc, vpage, flavor }) => `P${proc} ${GUP_CALL[flavor]}(vpage ${vpage})${where(s, proc, vpage)}`)
    .with({ kind: 'release' }, ({ slot }) => {
      const g = s.gups[slot];
      const call = g?.kind === 'held' && g.flavor === 'get' ? 'put_page' : 'unpin_user_page';
      return g?.kind === 'held' ? `P${g.owner} ${call}(folio ${g.folio} page ${g.page}) [gup ${slot}]` : `release gup ${slot}`;
    })
    .with({ kind: 'deviceWrite' }, ({ slot }) => {
      const g = s.gups[slot];
      return g?.kind === 'held' ? `device DMA write through gup ${slot} (folio ${g.folio} page ${g.page})` : `device write ${slot}`;
    })
    .with({ kind: 'migrate' }, ({ folio }) => `migrate_pages(folio ${folio}): folio_ref_freeze at expected count`)
    .with({ kind: 'dontneed' }, ({ proc, vpage }) => `P${proc} madvise(vpage ${vpage}, MADV_DONTNEED)${where(s, proc, vpage)}`)
    .with({ kind: 'dontfork' }, ({ proc, vpage }) => `P${proc} madvise(vpage ${vpage}, MADV_DONTFORK)`)
    .with({ kind: 'munmap' }, ({ proc, vpage }) => `P${proc} munmap(vpage ${vpage})${where(s, proc, vpage)}`)
    .with({ kind: 'exit' }, ({ proc }) => `P${proc} exit()`)
    .with({ kind: 'pagecacheAdd' }, () => 'filemap_add_folio(file index 0)')
    .with({ kind: 'truncate' }, () => 'truncate_inode_pages(file index 0): unmap, remove from page cache')
    .exhaustive();
}
