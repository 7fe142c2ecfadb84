import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import { refGuardRefuses } from '../parts/kernelWord.ts';
import { folioMaybeDmaPinned } from '../parts/pinAccounting.ts';
import { canReuse } from './faults.ts';
import { gupFastFallback, longterm, pins, writes } from './gup.ts';
import type { FolioKnobs } from './knobs.ts';
import { mprotectMakesWritable, type Protection } from './mprotect.ts';
import { ANON_VPAGES, FILE_VPAGE, findFree, GUP_SLOTS, PROCESSES, type FolioState, type GupFlavor, type PinFlavor } from './state.ts';

/** Every step of the folio model, named after the kernel path it mirrors. */
export type FolioAction =
  | { readonly kind: 'anonFault'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'anonFaultLarge'; readonly proc: number }
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
  | { readonly kind: 'dofork'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'release'; readonly slot: number }
  | { readonly kind: 'deviceWrite'; readonly slot: number }
  | { readonly kind: 'migrate'; readonly folio: number }
  | { readonly kind: 'dontneed'; readonly proc: number; readonly vpage: number }
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
    ...PROCESSES.map((proc) => ({ kind: 'fileFault' as const, proc })),
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'write' as const, proc, vpage }))),
    { kind: 'fork' },
    ...PROCESSES.flatMap((proc) => VPAGES.map((vpage) => ({ kind: 'get' as const, proc, vpage }))),
    ...PROCESSES.flatMap((proc) => VPAGES.flatMap((vpage) => FLAVORS.map((flavor) => ({ kind: 'gup' as const, proc, vpage, flavor })))),
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.flatMap((vpage) => FAST_FLAVORS.map((flavor) => ({ kind: 'gupFast' as const, proc, vpage, flavor })))),
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.flatMap((vpage) => (['ro', 'rw'] as const).map((prot) => ({ kind: 'mprotect' as const, proc, vpage, prot })))),
    ...PROCESSES.flatMap((proc) => ANON_VPAGES.map((vpage) => ({ kind: 'dofork' as const, proc, vpage }))),
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
  'longterm-ro': 'pin_user_pages(FOLL_PIN|FOLL_LONGTERM)',
};

/** The branch `do_wp_page` takes on this write-protected anon PTE, with the counter behind it. */
function wpBranch(s: Immutable<FolioState>, proc: number, vpage: number, knobs: FolioKnobs): string {
  const pte = s.processes[proc]!.vpages[vpage]!.pte!;
  const f = s.folios[pte.folio]!;
  if (canReuse(s, pte.folio, pte.page, knobs)) {
    const why = {
      exclusive: f.pages[pte.page]!.exclusive ? 'PageAnonExclusive' : `small folio, refcount ${f.refcount}`,
      mapcount: `folio mapcount ${f.mapcount}`,
      'subpage-mapcount': `largest page mapcount ${Math.max(...f.pages.map((p) => p.mapcount))}`,
      refcount: `refcount ${f.refcount}`,
    }[knobs.wpReuse];
    return `reused (${why})`;
  }
  const to = findFree(s, false, 'movable');
  const counters = `refcount ${f.refcount}, mapcount ${f.pages[pte.page]!.mapcount}${f.pages[pte.page]!.exclusive ? '' : ', not exclusive'}`;
  return to === undefined ? `no free frame: VM_FAULT_OOM (${counters})` : `copied to folio ${to} (${counters})`;
}

/** What GUP does before it takes the reference: fall back from GUP-fast, fault, unshare, migrate. */
function gupBranch(s: Immutable<FolioState>, proc: number, vpage: number, flavor: GupFlavor, fast: boolean, knobs: FolioKnobs): string {
  const pte = s.processes[proc]?.vpages[vpage]?.pte;
  if (pte === undefined) return ': no PTE, -EFAULT';
  const f = s.folios[pte.folio]!;
  const fallback = fast ? gupFastFallback(s, proc, vpage, flavor, knobs) : undefined;
  if (fast && fallback === undefined) {
    return knobs.refGuard && refGuardRefuses(f.refcount, knobs.counterBits) ? ': GUP-fast -> refused (refcount reads <= 0)' : ': GUP-fast -> grabbed';
  }
  const prefix = fast ? `: GUP-fast -> slow path (${fallback})` : '';
  const shared = f.anon && !f.pages[pte.page]!.exclusive;
  const fault =
    f.anon && writes(flavor) && !pte.writable
      ? `: FOLL_WRITE fault, do_wp_page -> ${wpBranch(s, proc, vpage, knobs)}`
      : pins(flavor) && !writes(flavor) && shared && knobs.unshareOnRoPin
        ? `: FAULT_FLAG_UNSHARE -> ${wpBranch(s, proc, vpage, knobs)}`
        : '';
  // a fault's copy is a new ZONE_MOVABLE folio: FOLL_LONGTERM then migrates it too
  const moves = longterm(flavor) && knobs.longtermMigrates && (f.zone === 'movable' || fault.includes('copied'));
  // the overflow guard reads the count the grab would see (no fault or migration moved it)
  const refused = fault === '' && !moves && knobs.refGuard && refGuardRefuses(f.refcount, knobs.counterBits);
  const grab = refused ? `: try_grab_folio -> refused, refcount ${f.refcount} reads <= 0 in ${knobs.counterBits} bits` : '';
  return `${prefix}${fault}${moves ? ': then migrate out of ZONE_MOVABLE' : ''}${grab}`;
}

