import { unreachable, type Draft } from '../../src/index.ts';
import { anyMaybePinned, backOff, clearTable, collapseFlush, collapsible, firstUnexpectedRefs, foliosInTable, procTable } from './khugepaged.ts';
import type { CollapseKnobs } from './knobs.ts';
import { allocFolio, findFree } from './frames.ts';
import { readAt, VPAGES, type CollapseState } from './state.ts';

type D = Draft<CollapseState>;

/**
 * `collapse_huge_page` begins, for khugepaged (P0's range) or for a process's own MADV_COLLAPSE
 * (`madvise_collapse`: the same scan and collapse, on the caller's range). With the check after
 * the flush (the kernel) or none: allocate the new THP, take mmap_write_lock and
 * `pmdp_collapse_flush`. With `scan-only`, the refcount check runs in `hpage_collapse_scan_pmd`
 * under mmap_read_lock, and the PMD is cleared later.
 */
export function copyCollapseStart(d: D, knobs: CollapseKnobs, proc = 0, by: 'khugepaged' | 'madvise' = 'khugepaged'): void {
  if (knobs.copyRefcountCheck === 'scan-only' && firstUnexpectedRefs(d, proc) !== undefined) {
    if (anyMaybePinned(d, proc)) d.seen.copyBackedOffForPin = true;
    return;
  }
  const folio = findFree(d, true)!;
  allocFolio(d, folio);
  const table = procTable(d, proc);
  if (knobs.copyRefcountCheck === 'scan-only') {
    d.khugepaged = { mode: 'copy', pc: 'scanned', folio, table, proc, by };
    return;
  }
  collapseFlush(d, proc);
  d.khugepaged = { mode: 'copy', pc: 'flushed', folio, table, proc, by };
}

/** One step of the copying collapse, after its start. */
export function copyCollapseStep(d: D, knobs: CollapseKnobs): void {
  const k = d.khugepaged;
  if (k.pc === 'idle' || k.mode !== 'copy') return;
  const p = d.processes[k.proc]!;
  switch (k.pc) {
    case 'scanned':
      // mmap_write_lock, hugepage_vma_revalidate, check_pmd_still_valid, then the flush unhooks
      // the table the PMD points at now (a zap and a fault since the scan may have replaced it)
      if (!collapsible(d, k.proc)) return backOff(d, k.folio);
      d.khugepaged = { ...k, pc: 'flushed', table: procTable(d, k.proc) };
      collapseFlush(d, k.proc);
      return;
    case 'flushed': {
      // tlb_remove_table_sync_one() (a guard), then __collapse_huge_page_isolate
      const unexpected = knobs.copyRefcountCheck === 'after-flush' ? firstUnexpectedRefs(d, k.proc) : undefined;
      if (unexpected !== undefined || foliosInTable(d, k.proc).length === 0) {
        if (anyMaybePinned(d, k.proc)) d.seen.copyBackedOffForPin = true;
        return backOff(d, k.folio);
      }
      d.khugepaged = { ...k, pc: 'isolated' };
      return;
    }
    case 'isolated': {
      // __collapse_huge_page_copy: holes become zeroes
      for (const v of VPAGES) d.pages[k.folio + v]!.data = readAt(d, k.proc, v);
      d.khugepaged = { ...k, pc: 'copied' };
      return;
    }
    case 'copied':
      // __collapse_huge_page_copy_succeeded: clear the PTEs, release the old pages
      clearTable(d, k.table);
      d.khugepaged = { ...k, pc: 'freed' };
      return;
    case 'freed': {
      // pgtable_trans_huge_deposit(old table) + map_anon_folio_pmd: RMAP_EXCLUSIVE sets the head's flag
      const f = d.folios[k.folio]!;
      f.mapcount = 1;
      f.entireMapcount = 1;
      d.pages[k.folio]!.exclusive = true;
      p.pmd = { kind: 'huge', folio: k.folio, writable: true, deposit: k.table };
      d.seen.copyCollapsed = true;
      d.khugepaged = { pc: 'idle' };
      return;
    }
    default:
      return unreachable(k);
  }
}
