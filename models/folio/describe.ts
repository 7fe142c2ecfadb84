import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import { refGuardRefuses } from '../parts/kernelWord.ts';
import { folioMaybeDmaPinned } from '../parts/pinAccounting.ts';
import type { FolioAction } from './actions.ts';
import { canReuse, canReuseHuge } from './faults.ts';
import { gupFastFallback, longterm, pins, writes } from './gup.ts';
import type { FolioKnobs } from './knobs.ts';
import { mprotectMakesWritable } from './mprotect.ts';
import { leafOf, pageMapcount } from './pmd.ts';
import { FILE_VPAGE, findFree, type FolioState, type GupFlavor } from './state.ts';

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
      'subpage-mapcount': `largest page mapcount ${Math.max(...f.pages.map((_, i) => pageMapcount(f, i)))}`,
      refcount: `refcount ${f.refcount}`,
    }[knobs.wpReuse];
    return `reused (${why})`;
  }
  return copied(s, f.refcount, f.pages[pte.page]!.mapcount, f.pages[pte.page]!.exclusive);
}

function copied(s: Immutable<FolioState>, refcount: number, mapcount: number, exclusive: boolean): string {
  const to = findFree(s, false, 'movable');
  const counters = `refcount ${refcount}, mapcount ${mapcount}${exclusive ? '' : ', not exclusive'}`;
  return to === undefined ? `no free frame: VM_FAULT_OOM (${counters})` : `copied to folio ${to} (${counters})`;
}

/**
 * `do_huge_pmd_wp_page` on a write-protected PMD: reused, or the PMD split and the fault
 * falls back to `do_wp_page` on the new PTE, which then copies the page (a PTE-mapped THP
 * page that was not exclusive is never reused).
 */
function hugeWpBranch(s: Immutable<FolioState>, proc: number, vpage: number, knobs: FolioKnobs): string {
  const folio = s.processes[proc]!.pmd!.folio;
  const f = s.folios[folio]!;
  if (canReuseHuge(s, folio, knobs)) {
    const largest = Math.max(...f.pages.map((_, i) => pageMapcount(f, i)));
    const why = knobs.hugeWpReuse === 'subpage-mapcount' ? `reuse_swap_page: largest page_mapcount ${largest}` : f.pages[0]!.exclusive ? 'PageAnonExclusive' : `refcount ${f.refcount}`;
    return `do_huge_pmd_wp_page -> reused (${why})`;
  }
  const split = `refcount ${f.refcount}, entire mapcount ${f.entireMapcount}${f.pages[0]!.exclusive ? '' : ', not exclusive'}`;
  const refs = f.refcount + (knobs.pmdSplitAddsRefs ? 1 : 0);
  return `do_huge_pmd_wp_page -> __split_huge_pmd (${split}), fallback: do_wp_page -> ${copied(s, refs, f.pages[vpage]!.mapcount + 1, false)}`;
}

/** The write fault's path: `do_wp_page` on a PTE, `do_huge_pmd_wp_page` on a PMD. */
const wpPath = (s: Immutable<FolioState>, proc: number, vpage: number, knobs: FolioKnobs, unshare: boolean) =>
  leafOf(s, proc, vpage)?.pmd ? hugeWpBranch(s, proc, vpage, knobs) : `${unshare ? '' : 'do_wp_page -> '}${wpBranch(s, proc, vpage, knobs)}`;

