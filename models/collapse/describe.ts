import { match } from 'ts-pattern';
import { unreachable, type Immutable } from '../../src/index.ts';
import type { CollapseAction } from './actions.ts';
import { forkStartText, forkStepText, gracePeriodText, writeText, zapRangeText } from './describeFork.ts';
import { firstStrayPte, pmdExclusive, refsExplained } from './inPlaceCollapse.ts';
import { collapsible, firstUnexpectedRefs, inPlaceCandidate } from './khugepaged.ts';
import { findFree } from './frames.ts';
import { splitText } from './describeSplit.ts';
import { mappedAt, NO_PTE, pageFolio, ptesOf, samePmd, samePte, showPage, VPAGES, type CollapseState, type GupFlavor, type Pmd, type Pte } from './state.ts';

type S = Immutable<CollapseState>;

const GUP_CALL: Record<GupFlavor, string> = {
  pin: 'pin_user_pages(FOLL_WRITE)',
  longterm: 'pin_user_pages(FOLL_WRITE|FOLL_LONGTERM)',
  get: 'get_user_pages(FOLL_GET, read-only)',
};

const pmdText = (pmd: Immutable<Pmd>): string =>
  pmd.kind === 'huge' ? `huge folio ${pmd.folio}${pmd.writable ? '' : ' read-only'}` : pmd.kind === 'table' ? `PTE table ${pmd.table}` : 'none';

/** The PTE GUP-fast reads through the table page it loaded, and what became of that page. */
const walked = (s: S, t: { readonly pmd: Immutable<Pmd>; readonly vpage: number }): Immutable<Pte> =>
  t.pmd.kind === 'table' ? s.tables[t.pmd.table]!.ptes[t.vpage]! : NO_PTE;
const tableNote = (s: S, t: { readonly pmd: Immutable<Pmd> }): string => {
  if (t.pmd.kind !== 'table') return '';
  const use = s.tables[t.pmd.table]!.use;
  const installed = samePmd(s.processes[0]!.pmd, t.pmd);
  return use === 'free' ? ` (table ${t.pmd.table} FREED)` : use === 'rcu' ? ` (table ${t.pmd.table} awaiting RCU)` : installed ? '' : ` (table ${t.pmd.table} unhooked)`;
};
export const pteText = (s: S, pte: Immutable<Pte>): string =>
  pte.kind === 'none' ? 'none' : `${pte.kind === 'migration' ? 'migration entry for ' : ''}${showPage(s, pte.pfn)}${pte.writable ? '' : ' read-only'}`;

/** ` [folio 0 page 2]`: what the address maps before the step. */
function where(s: S, proc: number, vpage: number): string {
  const at = mappedAt(s, proc, vpage);
  return at ? ` [${showPage(s, at.pfn)}]` : '';
}

/** The PTE re-check after the reference, as this design does it. */
function ptRecheckText(s: S, t: { readonly pmd: Immutable<Pmd>; readonly vpage: number; readonly pte: Immutable<Pte> }): string {
  const same = samePte(walked(s, t), t.pte);
  const next = s.kernel.gupFastRechecksPmd ? '' : ' (no PMD re-check)';
  return `re-check pte -> ${same ? `unchanged${next}` : `${pteText(s, walked(s, t))}: gup_put_folio, back off`}`;
}

/** The next step of CPU0's GUP-fast and what it finds. */
function gupFastText(s: S): string {
  const t = s.gupFast;
  const p0 = s.processes[0]!;
  switch (t.pc) {
    case 'idle':
      return 'idle';
    case 'pmd-read': {
      const pte = walked(s, t);
      const usable = pte.kind === 'present' && (pte.writable || !s.kernel.gupFastUnshare);
      const folio = usable && pte.kind === 'present' ? `, page_folio -> folio ${pageFolio(s, pte.pfn)}` : '';
      return `ptep_get(vpage ${t.vpage})${tableNote(s, t)} -> ${pteText(s, pte)}${usable ? folio : ': fall back to the slow path'}`;
    }
    case 'head-read':
    case 'leaf': {
      const folio = t.pc === 'leaf' ? pageFolio(s, t.pmd.folio + t.vpage) : t.folio;
      if (t.pc === 'leaf' && !t.pmd.writable && s.kernel.gupFastUnshare) return 'pmd not writable: fall back to the slow path';
      const count = s.folios[folio]!.refcount;
      const frozen = s.splitter.pc === 'frozen' && s.splitter.folio === folio ? ' (frozen)' : '';
      const call = `try_grab_folio_fast: folio_try_get(folio ${folio})`;
      if (count === 0) return `${call} -> refcount 0${frozen}: fail, fall back`;
      if (t.pc === 'leaf') return `${call} -> ok (refcount ${count})`;
      if (!s.kernel.gupFastRechecksHead) return `${call} -> ok (refcount ${count}), no page_folio re-check`;
      const now = pageFolio(s, t.pte.pfn);
      const recheck = now === t.folio ? 'unchanged' : `folio ${now}: gup_put_folio, retry (fall back)`;
      return `${call} -> ok (refcount ${count}), re-check page_folio(pfn ${t.pte.pfn}) -> ${recheck}`;
    }
    case 'got':
      return ptRecheckText(s, t);
    case 'pte-ok':
    case 'leaf-got': {
      const same = samePmd(p0.pmd, t.pmd);
      return `re-check pmd -> ${same ? 'unchanged' : `${pmdText(p0.pmd)}: gup_put_folio, back off`}`;
    }
    case 'pmd-ok':
      if (s.kernel.gupFastForkSeq && s.writeProtectSeq !== t.seq) {
        return `read_seqcount_retry(write_protect_seq ${t.seq} -> ${s.writeProtectSeq}): unpin folio ${t.folio}, fall back`;
      }
      return `return pfn ${t.pfn} [gup 2] (reference on folio ${t.folio}), local_irq_restore`;
    default:
      return unreachable(t);
  }
}

