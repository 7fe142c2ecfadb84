import { kernelWords, type Immutable, type KernelPlace } from '../../src/index.ts';
import { STRUCT_PAGES_PER_VMEMMAP, type VmemmapState } from './state.ts';

/**
 * The pfns whose struct page sits in `slot` of `frame`: every vmemmap page that maps the frame
 * now. HVO remaps vmemmap pages 1-3 onto frame 0, so after it one slot is several pfns' struct
 * page (the lowest first, the one the kernel writes through a read-write mapping).
 */
const pfnsOf = (s: Immutable<VmemmapState>, frame: number, slot: number) =>
  s.vmemmap.flatMap((m, v) => (m?.frame === frame ? [v * STRUCT_PAGES_PER_VMEMMAP + slot] : []));

/** Report names in kernel coordinates: `pfn 5 refcount`, `frame 1`, `vmemmap page 1`, `CPU0`. */
export function vmemmapCoordinates(path: readonly (string | number)[], s: Immutable<VmemmapState>): KernelPlace | undefined {
  const [field, i, sub, j] = path;
  if (field === 'frames' && typeof i === 'number') {
    if (sub !== 'slots' || typeof j !== 'number') return { words: kernelWords`frame ${i}`, of: 2 };
    const pfns = pfnsOf(s, i, j);
    if (pfns.length === 0) return { words: kernelWords`frame ${i} slot ${j}`, of: 4 };
    return { words: ['pfn ', ...pfns.flatMap((pfn, k) => (k === 0 ? [pfn] : [',', pfn]))], of: 4 };
  }
  if (field === 'vmemmap' && typeof i === 'number') return { words: kernelWords`vmemmap page ${i}`, of: 2 };
  if (field === 'rcu' && typeof i === 'number') return { words: kernelWords`CPU${i} RCU reader`, of: 2 };
  if (field === 'region0') return { words: ['HugeTLB pfn 0-15'], of: 1 };
  if (field === 'devdax') return { words: ['device-DAX pfn 16-31'], of: 1 };
  if (field === 'walker') return { words: ['CPU0 PFN walker'], of: 1 };
  if (field === 'hvo') return { words: ['CPU1 HVO'], of: 1 };
  return undefined;
}
