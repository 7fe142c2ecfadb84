import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import { leafName, type DevdaxState } from './state.ts';

/**
 * Report names in kernel coordinates: `dax0.0 extent 0`, `P0 PMD at pgoff 0` (a leaf named by
 * the pgoff it maps, read in the state), `CPU0 SRCU reader`, `CPU0 fault`.
 */
export function devdaxCoordinates(path: readonly (string | number)[], s: Immutable<DevdaxState>): KernelPlace | undefined {
  const [field, i, sub, j] = path;
  if (field === 'fault') return { words: ['CPU0 fault'], of: 1 };
  if (typeof i !== 'number') return undefined;
  if (field === 'devices') {
    if (sub === 'extents' && typeof j === 'number') return { words: kernelWords`dax0.${i} extent ${j}`, of: 4 };
    return { words: kernelWords`dax0.${i}`, of: 2 };
  }
  if (field === 'processes') {
    const leaf = sub === 'leaves' && typeof j === 'number' ? s.processes[i]?.leaves[j] : undefined;
    if (leaf !== undefined) return { words: kernelWords`P${i} ${leafName(leaf.size)} at pgoff ${leaf.pgoff}`, of: 4 };
    return { words: kernelWords`P${i}`, of: 2 };
  }
  if (field === 'srcu') return { words: kernelWords`CPU${i} SRCU reader`, of: 2 };
  return undefined;
}
