import type { Draft } from '../../src/index.ts';
import type { VmemmapKnobs } from './knobs.ts';
import { writeStructPage } from './structPages.ts';
import { STRUCT_PAGES_PER_VMEMMAP, VMEMMAP_PER_HUGE, type VmemmapState } from './state.ts';

/** Device-DAX region 1: head pfn 16, vmemmap pages 4-7. */
export const DEVDAX_HEAD = 16;
const FIRST = VMEMMAP_PER_HUGE;

/**
 * `vmemmap_populate_compound_pages`: the head page and the second (tail-only) vmemmap page get
 * frames; the remaining vmemmap pages map the second one again, read-write (no remap, no RO).
 */
export function devdaxPopulate(d: Draft<VmemmapState>): void {
  // the first two free frames (the guard asks for two)
  let head = 0;
  while (d.frames[head]!.kind !== 'free') head++;
  let tails = head + 1;
  while (d.frames[tails]!.kind !== 'free') tails++;
  const tail = () => ({ refcount: 0, head: false, compoundHead: DEVDAX_HEAD });
  d.frames[head] = {
    kind: 'vmemmap',
    slots: Array.from({ length: STRUCT_PAGES_PER_VMEMMAP }, (_, i) => (i === 0 ? { refcount: 0, head: true } : tail())),
  };
  d.frames[tails] = { kind: 'vmemmap', slots: Array.from({ length: STRUCT_PAGES_PER_VMEMMAP }, () => tail()) };
  d.vmemmap[FIRST] = { frame: head, writable: true };
  for (let v = FIRST + 1; v < FIRST + VMEMMAP_PER_HUGE; v++) d.vmemmap[v] = { frame: tails, writable: true };
  d.devdax = 'populated';
}

/** A process maps one base page of the compound page: the reference goes to the head. */
export function devdaxMap(d: Draft<VmemmapState>, pfn: number, knobs: VmemmapKnobs, delta: 1 | -1): void {
  writeStructPage(d, DEVDAX_HEAD, 'get_page/put_page', (p) => {
    p.refcount += delta;
  });
  if (knobs.devdaxPerPageState && delta === 1) {
    // known-bad: per-page state in a tail struct page that other pfns alias
    writeStructPage(d, pfn, 'page->index =', (p) => {
      p.index = pfn;
    });
  }
}
