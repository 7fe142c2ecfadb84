import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { FolioListsState } from './state.ts';

/** Report names in kernel coordinates: `folio 0 lru`, `folio 2 deferred`. */
export function folioListsCoordinates(path: readonly (string | number)[], _s: Immutable<FolioListsState>): KernelPlace | undefined {
  const [field, i] = path;
  return field === 'folios' && typeof i === 'number' ? { words: kernelWords`folio ${i}`, of: 2 } : undefined;
}