/** What GUP does before it takes the reference: fall back from GUP-fast, fault, unshare, migrate. */
function gupBranch(s: Immutable<FolioState>, proc: number, vpage: number, flavor: GupFlavor, fast: boolean, knobs: FolioKnobs): string {
  const pte = leafOf(s, proc, vpage);
  if (pte === undefined) return ': no PTE, -EFAULT';
  const f = s.folios[pte.folio]!;
  const fallback = fast ? gupFastFallback(s, proc, vpage, flavor, knobs) : undefined;
  const fastLeaf = pte.pmd ? 'GUP-fast (gup_fast_pmd_leaf)' : 'GUP-fast';
  if (fast && fallback === undefined) {
    return knobs.refGuard && refGuardRefuses(f.refcount, knobs.counterBits) ? `: ${fastLeaf} -> refused (refcount reads <= 0)` : `: ${fastLeaf} -> grabbed`;
  }
  const prefix = `${fast ? `: ${fastLeaf} -> slow path (${fallback})` : ''}${pte.pmd ? ': follow_huge_pmd' : ''}`;
  const shared = f.anon && !f.pages[pte.page]!.exclusive;
  const fault =
    f.anon && writes(flavor) && !pte.writable
      ? `: FOLL_WRITE fault, ${wpPath(s, proc, vpage, knobs, false)}`
      : pins(flavor) && !writes(flavor) && shared && knobs.unshareOnRoPin
        ? `: FAULT_FLAG_UNSHARE -> ${wpPath(s, proc, vpage, knobs, true)}`
        : '';
  // a fault's copy is a new ZONE_MOVABLE folio: FOLL_LONGTERM then migrates it too
  const moves = longterm(flavor) && knobs.longtermMigrates && (f.zone === 'movable' || fault.includes('copied'));
  // the overflow guard reads the count the grab would see (no fault or migration moved it)
  const refused = fault === '' && !moves && knobs.refGuard && refGuardRefuses(f.refcount, knobs.counterBits);
  const grab = refused ? `: try_grab_folio -> refused, refcount ${f.refcount} reads <= 0 in ${knobs.counterBits} bits` : '';
  return `${prefix}${fault}${moves ? ': then migrate out of ZONE_MOVABLE' : ''}${grab}`;
}

const where = (s: Immutable<FolioState>, proc: number, vpage: number) => {
  const leaf = leafOf(s, proc, vpage);
  return leaf ? ` [folio ${leaf.folio} page ${leaf.page}${leaf.pmd ? ' by PMD' : ''}]` : '';
};

const PROT = { ro: 'PROT_READ', rw: 'PROT_READ|PROT_WRITE' } as const;

/** A step on one page of a PMD-mapped range splits the PMD first. */
const splits = (s: Immutable<FolioState>, proc: number, vpage: number) => (leafOf(s, proc, vpage)?.pmd ? ': __split_huge_pmd first' : '');

/** What `copy_huge_pmd` does with P0's PMD at fork, if it has one. */
function hugePmdBranch(s: Immutable<FolioState>, knobs: FolioKnobs): string {
  const p = s.processes[0]!;
  if (p.pmd === null || !p.vpages[0]!.vma || p.vpages[0]!.dontfork) return '';
  const f = s.folios[p.pmd.folio]!;
  const pinned = f.pages[0]!.exclusive && folioMaybeDmaPinned(f);
  if (pinned && knobs.forkCopiesPinned && knobs.forkSplitsPinnedPmd) return `copy_huge_pmd -> maybe pinned (_pincount ${f.pincount}): __split_huge_pmd`;
  return `copy_huge_pmd -> folio ${p.pmd.folio} shared R/O${pinned ? ` although pinned (_pincount ${f.pincount})` : ''}`;
}

