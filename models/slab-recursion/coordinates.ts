import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { AllocationState } from './state.ts';

/**
 * Report names in kernel coordinates: `page 1` and its memdesc and slab, `folio slot 0`, and a
 * call-stack frame as the step lines show it, `[2] slab_alloc(folio)` (read in the state).
 */
export function slabRecursionCoordinates(path: readonly (string | number)[], s: Immutable<AllocationState>): KernelPlace | undefined {
  const [field, i] = path;
  if (typeof i !== 'number') return undefined;
  if (field === 'owners') return { words: kernelWords`page ${i}`, of: 2 };
  if (field === 'memdesc') return { words: kernelWords`page ${i} memdesc`, of: 2 };
  if (field === 'slabs') return { words: kernelWords`slab on page ${i}`, of: 2 };
  if (field === 'folios') return { words: kernelWords`folio slot ${i}`, of: 2 };
  if (field === 'kmallocs') return { words: kernelWords`kmalloc slot ${i}`, of: 2 };
  const frame = field === 'stack' ? s.stack[i] : undefined;
  if (frame === undefined) return undefined;
  return { words: kernelWords`[${i}] ${frame.fn}${'cache' in frame ? `(${frame.cache})` : ''}`, of: 2 };
}