const where = (s: Immutable<FolioState>, proc: number, vpage: number) => {
  const pte = s.processes[proc]?.vpages[vpage]?.pte;
  return pte ? ` [folio ${pte.folio} page ${pte.page}]` : '';
};

/** The step in kernel words; `P0` is the parent, `P1` the child. */
export function describeFolioAction(a: FolioAction, s: Immutable<FolioState>, knobs: FolioKnobs): string {
  return match(a)
    .with({ kind: 'anonFault' }, ({ proc, vpage }) => `P${proc} do_anonymous_page(vpage ${vpage})`)
    .with({ kind: 'anonFaultLarge' }, ({ proc }) => `P${proc} do_anonymous_page(vpage 0-1, order-1 folio)`)
    .with({ kind: 'fileFault' }, ({ proc }) => `P${proc} filemap_fault(vpage ${FILE_VPAGE})`)
    .with({ kind: 'write' }, ({ proc, vpage }) => {
      const pte = s.processes[proc]?.vpages[vpage]?.pte;
      const how = pte && !pte.writable ? `: do_wp_page -> ${wpBranch(s, proc, vpage, knobs)}` : ': writable PTE';
      return `P${proc} writes vpage ${vpage}${where(s, proc, vpage)}${how}`;
    })
    .with({ kind: 'fork' }, () => {
      const copied = s.processes[0]!.vpages.flatMap((v, vpage) => {
        const f = v.pte && v.vma && !v.dontfork ? s.folios[v.pte.folio]! : undefined;
        const pinned = f !== undefined && f.anon && f.pages[v.pte!.page]!.exclusive && folioMaybeDmaPinned(f);
        return pinned && knobs.forkCopiesPinned ? [vpage] : [];
      });
      const branch = copied.length > 0 ? `copy_present_page for maybe-pinned vpage ${copied.join(', ')}, others shared R/O` : 'anon pages shared R/O';
      return `P0 fork() -> P1 (fork ${s.forks + 1}): copy_present_ptes -> ${branch}`;
    })
    .with({ kind: 'get' }, ({ proc, vpage }) => `P${proc} ${GUP_CALL.get}(vpage ${vpage})${where(s, proc, vpage)}${gupBranch(s, proc, vpage, 'get', false, knobs)}`)
    .with({ kind: 'gup' }, ({ proc, vpage, flavor }) => `P${proc} ${GUP_CALL[flavor]}(vpage ${vpage})${where(s, proc, vpage)}${gupBranch(s, proc, vpage, flavor, false, knobs)}`)
    .with({ kind: 'gupFast' }, ({ proc, vpage, flavor }) => {
      const call = GUP_CALL[flavor].replace('_pages(', '_pages_fast(');
      return `P${proc} ${call}(vpage ${vpage})${where(s, proc, vpage)}${gupBranch(s, proc, vpage, flavor, true, knobs)}`;
    })
    .with({ kind: 'mprotect' }, ({ proc, vpage, prot }) => {
      const pte = s.processes[proc]?.vpages[vpage]?.pte;
      const call = `P${proc} mprotect(vpage ${vpage}, ${prot === 'ro' ? 'PROT_READ' : 'PROT_READ|PROT_WRITE'})${where(s, proc, vpage)}`;
      if (prot === 'ro' || pte === undefined || pte.writable) return call;
      const up = s.folios[pte.folio]!.anon && mprotectMakesWritable(s, pte.folio, pte.page, knobs);
      return `${call}: PTE ${up ? 'made writable (can_change_pte_writable)' : 'stays R/O until a write fault'}`;
    })
    .with({ kind: 'dofork' }, ({ proc, vpage }) => `P${proc} madvise(vpage ${vpage}, MADV_DOFORK)`)
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
