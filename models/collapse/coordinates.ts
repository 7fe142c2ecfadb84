import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { CollapseState } from './state.ts';

/** The process whose PMD points at page table `table` now, or -1. */
const ownerOf = (s: Immutable<CollapseState>, table: number) =>
  s.processes.findIndex((p) => p.pmd.kind === 'table' && p.pmd.table === table);

/**
 * Report names in kernel coordinates: `pfn 2`, `folio 0` (by head pfn), `P0 vpage 1 pte` for a PTE of the table
 * a PMD points at (read in the state: collapse detaches tables), `gup 0`, `CPU1 khugepaged`, `CPU2 split`.
 */
export function collapseCoordinates(path: readonly (string | number)[], s: Immutable<CollapseState>): KernelPlace | undefined {
  const [field, i, sub, j] = path;
  if (field === 'gupFast') return { words: ['CPU0 GUP-fast'], of: 1 };
  if (field === 'khugepaged') return { words: ['CPU1 khugepaged'], of: 1 };
  if (typeof i !== 'number') return undefined;
  const inner = typeof j === 'number' ? j : undefined;
  // folios are indexed by head pfn and pages by pfn: `folio 4` is the folio whose head is pfn 4
  if (field === 'folios') return { words: kernelWords`folio ${i}`, of: 2 };
  if (field === 'pages') return { words: kernelWords`pfn ${i}`, of: 2 };
  if (field === 'splitter') return { words: ['CPU2 split'], of: 1 };
  if (field === 'tables') {
    if (sub !== 'ptes' || inner === undefined) return { words: kernelWords`page table ${i}`, of: 2 };
    const owner = ownerOf(s, i);
    if (owner < 0) return { words: kernelWords`page table ${i} pte ${inner}`, of: 4 };
    return { words: kernelWords`P${owner} vpage ${inner} pte`, of: 4 };
  }
  if (field === 'processes') {
    if (sub === 'vma' && inner !== undefined) return { words: kernelWords`P${i} vpage ${inner} vma`, of: 4 };
    return { words: kernelWords`P${i}`, of: 2 };
  }
  if (field === 'gups') return { words: kernelWords`gup ${i}`, of: 2 };
  return undefined;
}
