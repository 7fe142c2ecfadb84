import type { Protection } from './mprotect.ts';
import { ANON_VPAGES, FILE_VPAGE, GUP_SLOTS, PROCESSES, type PinFlavor } from './state.ts';

/** Every step of the folio model, named after the kernel path it mirrors. */
export type FolioAction =
  | { readonly kind: 'anonFault'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'anonFaultLarge'; readonly proc: number }
  /** `do_huge_pmd_anonymous_page`: THP fault mapping vpages 0-1 with one PMD. */
  | { readonly kind: 'anonFaultHuge'; readonly proc: number }
  | { readonly kind: 'fileFault'; readonly proc: number }
  | { readonly kind: 'write'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'fork' }
  /** `get_user_pages(FOLL_GET)`, R/O (vmsplice): no unsharing, no pin accounting. */
  | { readonly kind: 'get'; readonly proc: number; readonly vpage: number }
  /** `pin_user_pages` (FOLL_PIN), with FOLL_WRITE and FOLL_LONGTERM by flavor. */
  | { readonly kind: 'gup'; readonly proc: number; readonly vpage: number; readonly flavor: PinFlavor }
  /** GUP-fast (`pin_user_pages_fast`): falls back to the slow path where that would fault. */
  | { readonly kind: 'gupFast'; readonly proc: number; readonly vpage: number; readonly flavor: PinFlavor }
  | { readonly kind: 'mprotect'; readonly proc: number; readonly vpage: number; readonly prot: Protection }
  /** `mprotect()` of the whole PMD-aligned range, vpages 0-1 (`change_huge_pmd` on a PMD). */
  | { readonly kind: 'mprotectRange'; readonly proc: number; readonly prot: Protection }
  | { readonly kind: 'dofork'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'release'; readonly slot: number }
  | { readonly kind: 'deviceWrite'; readonly slot: number }
  | { readonly kind: 'migrate'; readonly folio: number }
  | { readonly kind: 'dontneed'; readonly proc: number; readonly vpage: number }
  /** MADV_DONTNEED of the whole PMD-aligned range, vpages 0-1 (`zap_huge_pmd` on a PMD). */
  | { readonly kind: 'dontneedRange'; readonly proc: number }
  | { readonly kind: 'dontfork'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'munmap'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'exit'; readonly proc: number }
  | { readonly kind: 'pagecacheAdd' }
  | { readonly kind: 'truncate' };

const FLAVORS: readonly PinFlavor[] = ['pin-ro', 'pin-rw', 'longterm', 'longterm-ro'];
/** GUP-fast is drawn for the pins whose fast path differs from the slow one on anon pages. */
const FAST_FLAVORS: readonly PinFlavor[] = ['pin-ro', 'pin-rw', 'longterm-ro'];
const VPAGES = [...ANON_VPAGES, FILE_VPAGE];

/** The whole alphabet; arguments name stable slots (process, virtual page, GUP slot, folio). */
export function folioActions(): FolioAction[] {
  return [
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.map((vpage) => ({ kind: 'anonFault' as const, proc, vpage }))),
    ...PROCESSES.map((proc) => ({ kind: 'anonFaultLarge' as const, proc })),
    ...PROCESSES.map((proc) => ({ kind: 'anonFaultHuge' as const, proc })),
    ...PROCESSES.map((proc) => ({ kind: 'fileFault' as const, proc })),
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'write' as const, proc, vpage }))),
    { kind: 'fork' },
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'get' as const, proc, vpage }))),
    ...PROCESSES.flatMap((proc) => VPAGES.flatMap((vpage) => FLAVORS.map((flavor) => ({ kind: 'gup' as const, proc, vpage, flavor })))),
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.flatMap((vpage) => FAST_FLAVORS.map((flavor) => ({ kind: 'gupFast' as const, proc, vpage, flavor })))),
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.flatMap((vpage) => (['ro', 'rw'] as const).map((prot) => ({ kind: 'mprotect' as const, proc, vpage, prot })))),
    ...PROCESSES.flatMap((proc) => (['ro', 'rw'] as const).map((prot) => ({ kind: 'mprotectRange' as const, proc, prot }))),
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.map((vpage) => ({ kind: 'dofork' as const, proc, vpage }))),
    ...GUP_SLOTS.map((slot) => ({ kind: 'release' as const, slot })),
    ...GUP_SLOTS.map((slot) => ({ kind: 'deviceWrite' as const, slot })),
    ...[0, 1, 2, 3, 4, 5, 6].map((folio) => ({ kind: 'migrate' as const, folio })),
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'dontneed' as const, proc, vpage }))),
    ...PROCESSES.map((proc) => ({ kind: 'dontneedRange' as const, proc })),
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.map((vpage) => ({ kind: 'dontfork' as const, proc, vpage }))),
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'munmap' as const, proc, vpage }))),
    ...PROCESSES.map((proc) => ({ kind: 'exit' as const, proc })),
    { kind: 'pagecacheAdd' },
    { kind: 'truncate' },
  ];
}
