import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { TypesafeState } from './state.ts';

/** Report names in kernel coordinates: `mm 1`, `vma 0`, and the lock_vma_under_rcu reader `T0`. */
export function typesafeRcuCoordinates(path: readonly (string | number)[], _s: Immutable<TypesafeState>): KernelPlace | undefined {
  const [field, i] = path;
  if (field === 'reader') return { words: ['T0'], of: 1 };
  if (typeof i !== 'number') return undefined;
  if (field === 'mms') return { words: kernelWords`mm ${i}`, of: 2 };
  if (field === 'vmas') return { words: kernelWords`vma ${i}`, of: 2 };
  return undefined;
}
