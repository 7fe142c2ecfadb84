import type { Draft, Immutable } from '../../src/index.ts';
import type { CollapseKnobs } from './knobs.ts';
import { TABLE_SLOTS, VPAGES, type CollapseState, type PageTable } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState>;

/** Give a table page a new use, all its entries none. */
function reset(d: D, table: number, use: PageTable['use']): void {
  const t = d.tables[table]!;
  t.use = use;
  for (const v of VPAGES) t.ptes[v] = { kind: 'none' };
}

/** The lowest free page-table page (`pte_alloc_one`, deterministic), if any. */
export function findFreeTable(s: S): number | undefined {
  for (const t of TABLE_SLOTS) if (s.tables[t]!.use === 'free') return t;
  return undefined;
}

/** `pte_alloc_one()`: a zeroed PTE table; a page freed earlier is handed out again. */
export function allocTable(d: D, table: number): void {
  if (d.tables[table]!.use !== 'free') throw new Error(`page table ${table} is not free`);
  // only table 0 (P0's first) starts in use: handing it out again is a reuse
  if (table === 0) d.seen.tableReused = true;
  reset(d, table, 'ptes');
}

/** The table GUP-fast loaded from P0's PMD while it is still inside its irqs-off walk. */
export function walkedTable(s: S): number | undefined {
  const t = s.gupFast;
  return t.pc !== 'idle' && 'pmd' in t && t.pmd.kind === 'table' ? t.pmd.table : undefined;
}

/**
 * Free a PTE table whose entries are all cleared. `deferred`: `tlb_remove_table` /
 * `pte_free_defer`, the page waits for an RCU grace period (an IPI where tables are not RCU
 * freed) that no irqs-off GUP-fast can overlap; otherwise `pte_free`, at once.
 */
export function freeTable(d: D, table: number, deferred: boolean): void {
  if (deferred) {
    reset(d, table, 'rcu');
    if (walkedTable(d) === table) d.seen.tableDeferredForWalker = true;
    return;
  }
  reset(d, table, 'free');
  // ghost: the walker now holds a pointer into a page the allocator may hand to anyone
  if (walkedTable(d) === table && d.gupFast.pc !== 'idle') d.gupFast.tableFreed = true;
}

/** A free of a table a lockless walker may have loaded, as the design frees it. */
export const freeWalkableTable = (d: D, table: number, knobs: CollapseKnobs): void => freeTable(d, table, knobs.tableFree === 'rcu');

/**
 * The RCU grace period ends (`tlb_remove_table_rcu` / `pte_free_now` run): every table
 * waiting for it goes back to the page allocator, except one a walker that began before the
 * free is still inside (disabled interrupts hold the grace period off).
 */
export function rcuGracePeriod(d: D): void {
  const held = walkedTable(d);
  for (const t of TABLE_SLOTS) if (d.tables[t]!.use === 'rcu' && t !== held) reset(d, t, 'free');
}

/** A grace period would free some table. */
export function gracePeriodFrees(s: S): boolean {
  for (const t of TABLE_SLOTS) if (s.tables[t]!.use === 'rcu' && t !== walkedTable(s)) return true;
  return false;
}