/** The step in kernel words; `P0` is the parent, `P1` the child. */
export function describeFolioAction(a: FolioAction, s: Immutable<FolioState>, knobs: FolioKnobs): string {
  return match(a)
    .with({ kind: 'anonFault' }, ({ proc, vpage }) => `P${proc} do_anonymous_page(vpage ${vpage})`)
    .with({ kind: 'anonFaultLarge' }, ({ proc }) => `P${proc} do_anonymous_page(vpage 0-1, order-1 folio)`)
    .with({ kind: 'anonFaultHuge' }, ({ proc }) => `P${proc} do_huge_pmd_anonymous_page(vpage 0-1): order-1 folio ${findFree(s, true, 'movable')} mapped by a PMD`)
    .with({ kind: 'fileFault' }, ({ proc }) => `P${proc} filemap_fault(vpage ${FILE_VPAGE})`)
    .with({ kind: 'write' }, ({ proc, vpage }) => {
      const leaf = leafOf(s, proc, vpage);
      const how = leaf && !leaf.writable ? `: ${wpPath(s, proc, vpage, knobs, false)}` : `: writable ${leaf?.pmd ? 'PMD' : 'PTE'}`;
      return `P${proc} writes vpage ${vpage}${where(s, proc, vpage)}${how}`;
    })
    .with({ kind: 'fork' }, () => {
      const huge = hugePmdBranch(s, knobs);
      const split = huge.startsWith('copy_huge_pmd -> maybe pinned');
      const ptes = s.processes[0]!.vpages.flatMap((v, vpage) => (v.pte && v.vma && !v.dontfork ? [vpage] : []));
      const copied = [...(split ? [0, 1] : []), ...ptes.filter((vpage) => {
        const pte = s.processes[0]!.vpages[vpage]!.pte!;
        const f = s.folios[pte.folio]!;
        return f.anon && f.pages[pte.page]!.exclusive && folioMaybeDmaPinned(f) && knobs.forkCopiesPinned;
      })];
      const branch = copied.length > 0 ? `copy_present_page for maybe-pinned vpage ${copied.join(', ')}, others shared R/O` : 'anon pages shared R/O';
      const pteStep = split || ptes.length > 0 || huge === '' ? `copy_present_ptes -> ${branch}` : '';
      return `P0 fork() -> P1 (fork ${s.forks + 1}): ${[huge, pteStep].filter((t) => t !== '').join('; ')}`;
    })
    .with({ kind: 'get' }, ({ proc, vpage }) => `P${proc} ${GUP_CALL.get}(vpage ${vpage})${where(s, proc, vpage)}${gupBranch(s, proc, vpage, 'get', false, knobs)}`)
    .with({ kind: 'gup' }, ({ proc, vpage, flavor }) => `P${proc} ${GUP_CALL[flavor]}(vpage ${vpage})${where(s, proc, vpage)}${gupBranch(s, proc, vpage, flavor, false, knobs)}`)
    .with({ kind: 'gupFast' }, ({ proc, vpage, flavor }) => {
      const call = GUP_CALL[flavor].replace('_pages(', '_pages_fast(');
      return `P${proc} ${call}(vpage ${vpage})${where(s, proc, vpage)}${gupBranch(s, proc, vpage, flavor, true, knobs)}`;
    })
    .with({ kind: 'mprotect' }, ({ proc, vpage, prot }) => {
      const pte = s.processes[proc]?.vpages[vpage]?.pte;
      const call = `P${proc} mprotect(vpage ${vpage}, ${PROT[prot]})${where(s, proc, vpage)}${splits(s, proc, vpage)}`;
      if (prot === 'ro' || !pte || pte.writable) return call;
      const up = s.folios[pte.folio]!.anon && mprotectMakesWritable(s, pte.folio, pte.page, knobs);
      return `${call}: PTE ${up ? 'made writable (can_change_pte_writable)' : 'stays R/O until a write fault'}`;
    })
    .with({ kind: 'mprotectRange' }, ({ proc, prot }) => {
      const pmd = s.processes[proc]?.pmd;
      const call = `P${proc} mprotect(vpage 0-1, ${PROT[prot]})`;
      if (!pmd) return `${call}: change_pte_range`;
      if (prot === 'ro' || pmd.writable) return `${call}: change_huge_pmd(folio ${pmd.folio})`;
      const up = mprotectMakesWritable(s, pmd.folio, 0, knobs);
      return `${call}: change_huge_pmd(folio ${pmd.folio}): PMD ${up ? 'made writable (can_change_pmd_writable)' : 'stays R/O until a write fault'}`;
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
    .with({ kind: 'dontneed' }, ({ proc, vpage }) => `P${proc} madvise(vpage ${vpage}, MADV_DONTNEED)${where(s, proc, vpage)}${splits(s, proc, vpage)}`)
    .with({ kind: 'dontneedRange' }, ({ proc }) => {
      const pmd = s.processes[proc]?.pmd;
      return `P${proc} madvise(vpage 0-1, MADV_DONTNEED): ${pmd ? `zap_huge_pmd(folio ${pmd.folio})` : 'zap_pte_range'}`;
    })
    .with({ kind: 'dontfork' }, ({ proc, vpage }) => `P${proc} madvise(vpage ${vpage}, MADV_DONTFORK)${splits(s, proc, vpage)}`)
    .with({ kind: 'munmap' }, ({ proc, vpage }) => `P${proc} munmap(vpage ${vpage})${where(s, proc, vpage)}${splits(s, proc, vpage)}`)
    .with({ kind: 'exit' }, ({ proc }) => `P${proc} exit()`)
    .with({ kind: 'pagecacheAdd' }, () => 'filemap_add_folio(file index 0)')
    .with({ kind: 'truncate' }, () => 'truncate_inode_pages(file index 0): unmap, remove from page cache')
    .exhaustive();
}
