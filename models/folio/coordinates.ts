import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { FolioState } from './state.ts';

/** Report names in kernel coordinates: `folio 0 page 1 mapcount`, `P0 vpage 2 pte`, `gup 1`. */
export function folioCoordinates(path: readonly (string | number)[], _s: Immutable<FolioState>): KernelPlace | undefined {
  const [field, i, sub, j] = path;
  if (typeof i !== 'number') return undefined;
  if (field === 'folios') return sub === 'pages' && typeof j === 'number' ? { words: kernelWords`folio ${i} page ${j}`, of: 4 } : { words: kernelWords`folio ${i}`, of: 2 };
  if (field === 'processes') return sub === 'vpages' && typeof j === 'number' ? { words: kernelWords`P${i} vpage ${j}`, of: 4 } : { words: kernelWords`P${i}`, of: 2 };
  if (field === 'gups') return { words: kernelWords`gup ${i}`, of: 2 };
  return undefined;
}
