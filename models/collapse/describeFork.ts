import type { Immutable } from '../../src/index.ts';
import { folioMaybeDmaPinned } from '../parts/pinAccounting.ts';
import { findFree } from './frames.ts';
import { forkPlan, mustCopy } from './fork.ts';
import { findFreeTable, walkedTable } from './tables.ts';
import { pageFolio, showPage, VPAGES, type CollapseState } from './state.ts';

type S = Immutable<CollapseState>;

/** `fork()` begun by P0's T0. */
export function forkStartText(s: S, dontfork: number | undefined): string {
  const plan = forkPlan(s, dontfork);
  const call = dontfork === undefined ? 'P0 T0 fork() -> P1' : `P0 T0 madvise(vpage ${dontfork}, MADV_DONTFORK), fork() -> P1`;
  const pmd = s.processes[0]!.pmd;
  const how = pmd.kind === 'none' ? 'nothing mapped' : plan.sharePmd ? 'copy_huge_pmd next' : `${pmd.kind === 'huge' ? '__split_huge_pmd, ' : ''}copy_pte_range next`;
  return `${call}: mmap_write_lock, vma_start_write, raw_write_seqcount_begin(write_protect_seq ${s.writeProtectSeq} -> ${s.writeProtectSeq + 1}), child table ${findFreeTable(s)}; ${how}`;
}

/** The entries after `vpage` that copy_pte_range still has to copy. */
const moreAfter = (s: S, vpage: number): boolean => {
  const pmd = s.processes[0]!.pmd;
  const ptes = pmd.kind === 'table' ? s.tables[pmd.table]!.ptes : [];
  return VPAGES.some((v) => v > vpage && s.processes[1]!.vma[v]! && ptes[v]?.kind === 'present');
};

const END = ', raw_write_seqcount_end, flush_tlb_mm, mmap_write_unlock: fork returns, P1 runs';

/** The next step of T0's `copy_page_range`. */
export function forkStepText(s: S): string {
  const k = s.fork;
  if (k.pc === 'idle') return 'P0 T0: no fork in progress';
  const parent = s.processes[0]!;
  if (k.pc === 'pmd') {
    if (parent.pmd.kind !== 'huge') return 'P0 T0 copy_huge_pmd: no huge PMD';
    const f = s.folios[parent.pmd.folio]!;
    if (k.duped) return `P0 T0 pmdp_set_wrprotect(P0 huge folio ${parent.pmd.folio})${END}`;
    if (s.pages[parent.pmd.folio]!.exclusive && folioMaybeDmaPinned(f)) {
      return `P0 T0 copy_huge_pmd: folio ${parent.pmd.folio} exclusive and maybe pinned -> -EBUSY: __split_huge_pmd, copy the PTEs`;
    }
    return `P0 T0 copy_huge_pmd: folio_try_dup_anon_rmap_pmd(folio ${parent.pmd.folio}) -> shared (mapcount ${f.mapcount} -> ${f.mapcount + 1}, PageAnonExclusive cleared), P1 maps it read-only`;
  }
  const ptes = parent.pmd.kind === 'table' ? s.tables[parent.pmd.table]!.ptes : [];
  const pte = ptes[k.vpage];
  if (pte?.kind !== 'present') return `P0 T0 copy_pte_range: vpage ${k.vpage} none`;
  const end = moreAfter(s, k.vpage) ? '' : END;
  if (mustCopy(s, pte)) {
    const parentPte = s.kernel.forkCopyBlocksWriters ? 'parent PTE write-protected' : 'parent PTE left writable';
    return `P0 T0 copy_present_page(vpage ${k.vpage} [${showPage(s, pte.pfn)}], exclusive, maybe pinned) -> copied to folio ${findFree(s, false)}, ${parentPte}${end}`;
  }
  return `P0 T0 folio_try_dup_anon_rmap_pte(vpage ${k.vpage} [${showPage(s, pte.pfn)}]) -> shared (PageAnonExclusive cleared), wrprotect_ptes, P1 maps it read-only${end}`;
}

/** MADV_DONTNEED of the whole range, and how its table goes. */
export function zapRangeText(s: S, proc: number): string {
  const pmd = s.processes[proc]!.pmd;
  const call = `P${proc} madvise(vpages 0-${VPAGES.length - 1}, MADV_DONTNEED)`;
  if (pmd.kind === 'huge') return `${call}: zap_huge_pmd(folio ${pmd.folio}), zap_deposited_table: pte_free(table ${pmd.deposit}) at once`;
  if (pmd.kind === 'none') return `${call}: nothing mapped`;
  const free = s.kernel.tableFree === 'rcu' ? 'tlb_remove_table (after RCU)' : 'pte_free at once';
  const walker = walkedTable(s) === pmd.table ? ', CPU0 GUP-fast still walks it' : '';
  return `${call}: zap_pte_range, try_get_and_clear_pmd, free_pte(table ${pmd.table}): ${free}${walker}`;
}

/** An RCU grace period, and the tables it frees. */
export function gracePeriodText(s: S): string {
  const held = walkedTable(s);
  const freed = s.tables.flatMap((t, i) => (t.use === 'rcu' && i !== held ? [i] : []));
  return `RCU grace period: tlb_remove_table_rcu frees table ${freed.join(', ')}${held !== undefined && s.tables[held]!.use === 'rcu' ? `; table ${held} waits for CPU0 GUP-fast (irqs off)` : ''}`;
}

/** A store, and the fault path it takes first (kernel function and branch). */
export function writeText(s: S, proc: number, vpage: number): string {
  const p = s.processes[proc]!;
  const who = `P${proc}${proc === 0 && s.fork.pc !== 'idle' ? ' T1 (during fork)' : ''} writes vpage ${vpage}`;
  const small = findFree(s, false);
  if (p.pmd.kind === 'none') return `${who}: __pte_alloc(table ${findFreeTable(s)}), do_anonymous_page -> folio ${small}`;
  if (p.pmd.kind === 'huge') {
    const f = s.folios[p.pmd.folio]!;
    const at = `[${showPage(s, p.pmd.folio + vpage)}]`;
    if (p.pmd.writable) return `${who} ${at}: no fault`;
    if (s.pages[p.pmd.folio]!.exclusive || f.refcount === 1) return `${who} ${at}: do_huge_pmd_wp_page -> reuse (exclusive)`;
    const page = s.pages[p.pmd.folio + vpage]!;
    return `${who} ${at}: do_huge_pmd_wp_page -> __split_huge_pmd, do_wp_page -> ${page.exclusive ? 'reuse (exclusive)' : `wp_page_copy to folio ${small}`}`;
  }
  const pmd = p.pmd;
  const pte = s.tables[pmd.table]!.ptes[vpage]!;
  if (pte.kind !== 'present') return `${who}: do_anonymous_page -> folio ${small}`;
  const at = `[${showPage(s, pte.pfn)}]`;
  if (pte.writable) return `${who} ${at}: no fault`;
  const f = s.folios[pageFolio(s, pte.pfn)]!;
  if (s.pages[pte.pfn]!.exclusive) return `${who} ${at}: do_wp_page -> reuse (PageAnonExclusive)`;
  if (!f.large && f.refcount === 1) return `${who} ${at}: do_wp_page -> reuse (refcount 1)`;
  return `${who} ${at}: do_wp_page -> wp_page_copy to folio ${small} (refcount ${f.refcount}, not exclusive)`;
}