const sync = (s: S) => (s.kernel.tableSync ? 'tlb_remove_table_sync_one(); ' : '');

/** Who runs the collapse in progress: CPU1's khugepaged, or the process in its MADV_COLLAPSE. */
const collapserText = (s: S): string => {
  const k = s.khugepaged;
  return k.pc !== 'idle' && k.by === 'madvise' ? `P${k.proc} MADV_COLLAPSE` : 'CPU1 khugepaged';
};

/** The next step of the collapse in progress (or its start, in `mode`, of `proc`'s range) and what it finds. */
function khugepagedText(s: S, start?: 'copy' | 'in-place', proc = 0): string {
  const k = s.khugepaged;
  const kernel = s.kernel;
  if (start === 'copy') {
    const folio = findFree(s, true);
    if (kernel.copyRefcountCheck !== 'scan-only') {
      return `collapse_huge_page(P${proc}): alloc THP folio ${folio}, mmap_write_lock, pmdp_collapse_flush -> pmd none`;
    }
    const bad = firstUnexpectedRefs(s, proc);
    const verdict = bad ? `folio ${bad.folio} refcount ${bad.refcount} != ${bad.expected}: SCAN_PAGE_COUNT` : `ok, alloc THP folio ${folio}`;
    return `hpage_collapse_scan_pmd(P${proc}) under mmap_read_lock: refcount check -> ${verdict}`;
  }
  if (start === 'in-place') {
    return `collapse in place (P${proc}, folio ${inPlaceCandidate(s, proc)}): mmap_write_lock, folio_lock, pmdp_collapse_flush -> pmd none`;
  }
  if (k.pc === 'idle') return 'idle';
  if (k.mode === 'copy') {
    switch (k.pc) {
      case 'scanned': {
        const pmd = s.processes[k.proc]!.pmd;
        if (!collapsible(s, k.proc)) {
          const why = pmd.kind === 'none' ? 'pmd none: SCAN_PMD_NONE' : pmd.kind === 'huge' ? 'pmd huge: SCAN_PMD_MAPPED' : 'range gone';
          return `mmap_write_lock, hugepage_vma_revalidate -> ${why}, back off`;
        }
        return `mmap_write_lock, hugepage_vma_revalidate, pmdp_collapse_flush(table ${pmd.kind === 'table' ? pmd.table : '?'}) -> pmd none (no refcount re-check)`;
      }
      case 'flushed': {
        if (kernel.copyRefcountCheck !== 'after-flush') return `${sync(s)}__collapse_huge_page_isolate (no refcount check)`;
        const bad = firstUnexpectedRefs(s, k.proc);
        const verdict = bad
          ? `folio ${bad.folio} refcount ${bad.refcount} != expected ${bad.expected}: SCAN_PAGE_COUNT, pmd_populate (restore)`
          : 'refcounts as expected';
        return `${sync(s)}__collapse_huge_page_isolate -> ${verdict}`;
      }
      case 'isolated':
        return `__collapse_huge_page_copy into folio ${k.folio}`;
      case 'copied':
        return '__collapse_huge_page_copy_succeeded: clear PTEs, put old pages';
      case 'freed':
        return `set_pmd_at(P${k.proc}, huge folio ${k.folio}, RMAP_EXCLUSIVE), mmap_write_unlock`;
      default:
        return unreachable(k);
    }
  }
  switch (k.pc) {
    case 'flushed': {
      if (!kernel.inPlacePteCheck) return `${sync(s)}(no check that PTEs map folio ${k.folio} + i)`;
      const stray = firstStrayPte(s, k.folio, k.proc);
      const verdict = stray === undefined ? 'ok' : `vpage ${stray} maps ${pteText(s, ptesOf(s, k.proc)[stray]!)}: back off, pmd_populate`;
      return `${sync(s)}check PTEs map folio ${k.folio} + i -> ${verdict}`;
    }
    case 'ptes-ok': {
      const flags = VPAGES.map((v) => (s.pages[k.folio + v]!.exclusive ? 'x' : '-')).join('');
      const exclusive = k.by === 'madvise' ? true : pmdExclusive(s, k.folio, kernel);
      const verdict =
        k.by === 'madvise' ? "ignored, the caller's own range: map exclusive" : exclusive === undefined ? 'mixed: back off, pmd_populate' : exclusive ? 'map exclusive' : 'map shared';
      return `PageAnonExclusive of pages ${VPAGES[0]}-${VPAGES.length - 1}: ${flags} -> ${verdict}`;
    }
    case 'pae-ok': {
      const f = s.folios[k.folio]!;
      const ok = refsExplained(s, k.folio);
      return `refcount ${f.refcount} ${ok ? '==' : '!='} mapcount ${f.mapcount} + _pincount ${f.pincount}${ok ? '' : ': back off, pmd_populate'}`;
    }
    case 'refs-ok':
      return `set_pmd_at(P${k.proc}, huge folio ${k.folio}, ${k.exclusive ? 'exclusive' : 'shared'}), folio_add_anon_rmap_pmd${kernel.inPlacePmdRef ? ', folio_get' : ''}`;
    case 'replaced':
      return `folio_remove_rmap_ptes, folio_put_refs(${VPAGES.length}), deposit the PTE table, mmap_write_unlock`;
    default:
      return unreachable(k);
  }
}

