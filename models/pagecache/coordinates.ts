import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { PagecacheState } from './state.ts';

/**
 * Report names in kernel coordinates: `index 5` (a leaf slot, from the node's base: the same
 * descriptor covers other indices once reused), `xa_node 1`, `root slot 1`, `folio 1`, `T0`, `B`.
 */
export function pagecacheCoordinates(path: readonly (string | number)[], s: Immutable<PagecacheState>): KernelPlace | undefined {
  const [field, i, sub, k] = path;
  if (field === 'batch') return { words: ['B'], of: 1 };
  if (typeof i !== 'number') return undefined;
  if (field === 'nodes') {
    const node = s.nodes[i];
    if (sub === 'slots' && typeof k === 'number' && node && node.state !== 'free') {
      return { words: kernelWords`xa_node ${i} index ${node.base + k}`, of: 4 };
    }
    return { words: kernelWords`xa_node ${i}`, of: 2 };
  }
  if (field === 'root') return { words: kernelWords`root slot ${i}`, of: 2 };
  if (field === 'folios') return { words: kernelWords`folio ${i}`, of: 2 };
  if (field === 'readers') return { words: kernelWords`T${i}`, of: 2 };
  return undefined;
}
