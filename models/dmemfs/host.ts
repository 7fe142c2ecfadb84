import { unreachable, type Draft } from '../../src/index.ts';
import type { DmemfsKnobs } from './knobs.ts';
import { dmemAllocPages, dmemFreeFrame, dpagePages } from './pool.ts';
import { FILE_PAGES, GFNS, type DmemfsState, type Leaf } from './state.ts';

type S = Draft<DmemfsState>;

/**
 * The MMU notifier KVM registers on P0's mm (`kvm_mmu_notifier_invalidate_range_start`): zap
 * the sptes of the range and bump `mmu_invalidate_seq`, which any fault in flight will see.
 */
export function mmuNotifierInvalidate(d: S, pages: readonly number[]): void {
  for (const gfn of GFNS) if (pages.includes(gfn)) d.ept[gfn] = undefined;
  if (d.kvmFault.pc !== 'idle') d.kvmFault.invalidated = true;
}

/** `unmap_mapping_range()` over file pages: zap every process's leaves, notifying KVM for P0. */
export function unmapMappingRange(d: S, pages: readonly number[]): void {
  for (const p of d.processes) for (const page of pages) p.entries[page] = undefined;
  if (d.processes[0]!.mapped) mmuNotifierInvalidate(d, pages);
}

/** The leaves a fault on `vpage` installs: a PMD over the dpage's pair, or one PTE. */
function leavesFor(d: S, vpage: number, knobs: DmemfsKnobs): { page: number; leaf: Leaf }[] {
  const leaf = (page: number, level: Leaf['level'], special: boolean) => ({ page, leaf: { frame: d.file.pages[page]!, level, special } });
  if (knobs.dpagesize === '4K') return [leaf(vpage, 'pte', knobs.leafMark !== 'vma-flag')];
  switch (knobs.leafMark) {
    case 'special':
      return FILE_PAGES.map((page) => leaf(page, 'pmd', true));
    case 'pte-special-pmd-plain':
    case 'vma-flag':
      return FILE_PAGES.map((page) => leaf(page, 'pmd', false));
    case 'pte-special-ptes-only':
      return [leaf(vpage, 'pte', true)];
    default:
      return unreachable(knobs.leafMark);
  }
}

/**
 * `dmemfs_fault()` / `dmemfs_huge_fault()`: allocate the dpage on first touch, refuse a
 * poisoned one (VM_FAULT_HWPOISON), then `vmf_insert_pfn()` or `vmf_insert_pfn_pmd()`.
 */
export function hostFault(d: S, proc: number, vpage: number, knobs: DmemfsKnobs): 'ok' | 'sigbus' {
  if (d.file.poisoned[vpage]) return 'sigbus';
  if (d.file.pages[vpage] === undefined) {
    const base = dmemAllocPages(d, knobs);
    if (base === undefined) return 'sigbus';
    dpagePages(vpage, knobs).forEach((page, i) => {
      d.file.pages[page] = base + i;
      d.frames[base + i]!.owner = 'file';
    });
  }
  for (const { page, leaf } of leavesFor(d, vpage, knobs)) d.processes[proc]!.entries[page] = leaf;
  return 'ok';
}

/** munmap() of the whole file by one process; KVM hears of it through its notifier on P0. */
export function munmapFile(d: S, proc: number): void {
  const p = d.processes[proc]!;
  p.entries = p.entries.map(() => undefined);
  p.mapped = false;
  if (proc === 0) mmuNotifierInvalidate(d, [...GFNS]);
}

/**
 * fallocate(PUNCH_HOLE) over the dpage of `page` (QEMU discarding guest memory): unmap it
 * everywhere, then give its frames back to the dmem pool.
 */
export function punchHole(d: S, page: number, knobs: DmemfsKnobs): void {
  const pages = dpagePages(page, knobs);
  unmapMappingRange(d, pages);
  for (const p of pages) {
    dmemFreeFrame(d, d.file.pages[p]!);
    d.file.pages[p] = undefined;
    d.file.poisoned[p] = false;
  }
}
