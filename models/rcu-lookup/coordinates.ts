import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { LookupState } from './state.ts';

/** Report names in kernel coordinates: `desc 0`, `index 1` (a page-cache slot), `T0 RCU reader`. */
export function rcuLookupCoordinates(path: readonly (string | number)[], _s: Immutable<LookupState>): KernelPlace | undefined {
  const [field, i] = path;
  if (typeof i !== 'number') return undefined;
  if (field === 'descriptors') return { words: kernelWords`desc ${i}`, of: 2 };
  if (field === 'slabPages') return { words: kernelWords`desc ${i} slab page`, of: 2 };
  if (field === 'memdesc') return { words: kernelWords`desc ${i} page memdesc`, of: 2 };
  if (field === 'pagecache') return { words: kernelWords`index ${i}`, of: 2 };
  if (field === 'readers') return { words: kernelWords`T${i}`, of: 2 };
  if (field === 'rcu') return { words: kernelWords`T${i} RCU reader`, of: 2 };
  return undefined;
}
