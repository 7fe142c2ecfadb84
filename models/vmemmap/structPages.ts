import type { Draft, Immutable } from '../../src/index.ts';
import { STRUCT_PAGES_PER_VMEMMAP, type StructPage, type VmemmapState } from './state.ts';

type S = Immutable<VmemmapState> | Draft<VmemmapState>;

/** Read struct page `pfn` through the vmemmap mapping, as the kernel does (aliases are real). */
export function readStructPage(s: S, pfn: number): StructPage | undefined {
  const map = s.vmemmap[Math.floor(pfn / STRUCT_PAGES_PER_VMEMMAP)];
  if (map === undefined) return undefined;
  const frame = s.frames[map.frame]!;
  return frame.kind === 'vmemmap' ? frame.slots[pfn % STRUCT_PAGES_PER_VMEMMAP] : undefined;
}

/**
 * Write struct page `pfn` through its mapping. Through a read-only mapping the write faults: it
 * is recorded (an oops in the kernel) and has no effect.
 */
export function writeStructPage(d: Draft<VmemmapState>, pfn: number, by: string, write: (page: Draft<StructPage>) => void): boolean {
  const map = d.vmemmap[Math.floor(pfn / STRUCT_PAGES_PER_VMEMMAP)]!;
  if (!map.writable) {
    d.faults.push({ pfn, by });
    return false;
  }
  const frame = d.frames[map.frame]!;
  if (frame.kind !== 'vmemmap') throw new Error(`vmemmap page of pfn ${pfn} maps frame ${map.frame}, which is ${frame.kind}`);
  write(frame.slots[pfn % STRUCT_PAGES_PER_VMEMMAP]!);
  return true;
}

/** `page_is_fake_head()`: an aligned struct page that shows PG_head but is not the head. */
export function isFakeHead(s: S, pfn: number): boolean {
  const page = readStructPage(s, pfn);
  return pfn % STRUCT_PAGES_PER_VMEMMAP === 0 && page?.head === true && readStructPage(s, pfn + 1)?.compoundHead !== undefined && readStructPage(s, pfn + 1)!.compoundHead !== pfn;
}

/** `compound_head()`, with or without the fake-head fix-up (`page_fixed_fake_head`). */
export function compoundHead(s: S, pfn: number, fixup: boolean): number {
  const page = readStructPage(s, pfn);
  if (page === undefined) return pfn;
  if (page.head) return fixup && isFakeHead(s, pfn) ? readStructPage(s, pfn + 1)!.compoundHead! : pfn;
  return page.compoundHead ?? pfn;
}
