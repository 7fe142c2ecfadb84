import type { AlwaysProperty } from '../../src/index.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import type { CollapseState } from '../../models/collapse/state.ts';

export const walkerTableLive: AlwaysProperty<CollapseState, CollapseKnobs> = {
  kind: 'always',
  name: 'walker-table-live',
  meaning: 'a lockless walker never reads a page table that was freed (and may be reused) after it loaded the PMD',
  rule: 'a table GUP-fast may walk is freed only after an IPI or RCU grace period (tlb_remove_table, pte_free_defer); deposited ones only after tlb_remove_table_sync_one',
  check: (s) => {
    const t = s.gupFast;
    // past its PTE re-check GUP-fast no longer reads the table
    if ((t.pc !== 'pmd-read' && t.pc !== 'head-read' && t.pc !== 'got') || !t.tableFreed || t.pmd.kind !== 'table') return undefined;
    const table = s.tables[t.pmd.table]!;
    const now = table.use === 'free' ? 'free in the page allocator' : 'handed out again as a PTE table';
    return `CPU0 GUP-fast (irqs off) still reads P0 vpage ${t.vpage} through table ${t.pmd.table}, which was freed while it walked: now ${now}`;
  },
};
