import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { LazyZeroState } from './state.ts';

/** Report names in kernel coordinates: `folio page 2 zeroed`, `vpage 1 pte`, `CPU0 fault`. */
export function lazyZeroCoordinates(path: readonly (string | number)[], _s: Immutable<LazyZeroState>): KernelPlace | undefined {
  const [field, i, j] = path;
  const page = typeof j === 'number' ? j : undefined;
  if (field === 'folio' && (i === 'data' || i === 'zeroed') && page !== undefined) return { words: kernelWords`folio page ${page} ${i}`, of: 3 };
  if (field === 'pmd' && i === 'ptes' && page !== undefined) return { words: kernelWords`vpage ${page} pte`, of: 3 };
  if (field === 'cpus' && typeof i === 'number') return { words: kernelWords`CPU${i} fault`, of: 2 };
  return undefined;
}
