import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { AnonState } from './state.ts';

/** Report names in kernel coordinates: `anon_vma 1`, `mm 2`, and the rmap walker `T1`. */
export function anonVmaCoordinates(path: readonly (string | number)[], _s: Immutable<AnonState>): KernelPlace | undefined {
  const [field, i] = path;
  if (field === 'reader') return { words: ['T1'], of: 1 };
  if (typeof i !== 'number') return undefined;
  if (field === 'anonVmas') return { words: kernelWords`anon_vma ${i}`, of: 2 };
  if (field === 'mms') return { words: kernelWords`mm ${i}`, of: 2 };
  return undefined;
}
