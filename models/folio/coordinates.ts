import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { FolioState } from './state.ts';

/** Report names in kernel coordinates: `folio 0 page 1 mapcount`, `P0 vpage 2 pte`, `gup 1`. */
export function folioCoordinates(path: readonly (string | number)[], _s: Immutable<FolioState>): KernelPlace | undefined {
  const [field, i, sub, j] = path;
  if (typeof i !== 'number') return undefined;
  const inner = typeof j === 'number' ? j : undefined;
  if (field === 'folios') {
    if (sub === 'pages' && inner !== undefined) return { words: kernelWords`folio ${i} page ${inner}`, of: 4 };
    return { words: kernelWords`folio ${i}`, of: 2 };
  }
  if (field === 'processes') {
    if (sub === 'vpages' && inner !== undefined) return { words: kernelWords`P${i} vpage ${inner}`, of: 4 };
    return { words: kernelWords`P${i}`, of: 2 };
  }
  if (field === 'gups') return { words: kernelWords`gup ${i}`, of: 2 };
  return undefined;
}