/** The step in kernel words, from the state before it. */
export function describeCollapseAction(a: CollapseAction, s: S): string {
  return match(a)
    .with({ kind: 'write' }, ({ proc, vpage }) => writeText(s, proc, vpage))
    .with({ kind: 'read' }, ({ proc }) => `P${proc} reads vpages 0-${VPAGES.length - 1}`)
    .with({ kind: 'mprotect' }, ({ proc }) => `P${proc} mprotect(vpage 1, PROT_READ) and back: __split_huge_pmd`)
    .with({ kind: 'dontneed' }, ({ proc, vpage }) => `P${proc} madvise(vpage ${vpage}, MADV_DONTNEED)${where(s, proc, vpage)}`)
    .with({ kind: 'fork' }, ({ dontfork }) => forkStartText(s, dontfork))
    .with({ kind: 'forkStep' }, () => forkStepText(s))
    .with({ kind: 'zapRange' }, ({ proc }) => zapRangeText(s, proc))
    .with({ kind: 'rcuGracePeriod' }, () => gracePeriodText(s))
    .with({ kind: 'exit' }, ({ proc }) => `P${proc} exit()`)
    .with({ kind: 'gup' }, ({ proc, vpage, flavor }) => `P${proc} ${GUP_CALL[flavor]} vpage ${vpage}${where(s, proc, vpage)}`)
    .with({ kind: 'unpin' }, ({ slot }) => {
      const g = s.gups[slot];
      if (g?.kind !== 'held') return `release gup ${slot}`;
      return `P${g.owner} ${g.flavor === 'get' ? 'put_page' : 'unpin_user_page'}(${showPage(s, g.pfn)}) [gup ${slot}]`;
    })
    .with({ kind: 'deviceWrite' }, ({ slot }) => {
      const g = s.gups[slot];
      return g?.kind === 'held' ? `device DMA write through gup ${slot} (${showPage(s, g.pfn)})` : `device write ${slot}`;
    })
    .with({ kind: 'gupFast' }, ({ vpage }) => `CPU0 GUP-fast: pin_user_pages_fast(P0 vpage ${vpage}): READ_ONCE(pmd) -> ${pmdText(s.processes[0]!.pmd)}`)
    .with({ kind: 'gupFastStep' }, () => `CPU0 GUP-fast: ${gupFastText(s)}`)
    .with({ kind: 'khugepaged' }, ({ mode }) => `CPU1 khugepaged: ${khugepagedText(s, mode)}`)
    .with({ kind: 'madvCollapse' }, ({ proc }) => {
      const remap = s.kernel.madvCollapseAnon === 'remap-in-place' && inPlaceCandidate(s, proc) !== undefined;
      return `P${proc} madvise(MADV_COLLAPSE): madvise_collapse -> ${khugepagedText(s, remap ? 'in-place' : 'copy', proc)}`;
    })
    .with({ kind: 'khugepagedStep' }, () => `${collapserText(s)}: ${khugepagedText(s)}`)
    .with({ kind: 'split' }, ({ folio }) => `CPU2 ${splitText(s, folio)}`)
    .with({ kind: 'splitStep' }, () => `CPU2 ${splitText(s)}`)
    .exhaustive();
}
