import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { SomState } from './state.ts';

/** Report names in kernel coordinates: `chunk 0 page 3 refcount`, `P1 vpage 0 pte`, `pin 0`. */
export function somCoordinates(path: readonly (string | number)[], _s: Immutable<SomState>): KernelPlace | undefined {
  const [field, i, sub, j, k] = path;
  if (typeof i !== 'number') return undefined;
  if (field === 'chunks') {
    if (sub === 'subpageRefcount' && typeof j === 'number') return { words: kernelWords`chunk ${i} page ${j} refcount`, of: 4 };
    if (sub === 'vmemmap' && typeof j === 'number') return { words: kernelWords`chunk ${i} vmemmap page ${j}`, of: 4 };
    return { words: kernelWords`chunk ${i}`, of: 2 };
  }
  if (field === 'processes') {
    if (sub === 'area' && j === 'vpages' && typeof k === 'number') return { words: kernelWords`P${i} vpage ${k}`, of: 5 };
    return sub === 'area' ? { words: kernelWords`P${i} som area`, of: 3 } : { words: kernelWords`P${i}`, of: 2 };
  }
  if (field === 'pins') return { words: kernelWords`pin ${i}`, of: 2 };
  return undefined;
}
