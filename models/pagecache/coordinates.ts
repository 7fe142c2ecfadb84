import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { PagecacheState } from './state.ts';

/** Report names in kernel coordinates: `index 3` (an xarray slot), `folio 1`, `T0`, `B`. */
export function pagecacheCoordinates(path: readonly (string | number)[], _s: Immutable<PagecacheState>): KernelPlace | undefined {
  const [field, i] = path;
  if (field === 'batch') return { words: ['B'], of: 1 };
  if (typeof i !== 'number') return undefined;
  if (field === 'slots') return { words: kernelWords`index ${i}`, of: 2 };
  if (field === 'folios') return { words: kernelWords`folio ${i}`, of: 2 };
  if (field === 'readers') return { words: kernelWords`T${i}`, of: 2 };
  return undefined;
}
