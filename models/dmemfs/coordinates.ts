import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import type { DmemfsState } from './state.ts';

/** Report names in kernel coordinates: `frame 0`, `file page 1`, `P0 page 1`, `EPT gfn 0`. */
export function dmemfsCoordinates(path: readonly (string | number)[], _s: Immutable<DmemfsState>): KernelPlace | undefined {
  const [field, i, j, k] = path;
  if (field === 'gup') return { words: ['CPU1 GUP-fast'], of: 1 };
  if (field === 'kvmFault') return { words: ['vCPU0 EPT fault'], of: 1 };
  if (field === 'file' && typeof j === 'number') {
    if (i === 'pages') return { words: kernelWords`file page ${j}`, of: 3 };
    if (i === 'poisoned') return { words: kernelWords`file page ${j} poisoned`, of: 3 };
  }
  if (typeof i !== 'number') return undefined;
  if (field === 'frames') return { words: kernelWords`frame ${i}`, of: 2 };
  if (field === 'processes') {
    if (j === 'entries' && typeof k === 'number') return { words: kernelWords`P${i} page ${k}`, of: 4 };
    return { words: kernelWords`P${i}`, of: 2 };
  }
  if (field === 'ept') return { words: kernelWords`EPT gfn ${i}`, of: 2 };
  if (field === 'iommu') return { words: kernelWords`IOMMU page ${i}`, of: 2 };
  return undefined;
}
